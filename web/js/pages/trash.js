// SPDX-License-Identifier: MIT
// Trash: the deleted contacts, organizations, deals, leads, tasks and activities the user may see, most
// recently deleted first, each with Restore. Deletes are soft; this is where they are undone
// after the toast's Undo has gone.
import { html, useEffect, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { InfiniteList, fmtAgo, fmtTime, personName, toast } from '../ui.js';
import { useUsers, userName } from '../lookup.js';

// [plural, tab label, one record's title]
const KINDS = [
  ['contacts', 'Contacts', (r) => personName(r)],
  ['organizations', 'Organizations', (r) => r.name],
  ['deals', 'Deals', (r) => r.name],
  ['leads', 'Leads', (r) => [r.first_name, r.last_name].filter(Boolean).join(' ') || r.company || r.email],
  ['tasks', 'Tasks', (r) => r.title],
  ['activities', 'Activities', (r) => r.subject || `A ${r.kind}`],
];

// Where a restored record is seen: its page, or for a task or an activity the page it is about.
function hrefOf(plural, r) {
  if (plural !== 'tasks' && plural !== 'activities') return `/${plural}/${r.id}`;
  if (r.contact_id) return `/contacts/${r.contact_id}`;
  if (r.deal_id) return `/deals/${r.deal_id}`;
  if (r.org_id) return `/organizations/${r.org_id}`;
  return plural === 'tasks' ? '/tasks' : '/';
}

function Row({ kind, record, users }) {
  const [restored, setRestored] = useState(false);
  const [busy, setBusy] = useState(false);
  const title = kind[2](record) || `#${record.id}`;
  async function restore() {
    setBusy(true);
    try {
      await api.post(`/${kind[0]}/${record.id}/restore`);
      setRestored(true);
      toast(`Restored “${title}”`);
    } catch (e) { toast(`Could not restore: ${e.message}`, 'bad'); } finally { setBusy(false); }
  }
  const href = hrefOf(kind[0], record);
  return html`<li>
    <div class="main-col"><span class="title">${title}</span>
      <small>deleted <time datetime=${record.deleted_at} title=${fmtTime(record.deleted_at)}>${fmtAgo(record.deleted_at)}</time> · ${userName(users, record.owner_id)}</small></div>
    ${restored ? html`<span class="right">Restored · <a href=${href}>Open</a></span>`
      : html`<button type="button" class="right" disabled=${busy} onClick=${restore} aria-label=${`Restore ${title}`}>Restore</button>`}
  </li>`;
}

export default function Trash({ query }) {
  const users = useUsers();
  const kind = KINDS.find((k) => k[0] === query.get('kind')) || KINDS[0];
  useEffect(() => { document.title = 'Trash · uptake'; }, []);
  return html`<div class="page-head"><h1>Trash</h1></div>
    <p class="hint">Deleted records you can see, most recently deleted first. Restore puts one back where it was.</p>
    <div class="seg kind-tabs" role="group" aria-label="Record kind">
      ${KINDS.map((k) => html`<button type="button" class=${k === kind ? 'on' : ''} aria-pressed=${k === kind}
        onClick=${() => navigate(`/trash${qs({ kind: k[0] })}`, { replace: true })}>${k[1]}</button>`)}
    </div>
    <${InfiniteList} deps=${[kind[0]]} className="rows trash-rows" label=${`Deleted ${kind[1].toLowerCase()}`}
      empty=${`No deleted ${kind[1].toLowerCase()}.`}
      load=${(cursor) => api.get(`/${kind[0]}${qs({ deleted: 'true', sort: '-updated_at', limit: 50, cursor })}`)}
      render=${(r) => html`<${Row} key=${`${kind[0]}${r.id}`} kind=${kind} record=${r} users=${users} />`} />`;
}
