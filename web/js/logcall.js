// SPDX-License-Identifier: MIT
// Log a call, meeting, email or note in seconds, with an optional follow-up task created in the
// same submit. Used by the contact, organization and deal pages (dialog, shortcut 'c') and by
// Today (an inline quick-log box with a contact picker).
import { html, useRef, useState } from './lib.js';
import { api, ApiError } from './api.js';
import { Dialog, Field, FormError, toast, useForm, toLocalInput, fromLocalInput, personName } from './ui.js';
import { EntityPicker } from './forms.js';

export const KINDS = [['call', 'Call'], ['meeting', 'Meeting'], ['email', 'Email'], ['note', 'Note']];

const blank = (kind = 'call') => ({ kind, subject: '', body: '', occurred_at: toLocalInput(), task_title: '', task_due: '' });
function isoDay(d) { const p = (n) => String(n).padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }

// The form. contact: the contact it is about (or null to let the user pick one: pickContact);
// orgId: the organization; deal: the deal it is about (its contact and organization are filed
// too); compact: when and follow-up behind "More".
export function LogActivityForm({ contact, orgId, deal = null, pickContact = false, compact = false, onLogged, onCancel, autofocus = true }) {
  const form = useForm(blank());
  const [who, setWho] = useState(contact || null);
  const formEl = useRef(null);
  const logged = useRef(null); // the activity once saved, so a retry only creates the task
  const [more, setMore] = useState(!compact);
  const idp = useRef(`log${Math.random().toString(36).slice(2, 8)}`).current;

  async function onSubmit(e) {
    e.preventDefault();
    const target = contact || who;
    if (pickContact && !target && !orgId) { form.setErrors({ contact_id: 'Pick the contact this is about' }); return; }
    const res = await form.submit(async (v) => {
      let act = logged.current;
      if (!act) {
        const b = { kind: v.kind, subject: v.subject.trim() || null, body: v.body.trim() || null,
          occurred_at: fromLocalInput(v.occurred_at) || undefined };
        if (target) b.contact_id = target.id;
        else if (deal && deal.contact_id) b.contact_id = deal.contact_id;
        if (deal) b.deal_id = deal.id;
        const org = orgId || (deal && deal.org_id) || (target && target.org_id);
        if (org) b.org_id = org;
        if (!b.subject) delete b.subject;
        if (!b.body) delete b.body;
        act = await api.post('/activities', b);
        logged.current = act;
      }
      let task = null;
      if (v.task_title.trim()) {
        try {
          const t = { title: v.task_title.trim() };
          if (v.task_due) t.due_at = new Date(`${v.task_due}T09:00:00`).toISOString();
          if (act.contact_id) t.contact_id = act.contact_id;
          if (act.org_id) t.org_id = act.org_id;
          if (act.deal_id) t.deal_id = act.deal_id;
          task = await api.post('/tasks', t);
        } catch (err) {
          // The activity is saved; keep the task's fields so the user can fix and retry.
          onLogged && onLogged(act, null, true);
          const field = err instanceof ApiError && err.field === 'due_at' ? 'task_due' : 'task_title';
          throw new ApiError(err.status || 0, { error: { message: `The ${act.kind} is logged, but the follow-up task was not created: ${err.message}`, field } });
        }
      }
      return { act, task };
    });
    if (!res) return;
    const label = KINDS.find((k) => k[0] === res.act.kind)[1];
    toast(res.task ? `${label} logged, follow-up task created` : `${label} logged`);
    logged.current = null;
    form.setValues(blank(form.values.kind));
    if (pickContact && !contact) setWho(null);
    onLogged && onLogged(res.act, res.task);
  }

  const kindGroup = html`<fieldset class="kinds">
    <legend class="sr">Kind</legend>
    ${KINDS.map(([k, l]) => html`<label class=${`kind-opt${form.values.kind === k ? ' on' : ''}`}>
      <input type="radio" name=${`${idp}-kind`} value=${k} checked=${form.values.kind === k}
        onChange=${() => form.set('kind')(k)} disabled=${!!logged.current} /> ${l}</label>`)}
  </fieldset>`;
  const whenAndTask = html`<div class="form-row">
      <${Field} label="When" name="occurred_at" type="datetime-local" form=${form} disabled=${!!logged.current} />
    </div>
    <fieldset class="followup">
      <legend>Follow-up task <span class="muted">(optional)</span></legend>
      <div class="form-row">
        <${Field} label="Task" name="task_title" form=${form} placeholder="e.g. Send the proposal" />
        <${Field} label="Due" name="task_due" type="date" form=${form} min=${isoDay(new Date())} />
      </div>
      ${form.values.task_title && !form.values.task_due ? html`<p class="quick-due">
        ${[['Tomorrow', 1], ['In 3 days', 3], ['Next week', 7]].map(([l, n]) => html`<button type="button" class="chip"
          onClick=${() => { const d = new Date(); d.setDate(d.getDate() + n); form.set('task_due')(isoDay(d)); }}>${l}</button>`)}
      </p>` : null}
    </fieldset>`;
  return html`<form class="logform" ref=${formEl} onSubmit=${onSubmit} novalidate>
    ${pickContact && !contact ? html`<${EntityPicker} kind="contacts" label=${orgId ? 'Contact (optional)' : 'Contact'} value=${who}
      onPick=${(r) => { setWho(r); form.setErrors({}); if (r) setTimeout(() => { const el = formEl.current && formEl.current.querySelector('[name=subject]'); if (el) el.focus(); }, 0); }} error=${form.errors.contact_id} autofocus=${autofocus && !orgId} placeholder="Type a name, email or phone…" />` : null}
    ${kindGroup}
    <${Field} label="Subject" name="subject" form=${form} autofocus=${autofocus && !(pickContact && !contact && !orgId) ? true : undefined}
      placeholder=${form.values.kind === 'note' ? 'What is it about?' : 'What was it about?'} maxlength="200" disabled=${!!logged.current} />
    <${Field} label="Notes" name="body" type="textarea" form=${form} rows="3" disabled=${!!logged.current} />
    ${compact ? html`<details class="more" open=${more} onToggle=${(e) => setMore(e.target.open)}>
      <summary>When, follow-up task</summary>${whenAndTask}</details>` : whenAndTask}
    <${FormError} form=${form} />
    <div class="form-actions">
      <button type="submit" class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : logged.current ? 'Create the task' : `Log ${KINDS.find((k) => k[0] === form.values.kind)[1].toLowerCase()}`}</button>
      ${onCancel ? html`<button type="button" onClick=${onCancel}>Cancel</button>` : null}
    </div>
  </form>`;
}

// The dialog on contact and organization pages.
export function LogActivityDialog({ open, onClose, contact, orgId, deal, onLogged, pickContact = false, title: t }) {
  const title = t || (contact ? `Log for ${personName(contact)}` : deal ? `Log for ${deal.name}` : 'Log an activity');
  return html`<${Dialog} title=${title} open=${open} onClose=${onClose}>
    <${LogActivityForm} contact=${contact} orgId=${orgId} deal=${deal} onCancel=${onClose} pickContact=${pickContact}
      onLogged=${(a, t, partial) => { onLogged && onLogged(a, t); if (!partial) onClose(); }} />
  </${Dialog}>`;
}
