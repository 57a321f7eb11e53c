// SPDX-License-Identifier: MIT
// The UI's one data module for what pages show beside ids: users, stages, teams, and the names
// of contacts, organizations and deals. Each is asked for once per page load and shared by every
// page. Names come from list reads by ids (GET /<kind>?ids=…, one request for all the ids a
// render asks for), never from GET /<kind>/<id>: that records a view, and a name in a list is
// not someone opening the record ("Recently viewed" and the adoption figures count views).
import { html, useLayoutEffect, useState } from './lib.js';
import { api, qs } from './api.js';
import { personName } from './ui.js';

// ---- users, stages, teams -------------------------------------------------------------------
// A loader asked once; load(true) asks again (after an admin change). A failure is forgotten.
function once(ask) {
  let p = null;
  return (force = false) => {
    if (!p || force) {
      const mine = ask();
      p = mine;
      mine.catch(() => { if (p === mine) p = null; });
    }
    return p;
  };
}
const byPosition = (a, b) => a.position - b.position || a.id - b.id;
// All users, inactive ones too (a record may still name them).
export const loadUsers = once(() => api.get('/users?include_inactive=true').then((r) => r.items));
export const loadStages = once(() => api.get('/stages?limit=500').then((r) => r.items.slice().sort(byPosition)));
export const loadTeams = once(() => api.get('/teams?limit=500').then((r) => r.items.slice().sort((a, b) => a.name.localeCompare(b.name))));

// Hook form: the list, or null until it has arrived.
function useLoaded(load) {
  const [v, setV] = useState(null);
  useLayoutEffect(() => {
    let live = true;
    load().then((x) => { if (live) setV(x); }, () => {});
    return () => { live = false; };
  }, []);
  return v;
}
export const useUsers = () => useLoaded(loadUsers);
export const useStages = () => useLoaded(loadStages);
export const useTeams = () => useLoaded(loadTeams);

// The user of id in users (from useUsers), or null.
export function userOf(users, id) {
  return (users && id && users.find((x) => x.id === Number(id))) || null;
}
// The name of user id ('…' while the users are loading, '#id' for one not in the list).
export function userName(users, id) {
  if (!id) return '';
  if (!users) return '…';
  const u = userOf(users, id);
  return u ? u.name : `#${id}`;
}
// The stage of id, or null (also while the stages are loading).
export function stageOf(stages, id) {
  return (stages && stages.find((s) => s.id === id)) || null;
}

// ---- names of records -----------------------------------------------------------------------
// The name shown for a linked record that was deleted or that you may not see.
export const UNAVAILABLE = '(not available)';
const TITLE = { contacts: personName, organizations: (o) => o.name, deals: (d) => d.name };
const MAX_IDS = 100; // per request (the API's limit for ids)
const records = { contacts: new Map(), organizations: new Map(), deals: new Map() }; // id -> Promise<record | null>
const waiting = { contacts: new Map(), organizations: new Map(), deals: new Map() }; // id -> resolve, for the next request

// Asks for every id waiting of kind, in one list read (or a few, MAX_IDS each).
function askWaiting(kind) {
  const all = [...waiting[kind]];
  waiting[kind].clear();
  for (let i = 0; i < all.length; i += MAX_IDS) {
    const part = all.slice(i, i + MAX_IDS);
    api.get(`/${kind}${qs({ ids: part.map(([id]) => id).join(','), limit: part.length })}`).then((r) => {
      const got = new Map(r.items.map((x) => [x.id, x]));
      for (const [id, resolve] of part) resolve(got.get(id) || null);
    }, () => {
      // No answer about these records (offline, a server error): a later render asks again.
      for (const [id, resolve] of part) { records[kind].delete(id); resolve(null); }
    });
  }
}

// The record of kind ('contacts', 'organizations', 'deals') with id, or null when it is gone
// or hidden from you. Ids asked for in the same moment (one render's rows) share one request.
export function recordOf(kind, id) {
  const n = Number(id);
  const c = records[kind];
  if (!c.has(n)) {
    if (!waiting[kind].size) queueMicrotask(() => askWaiting(kind));
    c.set(n, new Promise((resolve) => { waiting[kind].set(n, resolve); }));
  }
  return c.get(n);
}
// What a page has in hand (a record it loaded, created or saved) needs no asking.
export function rememberName(kind, rec) {
  if (rec && records[kind]) records[kind].set(rec.id, Promise.resolve(rec));
}
export function titleOf(kind, rec) { return rec ? TITLE[kind](rec) : UNAVAILABLE; }
export function nameOf(kind, id) { return recordOf(kind, id).then((r) => titleOf(kind, r)); }

// {id: name} for the given ids of a kind (filled in as the names arrive).
export function useNames(kind, ids) {
  const [names, setNames] = useState({});
  const key = [...new Set(ids.filter(Boolean))].sort().join(',');
  useLayoutEffect(() => {
    let live = true;
    const list = key ? key.split(',').map(Number) : [];
    Promise.all(list.map((id) => nameOf(kind, id).then((n) => [id, n]))).then((pairs) => { if (live) setNames(Object.fromEntries(pairs)); });
    return () => { live = false; };
  }, [kind, key]);
  return names;
}

// A link to a contact, organization or deal by id, showing its name once known.
export function RecordLink({ kind, id, fallback = '' }) {
  const names = useNames(kind, id ? [id] : []);
  if (!id) return fallback ? html`<span class="muted">${fallback}</span>` : null;
  if (names[id] === UNAVAILABLE) return html`<span class="muted" title="Deleted, or not visible to you">${UNAVAILABLE}</span>`;
  return html`<a href=${`/${kind}/${id}`}>${names[id] || '…'}</a>`;
}

// ---- small helpers of the list pages --------------------------------------------------------
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
