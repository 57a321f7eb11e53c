// SPDX-License-Identifier: MIT
// Admin pages of points (docs/POINTS.md), shown as sections of the admin page: rules (points,
// caps, active; add one), contests (create with the fields of its format, list with state and
// countdown, standings), draws (run one, list past ones with seed and eligible count, check one
// again) and badges (who holds each).
import { html, useEffect, useState } from '../lib.js';
import { api } from '../api.js';
import { useAsync, useForm, Field, FormError, Dialog, Loading, ErrorBox, fmtDate, toast } from '../ui.js';
import { loadUsers, loadTeams, userName } from '../lookup.js';

const num = (v) => (v === '' || v === null || v === undefined ? null : Number(v));

// ---- rules ----------------------------------------------------------------------------------
const KINDS = [['activity.logged', 'Activity logged'], ['contact.created', 'Contact created'], ['deal.won', 'Deal won'], ['week.end', 'Week end']];
const CONDITIONS = [['none', 'Always'], ['call_notes', 'Call with real notes'], ['activity_notes', 'Activity with real notes'],
  ['meeting_notes_24h', 'Meeting notes within 24 h'], ['deal_amount', 'Deal amount in range'], ['contact_reachable', 'Contact has email or phone'],
  ['pipeline_complete', 'Complete pipeline']];

function RuleRow({ rule, onSaved }) {
  const form = useForm({ points: String(rule.points), cap_day: String(rule.cap_day), cap_week: String(rule.cap_week), active: rule.active });
  const v = form.values;
  const dirty = Number(v.points) !== rule.points || Number(v.cap_day) !== rule.cap_day || Number(v.cap_week) !== rule.cap_week || !!v.active !== rule.active;
  async function save(e) {
    e.preventDefault();
    const r = await form.submit(() => api.patch(`/points/rules/${rule.id}`, { points: num(v.points), cap_day: num(v.cap_day), cap_week: num(v.cap_week), active: !!v.active }));
    if (r) { toast(`Saved rule ${r.name}`); onSaved(); }
  }
  const id = (k) => `rule-${rule.id}-${k}`;
  const e = form.errors;
  return html`<tr class=${rule.active ? '' : 'is-hidden'}>
    <th scope="row">${rule.name}<br /><small class="muted">${rule.event_kind} · ${rule.condition}</small></th>
    ${['points', 'cap_day', 'cap_week'].map((k) => html`<td class=${e[k] ? 'has-error' : ''}>
      <input id=${id(k)} type="number" min="0" class="num" value=${v[k]} onInput=${form.set(k)} aria-label=${`${k.replace('_', ' ')} of ${rule.name}`} aria-invalid=${e[k] ? 'true' : undefined} />
      ${e[k] ? html`<small class="error" role="alert">${e[k]}</small>` : null}</td>`)}
    <td><input type="checkbox" checked=${!!v.active} onChange=${form.set('active')} aria-label=${`${rule.name} active`} /></td>
    <td><button type="button" class=${dirty ? 'primary' : ''} disabled=${!dirty || form.busy} onClick=${save}>Save</button>
      ${e._form ? html`<small class="error" role="alert">${e._form}</small>` : null}</td>
  </tr>`;
}

function RuleForm({ onDone }) {
  const form = useForm({ name: '', event_kind: 'activity.logged', condition: 'call_notes', points: '5', cap_day: '0', cap_week: '0', amount_min: '', amount_max: '' });
  async function save(e) {
    e.preventDefault();
    const v = form.values;
    const b = { name: v.name.trim() || null, event_kind: v.event_kind, condition: v.condition, points: num(v.points), cap_day: num(v.cap_day) ?? 0, cap_week: num(v.cap_week) ?? 0 };
    if (v.condition === 'deal_amount') { b.amount_min = Math.round((num(v.amount_min) ?? 0) * 100); b.amount_max = Math.round((num(v.amount_max) ?? 0) * 100); }
    const r = await form.submit(() => api.post('/points/rules', b));
    if (r) { toast(`Added rule ${r.name}`); onDone(r); }
  }
  return html`<form onSubmit=${save} novalidate>
    <${Field} label="Name" name="name" form=${form} required autofocus />
    <div class="form-row">
      <${Field} label="When" name="event_kind" type="select" form=${form} options=${KINDS} />
      <${Field} label="Condition" name="condition" type="select" form=${form} options=${CONDITIONS} />
    </div>
    ${form.values.condition === 'deal_amount' ? html`<div class="form-row">
      <${Field} label="Amount from" name="amount_min" type="number" form=${form} />
      <${Field} label="Amount up to (empty: no limit)" name="amount_max" type="number" form=${form} /></div>` : null}
    <div class="form-row">
      <${Field} label="Points" name="points" type="number" min="1" max="1000" form=${form} />
      <${Field} label="Cap per day (0: none)" name="cap_day" type="number" min="0" form=${form} />
      <${Field} label="Cap per week (0: none)" name="cap_week" type="number" min="0" form=${form} />
    </div>
    <${FormError} form=${form} />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Add rule'}</button>
      <button type="button" onClick=${() => onDone(null)}>Cancel</button></div>
  </form>`;
}

export function Rules() {
  const [adding, setAdding] = useState(false);
  const data = useAsync(() => api.get('/points/rules'), []);
  if (data.loading && !data.data) return html`<${Loading} what="points rules" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  const rules = data.data.items;
  return html`
    <div class="filters"><p class="hint">Each rule earns once per record; caps limit what one person earns per day or week (0: no cap). Inactive rules earn nothing.</p>
      <div class="actions push"><button class="primary" onClick=${() => setAdding(true)}>Add rule</button></div></div>
    <div class="table-wrap"><table class="data points-rules">
      <thead><tr><th scope="col">Rule</th><th scope="col">Points</th><th scope="col">Cap per day</th><th scope="col">Cap per week</th><th scope="col">Active</th><th scope="col"><span class="sr-only">Save</span></th></tr></thead>
      <tbody>${rules.map((r) => html`<${RuleRow} key=${`${r.id}-${r.updated_at}`} rule=${r} onSaved=${data.reload} />`)}</tbody>
    </table></div>
    <${Dialog} title="Add a points rule" open=${adding} onClose=${() => setAdding(false)}>
      ${adding ? html`<${RuleForm} onDone=${(r) => { setAdding(false); if (r) data.reload(); }} />` : null}
    </${Dialog}>`;
}

// ---- contests -------------------------------------------------------------------------------
const FORMATS = [['top_n', 'Top N'], ['race', 'Race to a target'], ['teams', 'Team vs team']];
const METRICS = [['points', 'All points'], ['rule', 'Points of one rule'], ['deals_won', 'Deals won (count)']];
const FORMAT_LABEL = Object.fromEntries(FORMATS);
const METRIC_LABEL = Object.fromEntries(METRICS);

// "2 d 4 h", "3 h 12 min", "45 s": a countdown read at a glance.
export function countdown(s) {
  if (s <= 0) return '';
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  return m ? `${m} min` : `${s} s`;
}

function useTicker(ms) {
  const [, set] = useState(0);
  useEffect(() => { const t = setInterval(() => set((n) => n + 1), ms); return () => clearInterval(t); }, [ms]);
}

function StateBadge({ c, loadedAt }) {
  useTicker(1000);
  const left = Math.max(0, c.seconds_left - Math.floor((Date.now() - loadedAt) / 1000));
  const cls = { running: 'ok', upcoming: '', ended: 'muted', cancelled: 'warn' }[c.state];
  return html`<span class=${`badge ${cls}`}>${c.state}</span>${left > 0 ? html` <small class="countdown">${c.state === 'upcoming' ? 'starts in' : 'ends in'} ${countdown(left)}</small>` : null}`;
}

const localInput = (ms) => { const d = new Date(ms); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 16); };

function ContestForm({ rules, teams, onDone }) {
  const start = Date.now();
  const form = useForm({ name: '', format: 'top_n', metric: 'points', rule_id: rules[0] ? String(rules[0].id) : '', top_n: '3', target: '100',
    team_a: teams[0] ? String(teams[0].id) : '', team_b: teams[1] ? String(teams[1].id) : '', team_id: '', prize: '',
    starts_at: localInput(start), ends_at: localInput(start + 7 * 86400e3) });
  const v = form.values;
  async function save(e) {
    e.preventDefault();
    const b = { name: v.name.trim() || null, format: v.format, metric: v.metric, prize: v.prize.trim(),
      starts_at: v.starts_at ? new Date(v.starts_at).toISOString() : null, ends_at: v.ends_at ? new Date(v.ends_at).toISOString() : null };
    if (v.metric === 'rule') b.rule_id = num(v.rule_id);
    if (v.format === 'top_n') b.top_n = num(v.top_n);
    if (v.format === 'race') b.target = num(v.target);
    if (v.format === 'teams') { b.participants = 'teams'; b.team_ids = [num(v.team_a), num(v.team_b)].filter(Boolean); }
    else if (v.team_id) b.team_ids = [num(v.team_id)];
    const c = await form.submit(() => api.post('/contests', b));
    if (c) { toast(`Created contest ${c.name}`); onDone(c); }
  }
  const teamOpts = teams.map((t) => [String(t.id), t.name]);
  return html`<form onSubmit=${save} novalidate>
    <${Field} label="Name" name="name" form=${form} required autofocus />
    <div class="form-row">
      <${Field} label="Format" name="format" type="select" form=${form} options=${FORMATS} />
      <${Field} label="Counts" name="metric" type="select" form=${form} options=${METRICS} />
      ${v.metric === 'rule' ? html`<${Field} label="Rule" name="rule_id" type="select" form=${form} options=${rules.map((r) => [String(r.id), r.name])} />` : null}
    </div>
    <div class="form-row">
      <${Field} label="Starts" name="starts_at" type="datetime-local" form=${form} />
      <${Field} label="Ends" name="ends_at" type="datetime-local" form=${form} />
    </div>
    ${v.format === 'top_n' ? html`<${Field} label="Winners (the top N)" name="top_n" type="number" min="1" max="100" form=${form} />` : null}
    ${v.format === 'race' ? html`<${Field} label="Target (the first to reach it wins)" name="target" type="number" min="1" form=${form} />` : null}
    ${v.format === 'teams' ? html`<div class="form-row">
      <${Field} label="Team" name="team_a" type="select" form=${form} options=${teamOpts} />
      <${Field} label="against" name="team_b" type="select" form=${form} options=${teamOpts} /></div>`
    : html`<${Field} label="People" name="team_id" type="select" form=${form} options=${[['', 'Everyone']].concat(teamOpts.map(([id, n]) => [id, `Team ${n}`]))} />`}
    ${form.errors.team_ids ? html`<p class="error" role="alert">${form.errors.team_ids}</p>` : null}
    <${Field} label="Prize" name="prize" form=${form} hint="Shown with the contest, e.g. “Team lunch”" />
    <${FormError} form=${form} />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Creating…' : 'Create contest'}</button>
      <button type="button" onClick=${() => onDone(null)}>Cancel</button></div>
  </form>`;
}

function Standings({ id, onChanged }) {
  const data = useAsync(() => api.get(`/contests/${id}`), [id]);
  if (data.loading && !data.data) return html`<${Loading} what="standings" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  const c = data.data;
  async function cancel() {
    try { await api.post(`/contests/${c.id}/cancel`); toast(`Cancelled ${c.name}`); data.reload(); onChanged(); } catch (e) { toast(e.message, 'bad'); }
  }
  const unit = c.metric === 'deals_won' ? 'deals' : 'points';
  return html`<div class="standings">
    <p><strong>${FORMAT_LABEL[c.format]}</strong> · ${METRIC_LABEL[c.metric]}${c.format === 'race' ? ` · target ${c.target}` : ''}${c.format === 'top_n' ? ` · top ${c.top_n}` : ''}
      ${c.prize ? html` · prize: ${c.prize}` : null}</p>
    <p class="muted">${fmtDate(c.starts_at)} – ${fmtDate(c.ends_at)}</p>
    ${c.standings.length ? html`<div class="table-wrap"><table class="data standings-list">
      <thead><tr><th scope="col" class="num">Rank</th><th scope="col">${c.participants === 'teams' ? 'Team' : 'Person'}</th><th scope="col" class="num">${unit === 'deals' ? 'Deals won' : 'Points'}</th></tr></thead>
      <tbody>${c.standings.map((s) => html`<tr key=${s.user_id || s.team_id} class=${s.winner ? 'winner' : ''}>
        <td class="num">${s.rank}</td><td>${s.name}${s.winner ? html` <span class="badge ok">winner</span>` : null}</td><td class="num">${s.total}</td></tr>`)}</tbody>
    </table></div>` : html`<p class="empty">Nobody takes part yet.</p>`}
    ${c.state !== 'cancelled' && c.state !== 'ended' ? html`<div class="form-actions"><button type="button" class="danger" onClick=${cancel}>Cancel contest</button></div>` : null}
  </div>`;
}

export function Contests() {
  const [dlg, setDlg] = useState(null);
  const data = useAsync(() => Promise.all([api.get('/contests'), api.get('/points/rules'), loadTeams(), Promise.resolve(Date.now())]), []);
  if (data.loading && !data.data) return html`<${Loading} what="contests" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  const [list, rules, teams, loadedAt] = data.data;
  return html`
    <div class="filters"><p class="hint">Standings count the points ledger between start and end; reversals count too.</p>
      <div class="actions push"><button class="primary" onClick=${() => setDlg({ create: true })}>Create contest</button></div></div>
    <ul class="rows contests">${list.items.map((c) => html`<li key=${c.id}><div class="main-col"><strong>${c.name}</strong>
        <small>${FORMAT_LABEL[c.format]} · ${METRIC_LABEL[c.metric]}${c.prize ? ` · ${c.prize}` : ''}</small>
        <small><${StateBadge} c=${c} loadedAt=${loadedAt} /></small></div>
        <button type="button" onClick=${() => setDlg({ id: c.id, name: c.name })} aria-label=${`Standings of ${c.name}`}>Standings</button></li>`)}</ul>
    ${!list.items.length ? html`<p class="empty">No contests yet.</p>` : null}
    <${Dialog} title=${dlg && dlg.create ? 'Create a contest' : dlg ? `Standings: ${dlg.name}` : ''} open=${!!dlg} onClose=${() => setDlg(null)}>
      ${dlg && dlg.create ? html`<${ContestForm} rules=${rules.items.filter((r) => r.active)} teams=${teams}
          onDone=${(c) => { setDlg(c ? { id: c.id, name: c.name } : null); if (c) data.reload(); }} />` : null}
      ${dlg && dlg.id ? html`<${Standings} id=${dlg.id} onChanged=${data.reload} />` : null}
    </${Dialog}>`;
}

// ---- draws ----------------------------------------------------------------------------------
const CRITERIA = [['pipeline_and_meetings', 'Clean pipeline and meeting notes'], ['pipeline', 'Clean pipeline'], ['meetings', 'Meeting notes this week']];
const CRITERION_LABEL = Object.fromEntries(CRITERIA);

export function Draws() {
  const data = useAsync(() => Promise.all([api.get('/points/draws'), loadUsers()]), []);
  const form = useForm({ prize: '', criterion: 'pipeline_and_meetings' });
  const [checks, setChecks] = useState({});
  if (data.loading && !data.data) return html`<${Loading} what="draws" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  const [draws, users] = data.data;
  async function run(e) {
    e.preventDefault();
    const d = await form.submit(() => api.post('/points/draws', { prize: form.values.prize.trim(), criterion: form.values.criterion }));
    if (d) { toast(`${userName(users, d.winner_id)} won ${d.prize}`); form.setValues({ ...form.values, prize: '' }); data.reload(); }
  }
  async function check(d) {
    try { const r = await api.get(`/points/draws/${d.id}/check`); setChecks((c) => ({ ...c, [d.id]: r })); } catch (err) { toast(err.message, 'bad'); }
  }
  return html`
    <form class="add-form" onSubmit=${run} novalidate aria-labelledby="draw-h">
      <h2 id="draw-h">Run a draw</h2>
      <div class="inline-form">
        <${Field} label="Prize" name="prize" form=${form} required />
        <${Field} label="Who can win" name="criterion" type="select" form=${form} options=${CRITERIA} />
        <button class="primary" disabled=${form.busy}>${form.busy ? 'Drawing…' : 'Draw'}</button>
      </div>
      <${FormError} form=${form} />
    </form>
    <p class="hint">Each draw keeps its seed and who was eligible, so anyone can run it again and see the same winner.</p>
    <div class="table-wrap"><table class="data draws">
      <thead><tr><th scope="col">When</th><th scope="col">Prize</th><th scope="col">Who could win</th><th scope="col">Eligible</th><th scope="col">Winner</th><th scope="col">Seed</th><th scope="col">Check</th></tr></thead>
      <tbody>${draws.items.map((d) => {
        const c = checks[d.id];
        return html`<tr key=${d.id}><td>${fmtDate(d.at)}</td><td>${d.prize}</td><td>${CRITERION_LABEL[d.criterion] || d.criterion}</td>
          <td class="num">${d.eligible.length}</td><td>${userName(users, d.winner_id)}</td>
          <td><code class="seed" title=${d.seed}>${d.seed.slice(0, 12)}…</code></td>
          <td>${c ? html`<span class=${`badge ${c.matches ? 'ok' : 'warn'}`} role="status">${c.matches ? 'matches' : 'does not match'}</span>`
            : html`<button type="button" onClick=${() => check(d)} aria-label=${`Check draw ${d.id}`}>Check</button>`}</td></tr>`;
      })}</tbody></table></div>
    ${!draws.items.length ? html`<p class="empty">No draws yet.</p>` : null}`;
}

// ---- badges ---------------------------------------------------------------------------------
export function Badges() {
  const data = useAsync(() => api.get('/points/badges'), []);
  if (data.loading && !data.data) return html`<${Loading} what="badges" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  return html`<ul class="rows badges">${data.data.items.map((b) => html`<li key=${b.key}><div class="main-col">
      <strong>${b.name}</strong> <small>${b.why}</small>
      <small class="members">${b.holders.length ? b.holders.map((h) => h.name).join(', ') : 'Nobody yet'}</small></div>
      <span class="badge">${b.holders.length} ${b.holders.length === 1 ? 'holder' : 'holders'}</span></li>`)}</ul>`;
}
