// SPDX-License-Identifier: MIT
// The app shell: session, navigation, global search, and the page for the current route.
// Pages are loaded on first use so the first screen needs little JavaScript.
import { html, render, useEffect, useState, useContext } from './lib.js';
import { api, setCsrf, whenSignedOut } from './api.js';
import { interceptLinks, match, navigate, useLocation } from './router.js';
import { Session, Toasts, Loading } from './ui.js';
import { GlobalSearch } from './search.js';

// [pattern, module, roles allowed (null: everyone)]
const ROUTES = [
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
  ['/manager', 'manager', ['manager', 'admin']],
  ['/admin', 'admin', ['admin']],
  ['/admin/:section', 'admin', ['admin']],
];

const NAV = [
  ['/', 'Today'], ['/contacts', 'Contacts'], ['/organizations', 'Organizations'],
  ['/pipeline', 'Pipeline'], ['/deals', 'Deals'], ['/leads', 'Leads'], ['/tasks', 'Tasks'],
];

const loaded = new Map();
function usePage(name) {
  // The module is kept with its name: right after a route change the previous page's module
  // must not render once with the new route's params (it would fetch the wrong record).
  const [state, setState] = useState(() => ({ name, mod: loaded.get(name) || null }));
  const [error, setError] = useState(null);
  useEffect(() => {
    if (loaded.has(name)) { setState({ name, mod: loaded.get(name) }); return; }
    setState({ name, mod: null });
    import(`./pages/${name}.js`).then((m) => { loaded.set(name, m); setState((s) => (s.name === name ? { name, mod: m } : s)); }, setError);
  }, [name]);
  const mod = state.name === name ? state.mod : loaded.get(name) || null;
  return { mod, error };
}

function Nav() {
  const { path } = useLocation();
  const { user, signOut } = useContext(Session);
  const [open, setOpen] = useState(false);
  const items = NAV.concat(user.role !== 'rep' ? [['/manager', 'Team']] : [], user.role === 'admin' ? [['/admin', 'Admin']] : []);
  const current = (href) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`));
  return html`<header class="top">
    <a class="brand" href="/">uptake</a>
    <button class="icon menu-toggle" aria-expanded=${open} aria-controls="mainnav" onClick=${() => setOpen(!open)}>☰<span class="sr">Menu</span></button>
    <nav id="mainnav" class=${open ? 'open' : ''} aria-label="Main" onClick=${() => setOpen(false)}>
      ${items.map(([href, label]) => html`<a href=${href} aria-current=${current(href) ? 'page' : undefined}>${label}</a>`)}
    </nav>
    <${GlobalSearch} />
    <div class="me">
      <span class="who" title=${user.email}>${user.name}</span>
      <button type="button" class="link" onClick=${signOut}>Sign out</button>
    </div>
  </header>`;
}

function Main() {
  const { path, query } = useLocation();
  const { user } = useContext(Session);
  let route = null, params = null;
  for (const r of ROUTES) {
    params = match(r[0], path);
    if (params) { route = r; break; }
  }
  const { mod, error } = usePage(route ? route[1] : 'today');
  useEffect(() => { document.title = 'uptake'; }, [path]);
  if (!route) return html`<main id="main"><h1>Not found</h1><p>There is no page at ${path}. <a href="/">Go to Today</a>.</p></main>`;
  if (route[2] && !route[2].includes(user.role)) return html`<main id="main"><h1>Not for your role</h1><p>This page is for ${route[2].join(' and ')}s.</p></main>`;
  if (error) return html`<main id="main"><p class="error" role="alert">Cannot load this page: ${error.message}</p></main>`;
  const Page = mod && mod.default;
  return html`<main id="main">${Page ? html`<${Page} key=${path} params=${params} query=${query} path=${path} />` : html`<${Loading} />`}</main>`;
}

function App() {
  const [session, setSession] = useState(undefined);
  const [login, setLogin] = useState(null);

  async function signOut() {
    try { await api.del('/session'); } catch { /* signed out already */ }
    setCsrf(null);
    setSession(null);
  }
  useEffect(() => {
    whenSignedOut(() => setSession(null));
    api.get('/session').then((s) => { setCsrf(s.csrf_token); setSession(s); }, () => setSession(null));
  }, []);
  useEffect(() => {
    if (session === null && !login) import('./pages/login.js').then((m) => setLogin(() => m.default));
  }, [session]);

  if (session === undefined) return html`<p class="boot">Loading uptake…</p>`;
  if (session === null) {
    return login ? html`<${login} onSignedIn=${(s) => { setCsrf(s.csrf_token); setSession(s); }} />` : html`<p class="boot">Loading…</p>`;
  }
  return html`<${Session.Provider} value=${{ user: session.user, signOut }}>
    <a class="skip" href="#main">Skip to content</a>
    <${Nav} />
    <${Main} />
    <${Toasts} />
  </${Session.Provider}>`;
}

/* Start loading the first page's module now, alongside the session check, rather than after
 * it: on a cold load this removes a round of waiting from the first usable screen. */
const first = ROUTES.find((r) => match(r[0], location.pathname));
if (first) import(`./pages/${first[1]}.js`).then((m) => loaded.set(first[1], m), () => {});

interceptLinks();
render(html`<${App} />`, document.getElementById('app'));
export { navigate };
