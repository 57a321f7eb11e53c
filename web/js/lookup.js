// SPDX-License-Identifier: MIT
// Small caches for names the lists show next to ids: users, stages, organizations, contacts.
// Each id is fetched once per page load; components re-render when a name arrives.
import { html, useEffect, useState } from './lib.js';
import { api, qs } from './api.js';
import { personName } from './ui.js';

let usersP = null;
let stagesP = null;
let teamsP = null;

// All users, inactive ones too (a record may still name them). Reset after admin changes.
export function loadUsers(force = false) {
  if (!usersP || force) {
    usersP = api.get('/users?include_inactive=true&limit=500').then((r) => r.items);
    usersP.catch(() => { usersP = null; });
  }
  return usersP;
}
export function loadStages(force = false) {
  if (!stagesP || force) {
    stagesP = api.get('/stages?limit=500').then((r) => r.items.slice().sort((a, b) => a.position - b.position || a.id - b.id));
    stagesP.catch(() => { stagesP = null; });
  }
  return stagesP;
}
export function loadTeams(force = false) {
  if (!teamsP || force) {
    teamsP = api.get('/teams?limit=500').then((r) => r.items.slice().sort((a, b) => a.name.localeCompare(b.name)));
    teamsP.catch(() => { teamsP = null; });
  }
  return teamsP;
}

// Hook form: [value or null] that fills in once loaded.
function usePromise(get, deps = []) {
  const [v, setV] = useState(null);
  useEffect(() => {
    let live = true;
    get().then((x) => { if (live) setV(x); }, () => {});
    return () => { live = false; };
  }, deps);
  return v;
}
export const useUsers = () => usePromise(loadUsers);
export const useStages = () => usePromise(loadStages);
export const useTeams = () => usePromise(loadTeams);

const caches = { organizations: new Map(), contacts: new Map(), deals: new Map() };
export function fetchRecord(kind, id) {
  const c = caches[kind];
  if (!c.has(id)) {
    const p = api.get(`/${kind}/${id}`);
    c.set(id, p);
    p.catch(() => {});
  }
  return c.get(id);
}
export function forgetRecord(kind, id) { caches[kind].delete(id); }

// A link to an organization / contact / deal by id, showing its name once known.
export function RecordLink({ kind, id, fallback = '' }) {
  const [rec, setRec] = useState(null);
  const [gone, setGone] = useState(false);
  useEffect(() => {
    if (!id) return undefined;
    let live = true;
    setRec(null);
    fetchRecord(kind, id).then((r) => { if (live) setRec(r); }, () => { if (live) setGone(true); });
    return () => { live = false; };
  }, [kind, id]);
  if (!id) return fallback ? html`<span class="muted">${fallback}</span>` : null;
  const label = rec ? (kind === 'contacts' ? personName(rec) : rec.name) : gone ? `#${id}` : '…';
  return html`<a href=${`/${kind}/${id}`}>${label}</a>`;
}

// The name of a user by id (from the users cache).
export function UserName({ id, users }) {
  if (!id) return html`<span class="muted">nobody</span>`;
  const u = users && users.find((x) => x.id === id);
  return u ? u.name : `#${id}`;
}
export function userName(users, id) {
  const u = users && users.find((x) => x.id === id);
  return u ? u.name : id ? `#${id}` : '';
}

// Sums amounts per currency: [{currency, amount_minor}].
export function sumAmounts(deals) {
  const m = new Map();
  for (const d of deals) if (d.amount_minor != null) m.set(d.currency || 'USD', (m.get(d.currency || 'USD') || 0) + d.amount_minor);
  return [...m.entries()].map(([currency, amount_minor]) => ({ currency, amount_minor }));
}

// GET path with params (sort among them); a sort the server refuses (an old or hand-edited
// link) is dropped and onBadSort(sort) told, rather than failing the whole list.
export async function getSorted(path, params, onBadSort = () => {}) {
  try {
    return await api.get(`${path}${qs(params)}`);
  } catch (e) {
    if (!params.sort || e.status !== 400 || e.field !== 'sort') throw e;
    onBadSort(params.sort);
    const { sort, ...rest } = params;
    return api.get(`${path}${qs(rest)}`);
  }
}

// After a failed save: bring the first field with an error (or the form's message) into view
// and focus it, so the error next to it is seen even on a phone.
export function revealError(formEl) {
  if (!formEl) return;
  setTimeout(() => {
    const el = formEl.querySelector('[aria-invalid="true"]') || formEl.querySelector('.form-error, .error');
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (el.matches('input, select, textarea')) el.focus({ preventScroll: true });
  }, 30);
}
