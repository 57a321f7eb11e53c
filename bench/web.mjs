// SPDX-License-Identifier: MIT
// The web benchmark's measurements (bench/web.sh runs it; see docs/BENCHMARKS.md, "Web UI"):
//   node bench/web.mjs snapshot URL EMAIL PASSWORD CONTACT_ID DIR
//     loads the contact page from uptake once and writes every response it used under DIR, for
//     nginx to serve the same bytes at the same paths (API answers keyed by path and query);
//   node bench/web.mjs measure URL NGINX_URL EMAIL PASSWORD CONTACT_ID DB OUT.json
//     JavaScript bytes until Today is usable, contact-page load times on uptake and on nginx
//     (first visits in a fresh profile, and returning visits with the browser cache filled),
//     search-as-you-type request times on uptake and the same FTS queries in the sqlite3 shell.
// Everything it talks to is on 127.0.0.1; each wait is bounded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.UPTAKE_CHROMIUM || '/usr/bin/chromium';
const LOADS = Number(process.env.BENCH_LOADS || 20);
const NAMES = Number(process.env.BENCH_NAMES || 200);
const STEP_MS = 15000;

function log(...a) { process.stderr.write(`bench web: ${a.join(' ')}\n`); }

async function launch() {
  /* A fresh profile per launch (playwright's temporary user data directory). */
  return chromium.launch({
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
}

async function signIn(url, email, password) {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }), signal: AbortSignal.timeout(STEP_MS),
  });
  if (r.status !== 200) throw new Error(`sign-in: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const [name, value] = cookie.split('=');
  return { header: cookie, name, value };
}

/* A context carrying the session cookie for host, so loads start signed in. */
async function context(browser, url, cookie) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  ctx.setDefaultTimeout(STEP_MS);
  if (cookie) await ctx.addCookies([{ name: cookie.name, value: cookie.value, url }]);
  return ctx;
}

/* Marks, in page time (ms since navigation start), when the contact page is usable: its <h1>
 * names the contact, the "Log call" action is there and the timeline has rendered (its first
 * entries, or the empty-state line). Installed before any page script runs. */
const READY_PROBE = `(() => {
  const want = window.__wantName;
  const check = () => {
    const h1 = document.querySelector('main h1');
    const tl = document.querySelector('ol.timeline > li, .timeline-wrap .empty');
    const btn = [...document.querySelectorAll('main button')].some((b) => /Log call/.test(b.textContent));
    if (h1 && h1.textContent.includes(window.__wantName || '') && tl && btn && !window.__ready) {
      window.__ready = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

async function contactLoad(browser, url, cookie, id, name) {
  const ctx = await context(browser, url, cookie);
  await ctx.addInitScript(`window.__wantName = ${JSON.stringify(name)};`);
  await ctx.addInitScript(READY_PROBE);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${url}/contacts/${id}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__ready, null, { timeout: STEP_MS, polling: 'raf' });
    const ms = await page.evaluate(() => window.__ready);
    return { ms, errors };
  } finally {
    await ctx.close();
  }
}

/* A returning user: one browser context whose first load (not counted) fills the HTTP cache, then
 * n full navigations to the contact page in it. Scripts and styles come from the cache
 * (uptake sends max-age for them, nginx below the same), API answers are asked again. */
async function warmLoads(browser, url, cookie, id, name, n) {
  const ctx = await context(browser, url, cookie);
  await ctx.addInitScript(`window.__wantName = ${JSON.stringify(name)};`);
  await ctx.addInitScript(READY_PROBE);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const ms = [];
  try {
    for (let i = 0; i <= n; i++) {
      await page.goto(`${url}/contacts/${id}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__ready, null, { timeout: STEP_MS, polling: 'raf' });
      if (i > 0) ms.push(await page.evaluate(() => window.__ready));
    }
    return { ms, errors };
  } finally {
    await ctx.close();
  }
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const median = (xs) => pct(xs, 50);

async function snapshot([url, email, password, id, dir]) {
  const cookie = await signIn(url, email, password);
  const browser = await launch();
  const ctx = await context(browser, url, cookie);
  const page = await ctx.newPage();
  const saved = [];
  page.on('response', async (res) => {
    const u = new URL(res.url());
    if (u.origin !== url || res.status() !== 200) return;
    const body = await res.body().catch(() => null);
    if (!body) return;
    let file;
    if (u.pathname.startsWith('/api/')) file = path.join(dir, 'api-snap', `${u.pathname}__${u.search.slice(1)}`);
    else if (u.pathname.startsWith('/contacts/')) return; /* the app page: index.html below */
    else file = path.join(dir, u.pathname);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    saved.push(`${u.pathname}${u.search}`);
  });
  const c = await (await fetch(`${url}/api/v1/contacts/${id}`, { headers: { Cookie: cookie.header } })).json();
  await ctx.addInitScript(`window.__wantName = ${JSON.stringify([c.first_name, c.last_name].filter(Boolean).join(' '))};`);
  await ctx.addInitScript(READY_PROBE);
  await page.goto(`${url}/contacts/${id}`);
  await page.waitForFunction(() => window.__ready, null, { timeout: STEP_MS });
  await page.waitForLoadState('networkidle', { timeout: STEP_MS }).catch(() => {});
  const index = await (await fetch(`${url}/`)).arrayBuffer();
  fs.writeFileSync(path.join(dir, 'index.html'), Buffer.from(index));
  await browser.close();
  log(`snapshot: ${saved.length} responses saved`);
}

/* JavaScript until Today is usable: the Today heading is rendered and the search box takes
 * input. Counted by response body size (uncompressed; uptake sends no Content-Encoding). */
async function jsBytes(browser, url, cookie) {
  const ctx = await context(browser, url, cookie);
  const page = await ctx.newPage();
  const js = [];
  let usable = false;
  page.on('response', async (res) => {
    const type = res.headers()['content-type'] || '';
    if (!/javascript/.test(type)) return;
    const body = await res.body().catch(() => Buffer.alloc(0));
    js.push({ url: new URL(res.url()).pathname, bytes: body.length, before: !usable, enc: res.headers()['content-encoding'] || '' });
  });
  await page.goto(`${url}/`);
  await page.locator('main h1').first().waitFor();
  await page.getByRole('combobox', { name: 'Search' }).waitFor();
  /* Responses whose events are still being handled arrived before "usable" too. */
  await new Promise((r) => setTimeout(r, 50));
  usable = true;
  await page.waitForLoadState('networkidle', { timeout: STEP_MS }).catch(() => {});
  await ctx.close();
  const before = js.filter((j) => j.before);
  return {
    bytes: before.reduce((a, j) => a + j.bytes, 0),
    files: before.length,
    all_bytes: js.reduce((a, j) => a + j.bytes, 0),
    all_files: js.length,
    compressed: js.some((j) => j.enc),
    list: before.map((j) => `${j.url} ${j.bytes}`),
  };
}

/* The words a person types: prefixes of "First Last" for many contacts, one per keystroke. */
function keystrokes(names) {
  const out = [];
  for (const n of names) for (let i = 1; i <= n.length; i++) if (n[i - 1] !== ' ') out.push(n.slice(0, i));
  return out;
}

/* Mirrors fts_query() in src/store/record.c: quoted prefix terms. */
function ftsQuery(q) {
  return (q.match(/[A-Za-z0-9\u0080-\uffff]+/g) || []).slice(0, 12).map((t) => `"${t}"*`).join(' ');
}

const SEARCH_KINDS = [['contacts', 2], ['organizations', 1], ['deals', 4], ['leads', 3]];

/* CPU time (user + system) the server process has used, in ms; null without BENCH_UPTAKE_PID.
 * Per request it is a cost that, unlike latency, hardly moves when other programs share the
 * machine. */
function serverCpuMs() {
  const pid = process.env.BENCH_UPTAKE_PID;
  if (!pid) return null;
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  const tick = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / tick;
}

async function searchUptake(url, cookie, prefixes) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const get = (p) => new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const rq = http.get(`${url}${p}`, { agent, headers: { Cookie: cookie.header }, timeout: STEP_MS }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${p}: ${res.statusCode}`));
        else resolve(Number(process.hrtime.bigint() - t0) / 1e6);
      });
    });
    rq.on('timeout', () => rq.destroy(new Error(`${p}: timeout`)));
    rq.on('error', reject);
  });
  const enc = (q) => new URLSearchParams({ q, limit: '5' }).toString();
  /* Warm-up: the first requests open connections and fill SQLite's cache. */
  for (const q of prefixes.slice(0, 50)) await Promise.all(SEARCH_KINDS.map(([k]) => get(`/api/v1/${k}?${enc(q)}`)));
  const perRequest = [], perKey = [];
  const t0 = Date.now();
  const cpu0 = serverCpuMs();
  for (const q of prefixes) {
    const k0 = process.hrtime.bigint();
    /* As the search box does: the four kinds at once. */
    const ts = await Promise.all(SEARCH_KINDS.map(([k]) => get(`/api/v1/${k}?${enc(q)}`)));
    perKey.push(Number(process.hrtime.bigint() - k0) / 1e6);
    perRequest.push(...ts);
  }
  const cpu1 = serverCpuMs();
  agent.destroy();
  const cpuPerRequest = cpu0 === null ? null : (cpu1 - cpu0) / perRequest.length;
  return { perRequest, perKey, secs: (Date.now() - t0) / 1000, cpuPerRequest };
}

/* The same FTS lookups in the sqlite3 shell (the store's SQL without the visibility clause,
 * which is "true" for an admin), each query timed by the shell's own .timer (CPU time). */
function searchSqlite(db, prefixes) {
  const lines = ['.timer on', '.mode list', '.output /dev/null'];
  const sql = (table, code, m) => `SELECT * FROM ${table} WHERE deleted_at IS NULL AND id IN (SELECT rowid / 16 FROM search_fts WHERE search_fts MATCH '${m.replace(/'/g, "''")}' AND rowid % 16 = ${code}) ORDER BY id DESC LIMIT 6;`;
  for (const q of prefixes.slice(0, 50)) for (const [t, c] of SEARCH_KINDS) lines.push(sql(t, c, ftsQuery(q)));
  lines.push('.timer off', '.output stdout', "SELECT 'warm';", '.timer on', '.output /dev/null');
  for (const q of prefixes) for (const [t, c] of SEARCH_KINDS) lines.push(sql(t, c, ftsQuery(q)));
  const r = spawnSync('sqlite3', ['-readonly', db], { input: lines.join('\n'), encoding: 'utf8', maxBuffer: 1 << 28, timeout: 300000 });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  const out = r.stdout.slice(r.stdout.indexOf('warm'));
  /* The shell prints wall time in whole milliseconds but CPU time in microseconds; a cached
   * query is pure CPU, so user + sys is its time. */
  const times = [...out.matchAll(/Run Time: real [0-9.]+ user ([0-9.]+) sys ([0-9.]+)/g)]
    .map((m) => (Number(m[1]) + Number(m[2])) * 1000);
  const perKey = [];
  for (let i = 0; i + 3 < times.length; i += 4) perKey.push(times[i] + times[i + 1] + times[i + 2] + times[i + 3]);
  return { perRequest: times, perKey };
}

async function measure([url, nginxUrl, email, password, id, db, out]) {
  const cookie = await signIn(url, email, password);
  const c = await (await fetch(`${url}/api/v1/contacts/${id}`, { headers: { Cookie: cookie.header } })).json();
  const name = [c.first_name, c.last_name].filter(Boolean).join(' ');
  const browser = await launch();
  const result = { contact: { id: Number(id), name } };
  try {
    log('JavaScript until Today is usable');
    result.js = await jsBytes(browser, url, cookie);

    log(`contact page: ${LOADS} cold loads each from uptake and nginx, alternating`);
    const up = [], ng = [];
    /* One of each first, not counted: Chromium's own first-run work. */
    await contactLoad(browser, url, cookie, id, name);
    await contactLoad(browser, nginxUrl, null, id, name);
    for (let i = 0; i < LOADS; i++) {
      const a = await contactLoad(browser, url, cookie, id, name);
      if (a.errors.length) throw new Error(`page errors on uptake: ${a.errors.join('; ')}`);
      up.push(a.ms);
      const b = await contactLoad(browser, nginxUrl, null, id, name);
      ng.push(b.ms);
    }
    result.load = { uptake: up, nginx: ng };

    log(`contact page: ${LOADS} warm loads each from uptake and nginx`);
    const wu = await warmLoads(browser, url, cookie, id, name, LOADS);
    if (wu.errors.length) throw new Error(`page errors on uptake: ${wu.errors.join('; ')}`);
    const wn = await warmLoads(browser, nginxUrl, null, id, name, LOADS);
    result.warm = { uptake: wu.ms, nginx: wn.ms };
  } finally {
    await browser.close();
  }

  log(`search: prefixes of ${NAMES} names`);
  const list = await (await fetch(`${url}/api/v1/contacts?limit=${NAMES}`, { headers: { Cookie: cookie.header } })).json();
  const names = list.items.map((x) => [x.first_name, x.last_name].filter(Boolean).join(' ')).filter(Boolean);
  const prefixes = keystrokes(names);
  result.search = { names: names.length, keystrokes: prefixes.length, uptake: await searchUptake(url, cookie, prefixes) };
  log('search: the same FTS queries in the sqlite3 shell');
  result.search.sqlite = searchSqlite(db, prefixes);

  const s = (xs) => ({ median: median(xs), p90: pct(xs, 90), p99: pct(xs, 99), max: Math.max(...xs), n: xs.length });
  result.summary = {
    load_uptake: s(result.load.uptake), load_nginx: s(result.load.nginx),
    warm_uptake: s(result.warm.uptake), warm_nginx: s(result.warm.nginx),
    search_uptake_request: s(result.search.uptake.perRequest), search_uptake_key: s(result.search.uptake.perKey),
    search_sqlite_query: s(result.search.sqlite.perRequest), search_sqlite_key: s(result.search.sqlite.perKey),
  };
  fs.writeFileSync(out, JSON.stringify(result, null, 1));
  log(`results in ${out}`);
}

const [cmd, ...args] = process.argv.slice(2);
const fns = { snapshot, measure };
if (!fns[cmd]) {
  process.stderr.write(`usage: node bench/web.mjs snapshot|measure …\n${os.EOL}`);
  process.exit(2);
}
/* Bounded overall, whatever happens inside. */
const guard = setTimeout(() => { log('timed out'); process.exit(3); }, 15 * 60 * 1000);
guard.unref();
fns[cmd](args).then(() => process.exit(0), (e) => { log(e.stack || e); process.exit(1); });
