// SPDX-License-Identifier: MIT
// A contact's 360° page: details (edit in place), relationships, who here knows them, open
// tasks and deals, and every touch point by anyone. 'c' logs a call.
import { html, useEffect, useState } from '../lib.js';
import { api } from '../api.js';
import { ErrorBox, Loading, useAsync, useShortcut, fmtAgo, fmtTime, personName } from '../ui.js';
import { useNames, rememberName } from '../lookup.js';
import { DetailsPanel, Timeline, TasksPanel, DealsPanel, RelationshipsPanel } from '../record.js';
import { LogActivityDialog } from '../logcall.js';

function Colleagues({ id, refresh }) {
  const { data, error, loading } = useAsync(() => api.get(`/contacts/${id}/colleagues`), [id, refresh]);
  const items = data ? data.items || [] : [];
  const recent = items.length ? items.reduce((a, b) => ((a.last_at || '') >= (b.last_at || '') ? a : b)) : null;
  const frequent = items.length ? items.reduce((a, b) => (a.touches >= b.touches ? a : b)) : null;
  return html`<section class="panel" aria-labelledby="coll-h">
    <h2 id="coll-h">Who here knows this person?</h2>
    ${loading && !data ? html`<p class="muted">Loading…</p>` : null}
    ${error ? html`<p class="muted">${error.message}</p>` : null}
    ${data && !items.length ? html`<p class="muted">Nobody has been in touch yet. Be the first: press <kbd>c</kbd> to log a call.</p>` : null}
    ${items.length ? html`<ul class="colleagues">${items.map((u) => html`<li key=${u.user_id}>
      <span><strong>${u.name}</strong>${u.email ? html` <a class="small" href=${`mailto:${u.email}`} aria-label=${`Email ${u.name}`}>✉</a>` : null}
        ${u === recent ? html` <span class="badge ok">most recent</span>` : null}
        ${u === frequent && items.length > 1 ? html` <span class="badge">most frequent</span>` : null}</span>
      <small class="muted">${u.touches} touch point${u.touches === 1 ? '' : 's'}${u.last_at ? html` · last ${u.last_kind || ''} <time datetime=${u.last_at} title=${fmtTime(u.last_at)}>${fmtAgo(u.last_at)}</time>` : ''}</small>
    </li>`)}</ul>` : null}
  </section>`;
}

export default function ContactPage({ params }) {
  const id = Number(params.id);
  const { data, error, setData } = useAsync(() => api.get(`/contacts/${id}`), [id]);
  const [logOpen, setLogOpen] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const c = data;
  const org = useNames('organizations', c ? [c.org_id] : []);
  useShortcut('c', () => { if (c) setLogOpen(true); });
  useEffect(() => { if (c) { document.title = `${personName(c)} · uptake`; rememberName('contacts', c); } }, [c]);

  if (error) return html`<div class="page-head"><h1>Contact</h1></div><${ErrorBox} error=${error} /><p><a href="/contacts">All contacts</a></p>`;
  const bump = () => setRefresh((n) => n + 1);
  // The panels below need only the id: they load alongside the contact, not after it.
  return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/contacts">Contacts</a></nav>
    ${c ? html`<div class="page-head">
      <div class="title-block">
        <h1>${personName(c)}</h1>
        <p class="subtitle">${c.title || ''}${c.title && c.org_id ? ' at ' : ''}${c.org_id ? html`<a href=${`/organizations/${c.org_id}`}>${org[c.org_id] || '…'}</a>` : ''}
          ${c.email ? html`${c.title || c.org_id ? html`<span class="sep"> · </span>` : null}<a href=${`mailto:${c.email}`}>${c.email}</a>` : null}
          ${c.phone ? html`${c.title || c.org_id || c.email ? html`<span class="sep"> · </span>` : null}<a href=${`tel:${c.phone.replace(/[^+\d]/g, '')}`}>${c.phone}</a>` : null}</p>
      </div>
      <div class="actions">
        <button type="button" class="primary" onClick=${() => setLogOpen(true)} aria-keyshortcuts="c">Log call <kbd>c</kbd></button>
      </div>
    </div>` : html`<div class="page-head"><${Loading} what="contact" /></div>`}
    <div class="cols record">
      <div class="stack">
        ${c ? html`<${DetailsPanel} kind="contact" plural="contacts" record=${c} onSaved=${(r) => { setData(r); bump(); }} />` : null}
        <${RelationshipsPanel} contactId=${id} onChange=${bump} />
        <${Colleagues} id=${id} refresh=${refresh} />
      </div>
      <div class="stack">
        <${TasksPanel} filter=${{ contact_id: id }} refresh=${refresh} />
        <${DealsPanel} filter=${{ contact_id: id }} />
        <section class="panel" aria-labelledby="tl-h">
          <div class="panel-head"><h2 id="tl-h">Timeline</h2>
            <button type="button" onClick=${() => setLogOpen(true)}>Log activity</button></div>
          <${Timeline} path=${`/contacts/${id}/timeline`} refresh=${refresh} />
        </section>
      </div>
    </div>
    ${c ? html`<${LogActivityDialog} open=${logOpen} onClose=${() => setLogOpen(false)} contact=${c} onLogged=${bump} />` : null}`;
}
