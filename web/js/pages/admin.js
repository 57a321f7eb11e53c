// SPDX-License-Identifier: MIT
// Admin: users (add, edit role/team, deactivate with successors after a preview of what moves,
// reactivate), teams, pipeline stages (add, rename, reorder, probability, won/lost) and fields
// (hide per kind, usage per field), how public boards show people (consent, amounts),
// TV boards (pages/tvadmin.js); the points sections come from points_admin.js.
import { html, useEffect, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { useAsync, useForm, Field, FormError, Dialog, Loading, ErrorBox, fmtDate, toast } from '../ui.js';
import { loadUsers, loadTeams, loadStages, userName } from '../lookup.js';
import { LABELS, labelOf } from '../forms.js';
import TvAdmin from './tvadmin.js';
import { Rules, Contests, Draws, Badges } from './points_admin.js';
import { TargetsHolidays } from './targets.js';

const SECTIONS = [
  ['users', 'Users'], ['teams', 'Teams'], ['stages', 'Pipeline stages'], ['fields', 'Fields'],
  ['boards', 'Public boards'], ['tv', 'TV boards'],
  ['rules', 'Points rules'], ['contests', 'Contests'], ['draws', 'Draws'], ['badges', 'Badges'],
  ['targets', 'Targets & holidays'],
];
const ROLES = [['rep', 'Rep'], ['manager', 'Manager'], ['admin', 'Admin']];

// ---- users ----------------------------------------------------------------------------------
function UserForm({ user, teams, onDone }) {
  const form = useForm(user
    ? { name: user.name, role: user.role, team_id: String(user.team_id || ''), password: '', is_ambassador: user.is_ambassador, is_power_user: user.is_power_user }
    : { name: '', email: '', role: 'rep', team_id: '', password: '' });
  const teamOpts = [['', 'No team']].concat((teams || []).map((t) => [String(t.id), t.name]));
  async function save(e) {
    e.preventDefault();
    const v = form.values;
    const b = { name: v.name.trim() || null, role: v.role, team_id: v.team_id ? Number(v.team_id) : null };
    if (v.password) b.password = v.password;
    if (!user) b.email = v.email.trim() || null;
    else {
      b.is_ambassador = !!v.is_ambassador; b.is_power_user = !!v.is_power_user;
      for (const k of Object.keys(b)) if (k !== 'password' && b[k] === (user[k] ?? null)) delete b[k];
      if (!Object.keys(b).length) { onDone(null); return; }
    }
    const u = await form.submit(() => (user ? api.patch(`/users/${user.id}`, b) : api.post('/users', b)));
    if (u) { toast(user ? `Saved ${u.name}` : `Added ${u.name}`); onDone(u); }
  }
  return html`<form onSubmit=${save} novalidate>
    <${Field} label="Name" name="name" form=${form} required autofocus />
    ${!user ? html`<${Field} label="Email" name="email" type="email" form=${form} required autocomplete="off" />` : null}
    <div class="form-row">
      <${Field} label="Role" name="role" type="select" form=${form} options=${ROLES} />
      <${Field} label="Team" name="team_id" type="select" form=${form} options=${teamOpts} />
    </div>
    <${Field} label=${user ? 'New password (leave empty to keep)' : 'Password'} name="password" type="password" form=${form} autocomplete="new-password"
      hint=${user ? null : 'At least 8 characters; they can change it later'} />
    ${user ? html`<${Field} label="Ambassador (a go-to colleague; shown as a badge)" name="is_ambassador" type="checkbox" form=${form} />
      <${Field} label="Power user (shown as a badge)" name="is_power_user" type="checkbox" form=${form} />` : null}
    <${FormError} form=${form} />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : user ? 'Save' : 'Add user'}</button>
      <button type="button" onClick=${() => onDone(null)}>Cancel</button></div>
  </form>`;
}

// What a leaver hands over, in the order the dialog lists it: the API's key, then the words for
// one and for several.
const HANDOVER = [['contacts', 'contact', 'contacts'], ['organizations', 'organization', 'organizations'],
  ['deals', 'deal', 'deals'], ['leads', 'lead', 'leads'], ['open_tasks', 'open task', 'open tasks'],
  ['relationships', 'relationship', 'relationships'], ['teams_led', 'team they manage', 'teams they manage']];
const countOf = (n, one, many) => `${n} ${n === 1 ? one : many}`;

// The list of what moves (or moved) to whom, from a deactivation's {moved, to}.
function Moves({ result, users }) {
  const rows = HANDOVER.filter(([k]) => (result.moved[k] || 0) > 0);
  if (!rows.length) return html`<p class="moves-none">They own no records or open tasks: nothing moves.</p>`;
  return html`<ul class="moved" aria-label="What moves">${rows.map(([k, one, many]) => html`<li key=${k}>
    <strong>${countOf(result.moved[k], one, many)}</strong> → ${userName(users, result.to[k])}</li>`)}</ul>`;
}

function Deactivate({ user, users, onDone }) {
  const active = users.filter((u) => u.active && u.id !== user.id && !u.is_integration);
  const sameTeam = active.filter((u) => u.team_id && u.team_id === user.team_id);
  const form = useForm({ successor_id: String((sameTeam.find((u) => u.role === 'manager') || sameTeam[0] || active[0] || {}).id || ''), split: false });
  const [preview, setPreview] = useState(null); // {moved, to} of a dry run, or {error}
  const [result, setResult] = useState(null);
  const v = form.values;
  function plan() {
    const b = { successor_id: Number(v.successor_id) };
    if (v.split) {
      const per = {};
      for (const [k] of HANDOVER) if (v[k] && v[k] !== v.successor_id) per[k] = Number(v[k]);
      if (Object.keys(per).length) b.successors = per;
    }
    return b;
  }
  const key = JSON.stringify(v.successor_id ? plan() : null);
  // A dry run for every choice: the dialog shows exactly what the server would move, to whom.
  useEffect(() => {
    if (!v.successor_id) return undefined;
    let live = true;
    setPreview(null);
    api.post(`/users/${user.id}/deactivate`, { ...plan(), dry_run: true })
      .then((r) => live && setPreview(r), (e) => live && setPreview({ error: e }));
    return () => { live = false; };
  }, [key]);
  async function go(e) {
    e.preventDefault();
    const r = await form.submit(() => api.post(`/users/${user.id}/deactivate`, plan()));
    if (r) { setResult(r); toast(`${user.name} deactivated`); }
  }
  if (result) {
    return html`<div class="deact-result">
      <p><strong>${user.name}</strong> is deactivated and signed out. What they owned now belongs to:</p>
      <${Moves} result=${result} users=${users} />
      <p class="hint">The history still shows who created and changed each record. An admin can reactivate ${user.name} later.</p>
      <div class="form-actions"><button class="primary" onClick=${() => onDone(result.user)}>Done</button></div>
    </div>`;
  }
  const people = active.map((u) => [String(u.id), `${u.name}${u.team_name ? ` (${u.team_name})` : ''}${u.role !== 'rep' ? ` · ${u.role}` : ''}`]);
  const kinds = preview && preview.moved ? HANDOVER.filter(([k]) => preview.moved[k] > 0) : [];
  const refused = preview && preview.error;
  return html`<form onSubmit=${go} novalidate>
    <p>The records <strong>${user.name}</strong> owns and their open tasks go to the successor, in one step; done tasks and logged activities keep their author. They are signed out and can no longer sign in.</p>
    <${Field} label="Successor" name="successor_id" type="select" form=${form} options=${people} />
    ${kinds.length > 1 || v.split ? html`<${Field} label="Give some kinds of records to someone else" name="split" type="checkbox" form=${form} />` : null}
    ${v.split ? html`<fieldset class="split"><legend>Successor per kind</legend>
      ${kinds.map(([k, , many]) => html`<${Field} key=${k} label=${`Successor for ${many}`} name=${k} type="select" form=${form}
        options=${[['', 'Same successor']].concat(people.filter(([id]) => id !== v.successor_id))} />`)}</fieldset>` : null}
    <div class="preview" aria-live="polite">
      ${refused ? html`<p class="error" role="alert">${refused.message}</p>`
        : preview ? html`<p><strong>What moves:</strong></p><${Moves} result=${preview} users=${users} />`
        : v.successor_id ? html`<p class="loading" aria-busy="true">Counting what moves…</p>` : null}
    </div>
    <${FormError} form=${form} />
    <div class="form-actions"><button class="primary danger-fill" disabled=${form.busy || !v.successor_id || !preview || !!refused}>${form.busy ? 'Handing over…' : `Deactivate ${user.name}`}</button>
      <button type="button" onClick=${() => onDone(null)}>Cancel</button></div>
  </form>`;
}

function Reactivate({ user, users, onDone }) {
  const form = useForm({});
  async function go(e) {
    e.preventDefault();
    const u = await form.submit(() => api.post(`/users/${user.id}/reactivate`));
    if (u) { toast(`${u.name} can sign in again`); onDone(u); }
  }
  return html`<form onSubmit=${go} novalidate>
    <p><strong>${user.name}</strong> can sign in again with the password they had (set a new one with Edit if they forgot it).
      ${user.successor_id ? html` The records handed to <strong>${userName(users, user.successor_id)}</strong> when they left stay there; hand back what they need record by record.` : ''}</p>
    <${FormError} form=${form} />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Reactivating…' : `Reactivate ${user.name}`}</button>
      <button type="button" onClick=${() => onDone(null)}>Cancel</button></div>
  </form>`;
}

const DIALOG_TITLE = {
  add: () => 'Add user', edit: (u) => `Edit ${u.name}`, deact: (u) => `Deactivate ${u.name}`, react: (u) => `Reactivate ${u.name}`,
};
const roleLabel = (r) => (ROLES.find(([k]) => k === r) || [r, r])[1];

function Users() {
  const [inactive, setInactive] = useState(false);
  const [q, setQ] = useState('');
  const [dlg, setDlg] = useState(null); // {kind:'add'|'edit'|'deact'|'react', user}
  const data = useAsync(() => Promise.all([loadUsers(true), loadTeams()]), []);
  if (data.loading && !data.data) return html`<${Loading} what="users" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  const [users, teams] = data.data;
  const words = q.trim().toLowerCase();
  const list = users.filter((u) => (inactive || u.active) && (!words || `${u.name} ${u.email} ${u.team_name || ''} ${u.role}`.toLowerCase().includes(words)));
  const close = (changed) => { setDlg(null); if (changed) data.reload(); };
  return html`
    <div class="filters">
      <div class="field"><label for="au-q">Find</label><input id="au-q" type="search" value=${q} onInput=${(e) => setQ(e.target.value)} placeholder="Name, email, team" /></div>
      <label class="check-inline"><input type="checkbox" checked=${inactive} onChange=${(e) => setInactive(e.target.checked)} /> Show deactivated</label>
      <div class="actions push"><button class="primary" onClick=${() => setDlg({ kind: 'add' })}>Add user</button></div>
    </div>
    <div class="table-wrap"><table class="data users">
      <thead><tr><th scope="col">Name</th><th scope="col" class="opt">Email</th><th scope="col" class="opt">Role</th><th scope="col" class="opt">Team</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
      <tbody>${list.map((u) => html`<tr key=${u.id} class=${u.active ? '' : 'inactive'}>
        <td><strong>${u.name}</strong>${u.is_integration ? html` <span class="badge">integration</span>` : null}${u.is_ambassador ? html` <span class="badge ok">ambassador</span>` : null}${u.is_power_user ? html` <span class="badge">power user</span>` : null}
          ${!u.active ? html` <span class="badge bad">deactivated ${fmtDate(u.deactivated_at)}${u.successor_id ? ` → ${userName(users, u.successor_id)}` : ''}</span>` : null}
          <div class="mobile-only"><small>${u.email}<br />${roleLabel(u.role)}${u.team_name ? ` · ${u.team_name}` : ''}</small></div></td>
        <td class="opt">${u.email}</td><td class="opt">${roleLabel(u.role)}</td><td class="opt">${u.team_name || html`<span class="muted">—</span>`}</td>
        <td class="row-actions">${u.active ? html`<button type="button" onClick=${() => setDlg({ kind: 'edit', user: u })} aria-label=${`Edit ${u.name}`}>Edit</button>
          ${!u.is_integration ? html`<button type="button" class="danger" onClick=${() => setDlg({ kind: 'deact', user: u })} aria-label=${`Deactivate ${u.name}`}>Deactivate</button>` : null}`
          : html`<button type="button" onClick=${() => setDlg({ kind: 'react', user: u })} aria-label=${`Reactivate ${u.name}`}>Reactivate</button>`}</td>
      </tr>`)}</tbody></table></div>
    ${!list.length ? html`<p class="empty">No users match.</p>` : null}
    <${Dialog} title=${dlg ? DIALOG_TITLE[dlg.kind](dlg.user) : ''} open=${!!dlg} onClose=${() => close(true)}>
      ${dlg && dlg.kind === 'deact' ? html`<${Deactivate} user=${dlg.user} users=${users} onDone=${(u) => close(!!u)} />`
        : dlg && dlg.kind === 'react' ? html`<${Reactivate} user=${dlg.user} users=${users} onDone=${(u) => close(!!u)} />`
        : dlg ? html`<${UserForm} user=${dlg.user} teams=${teams} onDone=${(u) => close(!!u)} />` : null}
    </${Dialog}>`;
}

// ---- teams ----------------------------------------------------------------------------------
function TeamForm({ team, users, onDone }) {
  const form = useForm({ name: team ? team.name : '', manager_id: String((team && team.manager_id) || '') });
  const opts = [['', 'No manager']].concat(users.filter((u) => u.active && !u.is_integration && u.role !== 'rep').map((u) => [String(u.id), `${u.name} (${u.role})`]));
  async function save(e) {
    e.preventDefault();
    const b = { name: form.values.name.trim() || null, manager_id: form.values.manager_id ? Number(form.values.manager_id) : null };
    const t = await form.submit(() => (team ? api.patch(`/teams/${team.id}`, b, team.version) : api.post('/teams', b)));
    if (t) { toast(team ? 'Team saved' : 'Team added'); onDone(t); }
  }
  return html`<form onSubmit=${save} novalidate>
    <${Field} label="Name" name="name" form=${form} required autofocus />
    <${Field} label="Manager" name="manager_id" type="select" form=${form} options=${opts} hint="Only managers and admins can manage a team; change a user's role first if needed." />
    <${FormError} form=${form} />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Save'}</button>
      <button type="button" onClick=${() => onDone(null)}>Cancel</button></div>
  </form>`;
}

function Teams() {
  const [dlg, setDlg] = useState(null);
  const data = useAsync(() => Promise.all([loadTeams(true), loadUsers()]), []);
  if (data.loading && !data.data) return html`<${Loading} what="teams" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  const [teams, users] = data.data;
  return html`
    <div class="filters"><p class="hint">Members are set per user (Users → Edit → Team).</p>
      <div class="actions push"><button class="primary" onClick=${() => setDlg({})}>Add team</button></div></div>
    <ul class="rows">${teams.map((t) => {
      const members = users.filter((u) => u.team_id === t.id && u.active);
      return html`<li key=${t.id}><div class="main-col"><strong>${t.name}</strong>
        <small>Manager: ${t.manager_id ? userName(users, t.manager_id) : 'none'} · ${members.length} active member${members.length === 1 ? '' : 's'}</small>
        <small class="members">${members.map((u) => u.name).join(', ')}</small></div>
        <button type="button" onClick=${() => setDlg({ team: t })} aria-label=${`Edit team ${t.name}`}>Edit</button></li>`;
    })}</ul>
    ${!teams.length ? html`<p class="empty">No teams yet.</p>` : null}
    <${Dialog} title=${dlg && dlg.team ? `Edit ${dlg.team.name}` : 'Add team'} open=${!!dlg} onClose=${() => setDlg(null)}>
      ${dlg ? html`<${TeamForm} team=${dlg.team} users=${users} onDone=${(t) => { setDlg(null); if (t) data.reload(); }} />` : null}
    </${Dialog}>`;
}

// ---- stages ---------------------------------------------------------------------------------
function StageRow({ stage, index, count, onMove, onSaved }) {
  const form = useForm({ name: stage.name, probability: String(stage.probability ?? 0), is_won: stage.is_won, is_lost: stage.is_lost });
  useEffect(() => form.setValues({ name: stage.name, probability: String(stage.probability ?? 0), is_won: stage.is_won, is_lost: stage.is_lost }), [stage.version]);
  const v = form.values;
  const dirty = v.name !== stage.name || Number(v.probability) !== stage.probability || !!v.is_won !== stage.is_won || !!v.is_lost !== stage.is_lost;
  async function save(e) {
    e.preventDefault();
    const p = Number(v.probability);
    if (!Number.isInteger(p) || p < 0 || p > 100) { form.setErrors({ probability: '0 to 100' }); return; }
    const s = await form.submit(() => api.patch(`/stages/${stage.id}`, { name: v.name.trim() || null, probability: p, is_won: !!v.is_won, is_lost: !!v.is_lost }, stage.version));
    if (s) { toast(`Saved stage ${s.name}`); onSaved(); }
  }
  const e = form.errors;
  return html`<li class="stage-row">
    <form onSubmit=${save} novalidate aria-label=${`Stage ${stage.name}`}>
      <div class="order">
        <button type="button" class="icon" disabled=${index === 0} onClick=${() => onMove(index, -1)} aria-label=${`Move ${stage.name} up`}>↑</button>
        <button type="button" class="icon" disabled=${index === count - 1} onClick=${() => onMove(index, 1)} aria-label=${`Move ${stage.name} down`}>↓</button>
      </div>
      <div class=${`field grow${e.name ? ' has-error' : ''}`}><label for=${`st-n-${stage.id}`}>Name</label>
        <input id=${`st-n-${stage.id}`} value=${v.name} onInput=${form.set('name')} aria-invalid=${e.name ? 'true' : undefined} />
        ${e.name ? html`<small class="error" role="alert">${e.name}</small>` : null}</div>
      <div class=${`field prob${e.probability ? ' has-error' : ''}`}><label for=${`st-p-${stage.id}`}>Probability %</label>
        <input id=${`st-p-${stage.id}`} type="number" min="0" max="100" step="5" value=${v.probability} onInput=${form.set('probability')} aria-invalid=${e.probability ? 'true' : undefined} />
        ${e.probability ? html`<small class="error" role="alert">${e.probability}</small>` : null}</div>
      <label class="check-inline"><input type="checkbox" checked=${!!v.is_won} onChange=${(ev) => form.setValues((x) => ({ ...x, is_won: ev.target.checked, is_lost: ev.target.checked ? false : x.is_lost, probability: ev.target.checked ? '100' : x.probability }))} /> Won</label>
      <label class="check-inline"><input type="checkbox" checked=${!!v.is_lost} onChange=${(ev) => form.setValues((x) => ({ ...x, is_lost: ev.target.checked, is_won: ev.target.checked ? false : x.is_won, probability: ev.target.checked ? '0' : x.probability }))} /> Lost</label>
      <button class=${dirty ? 'primary' : ''} disabled=${!dirty || form.busy}>${form.busy ? 'Saving…' : 'Save'}</button>
    </form>
    ${e._form || e.is_won || e.is_lost ? html`<p class="error" role="alert">${e._form || e.is_won || e.is_lost}</p>` : null}
  </li>`;
}

function Stages() {
  const data = useAsync(() => loadStages(true), []);
  const add = useForm({ name: '', probability: '20' });
  const [busy, setBusy] = useState(false);
  if (data.loading && !data.data) return html`<${Loading} what="stages" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  const stages = data.data;
  async function move(i, dir) {
    const list = stages.slice();
    const [a] = list.splice(i, 1);
    list.splice(i + dir, 0, a);
    setBusy(true);
    try {
      // Renumber 1..n; only the stages whose position changes are written.
      for (let k = 0; k < list.length; k++) {
        if (list[k].position !== k + 1) await api.patch(`/stages/${list[k].id}`, { position: k + 1 }, list[k].version);
      }
      toast(`Moved ${a.name} ${dir < 0 ? 'up' : 'down'}`);
    } catch (e) {
      toast(e.status === 409 ? 'Stages were changed by someone else; reloaded.' : e.message, 'bad');
    } finally { setBusy(false); data.reload(); }
  }
  async function create(e) {
    e.preventDefault();
    const p = Number(add.values.probability);
    const s = await add.submit(() => api.post('/stages', { name: add.values.name.trim() || null, probability: Number.isFinite(p) ? p : 0,
      position: Math.max(0, ...stages.filter((x) => !x.is_won && !x.is_lost).map((x) => x.position)) + 1 }));
    if (s) {
      // Keep won and lost at the end: shift the stages after the new one down.
      const later = stages.filter((x) => x.position >= s.position);
      try { for (const x of later.sort((a, b) => b.position - a.position)) await api.patch(`/stages/${x.id}`, { position: x.position + 1 }, x.version); } catch { /* order can be fixed by hand */ }
      add.setValues({ name: '', probability: '20' });
      toast(`Added stage ${s.name}`);
      data.reload();
    }
  }
  return html`
    <p class="hint">Order is the order of the board. A deal in a won or lost stage is closed. Probability weighs the pipeline forecast.</p>
    <ol class=${`stages-list${busy ? ' busy' : ''}`} aria-busy=${busy}>
      ${stages.map((s, i) => html`<${StageRow} key=${s.id} stage=${s} index=${i} count=${stages.length} onMove=${move} onSaved=${() => data.reload()} />`)}
    </ol>
    <form class="panel add-stage" onSubmit=${create} novalidate aria-labelledby="add-st-h">
      <h2 id="add-st-h">Add a stage</h2>
      <div class="inline-form">
        <${Field} label="Name" name="name" form=${add} required />
        <${Field} label="Probability %" name="probability" type="number" min="0" max="100" form=${add} />
        <button class="primary" disabled=${add.busy}>Add stage</button>
      </div>
      <${FormError} form=${add} />
    </form>`;
}

// ---- fields ---------------------------------------------------------------------------------
const KIND_LABEL = { contact: 'Contacts', organization: 'Organizations', deal: 'Deals', lead: 'Leads', activity: 'Activities', task: 'Tasks', relationship: 'Relationships' };
// What each field is, in words (the forms' labels, and the ones only the admin sees); the API's
// name stays visible beside it for whoever writes an integration.
const FIELD_LABEL = { ...LABELS, external_id: 'External ID', amount_minor: 'Amount', other_contact_id: 'Other contact', stage_id: 'Stage',
  close_date: 'Close date', next_step: 'Next step', due_at: 'Due', done: 'Done', done_at: 'Done at', occurred_at: 'When',
  lost_reason: 'Why lost', disqualified_reason: 'Why disqualified', probability: 'Probability', manager_id: 'Manager' };
const fieldLabel = (n) => FIELD_LABEL[n] || labelOf(n);
const TYPE_LABEL = { text: 'Text', int: 'Number', bool: 'Yes or no', time: 'Date and time', date: 'Date', enum: 'Choice', labelled: 'List of labelled values' };
const REF_LABEL = { users: 'a user', organizations: 'an organization', contacts: 'a contact', deals: 'a deal', stages: 'a stage', teams: 'a team', leads: 'a lead' };
const typeLabel = (f) => (f.type === 'ref' ? `Link to ${REF_LABEL[f.ref] || f.ref}` : TYPE_LABEL[f.type] || f.type);

function Fields({ query }) {
  const meta = useAsync(() => api.get('/fields'), []);
  const all = meta.data ? Object.keys(meta.data.kinds) : [];
  const kinds = Object.keys(KIND_LABEL).filter((k) => all.includes(k)).concat(all.filter((k) => !KIND_LABEL[k] && !['team', 'stage'].includes(k)));
  const kind = query.get('kind') || kinds[0] || 'contact';
  const usage = useAsync(() => api.get(`/fields/usage${qs({ kind })}`), [kind]);
  const [pending, setPending] = useState({});

  if (meta.loading && !meta.data) return html`<${Loading} what="fields" />`;
  if (meta.error) return html`<${ErrorBox} error=${meta.error} />`;
  const fields = meta.data.kinds[kind] || [];
  const share = new Map((usage.data ? usage.data.fields : []).map((f) => [f.name, f]));
  const rows = fields.map((f) => ({ ...f, use: share.get(f.name) }))
    .sort((a, b) => (b.use ? b.use.share : -1) - (a.use ? a.use.share : -1) || a.name.localeCompare(b.name));

  async function toggle(f) {
    const hidden = !f.hidden;
    setPending((p) => ({ ...p, [f.name]: true }));
    try {
      await api.patch(`/fields/${kind}/${f.name}`, { hidden });
      meta.setData({ ...meta.data, kinds: { ...meta.data.kinds, [kind]: meta.data.kinds[kind].map((x) => (x.name === f.name ? { ...x, hidden } : x)) } });
      toast(`${fieldLabel(f.name)} ${hidden ? 'hidden from' : 'shown on'} ${KIND_LABEL[kind] || kind} forms`);
    } catch (e) {
      toast(e.message, 'bad');
    } finally { setPending((p) => ({ ...p, [f.name]: false })); }
  }
  const pct = (s) => `${Math.round(s * 100)}%`;
  return html`
    <div class="seg kind-tabs" role="group" aria-label="Record kind">
      ${kinds.map((k) => html`<a class=${`button${k === kind ? ' on' : ''}`} aria-current=${k === kind ? 'true' : undefined} href=${`/admin/fields?kind=${k}`}>${KIND_LABEL[k] || k}</a>`)}
    </div>
    <p class="hint">Untick “Show” to hide a field from the forms (its data is kept). The bar is the share of ${usage.data ? html`<strong>${usage.data.total}</strong>` : ''} ${(KIND_LABEL[kind] || kind).toLowerCase()} that have the field filled in: fields nobody fills are candidates to hide.</p>
    ${usage.error ? html`<${ErrorBox} error=${usage.error} />` : null}
    <div class="table-wrap"><table class="data fields">
      <thead><tr><th scope="col">Show</th><th scope="col">Field</th><th scope="col" class="opt">Type</th><th scope="col" class="usage-col">Filled in (share, records)</th></tr></thead>
      <tbody>${rows.map((f) => {
        const id = `fld-${kind}-${f.name}`;
        const low = f.use && f.use.share < 0.05;
        return html`<tr key=${f.name} class=${f.hidden ? 'is-hidden' : ''}>
          <td><input type="checkbox" id=${id} checked=${!f.hidden} disabled=${f.required || pending[f.name]} onChange=${() => toggle(f)}
            title=${f.required ? 'Required fields are always shown' : ''} /></td>
          <td><label for=${id}>${fieldLabel(f.name)}</label>${f.required ? html` <span class="badge">required</span>` : null}${f.hidden ? html` <span class="badge warn">hidden</span>` : null}</td>
          <td class="opt"><small>${typeLabel(f)}</small> <small class="muted" title="Name in the API">(${f.name})</small></td>
          <td class="usage-col">${f.use ? html`<div class="usage"><div class="bar"><span class=${low ? 'low' : ''} style=${{ width: `${f.use.share * 100}%` }}></span></div>
              <span class=${`pct${low ? ' low' : ''}`}>${pct(f.use.share)}</span>
              <small class="muted filled">${f.use.filled}${low ? ' · rarely used' : ''}</small></div>` : usage.loading ? '…' : html`<span class="muted">—</span>`}</td>
        </tr>`;
      })}</tbody></table></div>`;
}

// ---- public boards (docs/POINTS.md, "Consent on public boards") -------------------------------

const VISIBILITY = [['name', 'Their name'], ['initials', 'Their initials'], ['hidden', 'Not at all']];

function Boards() {
  const data = useAsync(() => api.get('/settings/boards'), []);
  const form = useForm(null);
  useEffect(() => { if (data.data) form.setValues(data.data); }, [data.data]);
  if (data.loading && !data.data) return html`<${Loading} what="board settings" />`;
  if (data.error) return html`<${ErrorBox} error=${data.error} />`;
  if (!form.values) return null;
  async function save(e) {
    e.preventDefault();
    const v = form.values;
    const r = await form.submit(() => api.patch('/settings/boards', {
      default_visibility: v.default_visibility, allow_hiding: !!v.allow_hiding, peers_see_amounts: !!v.peers_see_amounts,
    }));
    if (r) { data.setData(r); toast('Board settings saved'); }
  }
  return html`<form class="panel" style=${{ maxWidth: '44rem' }} onSubmit=${save} novalidate aria-label="Public board settings">
    <p class="hint">Leaderboards, draws, the live ticker and TV boards are public inside the organization. Each person chooses how they appear; these settings decide for those who have not chosen.</p>
    <${Field} label="Show people who have not chosen as" name="default_visibility" type="select" form=${form} options=${VISIBILITY} />
    <${Field} label="Let people hide from public boards (they still earn points)" name="allow_hiding" type="checkbox" form=${form} />
    <p class="hint small">When off, people who chose to hide show their initials.</p>
    <${Field} label="Let colleagues and TV boards see deal amounts" name="peers_see_amounts" type="checkbox" form=${form} />
    <p class="hint small">Owners, their managers and admins always see the amounts.</p>
    <${FormError} form=${form} />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Save board settings'}</button></div>
  </form>`;
}

export default function Admin({ params, query }) {
  const section = (params && params.section) || 'users';
  useEffect(() => { document.title = 'Admin · uptake'; }, []);
  const known = SECTIONS.some(([k]) => k === section);
  return html`
    <div class="page-head"><h1>Admin</h1></div>
    <nav class="tabs" aria-label="Admin sections">
      ${SECTIONS.map(([k, l]) => html`<a href=${`/admin/${k}`} aria-current=${k === section ? 'page' : undefined}>${l}</a>`)}
    </nav>
    <section class="admin-section">
      ${!known ? html`<p class="empty">No such section.</p>` : null}
      ${section === 'users' ? html`<${Users} />` : null}
      ${section === 'teams' ? html`<${Teams} />` : null}
      ${section === 'stages' ? html`<${Stages} />` : null}
      ${section === 'fields' ? html`<${Fields} query=${query} />` : null}
      ${section === 'boards' ? html`<${Boards} />` : null}
      ${section === 'tv' ? html`<${TvAdmin} />` : null}
      ${section === 'rules' ? html`<${Rules} />` : null}
      ${section === 'contests' ? html`<${Contests} />` : null}
      ${section === 'draws' ? html`<${Draws} />` : null}
      ${section === 'badges' ? html`<${Badges} />` : null}
      ${section === 'targets' ? html`<${TargetsHolidays} />` : null}
    </section>`;
}
