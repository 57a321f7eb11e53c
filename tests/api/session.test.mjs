// SPDX-License-Identifier: MIT
// Sessions (sign in, who am I, sign out, expiry, CSRF) and API tokens.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAST, Client, PASSWORD, SCHEMA_VERSION, Server, expectCase } from './lib/server.mjs';

const srv = await Server.start({
  users: [...CAST, { key: 'bot', email: 'bot@acme.test', name: 'Sync Bot', role: 'rep', team: 'north', integration: true }],
});
const admin = await srv.login(CAST[0].email);
const rep = await srv.login(CAST[2].email);

test('POST /session sets an HttpOnly SameSite cookie and returns user and csrf_token', async () => {
  const r = await srv.anon().post('/api/v1/session', { email: 'Rep1.North@acme.test', password: PASSWORD });
  assert.equal(r.status, 200, r.text);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^uptake_session=[A-Za-z0-9_-]{40,};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=(Lax|Strict)/);
  assert.match(cookie, /Path=\//);
  assert.deepEqual(Object.keys(r.body).sort(), ['csrf_token', 'user']);
  assert.match(r.body.csrf_token, /^[0-9a-f]{64}$/);
  assert.deepEqual(r.body.user, {
    id: srv.users.repN1.id, email: CAST[2].email, name: CAST[2].name, role: 'rep',
    team_id: r.body.user.team_id, is_integration: false,
  });
  assert.equal(typeof r.body.user.team_id, 'number');
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('GET /session tells who is signed in, with the CSRF token', async () => {
  await expectCase({ as: rep, method: 'GET', path: '/api/v1/session', status: 200,
    json: { user: { id: srv.users.repN1.id, role: 'rep' }, csrf_token: rep.csrf } });
});

test('sign-in failures', async () => {
  const anon = srv.anon();
  const cases = [
    { body: { email: CAST[5].email, password: 'wrong password' }, status: 401, error: 'unauthorized' },
    { body: { email: 'nobody@acme.test', password: PASSWORD }, status: 401, error: 'unauthorized' },
    { body: { email: CAST[5].email }, status: 422, field: 'password' },
    { body: { password: PASSWORD }, status: 422, field: 'email' },
    { body: { email: CAST[5].email, password: PASSWORD, remember: true }, status: 400, field: 'remember' },
    { body: { email: 42, password: PASSWORD }, status: 400, field: 'email' },
    { body: [CAST[5].email, PASSWORD], status: 400 },
    { body: '{"email":', status: 400 },
    { body: '', status: 400 },
    { body: { email: 'x'.repeat(300) + '@acme.test', password: PASSWORD }, status: 401 },
  ];
  for (const c of cases)
    await expectCase({ as: anon, method: 'POST', path: '/api/v1/session', error: c.error, ...c });
  await srv.assertAlive();
});

test('unauthenticated and stale-cookie requests get 401', async () => {
  const bogus = new Client(srv.url, { cookie: 'uptake_session=not-a-real-session', csrf: 'x' });
  const long = new Client(srv.url, { cookie: `uptake_session=${'a'.repeat(5000)}` });
  for (const as of [srv.anon(), bogus, long]) {
    for (const [method, path] of [['GET', '/api/v1/session'], ['GET', '/api/v1/contacts'],
      ['POST', '/api/v1/contacts'], ['DELETE', '/api/v1/session'], ['GET', '/api/v1/users/me'],
      ['GET', '/api/v1/events'], ['GET', '/api/v1/tokens']])
      await expectCase({ as, method, path, body: method === 'POST' ? { last_name: 'X' } : undefined,
        status: 401, error: 'unauthorized' });
  }
});

test('unsafe methods need the session CSRF token', async () => {
  const cases = [
    { opts: { csrf: false }, status: 403 },
    { opts: { csrf: 'a'.repeat(64) }, status: 403 },
    { opts: { csrf: rep.csrf.slice(0, 63) }, status: 403 },
    { opts: { csrf: admin.csrf }, status: 403 }, /* another session's token */
    { opts: {}, status: 201 },
  ];
  for (const c of cases)
    await expectCase({ as: rep, method: 'POST', path: '/api/v1/contacts', body: { last_name: 'Csrf' },
      error: c.status === 403 ? 'forbidden' : undefined, ...c });
  /* Reads do not need it. */
  await expectCase({ as: rep, method: 'GET', path: '/api/v1/contacts', opts: { csrf: false }, status: 200 });
});

test('DELETE /session signs out; the cookie stops working', async () => {
  const c = await srv.login(CAST[3].email);
  await expectCase({ as: c, method: 'DELETE', path: '/api/v1/session', opts: { csrf: false }, status: 403 });
  const r = await c.del('/api/v1/session');
  assert.equal(r.status, 204);
  assert.match(r.headers.get('set-cookie'), /Max-Age=0/);
  await expectCase({ as: c, method: 'GET', path: '/api/v1/session', status: 401 });
});

test('an expired session is refused from the moment it expires', async () => {
  const c = await srv.login(CAST[4].email);
  /* The session ends 1.5 s from now; it works until then, every request after is refused, even
   * where the server still remembers the sign-in (docs/API.md, Sessions). */
  const end = Date.now() + 1500;
  srv.sql(`UPDATE sessions SET expires_at = ${end} WHERE user_id = ${srv.users.mgrS.id}`);
  for (let i = 0; i < 4; i++) await expectCase({ as: c, method: 'GET', path: '/api/v1/session', status: 200 });
  await new Promise((r) => { setTimeout(r, Math.max(0, end - Date.now()) + 50); });
  await expectCase({ as: c, method: 'GET', path: '/api/v1/session', status: 401, error: 'unauthorized' });
  await expectCase({ as: c, method: 'GET', path: '/api/v1/contacts', status: 401 });
});

test('a session ended by another process (SQL, the CLI) is refused within seconds', async () => {
  const c = await srv.login(CAST[4].email);
  for (let i = 0; i < 4; i++) await expectCase({ as: c, method: 'GET', path: '/api/v1/session', status: 200 });
  srv.sql(`UPDATE sessions SET expires_at = 0 WHERE user_id = ${srv.users.mgrS.id}`);
  const start = Date.now();
  let status = 200;
  while (status !== 401 && Date.now() - start < 10000) {
    status = (await c.get('/api/v1/contacts')).status;
    if (status !== 401) await new Promise((r) => { setTimeout(r, 100); });
  }
  assert.equal(status, 401, 'refused once the remembered sign-in has expired');
});

test('API tokens: create, use without CSRF, list, revoke', async () => {
  const created = await expectCase({ as: rep, method: 'POST', path: '/api/v1/tokens', body: { name: 'laptop' },
    status: 201, json: { name: 'laptop', user_id: srv.users.repN1.id } });
  const { id, token } = created.body;
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  const bearer = new Client(srv.url, { token });
  await expectCase({ as: bearer, method: 'GET', path: '/api/v1/session', status: 200,
    json: { user: { id: srv.users.repN1.id } } });
  const s = await bearer.get('/api/v1/session');
  assert.equal(s.body.csrf_token, undefined, 'token sessions carry no CSRF token');
  await expectCase({ as: bearer, method: 'POST', path: '/api/v1/contacts', body: { last_name: 'ViaToken' }, status: 201 });
  const list = await expectCase({ as: rep, method: 'GET', path: '/api/v1/tokens', status: 200 });
  assert.deepEqual(list.body.items.map((t) => t.name), ['laptop']);
  assert.equal(JSON.stringify(list.body).includes(token), false, 'the token is shown only once');
  const { count } = srv.sql(`SELECT count(*) AS count FROM api_tokens WHERE token_hash = '${token}'`)[0];
  assert.equal(count, 0, 'only the hash is stored');
  /* Another rep cannot revoke it; its owner can. */
  const other = await srv.login(CAST[5].email);
  await expectCase({ as: other, method: 'DELETE', path: `/api/v1/tokens/${id}`, status: 404 });
  await expectCase({ as: bearer, method: 'GET', path: '/api/v1/contacts', status: 200 });
  await expectCase({ as: rep, method: 'DELETE', path: `/api/v1/tokens/${id}`, status: 204 });
  await expectCase({ as: bearer, method: 'GET', path: '/api/v1/contacts', status: 401, error: 'unauthorized' });
  await expectCase({ as: rep, method: 'DELETE', path: `/api/v1/tokens/${id}`, status: 404 });
  const after = await rep.get('/api/v1/tokens');
  assert.equal(typeof after.body.items[0].revoked_at, 'string');
  await expectCase({ as: new Client(srv.url, { token: 'garbage' }), method: 'GET', path: '/api/v1/session', status: 401 });
});

test('token creation input and permissions', async () => {
  const cases = [
    { as: rep, body: {}, status: 422, field: 'name' },
    { as: rep, body: { name: '' }, status: 422, field: 'name' },
    { as: rep, body: { name: 'x'.repeat(101) }, status: 422, field: 'name' },
    { as: rep, body: { name: 7 }, status: 400, field: 'name' },
    { as: rep, body: { name: 'x', scope: 'all' }, status: 400, field: 'scope' },
    { as: rep, body: { name: 'x', user_id: srv.users.admin.id }, status: 403 },
    { as: admin, body: { name: 'x', user_id: 99999 }, status: 422, field: 'user_id' },
    { as: rep, body: 'not json', status: 400 },
  ];
  for (const c of cases) await expectCase({ method: 'POST', path: '/api/v1/tokens', ...c });
  for (const p of ['/api/v1/tokens/abc', '/api/v1/tokens/0', '/api/v1/tokens/-1', '/api/v1/tokens/99999'])
    await expectCase({ as: rep, method: 'DELETE', path: p, status: 404, error: 'not_found' });
});

test('integration users use tokens an admin creates for them', async () => {
  const r = await expectCase({ as: admin, method: 'POST', path: '/api/v1/tokens',
    body: { name: 'sync', user_id: srv.users.bot.id }, status: 201, json: { user_id: srv.users.bot.id } });
  const bot = new Client(srv.url, { token: r.body.token });
  await expectCase({ as: bot, method: 'GET', path: '/api/v1/session', status: 200,
    json: { user: { id: srv.users.bot.id, is_integration: true } } });
  const c = await expectCase({ as: bot, method: 'POST', path: '/api/v1/contacts', body: { last_name: 'Synced' }, status: 201 });
  assert.equal(c.body.owner_id, srv.users.bot.id);
  /* An integration user has no password: signing in with one fails. */
  await expectCase({ as: srv.anon(), method: 'POST', path: '/api/v1/session',
    body: { email: 'bot@acme.test', password: PASSWORD }, status: 401 });
});

test('GET /health needs no sign-in; unknown endpoints and methods', async () => {
  await expectCase({ as: srv.anon(), method: 'GET', path: '/api/v1/health', status: 200,
    json: { status: 'ok', schema_version: SCHEMA_VERSION } });
  await expectCase({ as: rep, method: 'GET', path: '/api/v1/nope', status: 404, error: 'not_found' });
  await expectCase({ as: rep, method: 'PUT', path: '/api/v1/contacts', body: {}, status: 405 });
});

test('a failed sign-in is recorded: a login.failed event and an info log line, never the password', async () => {
  const logged = await Server.start({ users: CAST.slice(0, 3), env: { UPTAKE_LOG_LEVEL: 'info' } });
  const anon = logged.anon();
  const secret = 'not-the-Password-42';
  await expectCase({ as: anon, method: 'POST', path: '/api/v1/session', body: { email: CAST[2].email, password: secret }, status: 401 });
  await expectCase({ as: anon, method: 'POST', path: '/api/v1/session', body: { email: 'ghost"\nfake=1@acme.test', password: secret }, status: 401 });
  await expectCase({ as: anon, method: 'POST', path: '/api/v1/session', body: { email: CAST[2].email, password: PASSWORD }, status: 200 });
  const ev = logged.sql("SELECT user_id, entity, entity_id, detail FROM events WHERE kind = 'login.failed' ORDER BY id");
  assert.deepEqual(ev.map((e) => [e.user_id, e.entity, e.entity_id, JSON.parse(e.detail).ip]),
    [[null, 'user', logged.users.repN1.id, '127.0.0.1'], [null, 'user', null, '127.0.0.1']]);
  const lines = logged.stderr.split('\n').filter((l) => l.includes('sign-in failed'));
  assert.equal(lines.length, 2, logged.stderr);
  assert.match(lines[0], new RegExp(`ip=127\\.0\\.0\\.1 email="${CAST[2].email.replace(/\./g, '\\.')}" user=${logged.users.repN1.id}`));
  assert.match(lines[1], /email="ghost\\"\\x0afake=1@acme\.test" user=0/, 'quotes and newlines are escaped');
  assert.ok(!logged.stderr.includes(secret), 'the password is never logged');
});
