// SPDX-License-Identifier: MIT
// Personal points targets (points per week, saved per row) and configured holidays (docs/POINTS.md,
// "Targets and holidays"): the Admin section "Targets & holidays"; the Team page reuses
// TargetsTable for a manager's team.
import { html, useState } from '../lib.js';
import { api, request } from '../api.js';
import { useAsync, Loading, ErrorBox, toast } from '../ui.js';

function TargetRow({ p, onSaved }) {
  const [value, setValue] = useState(p.per_week == null ? '' : String(p.per_week));
  const id = `target-${p.user_id}`;
  async function save(e) {
    e.preventDefault();
    try {
      if (value.trim() === '') {
        if (p.per_week != null) await api.del(`/points/targets/${p.user_id}`);
      } else {
        await request('PUT', `/points/targets/${p.user_id}`, { per_week: Number(value) });
      }
      toast(`Saved the target of ${p.name}`);
      onSaved();
    } catch (err) { toast(err.message, 'bad'); }
  }
  return html`<li><form class="main-col inline-form" onSubmit=${save}>
    <label for=${id}>${p.name}${p.team_name ? html` <small>${p.team_name}</small>` : null}</label>
    ${p.may_change
      ? html`<input id=${id} type="number" min="1" max="1000000" step="1" value=${value}
          aria-label=${`Points per week for ${p.name}`} placeholder="No target"
          onInput=${(e) => setValue(e.target.value)} />
        <button type="submit" class="btn" aria-label=${`Save the target of ${p.name}`}>Save</button>`
      : html`<span>${p.per_week == null ? 'No target' : `${p.per_week} points a week`}</span>`}
  </form></li>`;
}

/* The targets the signed-in person may see (admins everyone, managers their teams). */
export function TargetsTable() {
  const data = useAsync(() => api.get('/points/targets'), []);
  if (data.loading && !data.data) return html`<${Loading} what="targets" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  return html`<h2>Points targets per week</h2>
    <ul class="rows targets">${data.data.items.map((p) => html`<${TargetRow} key=${`${p.user_id}-${p.per_week}`} p=${p} onSaved=${data.reload} />`)}</ul>`;
}

function Holidays() {
  const data = useAsync(() => api.get('/holidays'), []);
  const [day, setDay] = useState('');
  const [name, setName] = useState('');
  async function add(e) {
    e.preventDefault();
    try {
      await api.post('/holidays', { day, name: name.trim() });
      toast(`Added ${name.trim()}`);
      setDay(''); setName('');
      data.reload();
    } catch (err) { toast(err.message, 'bad'); }
  }
  async function remove(h) {
    try { await api.del(`/holidays/${h.day}`); toast(`Removed ${h.name}`); data.reload(); } catch (err) { toast(err.message, 'bad'); }
  }
  if (data.loading && !data.data) return html`<${Loading} what="holidays" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  return html`<h2>Holidays</h2>
    <form class="inline-form" onSubmit=${add}>
      <div class="field"><label for="holiday-day">Date</label><input id="holiday-day" type="date" required value=${day} onInput=${(e) => setDay(e.target.value)} /></div>
      <div class="field"><label for="holiday-name">Name</label><input id="holiday-name" maxlength="100" required value=${name} onInput=${(e) => setName(e.target.value)} /></div>
      <button type="submit" class="btn primary">Add holiday</button>
    </form>
    <ul class="rows holidays">${data.data.items.map((h) => html`<li key=${h.day}><div class="main-col"><strong>${h.day}</strong> ${h.name}</div>
      <button type="button" class="btn" aria-label=${`Delete holiday ${h.name}`} onClick=${() => remove(h)}>Delete</button></li>`)}</ul>
    ${data.data.items.length ? null : html`<p class="empty">No holidays yet.</p>`}`;
}

export function TargetsHolidays() {
  return html`<${TargetsTable} /><${Holidays} />`;
}
