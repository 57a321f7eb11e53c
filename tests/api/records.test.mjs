// SPDX-License-Identifier: MIT
// Every record kind through its whole life: create, get, patch, soft delete, trash, restore,
// audit trail; list filters and keyset pagination.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, assertSubset, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const rep = as.repN1;

/* Shared parents for the kinds that link to others. */
const org = await rep.create('/api/v1/organizations', { name: 'Parent Org' });
const contact = await rep.create('/api/v1/contacts', { first_name: 'Pat', last_name: 'Parent', org_id: org.id });
const other = await rep.create('/api/v1/contacts', { first_name: 'Oli', last_name: 'Other' });

/* One row per kind: who may write it, a create body, what the record then holds, a patch. */
const KINDS = [
  { path: 'contacts', as: rep,
    create: { first_name: ' Ann ', last_name: 'Lee', email: 'ann@lee.test', phone: '+1 555 0100', org_id: org.id },
    expect: { first_name: 'Ann', last_name: 'Lee', email: 'ann@lee.test', phone: '+1 555 0100', org_id: org.id,
      other_emails: [], title: null },
    patch: { title: 'CTO', other_emails: [{ label: 'home', value: 'ann@home.test' }] } },
  { path: 'organizations', as: rep, create: { name: 'Acme', domain: 'acme.test', phone: '555 0199' },
    expect: { name: 'Acme', domain: 'acme.test' }, patch: { industry: 'Anvils' } },
  { path: 'relationships', as: rep, create: { kind: 'works_at', contact_id: other.id, org_id: org.id, role: 'Buyer' },
    expect: { kind: 'works_at', contact_id: other.id, org_id: org.id }, patch: { role: 'Head buyer', since: '2024-01-31' } },
  { path: 'activities', as: rep,
    create: { kind: 'call', contact_id: contact.id, subject: 'Intro', body: 'Talked', occurred_at: '2026-01-31T09:30:00Z' },
    expect: { kind: 'call', subject: 'Intro', occurred_at: '2026-01-31T09:30:00.000Z' }, patch: { subject: 'Intro call', duration_min: 15 } },
  { path: 'tasks', as: rep, create: { title: 'Call back', due_at: '2026-02-01T10:00:00+01:00', contact_id: contact.id },
    expect: { title: 'Call back', done: false, done_at: null, due_at: '2026-02-01T09:00:00.000Z' }, patch: { title: 'Call back soon' } },
  { path: 'leads', as: rep, create: { first_name: 'Lou', company: 'Lead Co', email: 'lou@lead.test' },
    expect: { status: 'new', company: 'Lead Co' }, patch: { status: 'working' } },
  { path: 'stages', as: as.admin, create: { name: 'Demo', probability: 40 },
    expect: { name: 'Demo', probability: 40, is_won: false, is_lost: false }, patch: { probability: 45 } },
  { path: 'deals', as: rep, create: { name: 'Big one', amount_minor: 125000, currency: 'EUR', org_id: org.id },
    expect: { name: 'Big one', amount_minor: 125000, currency: 'EUR', closed_at: null }, patch: { next_step: 'Send quote' } },
  { path: 'teams', as: as.admin, create: { name: 'east' }, expect: { name: 'east', manager_id: null },
    patch: { manager_id: srv.users.mgrN.id } },
];

for (const k of KINDS) {
  test(`${k.path}: create, get, patch, delete, restore, audit`, async () => {
    const base = `/api/v1/${k.path}`;
    const c = await k.as.post(base, k.create);
    assert.equal(c.status, 201, c.text);
    const id = c.body.id;
    assert.equal(typeof id, 'number');
    assert.equal(c.headers.get('location'), `${base}/${id}`);
    assert.equal(c.headers.get('etag'), '"1"');
    assertSubset(c.body, { ...k.expect, version: 1, deleted_at: null, created_by: k.as.user.id }, 'create');
    assert.match(c.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    if ('owner_id' in c.body) assert.equal(c.body.owner_id, k.as.user.id);

    await expectCase({ as: k.as, method: 'GET', path: `${base}/${id}`, status: 200, json: { id, ...k.expect } });
    const p = await expectCase({ as: k.as, method: 'PATCH', path: `${base}/${id}`, body: k.patch, status: 200,
      json: { id, version: 2 } });
    assert.equal(p.headers.get('etag'), '"2"');
    for (const [f, v] of Object.entries(k.patch)) assertSubset(p.body[f], v, f);
    /* An unchanged patch writes nothing. */
    await expectCase({ as: k.as, method: 'PATCH', path: `${base}/${id}`, body: k.patch, status: 200, json: { version: 2 } });

    const d = await k.as.del(`${base}/${id}`);
    assert.equal(d.status, 204, d.text);
    assert.equal(d.text, '');
    await expectCase({ as: k.as, method: 'GET', path: `${base}/${id}`, status: 404, error: 'not_found' });
    await expectCase({ as: k.as, method: 'PATCH', path: `${base}/${id}`, body: k.patch, status: 404 });
    await expectCase({ as: k.as, method: 'DELETE', path: `${base}/${id}`, status: 404 });
    const live = await k.as.get(`${base}?limit=500`);
    assert.ok(!live.body.items.some((r) => r.id === id), 'deleted rows leave the list');
    const trash = await k.as.get(`${base}?deleted=true&limit=500`);
    const row = trash.body.items.find((r) => r.id === id);
    assert.ok(row, 'deleted rows are listed with ?deleted=true');
    assert.equal(typeof row.deleted_at, 'string');

    await expectCase({ as: k.as, method: 'POST', path: `${base}/${id}/restore`, status: 200,
      json: { id, deleted_at: null, version: 4 } });
    await expectCase({ as: k.as, method: 'POST', path: `${base}/${id}/restore`, status: 404 });
    await expectCase({ as: k.as, method: 'GET', path: `${base}/${id}`, status: 200 });

    const audit = await expectCase({ as: k.as, method: 'GET', path: `${base}/${id}/audit`, status: 200 });
    assert.deepEqual(audit.body.items.map((a) => a.action), ['restore', 'delete', 'update', 'create']);
    for (const a of audit.body.items) {
      assert.equal(a.user_id, k.as.user.id);
      assert.equal(a.user_name, k.as.user.name);
      assert.match(a.at, /Z$/);
    }
    const [, del, upd, cre] = audit.body.items;
    assert.equal(cre.before, null);
    assertSubset(cre.after, { id, version: 1 });
    assertSubset(upd.before, { version: 1 });
    assertSubset(upd.after, { version: 2 });
    for (const [f, v] of Object.entries(k.patch)) assertSubset(upd.after[f], v, `audit ${f}`);
    assert.equal(del.before.deleted_at, null);
    assert.equal(typeof del.after.deleted_at, 'string');
  });
}

test('pagination: limit and next_cursor walk every row exactly once', async () => {
  const mine = await rep.create('/api/v1/organizations', { name: 'Pager Org' });
  const ids = [];
  for (let i = 0; i < 11; i++)
    ids.push((await rep.create('/api/v1/contacts', { last_name: `Page${i}`, org_id: mine.id })).id);
  for (const limit of [1, 3, 5, 11, 50]) {
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const q = `/api/v1/contacts?org_id=${mine.id}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await rep.get(q);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.body).sort(), ['items', 'next_cursor']);
      assert.ok(r.body.items.length <= limit);
      seen.push(...r.body.items.map((c) => c.id));
      cursor = r.body.next_cursor;
      assert.ok(++pages <= 12);
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse(), `limit ${limit}: newest first, each once`);
  }
});

test('list filters', async () => {
  const o = await rep.create('/api/v1/organizations', { name: 'Filter Org' });
  const c1 = await rep.create('/api/v1/contacts', { last_name: 'F1', org_id: o.id });
  const c2 = await as.repN2.create('/api/v1/contacts', { last_name: 'F2', org_id: o.id });
  const t1 = await rep.create('/api/v1/tasks', { title: 'early', org_id: o.id, due_at: '2026-01-01T00:00:00Z' });
  const t2 = await rep.create('/api/v1/tasks', { title: 'late', org_id: o.id, due_at: '2026-06-01T00:00:00Z' });
  const t3 = await rep.create('/api/v1/tasks', { title: 'done', org_id: o.id, done: true });
  const ids = async (p) => {
    const r = await rep.get(p);
    assert.equal(r.status, 200, `${p}: ${r.text}`);
    return r.body.items.map((x) => x.id);
  };
  const cases = [
    [`/api/v1/contacts?org_id=${o.id}`, [c2.id, c1.id]],
    [`/api/v1/contacts?org_id=${o.id}&owner=me`, [c1.id]],
    [`/api/v1/contacts?org_id=${o.id}&owner=${srv.users.repN2.id}`, [c2.id]],
    [`/api/v1/tasks?org_id=${o.id}&done=false`, [t2.id, t1.id]],
    [`/api/v1/tasks?org_id=${o.id}&done=true`, [t3.id]],
    [`/api/v1/tasks?org_id=${o.id}&due_at_before=2026-03-01T00:00:00Z`, [t1.id]],
    [`/api/v1/tasks?org_id=${o.id}&due_at_after=2026-03-01T00:00:00Z`, [t2.id]],
    [`/api/v1/tasks?org_id=${o.id}&due_at=null`, [t3.id]],
    [`/api/v1/tasks?org_id=${o.id}&title=late`, [t2.id]],
    [`/api/v1/tasks?org_id=${o.id}&q=ear`, [t1.id]],
    [`/api/v1/contacts?org_id=${o.id}&id=${c1.id}`, [c1.id]],
  ];
  for (const [p, want] of cases) assert.deepEqual(await ids(p), want, p);
  for (const p of ['/api/v1/contacts?nosuch=1', '/api/v1/contacts?org_id=abc', '/api/v1/tasks?done=maybe',
    '/api/v1/tasks?due_at_before=yesterday', '/api/v1/stages?owner=me', '/api/v1/contacts?other_emails=x'])
    await expectCase({ as: rep, method: 'GET', path: p, status: 400, error: 'bad_request' });
});

test('ids: several records by id in one list read, no view of each', async () => {
  const a = await rep.create('/api/v1/organizations', { name: 'Ids A' });
  const b = await as.repN2.create('/api/v1/organizations', { name: 'Ids B' });
  const hidden = await as.repS.create('/api/v1/organizations', { name: 'Ids South' });
  const names = async (p) => {
    const r = await rep.get(p);
    assert.equal(r.status, 200, `${p}: ${r.text}`);
    return r.body.items.map((x) => x.name);
  };
  /* Only those the reader may see, newest first as any list; unknown ids are simply absent. */
  assert.deepEqual(await names(`/api/v1/organizations?ids=${a.id},${hidden.id},${b.id},999999`), ['Ids B', 'Ids A']);
  assert.deepEqual(await names(`/api/v1/organizations?ids=${a.id},${a.id}`), ['Ids A']);
  assert.deepEqual(await names(`/api/v1/organizations?ids=${a.id},${b.id}&limit=1`), ['Ids B']);
  assert.deepEqual(await names(`/api/v1/organizations?ids=${a.id},${b.id}&sort=name`), ['Ids A', 'Ids B']);
  assert.deepEqual(await names(`/api/v1/organizations?ids=${a.id},${b.id}&q=ids+b`), ['Ids B']);
  const many = Array.from({ length: 100 }, (_, i) => i + 1).join(',');
  await expectCase({ as: rep, method: 'GET', path: `/api/v1/organizations?ids=${many}&limit=1`, status: 200 });
  for (const v of ['', 'abc', '1,,2', '0', '-3', '1,2,', ',1', '1.5', '1 2', '99999999999999999999', `${many},101`])
    await expectCase({ as: rep, method: 'GET', path: `/api/v1/organizations?ids=${encodeURIComponent(v)}`,
      status: 400, error: 'bad_request', field: 'ids', name: `ids=${v.slice(0, 20)}` });
  await expectCase({ as: rep, method: 'GET', path: `/api/v1/organizations?ids=${a.id}&ids=${b.id}`, status: 400, field: 'ids' });

  /* A list read: one organization.list event, no organization.view, "Recently viewed" unchanged. */
  const reader = rep;
  const recent = (await reader.get('/api/v1/me/recent')).body;
  const eventsSince = async (after) => (await as.admin.get(`/api/v1/events?limit=1000&user_id=${reader.user.id}`))
    .body.items.filter((e) => e.id > after);
  const [last] = await eventsSince(0);
  await reader.get(`/api/v1/organizations?ids=${a.id},${b.id}`);
  const evs = (await eventsSince(last.id)).filter((e) => e.entity === 'organization');
  assert.deepEqual(evs.filter((e) => e.kind === 'organization.view'), []);
  assert.ok(evs.some((e) => e.kind === 'organization.list'), JSON.stringify(evs));
  assert.deepEqual((await reader.get('/api/v1/me/recent')).body, recent);
});

test('tasks: done sets done_at and a task.completed event; reopening clears it', async () => {
  const t = await rep.create('/api/v1/tasks', { title: 'Finish me', due_at: '2099-01-01T00:00:00Z' });
  const done = await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/tasks/${t.id}`, body: { done: true },
    status: 200, json: { done: true } });
  assert.match(done.body.done_at, /Z$/);
  const ev = srv.sql(`SELECT user_id, detail FROM events WHERE kind = 'task.completed' AND entity_id = ${t.id}`);
  assert.deepEqual(ev.map((e) => [e.user_id, JSON.parse(e.detail)]), [[rep.user.id, { on_time: true }]]);
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/tasks/${t.id}`, body: { done: false },
    status: 200, json: { done: false, done_at: null } });
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/tasks/${t.id}`, body: { done_at: '2026-01-01T00:00:00Z' },
    status: 400, field: 'done_at' });
});

test('created_by, version and timestamps are the server\'s', async () => {
  for (const f of ['id', 'created_by', 'created_at', 'updated_at', 'deleted_at', 'version'])
    await expectCase({ as: rep, method: 'POST', path: '/api/v1/contacts', body: { last_name: 'X', [f]: 1 },
      status: 400, field: f });
});
