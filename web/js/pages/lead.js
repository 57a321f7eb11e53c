// SPDX-License-Identifier: MIT
// One lead: details and edit, status steps (new → working → qualified, or disqualify), and
// conversion into a contact, organization and (optionally) a deal in one step. 'c' logs a call
// filed under the lead; its activities are listed on the page.
import { html, useEffect, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { Dialog, InfiniteList, useAsync, useForm, useShortcut, Field, FormError, body, Loading, ErrorBox, fmtAgo, fmtTime, fmtMoney, toast } from '../ui.js';
import { LogActivityDialog } from '../logcall.js';
import { useUsers, userName, RecordLink, revealError } from '../lookup.js';
import { StatusBadge, LeadFields, LEAD_KEYS, leadName } from './leads.js';
import { CURRENCIES, minorFromMajor, ReasonForm, DISQUALIFY_REASONS } from '../dealform.js';
import { DeleteRecord } from '../deleterecord.js';

const STEPS = ['new', 'working', 'qualified'];

function EditLead({ lead, users, onSaved, onCancel }) {
  const init = {};
  for (const k of LEAD_KEYS) init[k] = lead[k] ?? '';
  init.owner_id = String(lead.owner_id || '');
  const form = useForm(init);
  async function save(e) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const b = body(form.values, LEAD_KEYS);
    if (form.values.owner_id && Number(form.values.owner_id) !== lead.owner_id) b.owner_id = Number(form.values.owner_id);
    for (const k of Object.keys(b)) if (b[k] === (lead[k] ?? null)) delete b[k];
    if (!Object.keys(b).length) { onCancel(); return; }
    const l = await form.submit(async () => {
      try { return await api.patch(`/leads/${lead.id}`, b, lead.version); } catch (err) {
        if (err.status === 409) { err.field = null; err.message = 'Someone else changed this lead meanwhile. Your typing is kept; cancel to see their version, then apply your change again.'; }
        throw err;
      }
    });
    if (l) onSaved(l); else revealError(formEl);
  }
  return html`<form class="panel" onSubmit=${save} novalidate aria-label="Edit lead"><h2>Edit lead</h2>
    <${LeadFields} form=${form} users=${users} withOwner />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Save'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
      <${DeleteRecord} plural="leads" noun="lead" id=${lead.id} name=${leadName(lead)} /></div></form>`;
}

function Convert({ lead, onDone }) {
  const form = useForm({ create_deal: true, deal_name: lead.company ? `${lead.company} – new deal` : '', amount: '', currency: 'USD' });
  async function go(e) {
    e.preventDefault();
    const b = { create_deal: !!form.values.create_deal };
    if (b.create_deal) {
      if (form.values.deal_name.trim()) b.deal_name = form.values.deal_name.trim();
      const a = minorFromMajor(form.values.amount);
      if (a === undefined) { form.setErrors({ amount_minor: 'Type an amount like 12500' }); return; }
      if (a !== null) { b.amount_minor = a; b.currency = form.values.currency; }
    }
    const r = await form.submit(() => api.post(`/leads/${lead.id}/convert`, b));
    if (r) { toast('Lead converted'); onDone(r); }
  }
  const e = form.errors;
  return html`<form class="panel convert" onSubmit=${go} novalidate aria-labelledby="conv-h">
    <h2 id="conv-h">Convert</h2>
    <p class="hint">Creates a contact${lead.company ? ' and an organization' : ''} from this lead (or links existing ones by matching), and a deal if you want one.</p>
    <${Field} label="Also create a deal" name="create_deal" type="checkbox" form=${form} />
    ${form.values.create_deal ? html`
      <${Field} label="Deal name" name="deal_name" form=${form} hint="Leave empty for a name from the lead" />
      <div class="form-row">
        <div class=${`field${e.amount_minor ? ' has-error' : ''}`}><label for="conv-amount">Amount (optional)</label>
          <input id="conv-amount" inputmode="decimal" value=${form.values.amount} onInput=${form.set('amount')} aria-invalid=${e.amount_minor ? 'true' : undefined} />
          ${e.amount_minor ? html`<small class="error" role="alert">${e.amount_minor}</small>` : null}</div>
        <${Field} label="Currency" name="currency" type="select" form=${form} options=${CURRENCIES.map((c) => [c, c])} />
      </div>` : null}
    <${FormError} form=${form} />
    <button class="primary" disabled=${form.busy}>${form.busy ? 'Converting…' : 'Convert lead'}</button>
  </form>`;
}

function Converted({ lead, result }) {
  const c = result ? result.contact : null, o = result ? result.organization : null, d = result ? result.deal : null;
  return html`<section class="panel converted" aria-labelledby="cv-h">
    <h2 id="cv-h">Converted ${lead.converted_at ? html`<small>${fmtAgo(lead.converted_at)}</small>` : null}</h2>
    <ul class="created">
      <li><span class="muted">Contact</span> ${c ? html`<a href=${`/contacts/${c.id}`}>${[c.first_name, c.last_name].filter(Boolean).join(' ') || c.email}</a>` : html`<${RecordLink} kind="contacts" id=${lead.converted_contact_id} fallback="none" />`}</li>
      <li><span class="muted">Organization</span> ${o ? html`<a href=${`/organizations/${o.id}`}>${o.name}</a>` : html`<${RecordLink} kind="organizations" id=${lead.converted_org_id} fallback="none" />`}</li>
      <li><span class="muted">Deal</span> ${d ? html`<a href=${`/deals/${d.id}`}>${d.name}</a>${d.amount_minor != null ? ` · ${fmtMoney(d.amount_minor, d.currency)}` : ''}` : html`<${RecordLink} kind="deals" id=${lead.converted_deal_id} fallback="none" />`}</li>
    </ul>
  </section>`;
}

export default function Lead({ params, path }) {
  // While the shell swaps to the next page's module it may still render this one with the next
  // route's params; never fetch a lead by an id that belongs to another kind of record.
  const stale = !!path && !path.startsWith('/leads/');
  const id = Number(params.id);
  const users = useUsers();
  const r = useAsync(() => (stale ? new Promise(() => {}) : api.get(`/leads/${id}`)), [id, stale]);
  const [editing, setEditing] = useState(false);
  const [asking, setAsking] = useState(false); // why is it disqualified?
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const [logOpen, setLogOpen] = useState(false);
  const [logged, setLogged] = useState(0); // bumped after a log, to reload the activities
  const lead = r.data;
  useShortcut('c', () => { if (lead && !stale) setLogOpen(true); });
  useEffect(() => { if (lead) document.title = `${leadName(lead)} · uptake`; }, [lead && lead.id]);
  if (stale) return null;
  if (r.loading && !lead) return html`<${Loading} what="lead" />`;
  if (r.error) return html`<h1>Lead</h1><${ErrorBox} error=${r.error} /><p><a href="/leads">Back to leads</a></p>`;

  async function setStatus(status, extra = {}) {
    setBusy(true);
    try {
      r.setData(await api.patch(`/leads/${lead.id}`, { status, ...extra }, lead.version));
      toast(`Lead marked ${status}`);
    } catch (e) {
      toast(e.status === 409 ? 'Someone else changed this lead; reloaded it.' : e.message, 'bad');
      r.reload();
    } finally { setBusy(false); }
  }
  const closed = lead.status === 'converted' || lead.status === 'disqualified';
  const idx = STEPS.indexOf(lead.status);
  return html`
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/leads">Leads</a></nav>
    <div class="page-head"><h1>${leadName(lead)}</h1><${StatusBadge} status=${lead.status} />
      <div class="actions">${!editing && lead.status !== 'converted' && lead.may_change ? html`<button onClick=${() => setEditing(true)}>Edit</button>` : null}
        <button type="button" class="primary" onClick=${() => setLogOpen(true)} aria-keyshortcuts="c">Log call <kbd>c</kbd></button></div></div>
    ${lead.status !== 'converted' ? html`<div class="steps" role="group" aria-label="Lead status">
      <ol class="stepper">${STEPS.map((s, i) => html`<li class=${i < idx ? 'done' : i === idx ? 'current' : ''} aria-current=${i === idx ? 'step' : undefined}>${s[0].toUpperCase() + s.slice(1)}</li>`)}</ol>
      <div class="step-actions">
        ${lead.status === 'new' ? html`<button class="primary" disabled=${busy} onClick=${() => setStatus('working')}>Start working</button>` : null}
        ${lead.status === 'working' ? html`<button class="primary" disabled=${busy} onClick=${() => setStatus('qualified')}>Mark qualified</button>` : null}
        ${lead.status === 'qualified' ? html`<button disabled=${busy} onClick=${() => setStatus('working')}>Back to working</button>` : null}
        ${!closed ? html`<button class="danger" disabled=${busy} onClick=${() => setAsking(true)}>Disqualify</button>` : null}
        ${lead.status === 'disqualified' ? html`<button disabled=${busy} onClick=${() => setStatus('working')}>Reopen</button>` : null}
      </div></div>` : null}
    <div class="cols">
      <div>
        ${editing ? html`<${EditLead} lead=${lead} users=${users} onCancel=${() => { setEditing(false); r.reload(); }}
            onSaved=${(l) => { r.setData(l); setEditing(false); toast('Lead saved'); }} />`
          : html`<section class="panel" aria-labelledby="lead-d"><h2 id="lead-d">Details</h2>
          <dl class="props">
            <dt>Name</dt><dd>${[lead.first_name, lead.last_name].filter(Boolean).join(' ') || html`<span class="muted">—</span>`}</dd>
            <dt>Title</dt><dd>${lead.title || html`<span class="muted">—</span>`}</dd>
            <dt>Company</dt><dd>${lead.company || html`<span class="muted">—</span>`}</dd>
            <dt>Email</dt><dd>${lead.email ? html`<a href=${`mailto:${lead.email}`}>${lead.email}</a>` : html`<span class="muted">—</span>`}</dd>
            <dt>Phone</dt><dd>${lead.phone ? html`<a href=${`tel:${lead.phone}`}>${lead.phone}</a>` : html`<span class="muted">—</span>`}</dd>
            <dt>Source</dt><dd>${lead.source || html`<span class="muted">—</span>`}</dd>
            <dt>Owner</dt><dd>${userName(users, lead.owner_id)}</dd>
            <dt>Created</dt><dd title=${fmtTime(lead.created_at)}>${fmtAgo(lead.created_at)}</dd>
          </dl>
          ${lead.notes ? html`<h3 class="notes-h">Notes</h3><p class="act-body">${lead.notes}</p>` : null}
        </section>`}
      </div>
      <div>
        ${lead.status === 'converted' || result ? html`<${Converted} lead=${lead} result=${result} />` : null}
        ${!closed && !result ? html`<${Convert} lead=${lead} onDone=${(res) => { setResult(res); r.setData(res.lead); }} />` : null}
        ${lead.status === 'disqualified' ? html`<section class="panel" aria-labelledby="dq-h"><h2 id="dq-h">Disqualified</h2>
          <p>Because: ${lead.disqualified_reason || html`<span class="muted">no reason given</span>`}</p>
          <p class="muted">Reopen it to work on it or convert it.</p></section>` : null}
        <section class="panel" aria-labelledby="lead-acts">
          <h2 id="lead-acts">Activities</h2>
          <${InfiniteList} deps=${[id, logged]} load=${(c) => api.get(`/activities${qs({ lead_id: id, limit: 20, cursor: c })}`)}
            empty="No calls or notes on this lead yet. Press c to log one." as="ol" className="timeline acts"
            render=${(a) => html`<li key=${a.id}>
              <div><span class=${`kind-tag k-${a.kind}`}>${a.kind}</span> <strong>${a.subject || ''}</strong></div>
              ${a.body ? html`<p class="act-body">${a.body}</p>` : null}
              <div class="when">${userName(users, a.owner_id)} · <time datetime=${a.occurred_at} title=${fmtTime(a.occurred_at)}>${fmtAgo(a.occurred_at)}</time></div>
            </li>`} />
        </section>
      </div>
    </div>
    <${LogActivityDialog} open=${logOpen} onClose=${() => setLogOpen(false)} lead=${lead} leadName=${leadName(lead)}
      onLogged=${() => { setLogged((n) => n + 1); r.reload(); }} />
    <${Dialog} title=${`Why is ${leadName(lead)} disqualified?`} open=${asking} onClose=${() => setAsking(false)}>
      ${asking ? html`<${ReasonForm} reasons=${DISQUALIFY_REASONS} action="Disqualify" label="Why it is disqualified"
        onCancel=${() => setAsking(false)}
        onSubmit=${(reason) => { setAsking(false); setStatus('disqualified', { disqualified_reason: reason }); }} />` : null}
    </${Dialog}>`;
}
