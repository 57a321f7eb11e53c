// SPDX-License-Identifier: MIT
// Log a call, meeting, email or note in seconds, with an optional follow-up task created in the
// same submit. Used by the contact, organization, deal and lead pages (dialog, shortcut 'c') and
// by Today (an inline quick-log box with a contact picker). About a contact (or organization)
// it offers their open deals, one preselected when there is just one, because only an activity
// filed under a deal counts for that deal (at risk, hygiene); and it offers to complete the open
// tasks due by today on the same contact or deal, the call being what they asked for.
import { html, useEffect, useRef, useState } from './lib.js';
import { api, qs, ApiError } from './api.js';
import { Dialog, Field, FormError, toast, useForm, toLocalInput, fromLocalInput, personName } from './ui.js';
import { EntityPicker } from './forms.js';

export const KINDS = [['call', 'Call'], ['meeting', 'Meeting'], ['email', 'Email'], ['note', 'Note']];

const blank = (kind = 'call') => ({ kind, subject: '', body: '', occurred_at: toLocalInput(), task_title: '', task_due: '' });
function isoDay(d) { const p = (n) => String(n).padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }
function endOfToday() { const d = new Date(); d.setHours(23, 59, 59, 999); return d.toISOString(); }

// Open deals of a contact (or else of an organization): null until known.
function useOpenDeals(contactId, orgId) {
  const [deals, setDeals] = useState(null);
  useEffect(() => {
    const filter = contactId ? { contact_id: contactId } : orgId ? { org_id: orgId } : null;
    setDeals(filter ? null : []);
    if (!filter) return undefined;
    let live = true;
    api.get(`/deals${qs({ ...filter, closed_at: 'null', limit: 20 })}`).then((r) => { if (live) setDeals(r.items); }, () => { if (live) setDeals([]); });
    return () => { live = false; };
  }, [contactId, orgId]);
  return deals;
}

// Open tasks due by the end of today (overdue included) on the contact or on the deal.
function useDueTasks(contactId, dealId, refresh) {
  const [tasks, setTasks] = useState([]);
  useEffect(() => {
    const asks = [];
    const base = { done: 'false', due_at_before: endOfToday(), limit: 5 };
    if (contactId) asks.push(api.get(`/tasks${qs({ ...base, contact_id: contactId })}`));
    if (dealId) asks.push(api.get(`/tasks${qs({ ...base, deal_id: dealId })}`));
    setTasks([]);
    if (!asks.length) return undefined;
    let live = true;
    Promise.all(asks).then((pages) => {
      if (!live) return;
      const byId = new Map(pages.flatMap((p) => p.items).map((t) => [t.id, t]));
      setTasks([...byId.values()].sort((a, b) => (a.due_at || '').localeCompare(b.due_at || '')));
    }, () => {});
    return () => { live = false; };
  }, [contactId, dealId, refresh]);
  return tasks;
}

// The form. contact: the contact it is about (or null to let the user pick one: pickContact);
// orgId: the organization; deal: the deal it is about (its contact and organization are filed
// too); lead: the lead it is about (before conversion); compact: when and follow-up behind "More".
export function LogActivityForm({ contact, orgId, deal = null, lead = null, pickContact = false, compact = false, onLogged, onCancel, autofocus = true }) {
  const form = useForm(blank());
  const [who, setWho] = useState(contact || null);
  const formEl = useRef(null);
  const logged = useRef(null); // the activity once saved, so a retry only creates the task
  const [more, setMore] = useState(!compact);
  const idp = useRef(`log${Math.random().toString(36).slice(2, 8)}`).current;
  const person = contact || who;
  const deals = useOpenDeals(deal || lead ? null : person && person.id, deal || lead || person ? null : orgId);
  const [dealId, setDealId] = useState('');
  useEffect(() => { setDealId(deals && deals.length === 1 ? String(deals[0].id) : ''); }, [deals]);
  const [done, setDone] = useState(0); // bumped after a submit, to ask for the due tasks again
  const dueTasks = useDueTasks(lead ? null : (person && person.id) || (deal && deal.contact_id), deal ? deal.id : dealId ? Number(dealId) : null, done);
  const [complete, setComplete] = useState(() => new Set());
  useEffect(() => setComplete(new Set()), [dueTasks]);

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
        else if (dealId) b.deal_id = Number(dealId);
        if (lead) b.lead_id = lead.id;
        const picked = !deal && dealId && deals ? deals.find((d) => d.id === Number(dealId)) : null;
        const org = orgId || (deal && deal.org_id) || (target && target.org_id) || (picked && picked.org_id);
        if (org) b.org_id = org;
        if (!b.subject) delete b.subject;
        if (!b.body) delete b.body;
        act = await api.post('/activities', b);
        logged.current = act;
        act.completed = await completeTasks(dueTasks.filter((t) => complete.has(t.id)));
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
    const n = res.act.completed || 0;
    toast(`${label} logged${n ? `, ${n === 1 ? 'task' : `${n} tasks`} completed` : ''}${res.task ? ', follow-up task created' : ''}`);
    logged.current = null;
    form.setValues(blank(form.values.kind));
    if (pickContact && !contact) setWho(null);
    setDone((x) => x + 1);
    onLogged && onLogged(res.act, res.task);
  }
  // Completes the tasks ticked under "Also complete"; a failure is told, the activity stays.
  async function completeTasks(list) {
    let n = 0;
    for (const t of list) {
      try { await api.patch(`/tasks/${t.id}`, { done: true }, t.version); n++; } catch (err) { toast(`Could not complete “${t.title}”: ${err.message}`, 'bad'); }
    }
    return n;
  }
  const dealPick = !deal && !lead && deals && deals.length ? html`<div class="field">
      <label for=${`${idp}-deal`}>Deal</label>
      <select id=${`${idp}-deal`} value=${dealId} onChange=${(e) => setDealId(e.target.value)} disabled=${!!logged.current}>
        <option value="">Not about a deal</option>
        ${deals.map((d) => html`<option value=${String(d.id)}>${d.name}</option>`)}
      </select>
      <small class="hint">Filed under the deal, it counts as activity on it.</small>
    </div>` : null;
  const taskPick = dueTasks.length ? html`<fieldset class="also-complete"><legend class="sr">Open tasks due</legend>
      ${dueTasks.map((t) => html`<label class="check" key=${t.id}><input type="checkbox" checked=${complete.has(t.id)} disabled=${!!logged.current}
        onChange=${(e) => setComplete((c) => { const x = new Set(c); if (e.target.checked) x.add(t.id); else x.delete(t.id); return x; })} />
        Also complete: ${t.title}</label>`)}
    </fieldset>` : null;

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
    ${dealPick}
    <${Field} label="Subject" name="subject" form=${form} autofocus=${autofocus && !(pickContact && !contact && !orgId) ? true : undefined}
      placeholder=${form.values.kind === 'note' ? 'What is it about?' : 'What was it about?'} maxlength="200" disabled=${!!logged.current} />
    <${Field} label="Notes" name="body" type="textarea" form=${form} rows="3" disabled=${!!logged.current} />
    ${taskPick}
    ${compact ? html`<details class="more" open=${more} onToggle=${(e) => setMore(e.target.open)}>
      <summary>When, follow-up task</summary>${whenAndTask}</details>` : whenAndTask}
    <${FormError} form=${form} />
    <div class="form-actions">
      <button type="submit" class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : logged.current ? 'Create the task' : `Log ${KINDS.find((k) => k[0] === form.values.kind)[1].toLowerCase()}`}</button>
      ${onCancel ? html`<button type="button" onClick=${onCancel}>Cancel</button>` : null}
    </div>
  </form>`;
}

// The dialog on contact, organization, deal and lead pages.
export function LogActivityDialog({ open, onClose, contact, orgId, deal, lead, leadName, onLogged, pickContact = false, title: t }) {
  const title = t || (contact ? `Log for ${personName(contact)}` : deal ? `Log for ${deal.name}` : lead ? `Log for ${leadName || 'this lead'}` : 'Log an activity');
  return html`<${Dialog} title=${title} open=${open} onClose=${onClose}>
    <${LogActivityForm} contact=${contact} orgId=${orgId} deal=${deal} lead=${lead} onCancel=${onClose} pickContact=${pickContact}
      onLogged=${(a, t, partial) => { onLogged && onLogged(a, t); if (!partial) onClose(); }} />
  </${Dialog}>`;
}
