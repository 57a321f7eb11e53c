// SPDX-License-Identifier: MIT
// Tasks: my open tasks by due date (overdue first and highlighted), a checkbox to complete,
// filters open/done/all and mine/anyone, "New task", and Edit to reschedule, rename, hand over
// or delete a task (with Undo).
import { html, useContext, useEffect, useRef, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { Session, Dialog, useForm, Field, FormError, fmtTime, fmtAgo, fromLocalInput, toast } from '../ui.js';
import { useUsers, userName, RecordLink, getSorted } from '../lookup.js';
import { RecordPicker } from '../picker.js';
import { EditTask } from '../taskedit.js';

function startOfDay(offset = 0) { const d = new Date(); d.setHours(0, 0, 0, 0); d.setDate(d.getDate() + offset); return d.toISOString(); }

// Ordering uses the done state from when the task was loaded, so a ticked task stays where it
// was (struck through) instead of jumping away under the pointer.
const wasDone = (t) => ('_was' in t ? t._was : t.done);
function group(t, now) {
  if (wasDone(t)) return 'Done';
  if (!t.due_at) return 'No due date';
  if (t.due_at < now) return 'Overdue';
  if (t.due_at < startOfDay(1)) return 'Today';
  if (t.due_at < startOfDay(7)) return 'This week';
  return 'Later';
}
const ORDER = ['Overdue', 'Today', 'This week', 'Later', 'No due date', 'Done'];

function byDue(a, b) {
  if (wasDone(a) !== wasDone(b)) return wasDone(a) ? 1 : -1;
  if (wasDone(a)) return (b.done_at || '').localeCompare(a.done_at || '');
  if (!a.due_at !== !b.due_at) return a.due_at ? -1 : 1;
  return (a.due_at || '').localeCompare(b.due_at || '') || a.id - b.id;
}

function NewTask({ onClose, users }) {
  const form = useForm({ title: '', due_at: '', contact_id: null, org_id: null, deal_id: null, owner_id: '' });
  async function save(e) {
    e.preventDefault();
    const v = form.values;
    const b = { title: v.title.trim() || null, due_at: fromLocalInput(v.due_at) };
    for (const k of ['contact_id', 'org_id']) if (v[k]) b[k] = v[k];
    if (v.owner_id) b.owner_id = Number(v.owner_id);
    const t = await form.submit(() => api.post('/tasks', b));
    if (t) { toast('Task added'); onClose(t); }
  }
  return html`<form onSubmit=${save} novalidate>
    <${Field} label="What needs doing" name="title" form=${form} required autofocus />
    <${Field} label="Due" name="due_at" type="datetime-local" form=${form} />
    <${RecordPicker} kind="contacts" label="Contact" value=${form.values.contact_id} error=${form.errors.contact_id} onChange=${(id) => form.set('contact_id')(id)} />
    <${RecordPicker} kind="organizations" label="Organization" value=${form.values.org_id} error=${form.errors.org_id} onChange=${(id) => form.set('org_id')(id)} />
    <details class="more" open=${!!form.errors.owner_id}><summary>More</summary>
      <${Field} label="Assign to" name="owner_id" type="select" form=${form}
        options=${[['', '(me)']].concat((users || []).filter((u) => u.active && !u.is_integration).map((u) => [String(u.id), u.name]))} /></details>
    <${FormError} form=${form} />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Add task'}</button>
      <button type="button" onClick=${() => onClose(null)}>Cancel</button></div>
  </form>`;
}

export default function Tasks({ query }) {
  const { user } = useContext(Session);
  const users = useUsers();
  const show = query.get('show') || 'open';
  const who = query.get('who') || 'me';
  const [items, setItems] = useState([]);
  const [cursor, setCursor] = useState(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [creating, setCreating] = useState(false);
  const gen = useRef(0);
  const sentinel = useRef(null);

  async function more(reset) {
    const g = reset ? ++gen.current : gen.current;
    setBusy(true);
    try {
      const p = { limit: 50, cursor: reset ? null : cursor, owner: who === 'me' ? 'me' : '' };
      if (show !== 'all') p.done = show === 'done' ? 'true' : 'false';
      const page = await getSorted('/tasks', { ...p, sort: show === 'done' ? '-done_at' : 'due_at' });
      if (g !== gen.current) return;
      setItems((xs) => (reset ? page.items : xs.concat(page.items)));
      setCursor(page.next_cursor); setDone(!page.next_cursor); setError(null);
    } catch (e) { if (g === gen.current) setError(e); } finally { if (g === gen.current) setBusy(false); }
  }
  useEffect(() => { setItems([]); setDone(false); more(true); }, [show, who]);
  useEffect(() => {
    if (done || busy || !sentinel.current) return undefined;
    const io = new IntersectionObserver((es) => { if (es.some((e) => e.isIntersecting)) more(false); }, { rootMargin: '400px' });
    io.observe(sentinel.current);
    return () => io.disconnect();
  }, [done, busy, cursor]);

  async function toggle(t) {
    const want = !t.done;
    const was = wasDone(t);
    setItems((xs) => xs.map((x) => (x.id === t.id ? { ...x, done: want, _busy: true, _was: was } : x)));
    try {
      const saved = await api.patch(`/tasks/${t.id}`, { done: want }, t.version);
      setItems((xs) => xs.map((x) => (x.id === t.id ? { ...saved, _was: was } : x)));
      toast(want ? `Done: ${t.title}` : `Reopened: ${t.title}`);
    } catch (e) {
      setItems((xs) => xs.map((x) => (x.id === t.id ? t : x)));
      toast(e.status === 409 ? 'This task was changed by someone else; reload to see it.' : e.message, 'bad');
    }
  }

  const [editing, setEditing] = useState(null);
  const put = (t) => setItems((xs) => (xs.some((x) => x.id === t.id) ? xs.map((x) => (x.id === t.id ? t : x)) : [t].concat(xs)));
  // A saved task stays in view, unless it was handed to someone else while only mine are shown.
  const keep = (t) => {
    if (who === 'me' && t.owner_id !== user.id) setItems((xs) => xs.filter((x) => x.id !== t.id));
    else put({ ...t, _was: t.done });
  };
  async function remove(t) {
    await api.del(`/tasks/${t.id}`);
    setEditing(null);
    setItems((xs) => xs.filter((x) => x.id !== t.id));
    toast(`Task “${t.title}” deleted`, 'ok', { label: 'Undo', run: async () => {
      try { put(await api.post(`/tasks/${t.id}/restore`)); toast('Task restored'); } catch (e) { toast(`Could not restore: ${e.message}`, 'bad'); }
    } });
  }

  const go = (next) => navigate(`/tasks${qs({ show: next.show === 'open' ? '' : next.show, who: next.who === 'me' ? '' : next.who })}`, { replace: true });
  const now = new Date().toISOString();
  const sorted = items.slice().sort(byDue);
  const groups = new Map();
  for (const t of sorted) { const g = group(t, now); if (!groups.has(g)) groups.set(g, []); groups.get(g).push(t); }

  return html`
    <div class="page-head"><h1>Tasks</h1>
      <div class="seg" role="group" aria-label="Which tasks">
        ${[['open', 'Open'], ['done', 'Done'], ['all', 'All']].map(([v, l]) => html`<button type="button" aria-pressed=${show === v} class=${show === v ? 'on' : ''} onClick=${() => go({ show: v, who })}>${l}</button>`)}
      </div>
      <div class="seg" role="group" aria-label="Whose tasks">
        ${[['me', 'Mine'], ['any', user.role === 'rep' ? 'Everyone I can see' : 'Everyone']].map(([v, l]) => html`<button type="button" aria-pressed=${who === v} class=${who === v ? 'on' : ''} onClick=${() => go({ show, who: v })}>${l}</button>`)}
      </div>
      <div class="actions"><button class="primary" onClick=${() => setCreating(true)}>New task</button></div>
    </div>
    ${ORDER.filter((g) => groups.has(g)).map((g) => html`<section class=${`task-group${g === 'Overdue' ? ' overdue-group' : ''}`} aria-labelledby=${`tg-${g}`}>
      <h2 id=${`tg-${g}`}>${g} <span class="count">${groups.get(g).length}${!done ? '+' : ''}</span></h2>
      <ul class="rows task-rows">${groups.get(g).map((t) => html`<li key=${t.id} class=${t.done ? 'is-done' : ''}>
        <input type="checkbox" id=${`t-${t.id}`} checked=${t.done} disabled=${t._busy} onChange=${() => toggle(t)} />
        <div class="main-col">
          <label for=${`t-${t.id}`} class="title">${t.title}</label>
          <small>${[t.deal_id ? html`<${RecordLink} kind="deals" id=${t.deal_id} />` : null,
            t.contact_id ? html`<${RecordLink} kind="contacts" id=${t.contact_id} />` : t.org_id ? html`<${RecordLink} kind="organizations" id=${t.org_id} />` : null,
            who !== 'me' ? userName(users, t.owner_id) : null].filter(Boolean).map((x, i) => html`${i ? ' · ' : ''}${x}`)}</small>
        </div>
        <span class=${`right${!t.done && t.due_at && t.due_at < now ? ' overdue' : ''}`}>
          ${t.done ? (t.done_at ? `done ${fmtAgo(t.done_at)}` : 'done') : t.due_at ? html`<time datetime=${t.due_at} title=${fmtTime(t.due_at)}>${t.due_at < now ? `due ${fmtAgo(t.due_at)}` : fmtTime(t.due_at)}</time>` : ''}
        </span>
        ${t.may_change ? html`<button type="button" class="link edit-task" aria-label=${`Edit ${t.title}`} onClick=${() => setEditing(t)}>Edit</button>` : null}
      </li>`)}</ul>
    </section>`)}
    ${!items.length && done && !error ? html`<p class="empty">${show === 'open' ? 'No open tasks. Nice.' : 'No tasks here.'}</p>` : null}
    ${error ? html`<p class="error" role="alert">${error.message}</p>` : null}
    ${!done ? html`<div ref=${sentinel} class="more">${busy ? 'Loading…' : ''}</div>` : null}
    <${Dialog} title="Edit task" open=${!!editing} onClose=${() => setEditing(null)}>
      ${editing ? html`<${EditTask} key=${editing.id} task=${editing} users=${users} onDelete=${() => remove(editing)}
        onClose=${(r) => { setEditing(null); if (r && r.saved) keep(r.saved); }} />` : null}
    </${Dialog}>
    <${Dialog} title="New task" open=${creating} onClose=${() => setCreating(false)}>
      <${NewTask} users=${users} onClose=${(t) => { setCreating(false); if (t && (t.owner_id === user.id || who !== 'me') && show !== 'done') setItems((xs) => [t].concat(xs)); }} />
    </${Dialog}>`;
}
