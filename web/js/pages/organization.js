// SPDX-License-Identifier: MIT
// An organization's 360° page: details (edit in place), its people, open tasks and deals, and
// every touch point with it or its people, by anyone. 'c' logs a call.
import { html, useEffect, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { ErrorBox, Loading, toast, useAsync, useShortcut, fmtDate, personName } from '../ui.js';
import { rememberName, useNames } from '../lookup.js';
import { AddRelationship, DetailsPanel, Timeline, TasksPanel, DealsPanel } from '../record.js';
import { LogActivityDialog } from '../logcall.js';

// Its people: contacts whose organization this is, and contacts linked by "works at" (with
// their role); a link can be removed (and the removal undone) or added.
function People({ orgId, refresh, onChange }) {
  const [again, setAgain] = useState(0);
  const { data, error } = useAsync(async () => {
    const [cs, rs] = await Promise.all([
      api.get(`/contacts${qs({ org_id: orgId, limit: 200 })}`),
      api.get(`/relationships${qs({ org_id: orgId, kind: 'works_at', limit: 200 })}`)]);
    return { contacts: cs.items, more: !!cs.next_cursor, rels: rs.items };
  }, [orgId, refresh, again]);
  const [adding, setAdding] = useState(false);
  const [removed, setRemoved] = useState({});
  const rows = [];
  if (data) {
    const rel = new Map(data.rels.map((r) => [r.contact_id, r]));
    for (const c of data.contacts) { rememberName('contacts', c); rows.push({ id: c.id, c, r: rel.get(c.id) }); rel.delete(c.id); }
    for (const r of rel.values()) rows.push({ id: r.contact_id, c: null, r });
  }
  const names = useNames('contacts', rows.filter((x) => !x.c).map((x) => x.id));
  async function unlink(r, undo) {
    try {
      if (undo) await api.post(`/relationships/${r.id}/restore`); else await api.del(`/relationships/${r.id}`);
      setRemoved((m) => ({ ...m, [r.id]: !undo }));
      onChange();
    } catch (e) { toast(`Could not change the link: ${e.message}`, 'bad'); }
  }
  return html`<section class="panel" aria-labelledby="people-h">
    <div class="panel-head"><h2 id="people-h">People ${data ? html`<span class="count">${rows.length}${data.more ? '+' : ''}</span>` : null}</h2>
      <span class="btns">${!adding ? html`<button type="button" onClick=${() => setAdding(true)}>Link</button>` : null}
        <a class="button" href=${`/contacts?new=1&org_id=${orgId}`}>New person</a></span></div>
    <${ErrorBox} error=${error} />
    ${data && !rows.length && !adding ? html`<p class="muted">Nobody here yet.</p>` : null}
    ${rows.length ? html`<ul class="rels people">${rows.map(({ id, c, r }) => html`<li key=${id} class=${r && removed[r.id] ? 'removed' : ''}>
      ${r && removed[r.id] ? html`<span class="muted">Link removed.</span> <button type="button" class="link" onClick=${() => unlink(r, true)}>Undo</button>`
      : html`<span><a href=${`/contacts/${id}`}>${c ? personName(c) : names[id] || '…'}</a>
          ${(r && r.role) || (c && c.title) ? html` <small class="muted">· ${(r && r.role) || c.title}</small>` : null}
          ${r && r.since ? html` <small class="muted">· since ${fmtDate(r.since)}</small>` : null}
          ${c && c.phone ? html` <small class="muted">· <a href=${`tel:${c.phone.replace(/[^+\d]/g, '')}`}>${c.phone}</a></small>` : null}</span>
        ${r ? html`<button type="button" class="icon remove" onClick=${() => unlink(r)} aria-label=${`Remove the works-at link of ${c ? personName(c) : names[id] || 'this person'}`} title="Remove works-at link">×</button>` : null}`}
    </li>`)}</ul>` : null}
    ${data && data.more ? html`<p class="small"><a href=${`/contacts?org_id=${orgId}`}>All people at this organization</a></p>` : null}
    ${adding ? html`<${AddRelationship} orgId=${orgId} onDone=${(ok) => { setAdding(false); if (ok) { setAgain((n) => n + 1); onChange(); } }} />` : null}
  </section>`;
}

export default function OrganizationPage({ params }) {
  const id = Number(params.id);
  const { data: o, error, loading, setData } = useAsync(() => api.get(`/organizations/${id}`), [id]);
  const [logOpen, setLogOpen] = useState(false);
  const [refresh, setRefresh] = useState(0);
  useShortcut('c', () => setLogOpen(true));
  useEffect(() => { if (o) { document.title = `${o.name} · uptake`; rememberName('organizations', o); } }, [o]);

  if (error) return html`<div class="page-head"><h1>Organization</h1></div><${ErrorBox} error=${error} /><p><a href="/organizations">All organizations</a></p>`;
  if (loading && !o) return html`<${Loading} what="organization" />`;
  const bump = () => setRefresh((n) => n + 1);
  const site = o.website || (o.domain ? `https://${o.domain}` : null);
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/organizations">Organizations</a></nav>
    <div class="page-head">
      <div class="title-block">
        <h1>${o.name}</h1>
        <p class="subtitle">${[o.industry, [o.city, o.country].filter(Boolean).join(', ')].filter(Boolean).join(' · ')}
          ${site ? html`<span class="sep"> · </span><a href=${site} target="_blank" rel="noopener noreferrer">${o.domain || site.replace(/^https?:\/\//, '')}</a>` : null}
          ${o.phone ? html`<span class="sep"> · </span><a href=${`tel:${o.phone.replace(/[^+\d]/g, '')}`}>${o.phone}</a>` : null}</p>
      </div>
      <div class="actions">
        <button type="button" class="primary" onClick=${() => setLogOpen(true)} aria-keyshortcuts="c">Log call <kbd>c</kbd></button>
      </div>
    </div>
    <div class="cols record">
      <div class="stack">
        <${DetailsPanel} kind="organization" plural="organizations" record=${o} onSaved=${(r) => { setData(r); bump(); }} />
        <${People} orgId=${id} refresh=${refresh} onChange=${bump} />
      </div>
      <div class="stack">
        <${TasksPanel} filter=${{ org_id: id }} refresh=${refresh} />
        <${DealsPanel} filter=${{ org_id: id }} />
        <section class="panel" aria-labelledby="tl-h">
          <div class="panel-head"><h2 id="tl-h">Timeline</h2>
            <button type="button" onClick=${() => setLogOpen(true)}>Log activity</button></div>
          <p class="hint small">Every touch point with ${o.name} and its people, by anyone.</p>
          <${Timeline} path=${`/organizations/${id}/timeline`} refresh=${refresh} showContact=${true} />
        </section>
      </div>
    </div>
    <${LogActivityDialog} open=${logOpen} onClose=${() => setLogOpen(false)} orgId=${id} pickContact=${true}
      title=${`Log for ${o.name}`} onLogged=${bump} />`;
}
