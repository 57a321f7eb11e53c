// SPDX-License-Identifier: MIT
// The routes, and what a first load starts before the app shell is ready: the current page's
// module and the session check. index.html also runs this file as an async module: it needs
// only api.js, so it runs as soon as those two small files arrive, while the shell (Preact, the
// navigation, search) is still loading and evaluating. The shell imports the same instance.
import { api, prefetch, setCsrf } from './api.js';

// [pattern, page module, roles allowed (null: everyone)]
export const ROUTES = [
  ['/', 'today', null],
  ['/contacts', 'contacts', null],
  ['/contacts/:id', 'contact', null],
  ['/organizations', 'organizations', null],
  ['/organizations/:id', 'organization', null],
  ['/deals', 'deals', null],
  ['/deals/:id', 'deal', null],
  ['/pipeline', 'pipeline', null],
  ['/leads', 'leads', null],
  ['/leads/:id', 'lead', null],
  ['/tasks', 'tasks', null],
  ['/trash', 'trash', null],
  ['/manager', 'manager', ['manager', 'admin']],
  ['/adoption', 'adoption', ['manager', 'admin']],
  ['/adoption/users/:id', 'adoptionuser', null],
  ['/me/adoption', 'adoptionuser', null],
  ['/points', 'points', null],
  ['/me', 'account', null],
  ['/admin', 'admin', ['admin']],
  ['/admin/:section', 'admin', ['admin']],
];

// The params of path under pattern ('/contacts/:id'), or null when it does not match.
export function match(pattern, path) {
  const trim = (x) => (x.length > 1 ? x.replace(/\/$/, '') : x);
  const p = trim(pattern).split('/'), s = trim(path).split('/');
  if (p.length !== s.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

// { route, params } for path, or null.
export function routeOf(path) {
  for (const route of ROUTES) {
    const params = match(route[0], path);
    if (params) return { route, params };
  }
  return null;
}

// A page module, imported once; a failed import is forgotten so a later visit retries.
const pages = new Map();
const loaded = new Map();
export function loadPage(name) {
  if (!pages.has(name)) {
    pages.set(name, import(`./pages/${name}.js`).then(
      (m) => { loaded.set(name, m); return m; },
      (e) => { pages.delete(name); throw e; }));
  }
  return pages.get(name);
}
// The page module if it has arrived already, so the shell can render it without waiting a tick.
export function loadedPage(name) { return loaded.get(name) || null; }

// The session at load time: the signed-in session, or null when signed out.
const firstSession = api.get('/session').catch(() => null).then((s) => {
  if (s) setCsrf(s.csrf_token);
  return s;
});

// What a page's first render needs, started on a first load beside the page's own module: the
// modules it imports (found otherwise only once it has arrived) and the API answers its panels
// ask for (api.get takes them over: each path exactly as the page writes it; a browser test
// checks that a first load asks each path once).
const EARLY = {
  contact: {
    modules: () => [import('./record.js'), import('./forms.js'), import('./lookup.js'), import('./logcall.js'), import('./deleterecord.js'), import('./taskedit.js')],
    data: ({ id }) => [`/contacts/${id}`, `/contacts/${id}/timeline?limit=25`, `/contacts/${id}/colleagues`,
      `/relationships?contact_id=${id}&limit=200`, `/relationships?other_contact_id=${id}&limit=200`,
      `/tasks?contact_id=${id}&done=false&limit=50`, `/deals?contact_id=${id}&closed_at=null&limit=50`,
      '/users?include_inactive=true', '/fields'],
  },
};

// The longest the shell waits for them before its first render (see firstReady).
const EARLY_WAIT_MS = 400;

const first = routeOf(location.pathname);
const firstPage = first ? loadPage(first.route[1]) : null;
if (firstPage) firstPage.catch(() => { /* the shell shows the error when it asks */ });
const early = first && EARLY[first.route[1]] && /^\d+$/.test(first.params.id || '') ? EARLY[first.route[1]] : null;
const earlyModules = early ? early.modules() : [];
earlyModules.forEach((m) => m.catch(() => {}));

// The session, once the shell may render: with answers asked early, when they and the page's
// modules are in (or EARLY_WAIT_MS has passed), so the page is laid out once, complete, rather
// than empty and then again full. Asked after the session check (quicker than the page's
// modules): signed out, nothing is asked. sessionNow() has it then (undefined before).
let session;
export const firstReady = firstSession.then((s) => {
  if (!s || !early) return s;
  const waits = [firstPage, ...earlyModules, ...early.data(first.params).map(prefetch)];
  const timeout = new Promise((resolve) => { setTimeout(resolve, EARLY_WAIT_MS); });
  return Promise.race([Promise.allSettled(waits), timeout]).then(() => s);
}).then((s) => { session = s; return s; });
export function sessionNow() { return session; }
