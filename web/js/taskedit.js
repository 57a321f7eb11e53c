// SPDX-License-Identifier: MIT
// Editing a task: reschedule it (tomorrow, in 3 days, next week), rename it, hand it over, or
// delete it. Used by the tasks page and by every task row (Today, contact pages).
import { html } from './lib.js';
import { api } from './api.js';
import { useForm, Field, FormError, fromLocalInput, toLocalInput, toast } from './ui.js';

// 9:00 local time, days from today: the times the quick reschedule buttons pick.
function morning(days) {
  const d = new Date(); d.setDate(d.getDate() + days); d.setHours(9, 0, 0, 0);
  return toLocalInput(d.toISOString());
}

// Reschedule, rename or hand over a task; onClose({ saved }) after a save, onDelete() for Delete.
export function EditTask({ task, users, onClose, onDelete }) {
  const form = useForm({ title: task.title || '', due_at: task.due_at ? toLocalInput(task.due_at) : '', owner_id: String(task.owner_id || '') });
  async function save(e) {
    e.preventDefault();
    const v = form.values;
    const b = { title: v.title.trim() || null, due_at: fromLocalInput(v.due_at) };
    if (v.owner_id && Number(v.owner_id) !== task.owner_id) b.owner_id = Number(v.owner_id);
    const t = await form.submit(() => api.patch(`/tasks/${task.id}`, b, task.version));
    if (t) {
      const to = t.owner_id !== task.owner_id && (users || []).find((u) => u.id === t.owner_id);
      toast(to ? `Task handed to ${to.name}` : 'Task saved');
      onClose({ saved: t });
    }
  }
  const people = (users || []).filter((u) => (u.active && !u.is_integration) || u.id === task.owner_id);
  return html`<form onSubmit=${save} novalidate aria-label="Edit task">
    <${Field} label="What needs doing" name="title" form=${form} required autofocus />
    <${Field} label="Due" name="due_at" type="datetime-local" form=${form} />
    <div class="quick-due" role="group" aria-label="Move the due date">
      ${[['Tomorrow', 1], ['In 3 days', 3], ['Next week', 7]].map(([l, n]) => html`<button type="button" class="chip" onClick=${() => form.set('due_at')(morning(n))}>${l}</button>`)}
    </div>
    <${Field} label="Assigned to" name="owner_id" type="select" form=${form} options=${people.map((u) => [String(u.id), u.name])} />
    <${FormError} form=${form} />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Save'}</button>
      <button type="button" onClick=${() => onClose(null)}>Cancel</button>
      <button type="button" class="danger push-right" disabled=${form.busy} onClick=${() => form.submit(onDelete)}>Delete task</button></div>
  </form>`;
}
