// SPDX-License-Identifier: MIT
// The event log: domain events written with the change, read events queued and written in
// batches (flushed by GET /events), usage_daily kept up to date, admin-only listing.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const admin = as.admin;
const rep = as.repN2;
const today = new Date().toISOString().slice(0, 10);

async function events(q = '') {
  const r = await admin.get(`/api/v1/events?limit=1000${q}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

test('domain events are written with the change, by the actor', async () => {
  const c = await rep.create('/api/v1/contacts', { last_name: 'Evented' });
  await rep.patch(`/api/v1/contacts/${c.id}`, { title: 'Boss' });
  await rep.del(`/api/v1/contacts/${c.id}`);
  await rep.post(`/api/v1/contacts/${c.id}/restore`);
  await rep.create('/api/v1/activities', { kind: 'call', contact_id: c.id, subject: 'Hi' });
  const mine = (await events(`&user_id=${rep.user.id}`)).filter((e) => e.entity === 'contact' && e.entity_id === c.id);
  assert.deepEqual(mine.map((e) => e.kind).filter((k) => !k.endsWith('.view')),
    ['contact.restored', 'contact.deleted', 'contact.updated', 'contact.created']);
  const upd = mine.find((e) => e.kind === 'contact.updated');
  assert.deepEqual(upd.detail, { fields: ['title'] });
  assert.equal(upd.user_id, rep.user.id);
  assert.match(upd.at, /^\d{4}-\d\d-\d\dT.*Z$/);
  const logged = await events(`&kind=activity.logged&user_id=${rep.user.id}`);
  assert.equal(logged.length, 1);
  /* A refused change leaves no event. */
  const n = (await events(`&user_id=${rep.user.id}&kind=contact.updated`)).length;
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/contacts/${c.id}`, body: { email: 'bad' }, status: 422 });
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/contacts/${c.id}`, body: { title: 'X' },
    opts: { headers: { 'If-Match': '"1"' } }, status: 409 });
  await expectCase({ as: as.repS, method: 'PATCH', path: `/api/v1/contacts/${c.id}`, body: { title: 'X' }, status: 404 });
  assert.equal((await events(`&user_id=${rep.user.id}&kind=contact.updated`)).length, n);
  assert.equal((await events(`&user_id=${as.repS.user.id}&kind=contact.updated`)).length, 0);
});

test('sign-ins are events', async () => {
  const c = await srv.login(srv.users.repS.email);
  const logins = await events(`&kind=login&user_id=${c.user.id}`);
  assert.ok(logins.length >= 2);
  assert.deepEqual([logins[0].entity, logins[0].entity_id], ['user', c.user.id]);
});

test('read events are queued and reach the table within about a second', async () => {
  const c = await as.repN1.create('/api/v1/contacts', { last_name: 'Viewed' });
  const r = await as.repN1.get(`/api/v1/contacts/${c.id}`);
  assert.equal(r.status, 200);
  await as.repN1.get('/api/v1/contacts?q=viewed');
  await as.repN1.get(`/api/v1/contacts/${c.id}/timeline`);
  await as.repN1.get('/api/v1/contacts/999999'); /* a 404 is not a view */
  const q = `SELECT kind, entity, entity_id FROM events WHERE user_id = ${as.repN1.user.id} AND kind IN ('contact.view', 'search', 'contact.timeline') ORDER BY id`;
  let rows = [];
  for (let i = 0; i < 40 && rows.length < 3; i++) {
    await sleep(100);
    rows = srv.sql(q);
  }
  assert.deepEqual(rows, [
    { kind: 'contact.view', entity: 'contact', entity_id: c.id },
    { kind: 'search', entity: 'contact', entity_id: null },
    { kind: 'contact.timeline', entity: 'contact', entity_id: c.id },
  ]);
});

test('GET /events flushes the queue, so a read shows at once', async () => {
  const c = await as.mgrS.create('/api/v1/organizations', { name: 'Flushed' });
  await as.mgrS.get(`/api/v1/organizations/${c.id}`);
  const views = await events(`&kind=organization.view&user_id=${as.mgrS.user.id}`);
  assert.equal(views.length, 1);
  assert.equal(views[0].entity_id, c.id);
  /* Listing events is itself a read, queued like the others. */
  const again = await events('&kind=event.list');
  assert.ok(again.length >= 1);
});

test('usage_daily counts per user, day and kind', async () => {
  const u = as.mgrN;
  for (let i = 0; i < 3; i++) await u.create('/api/v1/tasks', { title: `t${i}` });
  await u.get('/api/v1/tasks');
  await events(); /* flush */
  const rows = srv.sql(`SELECT day, kind, n FROM usage_daily WHERE user_id = ${u.user.id} ORDER BY kind`);
  const byKind = Object.fromEntries(rows.map((r) => [r.kind, r]));
  assert.equal(byKind['task.created'].n, 3);
  assert.equal(byKind['task.created'].day, today);
  assert.equal(byKind['task.list'].n, 1);
  assert.equal(byKind.login.n, 1);
  /* The rollup matches the raw events exactly. */
  const raw = srv.sql(`SELECT kind, count(*) AS n FROM events WHERE user_id = ${u.user.id} GROUP BY kind ORDER BY kind`);
  assert.deepEqual(rows.map((r) => [r.kind, r.n]), raw.map((r) => [r.kind, r.n]));
});

test('event filters and pagination', async () => {
  const all = await events();
  assert.ok(all.length > 10);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].id > all[i].id, 'newest first');
  const seen = [];
  let cursor = '';
  do {
    const r = await admin.get(`/api/v1/events?limit=7&until=2999-01-01T00:00:00Z${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    seen.push(...r.body.items.map((e) => e.id));
    cursor = r.body.next_cursor;
  } while (cursor);
  const ids = new Set(seen);
  assert.equal(ids.size, seen.length, 'no event twice');
  for (const e of all) assert.ok(ids.has(e.id), `event ${e.id} listed`);
  assert.deepEqual(await events('&since=2999-01-01T00:00:00Z'), []);
  assert.deepEqual(await events('&until=2000-01-01T00:00:00Z'), []);
  assert.deepEqual(await events('&kind=no.such.kind'), []);
  assert.ok((await events(`&user_id=${rep.user.id}`)).every((e) => e.user_id === rep.user.id));
  for (const who of ['mgrN', 'repN1']) await expectCase({ as: as[who], method: 'GET', path: '/api/v1/events', status: 403 });
});

test('failed requests are events, so adoption can show where people get stuck', async () => {
  const who = as.repS;
  await expectCase({ as: who, method: 'POST', path: '/api/v1/contacts', body: { email: 'not-an-email' }, status: 422 });
  await expectCase({ as: who, method: 'GET', path: '/api/v1/contacts/999999', status: 404 });
  const failed = await events(`&kind=request.failed&user_id=${who.user.id}`);
  const seen = failed.map((e) => e.detail).filter((d) => d.route.startsWith('/api/v1/contacts'));
  assert.deepEqual(seen.slice(0, 2), [
    { method: 'GET', route: '/api/v1/contacts/:id', status: 404 },
    { method: 'POST', route: '/api/v1/contacts', status: 422 },
  ]);
});

test('token creation, revocation and sign-out are events', async () => {
  const c = await srv.login(srv.users.repN1.email);
  const t = await c.create('/api/v1/tokens', { name: 'events test' });
  assert.equal((await c.del(`/api/v1/tokens/${t.id}`)).status, 204);
  assert.equal((await c.del('/api/v1/session')).status, 204);
  const kinds = (await events(`&user_id=${c.user.id}`)).map((e) => e.kind);
  for (const k of ['token.created', 'token.revoked', 'logout'])
    assert.ok(kinds.includes(k), `${k} in ${kinds.join(',')}`);
});

test('SIGTERM stops cleanly and writes the queued read events', async () => {
  const c = await as.repS.create('/api/v1/contacts', { last_name: 'Last look' });
  await as.repS.get(`/api/v1/contacts/${c.id}`);
  const { code } = await srv.stop();
  assert.equal(code, 0, srv.stderr);
  const rows = srv.sql(`SELECT count(*) AS n FROM events WHERE kind = 'contact.view' AND entity_id = ${c.id}`);
  assert.equal(rows[0].n, 1);
});
