// SPDX-License-Identifier: MIT
// Contacts: search, filter by owner and organization, sort, more on scroll, "New contact".
import { html, useEffect, useState } from '../lib.js';
import { fmtAgo, fmtTime, personName } from '../ui.js';
import { RefPicker } from '../forms.js';
import { RecordLink, userName, useUsers } from '../lookup.js';
import { ListTable, NewRecordDialog, SearchBox, SortTh, sortedLoader, useListState } from '../listpage.js';

const SORTS = [['', 'Newest first'], ['last_name', 'Last name A–Z'], ['-last_name', 'Last name Z–A'],
  ['first_name', 'First name A–Z'], ['-updated_at', 'Recently updated']];

export default function Contacts({ query }) {
  const [s, set] = useListState('/contacts', query, ['q', 'owner', 'org_id', 'sort', 'new']);
  const [badSort, setBadSort] = useState(''); // the sort the server refused, if any
  const users = useUsers();
  useEffect(() => { document.title = 'Contacts · uptake'; }, []);
  const params = { q: s.q, owner: s.owner, org_id: s.org_id, sort: s.sort };
  const onSort = (v) => set({ sort: v });
  const th = (f, l, c) => html`<${SortTh} field=${f} label=${l} sort=${s.sort} onSort=${onSort} className=${c} />`;
  const head = html`<thead><tr>${th('last_name', 'Name')}<th scope="col">Organization</th>
    ${th('email', 'Email', 'opt')}<th scope="col" class="opt">Phone</th>${th('city', 'City', 'opt')}
    <th scope="col" class="opt">Owner</th>${th('updated_at', 'Updated', 'opt')}</tr></thead>`;
  const filtered = s.q || s.owner || s.org_id;
  return html`<div class="page-head"><h1>Contacts</h1>
      <div class="actions"><a class="trash-link" href="/trash?kind=contacts">Deleted</a><button type="button" class="primary" onClick=${() => set({ new: '1' })}>New contact</button></div></div>
    <form class="filters" role="search" aria-label="Filter contacts" onSubmit=${(e) => e.preventDefault()}>
      <${SearchBox} label="Search contacts" value=${s.q} onChange=${(q) => set({ q })} />
      <div class="field"><label for="f-owner">Owner</label>
        <select id="f-owner" value=${s.owner} onChange=${(e) => set({ owner: e.target.value })}>
          <option value="">Anyone</option><option value="me">Me</option></select></div>
      <div class="org-filter"><${RefPicker} kind="organizations" label="Organization" id=${s.org_id} onChange=${(v) => set({ org_id: v ? String(v) : '' })} /></div>
      <div class="field"><label for="f-sort">Sort</label>
        <select id="f-sort" value=${s.sort} onChange=${(e) => set({ sort: e.target.value })}>
          ${SORTS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></div>
      ${filtered ? html`<button type="button" class="link clear" onClick=${() => set({ q: '', owner: '', org_id: '' })}>Clear filters</button>` : null}
    </form>
    ${badSort && badSort === s.sort ? html`<p class="hint small" role="status">This list cannot be sorted that way; showing newest first.</p>` : null}
    <${ListTable} deps=${[s.q, s.owner, s.org_id, s.sort]} head=${head}
      empty=${filtered ? 'No contacts match these filters.' : 'No contacts yet. Create the first one.'}
      load=${sortedLoader('contacts', params, setBadSort)}
      row=${(c) => html`<tr key=${c.id}>
        <td class="name"><a href=${`/contacts/${c.id}`}>${personName(c)}</a>${c.title ? html`<small class="muted sub">${c.title}</small>` : null}</td>
        <td><${RecordLink} kind="organizations" id=${c.org_id} fallback="—" /></td>
        <td class="opt ellipsis">${c.email ? html`<a href=${`mailto:${c.email}`}>${c.email}</a>` : ''}</td>
        <td class="opt nowrap">${c.phone || ''}</td>
        <td class="opt">${c.city || ''}</td>
        <td class="opt nowrap">${userName(users, c.owner_id)}</td>
        <td class="opt nowrap"><time datetime=${c.updated_at} title=${fmtTime(c.updated_at)}>${fmtAgo(c.updated_at)}</time></td>
      </tr>`} />
    <${NewRecordDialog} kind="contact" plural="contacts" title="New contact" open=${s.new === '1'}
      initial=${query.get('org_id') && s.new ? { org_id: query.get('org_id') } : {}}
      onClose=${() => set({ new: '' })} />`;
}
