// SPDX-License-Identifier: MIT
// Leads list: filter by status and owner, search, infinite scroll, and "New lead".
import { html, useContext, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { Session, InfiniteList, Dialog, useForm, Field, FormError, body, fmtAgo, personName, toast } from '../ui.js';
import { useUsers, userName, revealError } from '../lookup.js';

export const STATUS = { new: ['New', ''], working: ['Working', 'warn'], qualified: ['Qualified', 'ok'], disqualified: ['Disqualified', 'bad'], converted: ['Converted', 'ok'] };
export function StatusBadge({ status }) {
  const [l, c] = STATUS[status] || [status, ''];
  return html`<span class=${`badge${c ? ` ${c}` : ''}`}>${l}</span>`;
}
export const LEAD_KEYS = ['first_name', 'last_name', 'email', 'phone', 'company', 'title', 'source', 'notes', 'external_id'];

export function LeadFields({ form, users, withOwner }) {
  return html`
    <div class="form-row"><${Field} label="First name" name="first_name" form=${form} autofocus /><${Field} label="Last name" name="last_name" form=${form} /></div>
    <div class="form-row"><${Field} label="Email" name="email" type="email" form=${form} /><${Field} label="Phone" name="phone" type="tel" form=${form} /></div>
    <div class="form-row"><${Field} label="Company" name="company" form=${form} /><${Field} label="Title" name="title" form=${form} /></div>
    <${Field} label="Source" name="source" form=${form} hint="Where the lead came from, e.g. trade show, website" />
    <${Field} label="Notes" name="notes" type="textarea" form=${form} />
    <details class="more" open=${!!(form.errors.owner_id || form.errors.external_id)}><summary>More</summary>
      ${withOwner ? html`<${Field} label="Owner" name="owner_id" type="select" form=${form}
        options=${[['', '(me)']].concat((users || []).filter((u) => u.active && !u.is_integration).map((u) => [String(u.id), u.name]))} />` : null}
      <${Field} label="External ID" name="external_id" form=${form} />
    </details>
    <${FormError} form=${form} />`;
}

function NewLead({ onClose }) {
  const users = useUsers();
  const form = useForm({ first_name: '', last_name: '', email: '', phone: '', company: '', title: '', source: '', notes: '', owner_id: '', external_id: '' });
  async function save(e) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const b = body(form.values, LEAD_KEYS);
    if (form.values.owner_id) b.owner_id = Number(form.values.owner_id);
    const l = await form.submit(() => api.post('/leads', b));
    if (l) { toast('Lead created'); onClose(l); } else revealError(formEl);
  }
  return html`<form onSubmit=${save} novalidate>
    <${LeadFields} form=${form} users=${users} withOwner />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Create lead'}</button>
      <button type="button" onClick=${() => onClose(null)}>Cancel</button></div>
  </form>`;
}

export function leadName(l) { return personName(l) !== `#${l.id}` ? personName(l) : l.company || `Lead #${l.id}`; }

export default function Leads({ query }) {
  const { user } = useContext(Session);
  const users = useUsers();
  const f = { status: query.get('status') || '', owner: query.get('owner') || (user.role === 'rep' ? 'me' : 'any'), q: query.get('q') || '' };
  const [q, setQ] = useState(f.q);
  const [creating, setCreating] = useState(false);
  const go = (next) => navigate(`/leads${qs(next)}`, { replace: true });
  const owner = f.owner === 'me' ? 'me' : '';

  return html`
    <div class="page-head"><h1>Leads</h1>
      <div class="actions"><a class="trash-link" href="/trash?kind=leads">Deleted</a><button class="primary" onClick=${() => setCreating(true)}>New lead</button></div></div>
    <form class="filters" role="search" aria-label="Filter leads" onSubmit=${(e) => { e.preventDefault(); go({ ...f, q }); }}>
      <div class="field"><label for="lf-q">Search</label><input id="lf-q" type="search" value=${q} onInput=${(e) => setQ(e.target.value)} placeholder="Name, email or company" /></div>
      <div class="field"><label for="lf-status">Status</label>
        <select id="lf-status" value=${f.status} onChange=${(e) => go({ ...f, status: e.target.value })}>
          <option value="">Any status</option>${Object.entries(STATUS).map(([v, [l]]) => html`<option value=${v}>${l}</option>`)}</select></div>
      <div class="field"><label for="lf-owner">Owner</label>
        <select id="lf-owner" value=${f.owner} onChange=${(e) => go({ ...f, owner: e.target.value })}><option value="me">Me</option><option value="any">Anyone</option></select></div>
    </form>
    <${InfiniteList} deps=${[f.status, owner, f.q]} empty="No leads match these filters." className="rows lead-rows"
      load=${(c) => api.get(`/leads${qs({ status: f.status, owner, q: f.q, limit: 40, cursor: c })}`)}
      render=${(l) => html`<li key=${l.id}>
        <div class="main-col"><a class="title" href=${`/leads/${l.id}`}>${leadName(l)}</a>
          <small>${[l.title, l.company].filter(Boolean).join(' · ')}${l.source ? ` · from ${l.source}` : ''}</small></div>
        <${StatusBadge} status=${l.status} />
        <span class="right">${userName(users, l.owner_id)} · ${fmtAgo(l.created_at)}</span>
      </li>`} />
    <${Dialog} title="New lead" open=${creating} onClose=${() => setCreating(false)}>
      <${NewLead} onClose=${(l) => { setCreating(false); if (l) navigate(`/leads/${l.id}`); }} />
    </${Dialog}>`;
}
