// SPDX-License-Identifier: MIT
// People questions: who here knows a contact (GET /contacts/{id}/colleagues) and what I looked
// at recently (GET /me/recent), with their visibility rules and bad input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const DAY = 86400000;
const iso = (ms) => new Date(ms).toISOString();

test('colleagues: who logged activities on a contact, latest touch first', async () => {
  const { repN1, repN2, mgrN, admin } = as;
  const c = await repN1.create('/api/v1/contacts', { first_name: 'Jane', last_name: 'Doe' });
  const other = await repN1.create('/api/v1/contacts', { last_name: 'Other' });
  const t0 = Date.now() - 30 * DAY;
  /* repN1: three touches, latest at t0 + 5 days (a call). */
  await repN1.create('/api/v1/activities', { kind: 'meeting', contact_id: c.id, occurred_at: iso(t0) });
  await repN1.create('/api/v1/activities', { kind: 'call', contact_id: c.id, occurred_at: iso(t0 + 5 * DAY) });
  await repN1.create('/api/v1/activities', { kind: 'email', contact_id: c.id, occurred_at: iso(t0 + 2 * DAY) });
  /* repN2: one touch, the latest of all. */
  await repN2.create('/api/v1/activities', { kind: 'note', contact_id: c.id, occurred_at: iso(t0 + 9 * DAY) });
  /* admin: two touches at the same time as repN1's latest, so touches break the tie. */
  await admin.create('/api/v1/activities', { kind: 'email', contact_id: c.id, occurred_at: iso(t0 + 5 * DAY) });
  await admin.create('/api/v1/activities', { kind: 'meeting', contact_id: c.id, occurred_at: iso(t0 + 4 * DAY) });
  /* mgrN: only a deleted activity, and one on another contact: not a colleague here. */
  const gone = await mgrN.create('/api/v1/activities', { kind: 'call', contact_id: c.id, occurred_at: iso(t0 + 20 * DAY) });
  await mgrN.del(`/api/v1/activities/${gone.id}`);
  await mgrN.create('/api/v1/activities', { kind: 'call', contact_id: other.id });
  /* repS logged one through the admin (owner), then leaves: inactive users are left out. */
  await admin.create('/api/v1/activities', { kind: 'call', contact_id: c.id, owner_id: srv.users.repS.id, occurred_at: iso(t0 + 25 * DAY) });

  const path = `/api/v1/contacts/${c.id}/colleagues`;
  const r = await expectCase({ as: admin, method: 'GET', path, status: 200 });
  assert.deepEqual(r.body.items.map((x) => x.name), ['Sue South', 'Rob Two', 'Rita One', 'Ada Admin']);
  /* Only activities the caller may read count: repS's (team south) are not repN2's to read. */
  const mine = await expectCase({ as: repN2, method: 'GET', path, status: 200 });
  assert.deepEqual(mine.body.items, r.body.items.slice(1));
  assert.deepEqual(r.body.items[1], { user_id: srv.users.repN2.id, name: 'Rob Two', email: 'rep2.north@acme.test',
    touches: 1, last_at: iso(t0 + 9 * DAY), last_kind: 'note' });
  assert.deepEqual(r.body.items[2], { user_id: srv.users.repN1.id, name: 'Rita One', email: 'rep1.north@acme.test',
    touches: 3, last_at: iso(t0 + 5 * DAY), last_kind: 'call' });
  assert.equal(r.body.items[3].touches, 2);
  assert.equal(r.body.items[3].last_kind, 'email');

  srv.sql(`UPDATE users SET active = 0 WHERE id = ${srv.users.repS.id}`);
  const after = await admin.get(path);
  assert.deepEqual(after.body.items.map((x) => x.name), ['Rob Two', 'Rita One', 'Ada Admin']);
  /* Read event. */
  const flush = await admin.get('/api/v1/events?kind=contact.colleagues');
  assert.ok(flush.body.items.some((e) => e.entity === 'contact' && e.entity_id === c.id));

  const empty = await repN1.get(`/api/v1/contacts/${other.id}/colleagues`);
  assert.deepEqual(empty.body.items.map((x) => x.name), ['Max North']);

  const cases = [
    { as: as.mgrS, path, status: 404 }, // other team cannot see the contact
    { as: repN1, path: '/api/v1/contacts/999999/colleagues', status: 404 },
    { as: repN1, path: '/api/v1/contacts/abc/colleagues', status: 404 },
    { as: srv.anon(), path, status: 401 },
  ];
  for (const x of cases) await expectCase({ method: 'GET', ...x });
  await repN1.del(`/api/v1/contacts/${c.id}`);
  await expectCase({ as: repN1, method: 'GET', path, status: 404 });
});

test('colleagues: at most ten', async () => {
  const c = await as.admin.create('/api/v1/contacts', { last_name: 'Popular' });
  const ids = [];
  for (let i = 0; i < 12; i++) {
    const u = await as.admin.create('/api/v1/users', { email: `u${i}@acme.test`, name: `User ${i}`, role: 'rep', password: 'correct horse battery' });
    ids.push(u.id);
    await as.admin.create('/api/v1/activities', { kind: 'call', contact_id: c.id, owner_id: u.id, occurred_at: iso(Date.now() - i * DAY) });
  }
  const r = await as.admin.get(`/api/v1/contacts/${c.id}/colleagues`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((x) => x.user_id), ids.slice(0, 10));
});

test('recently viewed: my own views, newest first, each once, live and visible only', async () => {
  const { repN1, repN2, admin } = as;
  const contact = await repN1.create('/api/v1/contacts', { first_name: 'Jane', last_name: 'Roe' });
  const mailOnly = await repN1.create('/api/v1/contacts', { email: 'only@mail.test' });
  const org = await repN1.create('/api/v1/organizations', { name: 'Globex' });
  const deal = await repN1.create('/api/v1/deals', { name: 'Big deal' });
  const lead = await repN1.create('/api/v1/leads', { first_name: 'Lee', last_name: 'Ads', company: 'LeadCo' });
  const companyLead = await repN1.create('/api/v1/leads', { company: 'Only Co' });
  const gone = await repN1.create('/api/v1/leads', { company: 'Gone Co' });
  const moved = await repN2.create('/api/v1/contacts', { last_name: 'Moved' });
  const task = await repN1.create('/api/v1/tasks', { title: 'Not a view kind' });

  const views = [
    `/api/v1/contacts/${contact.id}`, `/api/v1/organizations/${org.id}`, `/api/v1/deals/${deal.id}`,
    `/api/v1/leads/${gone.id}`, `/api/v1/contacts/${moved.id}`, `/api/v1/leads/${lead.id}`,
    `/api/v1/leads/${companyLead.id}`, `/api/v1/contacts/${mailOnly.id}`, `/api/v1/tasks/${task.id}`,
    `/api/v1/contacts/${contact.id}`, // again: listed once, at its newest
  ];
  for (const p of views) {
    assert.equal((await repN1.get(p)).status, 200, p);
    await new Promise((res) => setTimeout(res, 3));
  }
  /* Someone else's views are not mine; a failed view is no view. */
  await repN2.get(`/api/v1/deals/${deal.id}`);
  await repN1.get('/api/v1/contacts/999999');
  await repN1.del(`/api/v1/leads/${gone.id}`);
  await admin.patch(`/api/v1/contacts/${moved.id}`, { owner_id: srv.users.mgrS.id }); // no longer visible to repN1

  const r = await expectCase({ as: repN1, method: 'GET', path: '/api/v1/me/recent', status: 200 });
  assert.deepEqual(r.body.items.map((x) => [x.entity, x.id, x.title]), [
    ['contact', contact.id, 'Jane Roe'],
    ['contact', mailOnly.id, 'only@mail.test'],
    ['lead', companyLead.id, 'Only Co'],
    ['lead', lead.id, 'Lee Ads'],
    ['deal', deal.id, 'Big deal'],
    ['organization', org.id, 'Globex'],
  ]);
  for (const x of r.body.items) assert.match(x.viewed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(r.body.items[0].viewed_at >= r.body.items[1].viewed_at);

  const two = await repN1.get('/api/v1/me/recent?limit=2');
  assert.deepEqual(two.body.items.map((x) => x.id), [contact.id, mailOnly.id]);
  const theirs = await repN2.get('/api/v1/me/recent');
  assert.deepEqual(theirs.body.items.map((x) => [x.entity, x.id]), [['deal', deal.id]]);
  const none = await as.mgrS.get('/api/v1/me/recent');
  assert.deepEqual(none.body, { items: [] });

  const cases = [
    { path: '/api/v1/me/recent?limit=0', status: 400, field: 'limit' },
    { path: '/api/v1/me/recent?limit=51', status: 400, field: 'limit' },
    { path: '/api/v1/me/recent?limit=x', status: 400, field: 'limit' },
    { path: '/api/v1/me/recent?limit=50', status: 200 },
    { path: '/api/v1/me/recent', as: srv.anon(), status: 401 },
  ];
  for (const c of cases) await expectCase({ as: repN1, method: 'GET', ...c });
  await srv.assertAlive();
});
