// SPDX-License-Identifier: MIT
// Sign-in throttling: 10 failures in a minute block an account, and separately a client address,
// even with the right password. Clients bind different loopback addresses (127.0.0.x) so the
// two limits can be told apart. The counts are in the database (store/sign_in.c), so they
// outlive a restart and are shared by instances on one database (api-pg/instances).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAST, PASSWORD, Server } from './lib/server.mjs';

const srv = await Server.start({ users: CAST.slice(2) });

function signIn(from, email, password) {
  return srv.raw('POST', '/api/v1/session', {
    localAddress: from,
    headers: { 'Content-Type': 'application/json' },
    chunks: [JSON.stringify({ email, password })],
  });
}

test('10 failures for one account, from many addresses, block that account', async () => {
  const email = CAST[2].email;
  for (let i = 0; i < 10; i++) {
    const r = await signIn(`127.0.0.${10 + i}`, email, 'wrong password');
    assert.equal(r.status, 401, r.text);
  }
  const blocked = await signIn('127.0.0.30', email, PASSWORD);
  assert.equal(blocked.status, 429, blocked.text);
  assert.equal(blocked.body.error.code, 'rate_limited');
  /* The account's e-mail in another case is the same account. */
  assert.equal((await signIn('127.0.0.31', email.toUpperCase(), PASSWORD)).status, 429);
  /* Other accounts from those addresses still sign in. */
  assert.equal((await signIn('127.0.0.10', CAST[3].email, PASSWORD)).status, 200);
});

test('10 failures from one address block that address for every account', async () => {
  const from = '127.0.0.50';
  for (let i = 0; i < 10; i++) {
    const r = await signIn(from, `nobody${i}@acme.test`, 'wrong password');
    assert.equal(r.status, 401, r.text);
  }
  const blocked = await signIn(from, CAST[4].email, PASSWORD);
  assert.equal(blocked.status, 429, blocked.text);
  assert.equal((await signIn('127.0.0.51', CAST[4].email, PASSWORD)).status, 200);
});

test('failures below the limit do not block, and a success clears the account', async () => {
  const email = CAST[5].email;
  for (let i = 0; i < 9; i++)
    assert.equal((await signIn(`127.0.1.${i + 1}`, email, 'wrong password')).status, 401);
  assert.equal((await signIn('127.0.1.100', email, PASSWORD)).status, 200);
  /* Cleared: one more failure is the first of a new count, not the tenth. */
  assert.equal((await signIn('127.0.2.1', email, 'wrong password')).status, 401);
  assert.equal((await signIn('127.0.2.100', email, PASSWORD)).status, 200);
  await srv.assertAlive();
});

/* The FNV-1a slot the old fixed table gave a key: emails with the victim's slot evicted the
 * victim's count, so failures on other accounts reset it (20 checked guesses a minute). */
function oldSlot(key) {
  let h = 2166136261;
  for (const b of Buffer.from(key)) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h % 4096;
}

test('failures on other accounts never reset an account\'s count', async () => {
  const email = CAST[3].email;
  const slot = oldSlot(`acct:${email}`);
  const others = [];
  for (let n = 0; others.length < 24; n++) {
    const e = `collide${n}@acme.test`;
    if (oldSlot(`acct:${e}`) === slot) others.push(e);
  }
  for (let i = 0; i < 10; i++)
    assert.equal((await signIn(`127.0.4.${i + 1}`, email, 'wrong password')).status, 401);
  assert.equal((await signIn('127.0.4.100', email, PASSWORD)).status, 429);
  /* Each from its own address, so the per-address limit does not get in the way. */
  for (let i = 0; i < others.length; i++)
    assert.equal((await signIn(`127.0.5.${i + 1}`, others[i], 'wrong password')).status, 401);
  const after = await signIn('127.0.4.101', email, PASSWORD);
  assert.equal(after.status, 429, after.text);
  await srv.assertAlive();
});

test('the configured limit applies, and counts outlive a restart', async () => {
  const small = await Server.start({ users: CAST.slice(2, 4), env: { UPTAKE_LOGIN_LIMIT: '3' } });
  const email = CAST[2].email;
  const on = (from, password) => small.raw('POST', '/api/v1/session', {
    localAddress: from,
    headers: { 'Content-Type': 'application/json' },
    chunks: [JSON.stringify({ email, password })],
  });
  for (let i = 0; i < 3; i++) assert.equal((await on(`127.0.6.${i + 1}`, 'wrong password')).status, 401);
  assert.equal((await on('127.0.6.50', PASSWORD)).status, 429);
  await small.stop();
  small.stopped = undefined;
  await small.spawn([]);
  const r = await on('127.0.6.51', PASSWORD);
  assert.equal(r.status, 429, r.text);
  assert.equal(r.body.error.code, 'rate_limited');
});

test('a count that cannot be read refuses the sign-in', async () => {
  const s = await Server.start({ users: CAST.slice(2, 3) });
  s.sql('DROP TABLE sign_in_failures');
  const r = await s.anon().post('/api/v1/session', { email: CAST[2].email, password: PASSWORD });
  assert.equal(r.status, 500, r.text);
  assert.equal(r.body.error.code, 'internal');
  assert.equal(r.headers.get('set-cookie'), null);
  s.sql('CREATE TABLE sign_in_failures (key TEXT NOT NULL, at BIGINT NOT NULL)');
  assert.equal((await s.anon().post('/api/v1/session', { email: CAST[2].email, password: PASSWORD })).status, 200);
});
