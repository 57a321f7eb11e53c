// SPDX-License-Identifier: MIT
// API test harness: a fresh database per file, the real `uptake serve` on an ephemeral loopback
// port, signed-in clients, the sqlite3 shell (psql on PostgreSQL) for looking behind the API,
// and table-driven checks. On PostgreSQL (UPTAKE_TEST_PG_STATE) each server's database is one
// of the test cluster's.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export const BIN = process.env.UPTAKE_BIN || path.resolve('build/uptake');
export const TMP = process.env.UPTAKE_TMP || os.tmpdir();
export const PASSWORD = 'correct horse battery';
/* The schema version a new database gets: one per migration file in sql/sqlite. */
export const SCHEMA_VERSION = fs.readdirSync(new URL('../../../sql/sqlite/', import.meta.url))
  .filter((f) => /^\d{4}_.*\.sql$/.test(f)).length;

/* The environment for uptake: ours (PATH, sanitizer options, …) without UPTAKE_* settings, so
 * a developer's own settings cannot change what a test means. */
function childEnv(extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('UPTAKE_')));
  return { ...env, ...extra };
}

const live = new Set();
const dirs = [];
process.on('exit', (code) => {
  for (const p of live) p.kill('SIGKILL');
  /* Scratch folders go unless something failed (then they are evidence) or UPTAKE_KEEP_TMP. */
  if (code === 0 && !process.env.UPTAKE_KEEP_TMP)
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/* A new empty folder under UPTAKE_TMP. */
export function tmpDir(prefix = 'api-') {
  fs.mkdirSync(TMP, { recursive: true });
  const d = fs.mkdtempSync(path.join(TMP, prefix));
  dirs.push(d);
  return d;
}

/* Runs the uptake binary to completion: {status, stdout, stderr}. cwd defaults to a scratch
 * folder so no uptake.ini of the developer's is picked up. */
export function cli(args, { input = '', env = {}, cwd } = {}) {
  const r = spawnSync(BIN, args, {
    input,
    cwd: cwd || tmpDir('cli-'),
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 60000,
  });
  assertClean(r.stderr, args.join(' '));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/* Fails on a sanitizer report (the CI pass builds with ASan and UBSan). */
function assertClean(stderr, what) {
  assert.ok(!/Sanitizer|runtime error:/.test(stderr), `${what}: sanitizer report:\n${stderr}`);
}

/* cli() without blocking the event loop (for long runs while a server test has connections
 * open): resolves to {status, stdout, stderr}. */
export function cliAsync(args, { cwd, timeout = 300000 } = {}) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { cwd: cwd || tmpDir('cli-'), env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), timeout);
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (status) => {
      clearTimeout(timer);
      assertClean(stderr, args.join(' '));
      resolve({ status, stdout, stderr });
    });
  });
}

/* PostgreSQL mode (CTest's api-pg/ tests): UPTAKE_TEST_PG_STATE names the file holding the
 * throwaway cluster's base URL (scripts/pg-cluster.sh); every server then gets a database of
 * its own there instead of a SQLite file. */
export const PG_STATE = process.env.UPTAKE_TEST_PG_STATE || '';
export const ENGINE = PG_STATE ? 'postgresql' : 'sqlite';
let databases = 0;

/* A new empty PostgreSQL database on the test cluster: its URL. Named by process and count,
 * so concurrent test files never collide. */
export function pgDatabase() {
  const name = `api_${process.pid}_${++databases}`;
  const r = spawnSync(new URL('../../../scripts/pg-cluster.sh', import.meta.url).pathname,
    ['createdb', PG_STATE, name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`);
  return r.stdout.trim();
}

/* Runs SQL on the database (a SQLite file with the sqlite3 shell, a PostgreSQL URL with psql);
 * returns rows as objects. */
export function sql(db, query) {
  if (/^postgres(ql)?:\/\//.test(db)) return pgSql(db, query);
  const r = spawnSync('sqlite3', ['-json', '-cmd', '.timeout 5000', db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

function pgSql(url, query) {
  const q = query.trim().replace(/;+$/, '');
  const rows = /^(select|with|values)\b/i.test(q) && !q.includes(';');
  const text = rows ? `SELECT coalesce(json_agg(t), '[]'::json) FROM (${q}) t` : q;
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', url, '-c', text],
    { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return rows ? JSON.parse(r.stdout) : [];
}

export function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/* The standard cast: two teams, each with a manager and reps, plus an admin. */
export const CAST = [
  { key: 'admin', email: 'admin@acme.test', name: 'Ada Admin', role: 'admin', team: 'north' },
  { key: 'mgrN', email: 'mgr.north@acme.test', name: 'Max North', role: 'manager', team: 'north' },
  { key: 'repN1', email: 'rep1.north@acme.test', name: 'Rita One', role: 'rep', team: 'north' },
  { key: 'repN2', email: 'rep2.north@acme.test', name: 'Rob Two', role: 'rep', team: 'north' },
  { key: 'mgrS', email: 'mgr.south@acme.test', name: 'Sam South', role: 'manager', team: 'south' },
  { key: 'repS', email: 'rep.south@acme.test', name: 'Sue South', role: 'rep', team: 'south' },
];

export class Response {
  constructor(status, headers, text) {
    this.status = status;
    this.headers = headers;
    this.text = text;
    try {
      this.body = text ? JSON.parse(text) : null;
    } catch {
      this.body = undefined;
    }
  }
}

export class Client {
  constructor(base, { cookie = null, csrf = null, token = null, user = null } = {}) {
    this.base = base;
    this.cookie = cookie;
    this.csrf = csrf;
    this.token = token;
    this.user = user;
  }

  /* body: undefined (none), a string or Buffer (sent as is), or a value sent as JSON.
   * opts.csrf: false leaves out X-CSRF-Token, a string sends that instead. */
  async req(method, p, body, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.cookie && opts.cookie !== false) headers.Cookie = this.cookie;
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (unsafe && this.csrf && opts.csrf !== false)
      headers['X-CSRF-Token'] = typeof opts.csrf === 'string' ? opts.csrf : this.csrf;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      if (!headers['Content-Type']) headers['Content-Type'] = 'application/json';
    }
    const r = await fetch(this.base + p, { method, headers, body: payload });
    return new Response(r.status, r.headers, await r.text());
  }
  get(p, opts) { return this.req('GET', p, undefined, opts); }
  post(p, body, opts) { return this.req('POST', p, body, opts); }
  patch(p, body, opts) { return this.req('PATCH', p, body, opts); }
  del(p, opts) { return this.req('DELETE', p, undefined, opts); }

  /* Creates a record and returns it, failing the test unless the answer is 201. */
  async create(p, body) {
    const r = await this.post(p, body);
    assert.equal(r.status, 201, `POST ${p} ${JSON.stringify(body)}: ${r.text}${r.status >= 500 ? serverLogTail(this.base) : ''}`);
    return r.body;
  }
}

/* Live servers by URL, so a failed case can show what the server logged. */
const byUrl = new Map();

/* The end of the log of the server at base ('' when unknown): a 500 says "see the server log". */
function serverLogTail(base) {
  const s = byUrl.get(base);
  return s && s.stderr ? `\nserver log (end):\n${s.stderr.slice(-3000)}` : '';
}

export class Server {
  /* opts: users (default CAST), flags (extra serve flags), env. */
  static async start(opts = {}) {
    const s = new Server();
    s.dir = tmpDir('srv-');
    s.db = PG_STATE ? pgDatabase() : path.join(s.dir, 'uptake.db');
    s.env = opts.env || {};
    let r = cli(['init', '--db', s.db], { cwd: s.dir });
    assert.equal(r.status, 0, r.stderr);
    s.users = {};
    for (const u of opts.users || CAST) {
      const args = ['user', 'add', '--db', s.db, '--email', u.email, '--name', u.name, '--role', u.role];
      if (u.team) args.push('--team', u.team);
      if (u.integration) args.push('--integration');
      r = cli(args, { input: `${u.password || PASSWORD}\n`, cwd: s.dir });
      assert.equal(r.status, 0, r.stderr);
      s.users[u.key] = { ...u, id: Number(/added user (\d+)/.exec(r.stdout)[1]) };
    }
    await s.spawn(opts.flags || []);
    after(() => s.stop());
    return s;
  }

  async spawn(flags) {
    this.proc = spawn(BIN, ['serve', '--db', this.db, '--listen', '127.0.0.1:0', ...flags], {
      cwd: this.dir,
      env: childEnv({ UPTAKE_LOG_LEVEL: 'warn', ...this.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(this.proc);
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((res) => this.proc.on('exit', (code, sig) => res({ code, sig })));
    this.port = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${this.stderr}`)), 30000);
      this.proc.stdout.on('data', (d) => {
        out += d;
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+) \(database /.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      this.exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code}: ${this.stderr}`));
      });
    });
    this.url = `http://127.0.0.1:${this.port}`;
    byUrl.set(this.url, this);
  }

  /* SIGTERM, then insists on a clean exit: status 0 and no sanitizer report (leaks included). */
  async stop() {
    if (!this.proc || this.stopped) return this.stopped;
    this.proc.kill('SIGTERM');
    this.stopped = await this.exited;
    live.delete(this.proc);
    assertClean(this.stderr, 'serve');
    assert.deepEqual(this.stopped, { code: 0, sig: null }, `serve exit: ${this.stderr}`);
    return this.stopped;
  }

  /* Asserts the server still answers (after a group of hostile requests). */
  async assertAlive() {
    assert.equal(this.proc.exitCode, null, `server exited: ${this.stderr}`);
    assertClean(this.stderr, 'serve');
    const r = await fetch(`${this.url}/api/v1/health`);
    assert.equal(r.status, 200);
  }

  anon() { return new Client(this.url); }

  /* Signs in (one argon2id verification) and returns a client holding cookie and CSRF token. */
  async login(email, password = PASSWORD) {
    const r = await this.anon().post('/api/v1/session', { email, password });
    assert.equal(r.status, 200, `sign-in of ${email}: ${r.text}`);
    const cookie = r.headers.get('set-cookie').split(';')[0];
    return new Client(this.url, { cookie, csrf: r.body.csrf_token, user: r.body.user });
  }

  /* Signs in every cast member once: {admin: Client, repN1: Client, …}. */
  async loginAll() {
    const out = {};
    await Promise.all(Object.values(this.users).filter((u) => !u.integration).map(async (u) => {
      out[u.key] = await this.login(u.email, u.password || PASSWORD);
    }));
    return out;
  }

  sql(q) { return sql(this.db, q); }

  /* Writes ledger rows straight into the database, as the server appends them: with their
   * sums per day and week (migration 0022), which the leaderboards read. rows: [{at, user,
   * points, rule}] (rule optional). */
  addPoints(rows) {
    const DAY = 86400000;
    const q = rows.map(({ at, user, points, rule }) => {
      const day = Math.floor(at / DAY), week = day - ((day + 3) % 7);
      return `INSERT INTO points_ledger (at, user_id, rule_id, points, reason)
          VALUES (${at}, ${user}, ${rule ?? 'NULL'}, ${points}, 'test');
        INSERT INTO points_days (day, user_id, points) VALUES (${day}, ${user}, ${points})
          ON CONFLICT (day, user_id) DO UPDATE SET points = points_days.points + excluded.points;
        INSERT INTO points_weeks (week, user_id, points) VALUES (${week}, ${user}, ${points})
          ON CONFLICT (week, user_id) DO UPDATE SET points = points_weeks.points + excluded.points`;
    });
    this.sql(q.join(';\n'));
  }

  /* Sends raw bytes with node's http client; without contentLength the body goes chunked. */
  raw(method, p, { headers = {}, chunks = [], contentLength = true, localAddress } = {}) {
    return new Promise((resolve, reject) => {
      const h = { ...headers };
      const body = Buffer.concat(chunks.map((c) => Buffer.from(c)));
      if (contentLength) h['Content-Length'] = body.length;
      const rq = http.request(this.url + p, { method, headers: h, localAddress }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve(new Response(res.statusCode, res.headers, text)));
      });
      rq.on('error', reject);
      for (const c of chunks) rq.write(c);
      rq.end();
    });
  }
}

/* Asserts that actual contains expected: objects key by key (recursively), arrays item by item,
 * other values equal. */
export function assertSubset(actual, expected, where = '') {
  if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${where}: expected an object, got ${JSON.stringify(actual)}`);
    if (Array.isArray(expected)) {
      assert.ok(Array.isArray(actual), `${where}: expected an array`);
      assert.equal(actual.length, expected.length, `${where}: length of ${JSON.stringify(actual)}`);
    }
    for (const [k, v] of Object.entries(expected)) assertSubset(actual[k], v, `${where}.${k}`);
  } else {
    assert.deepEqual(actual, expected, `${where}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
  }
}

/* Runs one table-driven case: {as: Client, method, path, body, opts, status, json, error}.
 * error: the expected error code ("bad_request"), optionally with field. */
export async function expectCase(c) {
  const label = c.name || `${c.method} ${c.path} ${c.body === undefined ? '' : JSON.stringify(c.body).slice(0, 80)}`;
  const r = await c.as.req(c.method, c.path, c.body, c.opts || {});
  if (r.status !== c.status) {
    const log = r.status >= 500 ? serverLogTail(c.as.base) : '';
    assert.equal(r.status, c.status, `${label}: got ${r.status} ${r.text.slice(0, 300)}${log}`);
  }
  if (r.status >= 400) {
    assert.ok(r.body && r.body.error, `${label}: error body ${r.text.slice(0, 200)}`);
    assert.equal(typeof r.body.error.code, 'string', label);
    assert.equal(typeof r.body.error.message, 'string', label);
    if (c.error) assert.equal(r.body.error.code, c.error, `${label}: ${r.text}`);
    if (c.field) assert.equal(r.body.error.field, c.field, `${label}: ${r.text}`);
  }
  if (c.json) assertSubset(r.body, c.json, label);
  return r;
}

/* Error code names by status, as the API documents them. */
export const CODE = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found',
  409: 'conflict', 413: 'too_large', 422: 'invalid_field', 429: 'rate_limited',
};
