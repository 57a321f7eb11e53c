// SPDX-License-Identifier: MIT
// Pieces of the 360° pages (contact, organization) and of Today: details with edit in place,
// the timeline of every touch point, open tasks with a checkbox, open deals, relationships.
import { html, useEffect, useRef, useState } from './lib.js';
import { api, qs, ApiError } from './api.js';
import { Dialog, Field, FormError, InfiniteList, ErrorBox, toast, useAsync, useForm, fmtDate, fmtTime, fmtAgo, fmtMoney, personName, toLocalInput, fromLocalInput } from './ui.js';
import { DeleteRecord } from './deleterecord.js';
import { EditTask } from './taskedit.js';
import { RecordFields, EntityPicker, bodyOf, labelOf, useFields, valuesOf } from './forms.js';
import { stageOf, useNames, userName, userOf, useStages, useUsers } from './lookup.js';

// ---- details with edit in place --------------------------------------------------------------
const LINKS = { org_id: 'organizations', contact_id: 'contacts' };
function show(f, rec, users, names) {
  const v = rec[f.name];
  if (v === null || v === undefined || v === '') return null;
  if (f.name === 'owner_id') return userName(users, v);
  if (LINKS[f.name]) return html`<a href=${`/${LINKS[f.name]}/${v}`}>${names[v] || '…'}</a>`;
  if (f.name === 'email') return html`<a href=${`mailto:${v}`}>${v}</a>`;
  if (f.name === 'phone') return html`<a href=${`tel:${v.replace(/[^+\d]/g, '')}`}>${v}</a>`;
  if (f.name === 'website') return html`<a href=${/^https?:/.test(v) ? v : `https://${v}`} rel="noopener noreferrer" target="_blank">${v.replace(/^https?:\/\//, '')}</a>`;
  if (f.name === 'birthday') return fmtDate(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

// kind 'contact' | 'organization'; record; onSaved(record).
export function DetailsPanel({ kind, plural, record, onSaved }) {
  const fields = useFields(kind);
  const users = useUsers();
  const orgNames = useNames('organizations', [record.org_id]);
  const [editing, setEditing] = useState(false);
  const form = useForm({});
  const [base, setBase] = useState(record);
  const editBtn = useRef(null);
  const wasEditing = useRef(false);
  const canEdit = !!record.may_change; // the API says what the caller may change
  useEffect(() => { // back on the Edit button after saving or cancelling, for keyboard users
    if (!editing && wasEditing.current && editBtn.current) editBtn.current.focus();
    wasEditing.current = editing;
  }, [editing]);

  function start() {
    form.setValues(valuesOf(fields, record));
    form.setErrors({});
    setBase(record);
    setEditing(true);
    setTimeout(() => { const el = document.querySelector('.panel.editing input, .panel.editing select'); if (el) el.focus(); }, 0);
  }
  async function save(e) {
    e.preventDefault();
    const changed = bodyOf(fields, form.values, base);
    if (!Object.keys(changed).length) { setEditing(false); return; }
    const rec = await form.submit(async () => {
      try {
        return await api.patch(`/${plural}/${record.id}`, changed, base.version);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          // Someone saved first: take their version as the new base, keep what was typed.
          const fresh = await api.get(`/${plural}/${record.id}`).catch(() => null);
          if (fresh) {
            // Fields the user did not touch take the other person's values; typed ones stay.
            const was = valuesOf(fields, base), now = valuesOf(fields, fresh);
            form.setValues((vs) => {
              const out = { ...vs };
              for (const k of Object.keys(now)) if (String(vs[k] ?? '') === String(was[k] ?? '')) out[k] = now[k];
              return out;
            });
            setBase(fresh);
            onSaved(fresh, true);
          }
          throw new ApiError(409, { error: { message: 'Someone else changed this record while you were editing: their changes are filled in, and what you typed is kept. Check and save again.' } });
        }
        throw err;
      }
    });
    if (rec) { onSaved(rec); setEditing(false); toast('Saved'); }
  }
  useEffect(() => {
    if (!editing) return undefined;
    // Escape leaves the form only when nothing was changed: typed work is never dropped by a key.
    const onKey = (e) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog[open]')
        && !Object.keys(bodyOf(fields, form.values, base)).length) setEditing(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [editing, form.values, base]);

  if (!fields) return html`<section class="panel" aria-label="Details"><p class="loading">Loading…</p></section>`;
  if (editing) {
    return html`<section class="panel editing" aria-labelledby="details-h">
      <h2 id="details-h">Edit details</h2>
      <form onSubmit=${save} novalidate>
        <${RecordFields} fields=${fields} form=${form} first=${100} autoFocusFirst=${true} />
        <${FormError} form=${form} />
        <div class="form-actions">
          <button class="primary" type="submit" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Save'}</button>
          <button type="button" onClick=${() => setEditing(false)}>Cancel</button>
          <${DeleteRecord} plural=${plural} noun=${kind} id=${record.id} name=${kind === 'contact' ? personName(record) : record.name} />
        </div>
      </form>
    </section>`;
  }
  const rows = fields.map((f) => [f, show(f, record, users, orgNames)]).filter(([, v]) => v !== null);
  const empty = fields.filter((f) => record[f.name] === null || record[f.name] === undefined || record[f.name] === '');
  return html`<section class="panel" aria-labelledby="details-h">
    <div class="panel-head"><h2 id="details-h">Details</h2>
      ${canEdit ? html`<button type="button" ref=${editBtn} onClick=${start} aria-label="Edit details">Edit</button>` : null}</div>
    ${rows.length ? html`<dl class="props">${rows.map(([f, v]) => html`<dt>${labelOf(f.name)}</dt><dd>${v}</dd>`)}</dl>` : html`<p class="muted">No details yet.</p>`}
    ${(record.other_emails || []).length || (record.other_phones || []).length ? html`<dl class="props">
      ${(record.other_emails || []).map((x) => html`<dt>${x.label || 'Email'}</dt><dd><a href=${`mailto:${x.value}`}>${x.value}</a></dd>`)}
      ${(record.other_phones || []).map((x) => html`<dt>${x.label || 'Phone'}</dt><dd>${x.value}</dd>`)}</dl>` : null}
    ${empty.length ? html`<p class="hint small">Empty: ${empty.slice(0, 6).map((f) => labelOf(f.name).toLowerCase()).join(', ')}${empty.length > 6 ? '…' : ''}${canEdit ? html` · <button type="button" class="link" onClick=${start}>fill in</button>` : null}</p>` : null}
    ${!canEdit ? html`<p class="hint small">Owned by ${userOf(users, record.owner_id)?.name || 'someone else'}: they, their manager or an admin can change it.</p>` : null}
    <p class="hint small">Updated ${fmtAgo(record.updated_at)}</p>
  </section>`;
}

// ---- timeline --------------------------------------------------------------------------------
const ICON = { call: '☎', meeting: '◎', email: '✉', note: '✎', task: '☐', done: '☑', deal_stage: '◆', relationship: '↔' };
function iconOf(it) {
  if (it.type === 'activity') return ICON[it.kind] || '•';
  if (it.type === 'task') return it.kind === 'done' ? ICON.done : ICON.task;
  return ICON[it.type] || '•';
}
function kindLabel(it) {
  if (it.type === 'activity') return it.kind ? it.kind[0].toUpperCase() + it.kind.slice(1) : 'Activity';
  if (it.type === 'task') return it.kind === 'done' ? 'Task done' : 'Task';
  if (it.type === 'deal_stage') return 'Deal';
  if (it.type === 'relationship') return 'Relationship';
  return it.type;
}

// A relationship item: its id is the audit entry, kind the change, summary the relationship kind.
function relText(it) {
  const what = { works_at: 'works at', reports_to: 'reports to', knows: 'knows', referred_by: 'referred by' }[it.summary] || (it.summary || '').replace(/_/g, ' ');
  const did = { create: 'added', delete: 'removed', restore: 'restored', update: 'changed' }[it.kind] || it.kind || '';
  return `“${what}” ${did}`;
}

function ActivityBody({ a }) {
  const [all, setAll] = useState(false);
  if (!a.body) return null;
  const long = a.body.length > 220;
  return html`<p class="tl-body">${long && !all ? `${a.body.slice(0, 200).replace(/\s+\S*$/, '')}…` : a.body}
    ${long ? html` <button type="button" class="link small" aria-expanded=${all} onClick=${() => setAll(!all)}>${all ? 'Show less' : 'Show all'}</button>` : null}
    ${a.duration_min ? html` <small class="muted nowrap">· ${a.duration_min} min</small>` : null}</p>`;
}

// An activity's own controls in the timeline, for whoever may change it (its author, their
// manager, an admin): fix its subject, notes or time in place, or delete it with Undo.
// onChange(patch) updates the item as shown; {deleted: true} marks it removed.
function ActivityTools({ it, onChange }) {
  const form = useForm({});
  const [editing, setEditing] = useState(null); // the activity as read when editing began
  if (!it.may_change) return null;
  async function startEdit() {
    try {
      const a = await api.get(`/activities/${it.id}`);
      form.setValues({ subject: a.subject || '', body: a.body || '', occurred_at: toLocalInput(a.occurred_at) });
      form.setErrors({});
      setEditing(a);
      onChange({ editing: true });
      setTimeout(() => { const el = document.querySelector('.tl-edit input'); if (el) el.focus(); }, 0);
    } catch (e) { toast(`Could not open the activity: ${e.message}`, 'bad'); }
  }
  async function save(e) {
    e.preventDefault();
    const v = form.values;
    const a = await form.submit(() => api.patch(`/activities/${it.id}`, {
      subject: v.subject.trim() || null, body: v.body.trim() || null, occurred_at: fromLocalInput(v.occurred_at),
    }, editing.version));
    if (a) { onChange({ summary: a.subject, body: a.body, at: a.occurred_at, editing: false }); setEditing(null); toast('Activity saved'); }
  }
  async function remove() {
    try {
      await api.del(`/activities/${it.id}`);
      onChange({ deleted: true });
    } catch (e) { toast(`Could not delete: ${e.message}`, 'bad'); }
  }
  if (editing) {
    return html`<form class="tl-edit" onSubmit=${save} novalidate aria-label="Edit activity">
      <${Field} label="Subject" name="subject" form=${form} />
      <${Field} label="Notes" name="body" type="textarea" rows="3" form=${form} />
      <${Field} label="When" name="occurred_at" type="datetime-local" form=${form} />
      <${FormError} form=${form} />
      <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Save'}</button>
        <button type="button" onClick=${() => { setEditing(null); onChange({ editing: false }); }}>Cancel</button></div></form>`;
  }
  const what = it.summary || 'activity';
  return html`<span class="tl-tools">${' · '}<button type="button" class="link" onClick=${startEdit} aria-label=${`Edit ${what}`}>Edit</button>${' · '}<button type="button" class="link" onClick=${remove} aria-label=${`Delete ${what}`}>Delete</button></span>`;
}

// A deleted activity's line in the timeline, with Undo (POST …/restore).
function DeletedActivity({ it, onChange }) {
  async function undo() {
    try {
      await api.post(`/activities/${it.id}/restore`);
      onChange({ deleted: false });
    } catch (e) { toast(`Could not restore: ${e.message}`, 'bad'); }
  }
  return html`<p class="tl-deleted muted">Deleted: ${it.summary || 'an activity'}. <button type="button" class="link" onClick=${undo}>Undo</button></p>`;
}

// path: '/contacts/12/timeline'; refresh: bump to reload; showContact: name the contact of each item.
// Activities come with their notes, shown inline.
export function Timeline({ path, refresh = 0, showContact = false }) {
  const users = useUsers();
  const [items, setItems] = useState([]);
  const contactNames = useNames('contacts', showContact ? items.map((i) => i.contact_id) : []);
  const dealNames = useNames('deals', items.map((i) => i.deal_id));
  const [kind, setKind] = useState('');
  const [changed, setChanged] = useState({}); // activity id -> what was edited or deleted here
  const change = (id) => (patch) => setChanged((m) => ({ ...m, [id]: { ...m[id], ...patch } }));
  const filtered = (it) => !kind || (kind === 'task' ? it.type === 'task' : kind === 'other' ? it.type !== 'activity' && it.type !== 'task' : it.type === 'activity' && it.kind === kind);
  return html`<div class="timeline-wrap">
    <div class="tl-filter" role="group" aria-label="Show in timeline">
      ${[['', 'All'], ['call', 'Calls'], ['meeting', 'Meetings'], ['email', 'Emails'], ['note', 'Notes'], ['task', 'Tasks'], ['other', 'Deals & more']].map(([k, l]) => html`
        <button type="button" class=${`chip${kind === k ? ' on' : ''}`} aria-pressed=${kind === k} onClick=${() => setKind(k)}>${l}</button>`)}
    </div>
    <${InfiniteList} as="ol" className="timeline" deps=${[path, refresh]} label="Timeline" empty="No touch points yet. Log the first one."
      load=${async (cursor) => {
        const page = await api.get(`${path}${qs({ limit: 25, cursor })}`);
        setItems((xs) => (cursor ? xs.concat(page.items) : page.items));
        return page;
      }}
      render=${(item) => {
        const it = item.type === 'activity' && changed[item.id] ? { ...item, ...changed[item.id] } : item;
        if (!filtered(it)) return null;
        /* Task entries share an id (created, done): the original time tells them apart. */
        const key = `${item.type}${item.id}${item.at}`;
        if (it.deleted) return html`<li key=${key} class="tl-gone"><${DeletedActivity} it=${it} onChange=${change(it.id)} /></li>`;
        return html`<li key=${key} class=${`tl-${it.type} tl-${it.kind || ''}`}>
        <span class="tl-icon" aria-hidden="true">${iconOf(it)}</span>
        <div class="tl-main">
          <div class="tl-line"><span class="tl-kind">${kindLabel(it)}</span>
            ${it.type === 'relationship' ? html`<span class="tl-summary">${relText(it)}</span>`
              : html`<span class="tl-summary">${it.summary || html`<span class="muted">(no subject)</span>`}</span>`}</div>
          <div class="when"><time datetime=${it.at} title=${fmtTime(it.at)}>${fmtAgo(it.at)}</time>
            ${it.user_id ? ` · ${userName(users, it.user_id)}` : ''}
            ${showContact && it.contact_id ? html` · with <a href=${`/contacts/${it.contact_id}`}>${contactNames[it.contact_id] || '…'}</a>` : null}
            ${it.deal_id ? html` · <a href=${`/deals/${it.deal_id}`}>${dealNames[it.deal_id] || 'deal'}</a>` : null}
            ${it.type === 'activity' ? html`<${ActivityTools} it=${it} onChange=${change(it.id)} />` : null}
          </div>
          ${it.type === 'activity' && !it.editing ? html`<${ActivityBody} a=${it} />` : null}
        </div>
      </li>`;
      }} />
  </div>`;
}

// ---- tasks -----------------------------------------------------------------------------------
// A task with a checkbox: checking completes it, unchecking reopens it (the undo). Edit moves,
// renames, hands over or deletes it (with Undo); onEdited() after a save, so a list grouped by
// due date can place it again.
export function TaskRow({ task, showLinks = true, contactName, overdue, onEdited }) {
  const users = useUsers();
  const [t, setT] = useState(task);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const [gone, setGone] = useState(false);
  async function remove() {
    await api.del(`/tasks/${t.id}`);
    setEditing(false);
    setGone(true);
    toast(`Task “${t.title}” deleted`, 'ok', { label: 'Undo', run: async () => {
      try { setT(await api.post(`/tasks/${t.id}/restore`)); setGone(false); } catch (e) { toast(`Could not restore: ${e.message}`, 'bad'); }
    } });
  }
  async function toggle() {
    setBusy(true);
    try {
      const n = await api.patch(`/tasks/${t.id}`, { done: !t.done }, t.version);
      setT(n);
      toast(n.done ? 'Task done' : 'Task reopened');
    } catch (e) {
      toast(`Could not update the task: ${e.message}`, 'bad');
      if (e.status === 409) api.get(`/tasks/${t.id}`).then(setT, () => {});
    } finally { setBusy(false); }
  }
  if (gone) return null;
  const canEdit = !!t.may_change;
  const late = !t.done && t.due_at && new Date(t.due_at) < new Date();
  const id = `task-${t.id}`;
  return html`<li class=${`task${t.done ? ' done' : ''}`}>
    <input type="checkbox" id=${id} checked=${t.done} disabled=${busy} onChange=${toggle} />
    <label for=${id} class="task-title">${t.title}</label>
    ${showLinks && t.contact_id ? html`<a class="task-link" href=${`/contacts/${t.contact_id}`}>${contactName || 'contact'}</a>` : null}
    <span class="right nowrap"><span class=${late || overdue ? 'late' : ''}>${t.due_at ? html`<time datetime=${t.due_at} title=${fmtTime(t.due_at)}>${late ? `overdue · ${fmtDate(t.due_at)}` : `due ${fmtAgo(t.due_at).replace(/^in /, 'in ')}`}</time>` : 'no due date'}</span>
      ${canEdit ? html`<button type="button" class="link edit-task" aria-label=${`Edit ${t.title}`} onClick=${() => setEditing(true)}>Edit</button>` : null}</span>
    ${canEdit ? html`<${Dialog} title="Edit task" open=${editing} onClose=${() => setEditing(false)}>
        <${EditTask} task=${t} users=${users || []} onDelete=${remove}
          onClose=${(r) => { setEditing(false); if (r && r.saved) { setT(r.saved); if (onEdited) onEdited(r.saved); } }} />
      </${Dialog}>` : null}
  </li>`;
}

export function TasksPanel({ filter, refresh = 0, title = 'Open tasks' }) {
  const { data, error, loading } = useAsync(() => api.get(`/tasks${qs({ ...filter, done: 'false', limit: 50 })}`), [JSON.stringify(filter), refresh]);
  const items = data ? data.items.slice().sort((a, b) => (a.due_at || '9').localeCompare(b.due_at || '9')) : [];
  return html`<section class="panel" aria-labelledby="tasks-h">
    <h2 id="tasks-h">${title}${data ? html` <span class="count">${items.length}</span>` : null}</h2>
    ${loading && !data ? html`<p class="muted">Loading…</p>` : null}
    <${ErrorBox} error=${error} />
    ${data && !items.length ? html`<p class="muted">No open tasks. Add one as a follow-up when you log a call (press c).</p>` : null}
    ${items.length ? html`<ul class="tasks">${items.map((t) => html`<${TaskRow} key=${t.id} task=${t} showLinks=${false} />`)}</ul>` : null}
  </section>`;
}

// ---- deals -----------------------------------------------------------------------------------
// children: what a page adds under the row (Today's fixes).
export function DealRow({ deal, reasons = [], children }) {
  const stages = useStages();
  const s = stageOf(stages, deal.stage_id);
  return html`<li class="deal-row">
    <a href=${`/deals/${deal.id}`} class="deal-name">${deal.name}</a>
    ${reasons.map(([cls, r]) => html`<span class=${`badge ${cls}`}>${r}</span>`)}
    <small class="deal-meta">${[s ? s.name : '', deal.amount_minor != null ? fmtMoney(deal.amount_minor, deal.currency) : '',
      deal.close_date ? `closes ${fmtDate(deal.close_date)}` : 'no close date', deal.next_step ? `next: ${deal.next_step}` : ''].filter(Boolean).join(' · ')}</small>
    ${children}
  </li>`;
}

export function DealsPanel({ filter, newHref }) {
  const { data, error, loading } = useAsync(() => api.get(`/deals${qs({ ...filter, closed_at: 'null', limit: 50 })}`), [JSON.stringify(filter)]);
  const today = new Date().toISOString().slice(0, 10);
  return html`<section class="panel" aria-labelledby="deals-h">
    <div class="panel-head"><h2 id="deals-h">Open deals${data ? html` <span class="count">${data.items.length}</span>` : null}</h2>
      ${newHref ? html`<a class="button" href=${newHref}>Deals</a>` : null}</div>
    ${loading && !data ? html`<p class="muted">Loading…</p>` : null}
    <${ErrorBox} error=${error} />
    ${data && !data.items.length ? html`<p class="muted">No open deals.</p>` : null}
    ${data && data.items.length ? html`<ul class="deals">${data.items.map((d) => html`<${DealRow} key=${d.id} deal=${d}
      reasons=${[d.close_date && d.close_date < today ? ['bad', 'close date passed'] : null, !d.next_step ? ['warn', 'no next step'] : null].filter(Boolean)} />`)}</ul>` : null}
  </section>`;
}

// ---- relationships ---------------------------------------------------------------------------
const REL_KINDS = [['works_at', 'Works at'], ['reports_to', 'Reports to'], ['knows', 'Knows']];

// Relationships of a contact (both directions) or, with orgId, the people who work at an organization.
export function RelationshipsPanel({ contactId, orgId, onChange }) {
  const [refresh, setRefresh] = useState(0);
  const { data, error } = useAsync(async () => {
    if (orgId) return (await api.get(`/relationships${qs({ org_id: orgId, limit: 200 })}`)).items.map((r) => ({ r, dir: 'org' }));
    const [out, inc] = await Promise.all([
      api.get(`/relationships${qs({ contact_id: contactId, limit: 200 })}`),
      api.get(`/relationships${qs({ other_contact_id: contactId, limit: 200 })}`)]);
    return out.items.map((r) => ({ r, dir: 'out' })).concat(inc.items.map((r) => ({ r, dir: 'in' })));
  }, [contactId, orgId, refresh]);
  const rels = data || [];
  const contactIds = rels.map(({ r, dir }) => (dir === 'in' || dir === 'org' ? r.contact_id : r.other_contact_id));
  const cNames = useNames('contacts', contactIds);
  const oNames = useNames('organizations', rels.map(({ r }) => r.org_id));
  const [removed, setRemoved] = useState({});
  const [adding, setAdding] = useState(false);

  async function remove(r) {
    try { await api.del(`/relationships/${r.id}`); setRemoved((m) => ({ ...m, [r.id]: true })); onChange && onChange(); }
    catch (e) { toast(`Could not remove: ${e.message}`, 'bad'); }
  }
  async function undo(r) {
    try { await api.post(`/relationships/${r.id}/restore`); setRemoved((m) => ({ ...m, [r.id]: false })); onChange && onChange(); }
    catch (e) { toast(`Could not restore: ${e.message}`, 'bad'); }
  }
  function describe({ r, dir }) {
    const c = (id) => html`<a href=${`/contacts/${id}`}>${cNames[id] || '…'}</a>`;
    const o = html`<a href=${`/organizations/${r.org_id}`}>${oNames[r.org_id] || '…'}</a>`;
    if (dir === 'org') return html`${c(r.contact_id)}${r.kind === 'works_at' ? '' : ` (${r.kind.replace('_', ' ')})`}`;
    if (r.kind === 'works_at') return html`Works at ${o}`;
    if (r.kind === 'reports_to') return dir === 'out' ? html`Reports to ${c(r.other_contact_id)}` : html`Manages ${c(r.contact_id)}`;
    if (r.kind === 'knows') return html`Knows ${c(dir === 'out' ? r.other_contact_id : r.contact_id)}`;
    if (r.kind === 'referred_by') return dir === 'out' ? html`Referred by ${c(r.other_contact_id)}` : html`Referred ${c(r.contact_id)}`;
    return r.kind;
  }
  const title = orgId ? 'People (works at)' : 'Relationships';
  return html`<section class="panel" aria-labelledby=${`rel-h-${orgId ? 'o' : 'c'}`}>
    <div class="panel-head"><h2 id=${`rel-h-${orgId ? 'o' : 'c'}`}>${title}${data ? html` <span class="count">${rels.filter(({ r }) => !removed[r.id]).length}</span>` : null}</h2>
      ${!adding ? html`<button type="button" onClick=${() => setAdding(true)}>Add</button>` : null}</div>
    <${ErrorBox} error=${error} />
    ${data && !rels.length && !adding ? html`<p class="muted">${orgId ? 'Nobody linked yet.' : 'No relationships yet: add where they work, who they report to, whom they know.'}</p>` : null}
    ${rels.length ? html`<ul class="rels">${rels.map((x) => html`<li key=${x.r.id} class=${removed[x.r.id] ? 'removed' : ''}>
      ${removed[x.r.id] ? html`<span class="muted">Removed.</span> <button type="button" class="link" onClick=${() => undo(x.r)}>Undo</button>`
        : html`<span>${describe(x)}${x.r.role ? html` <small class="muted">· ${x.r.role}</small>` : null}${x.r.since ? html` <small class="muted">· since ${fmtDate(x.r.since)}</small>` : null}</span>
          <button type="button" class="icon remove" onClick=${() => remove(x.r)} aria-label="Remove relationship" title="Remove">×</button>`}
    </li>`)}</ul>` : null}
    ${adding ? html`<${AddRelationship} contactId=${contactId} orgId=${orgId}
      onDone=${(ok) => { setAdding(false); if (ok) { setRefresh((n) => n + 1); onChange && onChange(); } }} />` : null}
  </section>`;
}

export function AddRelationship({ contactId, orgId, onDone }) {
  const [kind, setKind] = useState('works_at');
  const [target, setTarget] = useState(null);
  const form = useForm({ role: '' });
  const toOrg = !orgId && kind === 'works_at';
  async function onSubmit(e) {
    e.preventDefault();
    if (!target) { form.setErrors({ target: orgId ? 'Pick a contact' : toOrg ? 'Pick an organization' : 'Pick a contact' }); return; }
    const ok = await form.submit(async (v) => {
      const b = orgId ? { kind: 'works_at', contact_id: target.id, org_id: orgId }
        : toOrg ? { kind, contact_id: contactId, org_id: target.id } : { kind, contact_id: contactId, other_contact_id: target.id };
      if (v.role.trim()) b.role = v.role.trim();
      try { return await api.post('/relationships', b); } catch (err) {
        if (err instanceof ApiError && ['org_id', 'other_contact_id', 'contact_id'].includes(err.field)) throw new ApiError(err.status, { error: { message: err.message, field: 'target' } });
        throw err;
      }
    });
    if (ok) { toast('Relationship added'); onDone(true); }
  }
  return html`<form class="add-rel" onSubmit=${onSubmit} novalidate>
    ${orgId ? null : html`<fieldset class="kinds"><legend>Kind</legend>
      ${REL_KINDS.map(([k, l]) => html`<label class=${`kind-opt${kind === k ? ' on' : ''}`}><input type="radio" name="relkind" value=${k}
        checked=${kind === k} onChange=${() => { setKind(k); setTarget(null); }} /> ${l}</label>`)}</fieldset>`}
    <${EntityPicker} kind=${toOrg ? 'organizations' : 'contacts'} label=${orgId ? 'Person' : toOrg ? 'Organization' : 'Contact'} value=${target}
      onPick=${(r) => { setTarget(r); form.setErrors({}); }} error=${form.errors.target} autofocus=${true} />
    ${kind === 'knows' && !orgId ? null : html`<div class="field"><label for="rel-role">Role <span class="muted">(optional)</span></label>
      <input id="rel-role" value=${form.values.role} onInput=${form.set('role')} placeholder=${toOrg || orgId ? 'e.g. Head of IT' : ''} /></div>`}
    <${FormError} form=${form} />
    ${form.errors.role ? html`<p class="error">${form.errors.role}</p>` : null}
    <div class="form-actions"><button class="primary" type="submit" disabled=${form.busy}>Add</button>
      <button type="button" onClick=${() => onDone(false)}>Cancel</button></div>
  </form>`;
}

