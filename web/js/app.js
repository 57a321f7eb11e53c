// SPDX-License-Identifier: MIT
// The app shell: session, navigation, global search, and the page for the current route.
// Pages are loaded on first use so the first screen needs little JavaScript.
import { html, render, useEffect, useLayoutEffect, useState, useContext } from './lib.js';
import { api, setCsrf, whenSignedOut } from './api.js';
import { interceptLinks, navigate, useLocation } from './router.js';
import { firstReady, loadPage, loadedPage, routeOf, sessionNow } from './boot.js';
import { Session, Toasts, Loading, Dialog, useShortcut } from './ui.js';
import { GlobalSearch } from './search.js';

const NAV = [
  ['/', 'Today'], ['/contacts', 'Contacts'], ['/organizations', 'Organizations'],
  ['/pipeline', 'Pipeline'], ['/deals', 'Deals'], ['/leads', 'Leads'], ['/tasks', 'Tasks'],
];

function usePage(name) {
  // The module is kept with its name: right after a route change the previous page's module
  // must not render once with the new route's params (it would fetch the wrong record).
  const [state, setState] = useState(() => ({ name, mod: loadedPage(name) }));
  const [error, setError] = useState(null);
  // A layout effect: a page that has just arrived renders before the browser paints again.
  useLayoutEffect(() => {
    if (loadedPage(name)) { if (state.name !== name || !state.mod) setState({ name, mod: loadedPage(name) }); return; }
    setState({ name, mod: null });
    loadPage(name).then((m) => setState((s) => (s.name === name ? { name, mod: m } : s)), setError);
  }, [name]);
  const mod = state.name === name ? state.mod : loadedPage(name);
  return { mod, error };
}

function Nav() {
  const { path } = useLocation();
  const { user, signOut } = useContext(Session);
  const [open, setOpen] = useState(false);
  const items = NAV.concat(user.role !== 'rep' ? [['/manager', 'Team'], ['/adoption', 'Adoption']] : [], user.role === 'admin' ? [['/admin', 'Admin']] : []);
  const current = (href) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`));
  // Managers' and admins' longer navigation leaves no room for their name on a laptop screen.
  return html`<header class=${`top${user.role !== 'rep' ? ' long-nav' : ''}`}>
    <a class="brand" href="/">uptake</a>
    <button class="icon menu-toggle" aria-expanded=${open} aria-controls="mainnav" onClick=${() => setOpen(!open)}>☰<span class="sr">Menu</span></button>
    <nav id="mainnav" class=${open ? 'open' : ''} aria-label="Main" onClick=${() => setOpen(false)}>
      ${items.map(([href, label]) => html`<a href=${href} aria-current=${current(href) ? 'page' : undefined}>${label}</a>`)}
    </nav>
    <${GlobalSearch} />
    <div class="me">
      <a class="who" href="/me" title=${`${user.email}: my account`} aria-current=${path === '/me' ? 'page' : undefined}>${user.name}</a>
      <a class="account-short" href="/me" aria-current=${path === '/me' ? 'page' : undefined}>Account</a>
      <a class="my-adoption" href="/me/adoption" title=${`${user.name} (${user.email})`} aria-current=${path === '/me/adoption' ? 'page' : undefined}>My adoption</a>
      <a class="my-points" href="/points" title="Your points, the leaderboard and contests" aria-current=${path === '/points' ? 'page' : undefined}>Points</a>
      <button type="button" class="link" onClick=${signOut}>Sign out</button>
    </div>
  </header>`;
}

function Main() {
  const { path, query } = useLocation();
  const { user } = useContext(Session);
  const { route, params } = routeOf(path) || { route: null, params: null };
  const { mod, error } = usePage(route ? route[1] : 'today');
  useEffect(() => { document.title = 'uptake'; }, [path]);
  if (!route) return html`<main id="main"><h1>Not found</h1><p>There is no page at ${path}. <a href="/">Go to Today</a>.</p></main>`;
  if (route[2] && !route[2].includes(user.role)) return html`<main id="main"><h1>Not for your role</h1><p>This page is for ${route[2].map((r) => `${r}s`).join(' and ')}.</p></main>`;
  if (error) return html`<main id="main"><p class="error" role="alert">Cannot load this page: ${error.message}</p></main>`;
  const Page = mod && mod.default;
  return html`<main id="main">${Page ? html`<${Page} key=${path} params=${params} query=${query} path=${path} />` : html`<${Loading} />`}</main>`;
}

function App() {
  const [session, setSession] = useState(sessionNow);
  const [login, setLogin] = useState(null);

  async function signOut() {
    try { await api.del('/session'); } catch { /* signed out already */ }
    setCsrf(null);
    setSession(null);
  }
  useLayoutEffect(() => {
    whenSignedOut(() => setSession(null));
    firstReady.then(setSession);
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
    <${ShortcutHelp} />
  </${Session.Provider}>`;
}

// '?' lists the keyboard shortcuts.
const SHORTCUTS = [
  ['/', 'Search contacts, organizations, deals and leads; Enter opens the first hit'],
  ['c', 'Log a call, meeting, email or note, on a contact, organization or deal page'],
  ['Esc', 'Close a dialog or the search results; leave a form you have not changed'],
  ['?', 'Show these shortcuts'],
];
function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  useShortcut('?', () => setOpen(true));
  return html`<${Dialog} title="Keyboard shortcuts" open=${open} onClose=${() => setOpen(false)}>
    <dl class="shortcuts">${SHORTCUTS.map(([k, what]) => html`<dt><kbd>${k}</kbd></dt><dd>${what}</dd>`)}</dl>
  </${Dialog}>`;
}

interceptLinks();
render(html`<${App} />`, document.getElementById('app'));
export { navigate };
