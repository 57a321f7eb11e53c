// SPDX-License-Identifier: MIT
// Organizations: search, filter by owner, industry and city, sort, more on scroll, "New organization".
import { html, useEffect, useRef, useState } from '../lib.js';
import { fmtAgo, fmtTime } from '../ui.js';
import { userName, useUsers } from '../lookup.js';
import { ListTable, NewRecordDialog, SearchBox, SortTh, sortedLoader, useListState } from '../listpage.js';

const SORTS = [['', 'Newest first'], ['name', 'Name A–Z'], ['-name', 'Name Z–A'], ['city', 'City A–Z'], ['-updated_at', 'Recently updated']];
// Industry suggestions: the values seen in the rows loaded so far.

// A text filter applied on Enter or when leaving the field (exact match on the server).
function TextFilter({ id, label, value, onChange, list }) {
  const [v, setV] = useState(value);
  useEffect(() => setV(value), [value]);
  return html`<div class="field"><label for=${id}>${label}</label>
    <input id=${id} type="search" value=${v} list=${list} size="12" placeholder="Any"
      onInput=${(e) => { setV(e.target.value); if (e.inputType === 'insertReplacementText' || !e.inputType) onChange(e.target.value.trim()); }}
      onChange=${(e) => onChange(e.target.value.trim())}
      onKeyDown=${(e) => { if (e.key === 'Enter') { e.preventDefault(); onChange(v.trim()); } }} /></div>`;
}

export default function Organizations({ query }) {
  const [s, set] = useListState('/organizations', query, ['q', 'owner', 'industry', 'city', 'sort', 'new']);
  const [badSort, setBadSort] = useState(''); // the sort the server refused, if any
  const users = useUsers();
  const seen = useRef(new Set());
  useEffect(() => { document.title = 'Organizations · uptake'; }, []);
  const params = { q: s.q, owner: s.owner, industry: s.industry, city: s.city, sort: s.sort };
  const onSort = (v) => set({ sort: v });
  const th = (f, l, c) => html`<${SortTh} field=${f} label=${l} sort=${s.sort} onSort=${onSort} className=${c} />`;
  const head = html`<thead><tr>${th('name', 'Name')}${th('industry', 'Industry', 'opt')}${th('city', 'City')}
    ${th('country', 'Country', 'opt')}<th scope="col" class="opt">Phone</th><th scope="col" class="opt">Owner</th>
    ${th('updated_at', 'Updated', 'opt')}</tr></thead>`;
  const filtered = s.q || s.owner || s.industry || s.city;
  return html`<div class="page-head"><h1>Organizations</h1>
      <div class="actions"><a class="trash-link" href="/trash?kind=organizations">Deleted</a><button type="button" class="primary" onClick=${() => set({ new: '1' })}>New organization</button></div></div>
    <form class="filters" role="search" aria-label="Filter organizations" onSubmit=${(e) => e.preventDefault()}>
      <${SearchBox} label="Search organizations" value=${s.q} onChange=${(q) => set({ q })} />
      <div class="field"><label for="f-owner">Owner</label>
        <select id="f-owner" value=${s.owner} onChange=${(e) => set({ owner: e.target.value })}>
          <option value="">Anyone</option><option value="me">Me</option></select></div>
      <${TextFilter} id="f-industry" label="Industry" value=${s.industry} list="industries" onChange=${(v) => set({ industry: v })} />
      <datalist id="industries">${[...seen.current].sort().map((i) => html`<option value=${i} />`)}</datalist>
      <${TextFilter} id="f-city" label="City" value=${s.city} onChange=${(v) => set({ city: v })} />
      <div class="field"><label for="f-sort">Sort</label>
        <select id="f-sort" value=${s.sort} onChange=${(e) => set({ sort: e.target.value })}>
          ${SORTS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></div>
      ${filtered ? html`<button type="button" class="link clear" onClick=${() => set({ q: '', owner: '', industry: '', city: '' })}>Clear filters</button>` : null}
    </form>
    ${badSort && badSort === s.sort ? html`<p class="hint small" role="status">This list cannot be sorted that way; showing newest first.</p>` : null}
    <${ListTable} deps=${[s.q, s.owner, s.industry, s.city, s.sort]} head=${head}
      empty=${filtered ? 'No organizations match these filters.' : 'No organizations yet. Create the first one.'}
      load=${sortedLoader('organizations', params, setBadSort)}
      row=${(o) => { if (o.industry) seen.current.add(o.industry); return html`<tr key=${o.id}>
        <td class="name"><a href=${`/organizations/${o.id}`}>${o.name}</a>${o.domain ? html`<small class="muted sub">${o.domain}</small>` : null}</td>
        <td class="opt">${o.industry || ''}</td>
        <td>${o.city || ''}</td>
        <td class="opt">${o.country || ''}</td>
        <td class="opt nowrap">${o.phone || ''}</td>
        <td class="opt nowrap">${userName(users, o.owner_id)}</td>
        <td class="opt nowrap"><time datetime=${o.updated_at} title=${fmtTime(o.updated_at)}>${fmtAgo(o.updated_at)}</time></td>
      </tr>`; }} />
    <${NewRecordDialog} kind="organization" plural="organizations" title="New organization" open=${s.new === '1'}
      onClose=${() => set({ new: '' })} />`;
}
