// SPDX-License-Identifier: MIT
// Several `uptake serve` instances on one PostgreSQL database, as behind a load balancer: a
// session made on one works on the other, and a sign-out, a deactivation or a revoked token on
// one takes effect on the other at once (each instance drops its sign-in cache when another
// writes users, sessions or tokens: LISTEN/NOTIFY, store/pg/listen.c). Failed sign-ins count
// together (store/sign_in.c), so N instances do not allow N times the guesses. SQLite has one
// server per file, so this file runs on PostgreSQL only.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ENGINE, PASSWORD, Server, Client, tmpDir } from './lib/server.mjs';

const skip = ENGINE !== 'postgresql' && 'one server per SQLite file';

/* A second instance on a's database. */
async function twin(a) {
  const b = new Server();
  b.dir = tmpDir('srv-');
  b.db = a.db;
  b.env = a.env;
  b.users = a.users;
  await b.spawn([]);
  after(() => b.stop());
  return b;
}

/* The same client's cookie and CSRF token sent to another instance. */
function on(server, client) {
  return new Client(server.url, { cookie: client.cookie, csrf: client.csrf, user: client.user });
}

/* Asks until the answer is the one expected (the other instance hears of the change by a
 * notification, in milliseconds), giving up after 5 s; returns the last status. */
async function statusWithin(client, path, want) {
  let status = 0;
  for (let i = 0; i < 250 && status !== want; i++) {
    if (i) await new Promise((r) => setTimeout(r, 20));
    status = (await client.get(path)).status;
  }
  return status;
}

test('two instances share sessions, sign-outs, deactivations and tokens', { skip }, async () => {
  const a = await Server.start();
  const b = await twin(a);
  const admin = await a.login('admin@acme.test');
  const rep = await a.login('rep1.north@acme.test');
  const repOnB = on(b, rep);

  // Signed in on a, known on b; a contact written on b is read on a.
  assert.equal((await repOnB.get('/api/v1/session')).status, 200);
  const c = await repOnB.create('/api/v1/contacts', { first_name: 'Bea', last_name: 'Both' });
  assert.equal((await rep.get(`/api/v1/contacts/${c.id}`)).body.last_name, 'Both');

  // Signed out on a: b refuses the cookie (its cache of the session is dropped).
  assert.equal((await rep.del('/api/v1/session')).status, 204);
  assert.equal(await statusWithin(repOnB, '/api/v1/session', 401), 401);

  // Deactivated on b: the person's session on a stops working.
  const rep2 = await a.login('rep2.north@acme.test');
  assert.equal((await rep2.get('/api/v1/session')).status, 200);
  const r = await on(b, admin).post(`/api/v1/users/${a.users.repN2.id}/deactivate`,
    { successor_id: a.users.repN1.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(await statusWithin(rep2, '/api/v1/session', 401), 401);

  // A token made on a works on b until it is revoked on a.
  const t = await admin.post('/api/v1/tokens', { name: 'sync', user_id: a.users.mgrN.id });
  assert.equal(t.status, 201, t.text);
  const bot = new Client(b.url, { token: t.body.token });
  assert.equal((await bot.get('/api/v1/contacts?limit=1')).status, 200);
  assert.equal((await admin.del(`/api/v1/tokens/${t.body.id}`)).status, 204);
  assert.equal(await statusWithin(bot, '/api/v1/contacts?limit=1', 401), 401);
});

function signIn(server, from, email, password) {
  return server.raw('POST', '/api/v1/session', {
    localAddress: from,
    headers: { 'Content-Type': 'application/json' },
    chunks: [JSON.stringify({ email, password })],
  });
}

test('failed sign-ins on two instances add up, and a success on one clears both', { skip }, async () => {
  const a = await Server.start({ env: { UPTAKE_LOGIN_LIMIT: '4' } });
  const b = await twin(a);
  const email = 'rep1.north@acme.test';

  // Two failures on each, each from its own address: the account's fourth failure blocks it.
  for (const [i, srv] of [a, b, a, b].entries()) {
    const r = await signIn(srv, `127.0.3.${i + 1}`, email, 'wrong password');
    assert.equal(r.status, 401, r.text);
  }
  for (const srv of [a, b]) {
    const r = await signIn(srv, '127.0.3.50', email, PASSWORD);
    assert.equal(r.status, 429, r.text);
    assert.equal(r.body.error.code, 'rate_limited');
  }

  // One address guessing other accounts on both is blocked on both, for every account.
  for (const [i, srv] of [b, a, b, a].entries())
    assert.equal((await signIn(srv, '127.0.3.77', `nobody${i}@acme.test`, 'x')).status, 401);
  assert.equal((await signIn(a, '127.0.3.77', 'rep2.north@acme.test', PASSWORD)).status, 429);
  assert.equal((await signIn(b, '127.0.3.77', 'rep2.north@acme.test', PASSWORD)).status, 429);
  assert.equal((await signIn(b, '127.0.3.78', 'rep2.north@acme.test', PASSWORD)).status, 200);

  // Three failures split, a success on a: b counts from zero too (six uncleared would block).
  const other = 'rep.south@acme.test';
  for (const [i, srv] of [a, b, b].entries())
    assert.equal((await signIn(srv, `127.0.4.${i + 1}`, other, 'wrong password')).status, 401);
  assert.equal((await signIn(a, '127.0.4.50', other, PASSWORD)).status, 200);
  for (const [i, srv] of [b, a, b].entries())
    assert.equal((await signIn(srv, `127.0.4.${i + 10}`, other, 'wrong password')).status, 401);
  assert.equal((await signIn(b, '127.0.4.51', other, PASSWORD)).status, 200);
  await a.assertAlive();
  await b.assertAlive();
});
