// SPDX-License-Identifier: MIT
// The authorization matrix: for each endpoint, which role may do what to whose records, under
// each visibility setting. Invisible -> 404, visible but not changeable -> 403, no auth -> 401,
// missing CSRF with a cookie -> 403, admin-only -> 403 for others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

/* Records are owned by repN1 (team north). What each actor gets, per visibility. */
const MATRIX = {
  team: {
    read: { admin: 200, mgrN: 200, repN1: 200, repN2: 200, mgrS: 404, repS: 404 },
    write: { admin: 'ok', mgrN: 'ok', repN1: 'ok', repN2: 403, mgrS: 404, repS: 404 },
  },
  own: {
    read: { admin: 200, mgrN: 200, repN1: 200, repN2: 404, mgrS: 404, repS: 404 },
    write: { admin: 'ok', mgrN: 'ok', repN1: 'ok', repN2: 404, mgrS: 404, repS: 404 },
  },
  all: {
    read: { admin: 200, mgrN: 200, repN1: 200, repN2: 200, mgrS: 200, repS: 200 },
    write: { admin: 'ok', mgrN: 'ok', repN1: 'ok', repN2: 403, mgrS: 403, repS: 403 },
  },
};
const ACTORS = ['admin', 'mgrN', 'repN1', 'repN2', 'mgrS', 'repS'];

/* Owned kinds: how to make one (given the owner's parents) and a harmless patch. */
const OWNED = [
  { path: 'contacts', make: (p) => ({ last_name: 'Owned', org_id: p.org.id }), patch: { title: 'X' }, timeline: true, colleagues: true },
  { path: 'organizations', make: () => ({ name: 'Owned Org' }), patch: { industry: 'X' }, timeline: true },
  { path: 'relationships', make: (p) => ({ kind: 'works_at', contact_id: p.contact.id, org_id: p.org.id }), patch: { role: 'X' } },
  { path: 'activities', make: (p) => ({ kind: 'call', contact_id: p.contact.id, subject: 'S' }), patch: { subject: 'X' } },
  { path: 'tasks', make: (p) => ({ title: 'T', contact_id: p.contact.id }), patch: { done: true } },
  { path: 'leads', make: () => ({ last_name: 'L', company: 'C' }), patch: { status: 'working' }, convert: true },
  { path: 'deals', make: (p) => ({ name: 'D', org_id: p.org.id }), patch: { next_step: 'X' }, history: true },
];

async function matrix(visibility) {
  const srv = await Server.start({ flags: visibility === 'team' ? [] : ['--visibility', visibility] });
  const as = await srv.loginAll();
  const owner = as.repN1;
  const parents = {
    org: await owner.create('/api/v1/organizations', { name: 'Parent' }),
  };
  parents.contact = await owner.create('/api/v1/contacts', { last_name: 'Parent', org_id: parents.org.id });
  const want = MATRIX[visibility];

  for (const k of OWNED) {
    test(`${visibility}: ${k.path}`, async () => {
      const base = `/api/v1/${k.path}`;
      for (const who of ACTORS) {
        const c = as[who];
        const read = want.read[who];
        const write = want.write[who];
        const rec = await owner.create(base, k.make(parents));
        const p = `${base}/${rec.id}`;
        const label = `${visibility} ${who} ${p}`;
        const got = await expectCase({ name: `${label} get`, as: c, method: 'GET', path: p, status: read });
        /* may_change says beforehand what PATCH will answer: true exactly when it is 200. */
        if (read === 200) assert.equal(got.body.may_change, write === 'ok', `${label} may_change`);
        await expectCase({ name: `${label} audit`, as: c, method: 'GET', path: `${p}/audit`, status: read });
        if (k.timeline) await expectCase({ name: `${label} timeline`, as: c, method: 'GET', path: `${p}/timeline`, status: read });
        if (k.history) await expectCase({ name: `${label} history`, as: c, method: 'GET', path: `${p}/history`, status: read });
        if (k.colleagues) await expectCase({ name: `${label} colleagues`, as: c, method: 'GET', path: `${p}/colleagues`, status: read });
        const list = await c.get(`${base}?id=${rec.id}`);
        assert.equal(list.status, 200);
        assert.equal(list.body.items.length, read === 200 ? 1 : 0, `${label} list`);
        if (read === 200) assert.equal(list.body.items[0].may_change, write === 'ok', `${label} list may_change`);
        const ok = write === 'ok';
        await expectCase({ name: `${label} patch`, as: c, method: 'PATCH', path: p, body: k.patch, status: ok ? 200 : write });
        if (k.convert)
          await expectCase({ name: `${label} convert`, as: c, method: 'POST', path: `${p}/convert`, body: { create_deal: false }, status: ok ? 200 : write });
        const del = await expectCase({ name: `${label} delete`, as: c, method: 'DELETE', path: p, status: ok ? 204 : write });
        if (del.status !== 204) await owner.del(p);
        await expectCase({ name: `${label} restore`, as: c, method: 'POST', path: `${p}/restore`, status: ok ? 200 : write });
        /* The actor's name is in the audit trail exactly when they were allowed. */
        const entity = k.path === 'activities' ? 'activity' : k.path.slice(0, -1);
        const [{ n }] = srv.sql(`SELECT count(*) AS n FROM audit WHERE entity = '${entity}'
          AND entity_id = ${rec.id} AND user_id = ${srv.users[who].id}`);
        assert.equal(n > 0, ok, `${label}: audit rows by the actor`);
      }
    });
  }

  test(`${visibility}: a rep hands a task they own to a colleague, not someone else's`, async () => {
    const t = await owner.create('/api/v1/tasks', { title: 'Hand me over' });
    const p = `/api/v1/tasks/${t.id}`;
    await expectCase({ as: as.repN2, method: 'PATCH', path: p, body: { owner_id: srv.users.repN2.id }, status: want.write.repN2 });
    await expectCase({ as: owner, method: 'PATCH', path: p, body: { owner_id: 999999 }, status: 422, field: 'owner_id' });
    await expectCase({ as: owner, method: 'PATCH', path: p, body: { owner_id: srv.users.repS.id }, status: 200, json: { owner_id: srv.users.repS.id } });
    /* It is theirs now: the giver cannot take it back; the new owner can give it back. */
    await expectCase({ as: owner, method: 'PATCH', path: p, body: { owner_id: srv.users.repN1.id }, status: visibility === 'all' ? 403 : 404 });
    await expectCase({ as: as.repS, method: 'PATCH', path: p, body: { owner_id: srv.users.repN1.id }, status: 200 });
    const [{ n }] = srv.sql(`SELECT count(*) AS n FROM audit WHERE entity = 'task' AND entity_id = ${t.id} AND action = 'update'`);
    assert.equal(n, 2);
    /* Setting a task for a colleague is the same as handing one over; other kinds still refuse. */
    const set = await expectCase({ as: owner, method: 'POST', path: '/api/v1/tasks', body: { title: 'For you', owner_id: srv.users.repS.id }, status: 201 });
    assert.equal(set.body.created_by, srv.users.repN1.id);
    await expectCase({ as: owner, method: 'POST', path: '/api/v1/tasks', body: { title: 'For nobody', owner_id: 999999 }, status: 422, field: 'owner_id' });
    await expectCase({ as: owner, method: 'POST', path: '/api/v1/deals', body: { name: 'For you', owner_id: srv.users.repS.id }, status: 403, field: 'owner_id' });
  });

  test(`${visibility}: creating for others and linking to invisible records`, async () => {
    const cases = [
      { as: 'repN1', owner: 'repN2', status: 403 },
      { as: 'mgrN', owner: 'repN1', status: 201 },
      { as: 'mgrN', owner: 'repS', status: 403 },
      { as: 'admin', owner: 'repS', status: 201 },
      { as: 'repN1', owner: 'repN1', status: 201 },
    ];
    for (const c of cases)
      await expectCase({ as: as[c.as], method: 'POST', path: '/api/v1/contacts',
        body: { last_name: 'For', owner_id: srv.users[c.owner].id }, status: c.status });
    /* Handing one's record to someone else needs the right to write for them. */
    const mine = await owner.create('/api/v1/contacts', { last_name: 'Mine' });
    await expectCase({ as: owner, method: 'PATCH', path: `/api/v1/contacts/${mine.id}`,
      body: { owner_id: srv.users.repN2.id }, status: 403 });
    await expectCase({ as: as.mgrN, method: 'PATCH', path: `/api/v1/contacts/${mine.id}`,
      body: { owner_id: srv.users.repN2.id }, status: 200, json: { owner_id: srv.users.repN2.id } });
    await expectCase({ as: as.mgrN, method: 'PATCH', path: `/api/v1/contacts/${mine.id}`,
      body: { owner_id: null }, status: 422, field: 'owner_id' });
    /* A link to a record the actor may not see is refused like a missing one. */
    const see = want.read.repS === 200;
    await expectCase({ as: as.repS, method: 'POST', path: '/api/v1/activities',
      body: { kind: 'note', contact_id: parents.contact.id }, status: see ? 201 : 422, field: see ? undefined : 'contact_id' });
    await expectCase({ as: as.repS, method: 'POST', path: '/api/v1/contacts',
      body: { last_name: 'X', org_id: parents.org.id }, status: see ? 201 : 422 });
  });

  test(`${visibility}: admin-written kinds (teams, stages)`, async () => {
    const team = await as.admin.create('/api/v1/teams', { name: `t-${visibility}` });
    const stage = await as.admin.create('/api/v1/stages', { name: `s-${visibility}` });
    for (const who of ACTORS) {
      const c = as[who];
      const admin = who === 'admin';
      for (const [base, rec, body, patch] of [
        ['/api/v1/teams', team, { name: `x-${who}` }, { name: `t2-${visibility}` }],
        ['/api/v1/stages', stage, { name: `x-${who}` }, { probability: 5 }]]) {
        await expectCase({ as: c, method: 'GET', path: `${base}/${rec.id}`, status: 200 });
        await expectCase({ as: c, method: 'GET', path: base, status: 200 });
        await expectCase({ as: c, method: 'POST', path: base, body, status: admin ? 201 : 403 });
        if (!admin) {
          await expectCase({ as: c, method: 'PATCH', path: `${base}/${rec.id}`, body: patch, status: 403 });
          await expectCase({ as: c, method: 'DELETE', path: `${base}/${rec.id}`, status: 403 });
        }
      }
    }
  });

  test(`${visibility}: users, tokens, events`, async () => {
    const u = srv.users.repN2.id;
    for (const who of ACTORS) {
      const c = as[who];
      const admin = who === 'admin';
      const cases = [
        { method: 'GET', path: '/api/v1/users', status: 200 },
        { method: 'GET', path: `/api/v1/users/${u}`, status: 200 },
        { method: 'GET', path: '/api/v1/users/me', status: 200, json: { id: srv.users[who].id } },
        { method: 'POST', path: '/api/v1/users', body: { email: `new.${who}@acme.test`, name: 'N', role: 'rep', password: 'long enough pw' }, status: admin ? 201 : 403 },
        { method: 'PATCH', path: `/api/v1/users/${u}`, body: { is_power_user: true }, status: admin ? 200 : 403 },
        { method: 'POST', path: `/api/v1/users/${u}/deactivate`, body: { successor_id: 999999 }, status: admin ? 422 : 403 },
        { method: 'GET', path: '/api/v1/events', status: admin ? 200 : 403 },
        { method: 'GET', path: '/api/v1/tokens', status: 200 },
        { method: 'GET', path: '/api/v1/fields', status: 200 },
        { method: 'PATCH', path: '/api/v1/fields/contact/title', body: { hidden: false }, status: admin ? 200 : 403 },
        { method: 'GET', path: '/api/v1/fields/usage?kind=contact', status: srv.users[who].role === 'rep' ? 403 : 200 },
        { method: 'GET', path: '/api/v1/reports/pipeline', status: 200 },
        { method: 'GET', path: '/api/v1/reports/team', status: srv.users[who].role === 'rep' ? 403 : 200 },
        { method: 'GET', path: '/api/v1/me/recent', status: 200 },
      ];
      for (const x of cases) await expectCase({ as: c, ...x });
      /* Changing one's own role is an admin's business too. */
      if (!admin)
        await expectCase({ as: c, method: 'PATCH', path: `/api/v1/users/${srv.users[who].id}`, body: { role: 'admin' }, status: 403 });
    }
  });

  return srv;
}

const ROUTES = [
  ['GET', '/api/v1/session'], ['DELETE', '/api/v1/session'],
  ['GET', '/api/v1/users'], ['POST', '/api/v1/users'], ['GET', '/api/v1/users/1'], ['GET', '/api/v1/users/me'],
  ['PATCH', '/api/v1/users/1'], ['POST', '/api/v1/users/1/deactivate'],
  ['GET', '/api/v1/tokens'], ['POST', '/api/v1/tokens'], ['DELETE', '/api/v1/tokens/1'],
  ['GET', '/api/v1/events'],
  ['GET', '/api/v1/deals/1/history'], ['POST', '/api/v1/leads/1/convert'],
  ['GET', '/api/v1/contacts/1/timeline'], ['GET', '/api/v1/organizations/1/timeline'],
  ['GET', '/api/v1/contacts/1/colleagues'], ['GET', '/api/v1/me/recent'], ['POST', '/api/v1/me/password'],
  ['GET', '/api/v1/fields'], ['PATCH', '/api/v1/fields/contact/title'], ['GET', '/api/v1/fields/usage?kind=contact'],
  ['GET', '/api/v1/reports/pipeline'], ['GET', '/api/v1/reports/team'],
  ...['contacts', 'organizations', 'relationships', 'activities', 'tasks', 'leads', 'stages', 'deals', 'teams']
    .flatMap((k) => [['GET', `/api/v1/${k}`], ['POST', `/api/v1/${k}`], ['GET', `/api/v1/${k}/1`],
      ['PATCH', `/api/v1/${k}/1`], ['DELETE', `/api/v1/${k}/1`], ['POST', `/api/v1/${k}/1/restore`],
      ['GET', `/api/v1/${k}/1/audit`]]),
];

const srv = await matrix('team');
await matrix('own');
await matrix('all');

test('every endpoint: no auth -> 401; a cookie without the CSRF token -> 403 on unsafe methods', async () => {
  const anon = srv.anon();
  const admin = await srv.login('admin@acme.test');
  for (const [method, path] of ROUTES) {
    const body = method === 'GET' || method === 'DELETE' ? undefined : {};
    await expectCase({ as: anon, method, path, body, status: 401, error: 'unauthorized' });
    if (method !== 'GET')
      await expectCase({ as: admin, method, path, body, opts: { csrf: false }, status: 403, error: 'forbidden' });
  }
  await srv.assertAlive();
});
