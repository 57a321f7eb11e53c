// SPDX-License-Identifier: MIT
// Browser test harness: a demo database and the real `uptake serve` on an ephemeral loopback
// port (the API harness's Server), Debian's Chromium driven by playwright-core, signed-in pages
// that record console errors, screenshots under UPTAKE_SCREENSHOTS, and API clients for
// checking behind the UI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { chromium } from 'playwright-core';
import { Server, cli, tmpDir } from '../../api/lib/server.mjs';

export { assert };
export const PASSWORD = 'demo-password';
export const ADMIN = 'admin@demo.uptake.test';
export const MANAGER = 'manager.north@demo.uptake.test';
export const SCREENSHOTS = process.env.UPTAKE_SCREENSHOTS || path.resolve('build/screenshots');
export const CHROMIUM = process.env.UPTAKE_CHROMIUM || '/usr/bin/chromium';
/* How long one UI step may take before the test fails (loopback, small data: generous). */
export const STEP_MS = 10000;

/* Starts the server on a fresh demo organization: {server, users, url}. users is the CLI's
 * `user list` (everyone, with id, email, role, team_id). Stopped (and checked for a clean exit)
 * when the file's tests end. */
export async function startDemo({ contacts = 300, days = 30, seed = 3, flags = [] } = {}) {
  const s = new Server();
  s.dir = tmpDir('br-');
  s.db = path.join(s.dir, 'uptake.db');
  s.env = {};
  let r = cli(['init', '--db', s.db, '--demo', '--contacts', String(contacts), '--days', String(days),
    '--seed', String(seed)], { cwd: s.dir });
  assert.equal(r.status, 0, r.stderr);
  r = cli(['user', 'list', '--db', s.db, '--format', 'json'], { cwd: s.dir });
  assert.equal(r.status, 0, r.stderr);
  const users = JSON.parse(r.stdout);
  /* UPTAKE_WEB_DIR (development): serve the UI from disk instead of the copy in the binary. */
  const web = process.env.UPTAKE_WEB_DIR ? ['--web-dir', path.resolve(process.env.UPTAKE_WEB_DIR)] : [];
  await s.spawn([...web, ...flags]);
  after(() => s.stop());
  return { server: s, users, url: s.url };
}

/* An active rep (not an integration user) of the given team (default: any). */
export function aRep(users, teamId) {
  const u = users.find((x) => x.role === 'rep' && x.active && !x.is_integration
    && x.has_password && (teamId === undefined || x.team_id === teamId));
  assert.ok(u, 'the demo organization has a rep');
  return u;
}

/* Another active rep of rep's team, who can sign in (a teammate whose records rep sees). */
export function aTeammate(users, rep) {
  const u = users.find((x) => x.role === 'rep' && x.active && x.has_password && !x.is_integration
    && x.id !== rep.id && x.team_id === rep.team_id);
  assert.ok(u, 'the demo organization has a teammate for the rep');
  return u;
}

/* The usual start of a test file: a demo server (startDemo), a browser, an active rep and an
 * API client signed in as them. */
export async function demoWithRep(opts) {
  const demo = await startDemo(opts);
  const browser = await launch();
  const rep = aRep(demo.users);
  const repApi = await api(demo.server, rep.email);
  return { ...demo, browser, rep, repApi };
}

/* Whether the binary serves web/js/pages/<name>.js. */
export async function pageBuilt(url, name) {
  const r = await fetch(`${url}/js/pages/${name}.js`);
  await r.arrayBuffer();
  return r.status === 200;
}

/* Options for test(): the pages it drives, and which of them the binary does not serve. */
export async function needs(url, ...pages) {
  const missing = [];
  for (const p of pages) if (!(await pageBuilt(url, p))) missing.push(p);
  return { missing };
}

/* Fails with a clear message when a page the test drives is missing from the binary. */
export function assertBuilt(opts) {
  assert.equal(opts.missing.length, 0, `the binary does not serve page(s): ${(opts.missing || []).join(', ')}`);
}

/* Chromium, headless, with a fresh user data directory (playwright makes a new temporary
 * profile for each launch and removes it on close). Closed when the file's tests end. */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
      /* Each new window of Chromium's new headless mode preloads the omnibox popup's web UI in a
       * renderer of its own, which kept a core busy for about 2 s of every page load measured
       * on a 2-core machine: browser chrome, not the page, and nothing a user's open browser
       * pays per link. */
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI'],
  });
  after(() => browser.close());
  return browser;
}

/* A new browser context (own cookies) and page on the server. page.problems collects console
 * errors, uncaught exceptions and failed requests; see assertNoErrors. */
export async function newPage(browser, url, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ baseURL: url, viewport: { width, height } });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const at = m.location() && m.location().url;
    page.problems.push(`console: ${m.text()}${at ? ` [${at}]` : ''}`);
  });
  page.on('pageerror', (e) => page.problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (rq) => {
    const why = rq.failure() ? rq.failure().errorText : '';
    /* A navigation away cancels requests in flight; that is not an error of the app. */
    if (why !== 'net::ERR_ABORTED') page.problems.push(`request failed: ${rq.url()} ${why}`);
  });
  return page;
}

/* Asserts the page logged no console error and threw nothing. allow: regexps of expected
 * messages (e.g. the browser's own "Failed to load resource: … 422" for a refused save). */
export function assertNoErrors(page, allow = []) {
  const left = page.problems.filter((p) => !allow.some((re) => re.test(p)));
  assert.deepEqual(left, [], `errors in the browser:\n${left.join('\n')}`);
}

/* The one console error a signed-out visit may log: the app asks GET /api/v1/session whether
 * it is signed in, the answer is 401, and Chromium logs every 4xx fetch as a console error. */
export const SIGNED_OUT_PROBE = /status of 401 .*\[http:\/\/127\.0\.0\.1:\d+\/api\/v1\/session\]$/;

/* Signs in through the sign-in form and waits for the app shell. */
export async function signIn(page, email, password = PASSWORD) {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  /* Hidden included: on a phone the navigation hides behind the menu button. */
  await page.getByRole('navigation', { name: 'Main', includeHidden: true }).waitFor({ state: 'attached' });
  /* Being signed out before is what the sign-in tests check; here it is only the way in. */
  page.problems = page.problems.filter((p) => !SIGNED_OUT_PROBE.test(p));
}

/* A browser page already signed in as email. */
export async function signedIn(browser, url, email, opts) {
  const page = await newPage(browser, url, opts);
  await signIn(page, email);
  return page;
}

/* Saves a full-page screenshot as SCREENSHOTS/<name>.png (also on failure: call it before the
 * assertions that may fail, or in a finally). */
export async function shot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
  return file;
}

/* Runs fn(); on failure saves SCREENSHOTS/<name>.failed.png first, so the evidence is there. */
export async function withShot(page, name, fn) {
  fs.rmSync(path.join(SCREENSHOTS, `${name}.failed.png`), { force: true });
  try {
    await fn();
  } catch (e) {
    await shot(page, `${name}.failed`);
    throw e;
  } finally {
    await shot(page, name);
  }
}

/* An API client signed in as email (the API harness's Client). */
export function api(server, email, password = PASSWORD) {
  return server.login(email, password);
}

/* Waits until fn() returns a truthy value (API state that the UI changed), or fails. */
export async function eventually(fn, what, ms = STEP_MS) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) assert.fail(`${what}: not after ${ms} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/* A name no demo record has, so a search for it finds exactly what the test made. */
export function uniqueWord(prefix = 'Zq') {
  return `${prefix}${Math.random().toString(36).slice(2, 8).replace(/[0-9]/g, 'x')}`;
}

/* The new-contact form: a "New contact" link or button on the contacts page. */
export async function openNewContact(page) {
  await page.goto('/contacts');
  await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
  await page.getByRole('link', { name: 'New contact' }).or(page.getByRole('button', { name: 'New contact' })).first().click();
  const form = page.locator('form').filter({ has: page.getByLabel('First name') }).first();
  await form.getByLabel('First name').waitFor();
  return form;
}
