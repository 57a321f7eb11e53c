// SPDX-License-Identifier: MIT
// POST /api/v1/me/password: a user changes their own password by proving the current one; the
// other sessions end, this one stays; bad input is refused and changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAST, Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const admin = await srv.login(CAST[0].email);
const OLD = 'first-password-1';
const NEW = 'second-password-2';

/* A fresh rep per test, so each starts from a known password. */
let seq = 0;
async function freshUser() {
  const email = `pw${++seq}@acme.test`;
  await admin.create('/api/v1/users', { email, name: `Pass Word ${seq}`, role: 'rep', password: OLD });
  return email;
}
const signIn = async (email, password) => (await srv.anon().post('/api/v1/session', { email, password })).status;

test('a user changes their password: this session stays, the others end', async () => {
  const email = await freshUser();
  const here = await srv.login(email, OLD);
  const elsewhere = await srv.login(email, OLD);
  await expectCase({ as: here, method: 'POST', path: '/api/v1/me/password',
    body: { current_password: OLD, new_password: NEW }, status: 204 });
  await expectCase({ as: here, method: 'GET', path: '/api/v1/session', status: 200 });
  await expectCase({ as: elsewhere, method: 'GET', path: '/api/v1/session', status: 401 });
  assert.equal(await signIn(email, OLD), 401, 'the old password no longer signs in');
  assert.equal(await signIn(email, NEW), 200, 'the new one does');
  const ev = await admin.get('/api/v1/events?kind=password.changed&limit=10');
  assert.equal(ev.status, 200, ev.text);
  assert.ok(ev.body.items.some((e) => e.user_id === here.user.id), 'the change is in the event log');
});

test('bad input is refused next to its field and changes nothing', async () => {
  const email = await freshUser();
  const c = await srv.login(email, OLD);
  const path = '/api/v1/me/password';
  const cases = [
    [{ current_password: 'not-it-at-all', new_password: NEW }, 422, 'current_password'],
    [{ current_password: OLD, new_password: 'short' }, 422, 'new_password'],
    [{ current_password: OLD, new_password: 'x'.repeat(1025) }, 422, 'new_password'],
    [{ current_password: OLD }, 422, 'new_password'],
    [{ new_password: NEW }, 422, 'current_password'],
    [{ current_password: '', new_password: NEW }, 422, 'current_password'],
    [{ current_password: OLD, new_password: 12345678 }, 400, 'new_password'],
    [{ current_password: ['a'], new_password: NEW }, 400, 'current_password'],
    [{ current_password: OLD, new_password: NEW, role: 'admin' }, 400, 'role'],
  ];
  for (const [body, status, field] of cases) await expectCase({ as: c, method: 'POST', path, body, status, field });
  for (const body of ['', '{', '[]', 'null', '"x"', '['.repeat(50000)]) {
    await expectCase({ as: c, method: 'POST', path, body, status: 400, error: 'bad_request' });
  }
  await expectCase({ as: c, method: 'POST', path, body: { current_password: OLD, new_password: NEW },
    opts: { csrf: false }, status: 403 });
  await expectCase({ as: srv.anon(), method: 'POST', path, body: { current_password: OLD, new_password: NEW }, status: 401 });
  assert.equal(await signIn(email, OLD), 200, 'the password is unchanged');
  await srv.assertAlive();
});

test('an API token cannot change the password', async () => {
  const email = await freshUser();
  const c = await srv.login(email, OLD);
  const t = await c.post('/api/v1/tokens', { name: 'script' });
  assert.equal(t.status, 201, t.text);
  const bot = srv.anon();
  const r = await bot.req('POST', '/api/v1/me/password', { current_password: OLD, new_password: NEW },
    { headers: { Authorization: `Bearer ${t.body.token}` } });
  assert.equal(r.status, 403, r.text);
  assert.equal(await signIn(email, OLD), 200);
});

test('guessing the current password is throttled', async () => {
  const email = await freshUser();
  const c = await srv.login(email, OLD);
  const statuses = [];
  for (let i = 0; i < 12; i++) {
    statuses.push((await c.post('/api/v1/me/password', { current_password: `guess-${i}-xx`, new_password: NEW })).status);
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(422));
  assert.equal(statuses[11], 429);
  /* Even the right password waits now. */
  await expectCase({ as: c, method: 'POST', path: '/api/v1/me/password',
    body: { current_password: OLD, new_password: NEW }, status: 429, error: 'rate_limited' });
  assert.equal(await signIn(email, OLD), 200);
});
