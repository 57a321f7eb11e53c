// SPDX-License-Identifier: MIT
// Users: list, get, me, create, patch, and deactivation with successors who inherit every owned
// record and open task in one transaction (split by kind, previewed by a dry run), while history
// keeps the original author; reactivation; the last admin stays; tokens and may_manage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASSWORD, Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const admin = as.admin;

test('list, get and me', async () => {
  const list = await expectCase({ as: as.repS, method: 'GET', path: '/api/v1/users', status: 200 });
  assert.deepEqual(list.body.items.map((u) => u.email).sort(), Object.values(srv.users).map((u) => u.email).sort());
  assert.equal(list.body.next_cursor, null);
  for (const u of list.body.items) {
    assert.equal(u.password_hash, undefined, 'no secrets');
    assert.equal(u.has_password, true);
    assert.equal(u.active, true);
  }
  const rep = srv.users.repN1;
  await expectCase({ as: as.repS, method: 'GET', path: `/api/v1/users/${rep.id}`, status: 200,
    json: { id: rep.id, email: rep.email, name: rep.name, role: 'rep', team_name: 'north', active: true,
      is_integration: false, is_ambassador: false, is_power_user: false, successor_id: null, demo_archetype: null } });
  await expectCase({ as: as.mgrS, method: 'GET', path: '/api/v1/users/me', status: 200,
    json: { id: srv.users.mgrS.id, role: 'manager', team_name: 'south' } });
});

test('admin creates and changes users; the new user signs in', async () => {
  const teams = (await admin.get('/api/v1/teams')).body.items;
  const south = teams.find((t) => t.name === 'south').id;
  const r = await expectCase({ as: admin, method: 'POST', path: '/api/v1/users',
    body: { email: 'New.Hire@acme.test', name: 'New Hire', role: 'rep', team_id: south, password: 'a long password' },
    status: 201, json: { email: 'New.Hire@acme.test', role: 'rep', team_id: south, team_name: 'south', active: true } });
  const id = r.body.id;
  const c = await srv.login('new.hire@acme.test', 'a long password');
  assert.equal(c.user.id, id);
  await expectCase({ as: admin, method: 'PATCH', path: `/api/v1/users/${id}`,
    body: { name: 'Newly Hired', role: 'manager', is_ambassador: true, team_id: null }, status: 200,
    json: { name: 'Newly Hired', role: 'manager', is_ambassador: true, team_id: null, team_name: null } });
  /* The running session sees the new role at once. */
  await expectCase({ as: c, method: 'GET', path: '/api/v1/session', status: 200, json: { user: { role: 'manager', team_id: null } } });
  await expectCase({ as: admin, method: 'PATCH', path: `/api/v1/users/${id}`, body: { password: 'another long one' }, status: 200 });
  await srv.login('new.hire@acme.test', 'another long one');
  const audit = srv.sql(`SELECT action, before, after FROM audit WHERE entity = 'user' AND entity_id = ${id} ORDER BY id`);
  assert.deepEqual(audit.map((a) => a.action), ['create', 'update', 'update']);
  for (const a of audit) assert.ok(!/argon2/.test(`${a.before}${a.after}`), 'no password hashes in the audit');
  /* Integration users need no password. */
  await expectCase({ as: admin, method: 'POST', path: '/api/v1/users',
    body: { email: 'hook@acme.test', name: 'Webhook', role: 'rep', is_integration: true }, status: 201,
    json: { is_integration: true, has_password: false } });
});

test('deactivate hands every owned record and open task to the successor in one go', async () => {
  const leaver = await expectCase({ as: admin, method: 'POST', path: '/api/v1/users',
    body: { email: 'leaver@acme.test', name: 'Lee Leaver', role: 'rep', team_id: as.repN1.user.team_id, password: PASSWORD }, status: 201 });
  const L = await srv.login('leaver@acme.test');
  const lid = leaver.body.id;
  const succ = srv.users.repN2.id;
  const org = await L.create('/api/v1/organizations', { name: 'Leaver Org' });
  const contact = await L.create('/api/v1/contacts', { last_name: 'Leaver Contact', org_id: org.id });
  const rel = await L.create('/api/v1/relationships', { kind: 'works_at', contact_id: contact.id, org_id: org.id });
  const lead = await L.create('/api/v1/leads', { company: 'Leaver Lead' });
  const deal = await L.create('/api/v1/deals', { name: 'Leaver Deal', org_id: org.id });
  const open = await L.create('/api/v1/tasks', { title: 'Open task', contact_id: contact.id });
  const done = await L.create('/api/v1/tasks', { title: 'Done task', done: true });
  const act = await L.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, subject: 'Logged' });
  const gone = await L.create('/api/v1/contacts', { last_name: 'Deleted one' });
  await L.del(`/api/v1/contacts/${gone.id}`);
  const tok = await L.post('/api/v1/tokens', { name: 'leaver token' });
  const bearer = new (L.constructor)(srv.url, { token: tok.body.token });

  const r = await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${lid}/deactivate`,
    body: { successor_id: succ }, status: 200,
    json: { user: { id: lid, active: false, successor_id: succ },
      moved: { organizations: 1, contacts: 1, relationships: 1, leads: 1, deals: 1, open_tasks: 1 } } });
  assert.match(r.body.user.deactivated_at, /Z$/);
  const owner = (k, id) => srv.sql(`SELECT owner_id, created_by FROM ${k} WHERE id = ${id}`)[0];
  for (const [k, rec] of [['organizations', org], ['contacts', contact], ['relationships', rel], ['leads', lead], ['deals', deal], ['tasks', open]])
    assert.deepEqual(owner(k, rec.id), { owner_id: succ, created_by: lid }, `${k} moved, author kept`);
  assert.equal(owner('tasks', done.id).owner_id, lid, 'done tasks are history');
  assert.equal(owner('activities', act.id).owner_id, lid, 'activities are history');
  assert.equal(owner('contacts', gone.id).owner_id, lid, 'the trash is not handed over');
  /* History keeps the original author. */
  const a = await expectCase({ as: as.repN2, method: 'GET', path: `/api/v1/contacts/${contact.id}/audit`, status: 200 });
  assert.equal(a.body.items.at(-1).user_id, lid);
  assert.equal(a.body.items.at(-1).action, 'create');
  /* The handover itself is audited, by the admin, for every record moved. */
  assert.equal(a.body.items[0].action, 'handover');
  assert.equal(a.body.items[0].user_id, admin.user.id);
  assert.deepEqual([a.body.items[0].before.owner_id, a.body.items[0].after.owner_id], [lid, succ]);
  const handovers = srv.sql("SELECT entity, count(*) AS n FROM audit WHERE action = 'handover' GROUP BY entity ORDER BY entity");
  assert.deepEqual(handovers, ['contact', 'deal', 'lead', 'organization', 'relationship', 'task'].map((entity) => ({ entity, n: 1 })));
  /* The successor now changes the records; the leaver can no longer sign in or use tokens. */
  await expectCase({ as: as.repN2, method: 'PATCH', path: `/api/v1/deals/${deal.id}`, body: { next_step: 'Mine now' }, status: 200 });
  await expectCase({ as: L, method: 'GET', path: '/api/v1/session', status: 401 });
  await expectCase({ as: bearer, method: 'GET', path: '/api/v1/session', status: 401 });
  await expectCase({ as: srv.anon(), method: 'POST', path: '/api/v1/session', body: { email: 'leaver@acme.test', password: PASSWORD }, status: 401 });
  const listed = await admin.get('/api/v1/users');
  assert.ok(!listed.body.items.some((u) => u.id === lid));
  const all = await admin.get('/api/v1/users?include_inactive=true');
  assert.ok(all.body.items.some((u) => u.id === lid));
  const ev = srv.sql(`SELECT user_id, detail FROM events WHERE kind = 'user.deactivated' AND entity_id = ${lid}`);
  assert.equal(ev.length, 1);
  assert.equal(ev[0].user_id, admin.user.id);
  assert.equal(JSON.parse(ev[0].detail).successor_id, succ);
  /* Twice is a conflict; an inactive successor is refused; new records cannot name the leaver. */
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${lid}/deactivate`, body: { successor_id: succ }, status: 409 });
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${srv.users.repS.id}/deactivate`, body: { successor_id: lid }, status: 422, field: 'successor_id' });
  await expectCase({ as: admin, method: 'POST', path: '/api/v1/contacts', body: { last_name: 'x', owner_id: lid }, status: 422, field: 'owner_id' });
  await expectCase({ as: admin, method: 'POST', path: '/api/v1/tokens', body: { name: 'x', user_id: lid }, status: 422, field: 'user_id' });
});

test('a refused deactivation moves nothing', async () => {
  const owners = () => srv.sql('SELECT id, owner_id FROM contacts ORDER BY id');
  const before = owners();
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${srv.users.repN1.id}/deactivate`,
    body: { successor_id: 424242 }, status: 422 });
  assert.deepEqual(owners(), before);
  assert.equal((await admin.get(`/api/v1/users/${srv.users.repN1.id}`)).body.active, true);
});

test('the last active admin cannot be deactivated or demoted; another admin can', async () => {
  const me = srv.users.admin.id;
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${me}/deactivate`,
    body: { successor_id: srv.users.mgrN.id }, status: 409, error: 'conflict' });
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${me}/deactivate`,
    body: { successor_id: srv.users.mgrN.id, dry_run: true }, status: 409 });
  const r = await expectCase({ as: admin, method: 'PATCH', path: `/api/v1/users/${me}`, body: { role: 'manager' }, status: 409, field: 'role' });
  assert.match(r.body.error.message, /only active admin/);
  assert.equal((await admin.get(`/api/v1/users/${me}`)).body.role, 'admin');
  /* An integration admin does not count as someone who can manage users. */
  await expectCase({ as: admin, method: 'POST', path: '/api/v1/users',
    body: { email: 'bot-admin@acme.test', name: 'Bot Admin', role: 'admin', is_integration: true }, status: 201 });
  await expectCase({ as: admin, method: 'PATCH', path: `/api/v1/users/${me}`, body: { role: 'manager' }, status: 409 });
  const second = await expectCase({ as: admin, method: 'POST', path: '/api/v1/users',
    body: { email: 'second.admin@acme.test', name: 'Second Admin', role: 'admin', password: PASSWORD }, status: 201 });
  await expectCase({ as: admin, method: 'PATCH', path: `/api/v1/users/${second.body.id}`, body: { role: 'rep' }, status: 200, json: { role: 'rep' } });
  await expectCase({ as: admin, method: 'PATCH', path: `/api/v1/users/${second.body.id}`, body: { role: 'admin' }, status: 200 });
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${second.body.id}/deactivate`,
    body: { successor_id: me }, status: 200, json: { user: { active: false } } });
});

test('two admins demoting each other at once leave one admin (the check locks on PostgreSQL)', async () => {
  const own = await Server.start({ users: [
    { key: 'a', email: 'a@duo.test', name: 'Ann Admin', role: 'admin', team: 'x' },
    { key: 'b', email: 'b@duo.test', name: 'Ben Admin', role: 'admin', team: 'x' },
  ] });
  const A = await own.login('a@duo.test');
  const B = await own.login('b@duo.test');
  for (let round = 0; round < 10; round++) {
    const [ra, rb] = await Promise.all([
      A.patch(`/api/v1/users/${own.users.b.id}`, { role: 'manager' }),
      B.patch(`/api/v1/users/${own.users.a.id}`, { role: 'manager' }),
    ]);
    const statuses = [ra.status, rb.status];
    assert.equal(statuses.filter((x) => x === 200).length, 1, `round ${round}: ${ra.text} ${rb.text}`);
    const admins = own.sql("SELECT id FROM users WHERE role = 'admin' AND active = 1");
    assert.equal(admins.length, 1, `round ${round}: ${JSON.stringify(admins)}`);
    // The one left promotes the other again for the next round.
    const left = admins[0].id === own.users.a.id ? A : B;
    const other = admins[0].id === own.users.a.id ? own.users.b.id : own.users.a.id;
    assert.equal((await left.patch(`/api/v1/users/${other}`, { role: 'admin' })).status, 200);
  }
});

// On PostgreSQL (READ COMMITTED) a write checks a user row another write is changing: the
// hand-over and the checks of owners lock those rows, so nothing is left with someone inactive.
const orphans = (db) => db.sql(`SELECT count(*) AS n FROM (SELECT owner_id FROM contacts WHERE deleted_at IS NULL
  UNION ALL SELECT owner_id FROM deals WHERE deleted_at IS NULL) AS owned JOIN users u ON u.id = owned.owner_id
  WHERE u.active = 0`)[0].n;

test('records a leaver creates while being deactivated go to the successor, or are refused', async () => {
  for (let round = 0; round < 8; round++) {
    const email = `racer${round}@acme.test`;
    const u = await expectCase({ as: admin, method: 'POST', path: '/api/v1/users',
      body: { email, name: `Rae Racer ${round}`, role: 'rep', password: PASSWORD }, status: 201 });
    const L = await srv.login(email);
    const [off, ...made] = await Promise.all([
      admin.post(`/api/v1/users/${u.body.id}/deactivate`, { successor_id: srv.users.repS.id }),
      ...Array.from({ length: 6 }, (_, i) => L.post('/api/v1/contacts', { last_name: `Racer ${round}.${i}` })),
    ]);
    assert.equal(off.status, 200, off.text);
    for (const r of made)
      assert.ok([201, 401, 422].includes(r.status), `round ${round}: ${r.status} ${r.text}`);
    assert.equal(orphans(srv), 0, `round ${round}: a contact stayed with the deactivated user`);
  }
});

test('two users deactivated at once, each the other\'s successor chain, leave no records with either', async () => {
  for (let round = 0; round < 8; round++) {
    const made = [];
    for (const who of ['a', 'b']) {
      const email = `chain${who}${round}@acme.test`;
      const u = await expectCase({ as: admin, method: 'POST', path: '/api/v1/users',
        body: { email, name: `Chain ${who} ${round}`, role: 'rep', password: PASSWORD }, status: 201 });
      const c = await srv.login(email);
      await c.create('/api/v1/contacts', { last_name: `Chain ${who} ${round}` });
      await c.create('/api/v1/deals', { name: `Chain deal ${who} ${round}` });
      made.push(u.body.id);
    }
    const [a, b] = made;
    const [ra, rb] = await Promise.all([
      admin.post(`/api/v1/users/${a}/deactivate`, { successor_id: b }),
      admin.post(`/api/v1/users/${b}/deactivate`, { successor_id: srv.users.repS.id }),
    ]);
    assert.equal(rb.status, 200, rb.text);
    assert.ok([200, 422].includes(ra.status), ra.text);
    assert.equal(orphans(srv), 0, `round ${round}: ${ra.status} ${ra.text}`);
  }
});

test('reactivate: the user signs in again with their password; records stay with the successor', async () => {
  const u = await expectCase({ as: admin, method: 'POST', path: '/api/v1/users',
    body: { email: 'returner@acme.test', name: 'Ray Returner', role: 'rep', password: PASSWORD }, status: 201 });
  const R = await srv.login('returner@acme.test');
  const c = await R.create('/api/v1/contacts', { last_name: 'Returner Contact' });
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${u.body.id}/deactivate`, body: { successor_id: srv.users.repS.id }, status: 200 });
  await expectCase({ as: as.repN1, method: 'POST', path: `/api/v1/users/${u.body.id}/reactivate`, status: 403 });
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${u.body.id}/reactivate`, body: {}, status: 200,
    json: { id: u.body.id, active: true, deactivated_at: null, successor_id: null } });
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${u.body.id}/reactivate`, status: 409 });
  await expectCase({ as: admin, method: 'POST', path: '/api/v1/users/999999/reactivate', status: 404 });
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${u.body.id}/reactivate`, body: { x: 1 }, status: 400 });
  await srv.login('returner@acme.test');
  assert.equal(srv.sql(`SELECT owner_id FROM contacts WHERE id = ${c.id}`)[0].owner_id, srv.users.repS.id);
  assert.equal(srv.sql(`SELECT count(*) AS n FROM events WHERE kind = 'user.reactivated' AND entity_id = ${u.body.id}`)[0].n, 1);
  assert.equal(srv.sql(`SELECT count(*) AS n FROM audit WHERE action = 'reactivate' AND entity_id = ${u.body.id}`)[0].n, 1);
});

test('deactivate splits records between successors by kind; a dry run shows it and changes nothing', async () => {
  const leaver = await expectCase({ as: admin, method: 'POST', path: '/api/v1/users',
    body: { email: 'splitter@acme.test', name: 'Sid Splitter', role: 'rep', password: PASSWORD }, status: 201 });
  const lid = leaver.body.id;
  const L = await srv.login('splitter@acme.test');
  const contact = await L.create('/api/v1/contacts', { last_name: 'Split Contact' });
  const deals = [await L.create('/api/v1/deals', { name: 'Split Deal 1' }), await L.create('/api/v1/deals', { name: 'Split Deal 2' })];
  const task = await L.create('/api/v1/tasks', { title: 'Split task' });
  const body = { successor_id: srv.users.repN1.id, successors: { deals: srv.users.repS.id, open_tasks: srv.users.mgrN.id } };
  const expected = { moved: { organizations: 0, contacts: 1, relationships: 0, leads: 0, deals: 2, open_tasks: 1, teams_led: 0 },
    to: { organizations: srv.users.repN1.id, contacts: srv.users.repN1.id, relationships: srv.users.repN1.id, leads: srv.users.repN1.id,
      deals: srv.users.repS.id, open_tasks: srv.users.mgrN.id, teams_led: srv.users.repN1.id } };
  const preview = await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${lid}/deactivate`,
    body: { ...body, dry_run: true }, status: 200, json: { dry_run: true, user: { id: lid, active: true } } });
  assert.deepEqual({ moved: preview.body.moved, to: preview.body.to }, expected);
  await expectCase({ as: L, method: 'GET', path: '/api/v1/session', status: 200 });
  assert.equal(srv.sql(`SELECT count(*) AS n FROM audit WHERE action = 'handover' AND after LIKE '%${srv.users.repS.id}%' AND entity = 'deal' AND entity_id IN (${deals[0].id}, ${deals[1].id})`)[0].n, 0);
  for (const [b, status, field] of [
    [{ ...body, successors: { foo: 1 } }, 400, 'successors'],
    [{ ...body, successors: { deals: 'x' } }, 400, 'successors'],
    [{ ...body, successors: [] }, 400, 'successors'],
    [{ ...body, successors: { deals: lid } }, 422, 'deals'],
    [{ ...body, successors: { deals: 999999 } }, 422, 'deals'],
    [{ successors: { deals: srv.users.repS.id } }, 422, 'successor_id'],
    [{ ...body, dry_run: 'yes' }, 400, 'dry_run'],
  ]) await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${lid}/deactivate`, body: b, status, field });
  const done = await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${lid}/deactivate`, body, status: 200,
    json: { dry_run: false, user: { id: lid, active: false, successor_id: srv.users.repN1.id } } });
  assert.deepEqual({ moved: done.body.moved, to: done.body.to }, expected, 'what moved is what the preview said');
  const owner = (k, id) => srv.sql(`SELECT owner_id FROM ${k} WHERE id = ${id}`)[0].owner_id;
  assert.equal(owner('contacts', contact.id), srv.users.repN1.id);
  for (const d of deals) assert.equal(owner('deals', d.id), srv.users.repS.id);
  assert.equal(owner('tasks', task.id), srv.users.mgrN.id);
  const ev = JSON.parse(srv.sql(`SELECT detail FROM events WHERE kind = 'user.deactivated' AND entity_id = ${lid}`)[0].detail);
  assert.deepEqual(ev.to, expected.to);
});

test('an API token manages access only when an admin allowed it (may_manage)', async () => {
  const plain = new (admin.constructor)(srv.url, { token: (await admin.post('/api/v1/tokens', { name: 'plain' })).body.token });
  const made = await expectCase({ as: admin, method: 'POST', path: '/api/v1/tokens', body: { name: 'manager', may_manage: true }, status: 201, json: { may_manage: true } });
  const manage = new (admin.constructor)(srv.url, { token: made.body.token });
  const rep = srv.users.repN2.id;
  const refused = [
    ['POST', '/api/v1/tokens', { name: 'more' }],
    ['POST', '/api/v1/tokens', { name: 'for rep', user_id: rep }],
    ['POST', '/api/v1/users', { email: 'tokadmin@acme.test', name: 'Tok Admin', role: 'admin', is_integration: true }],
    ['POST', '/api/v1/users', { email: 'tokpw@acme.test', name: 'Tok Pw', role: 'rep', password: PASSWORD }],
    ['PATCH', `/api/v1/users/${rep}`, { role: 'admin' }],
    ['PATCH', `/api/v1/users/${rep}`, { password: 'another password' }],
    ['POST', `/api/v1/users/${srv.users.admin.id}/deactivate`, { successor_id: rep, dry_run: true }],
  ];
  for (const [method, path, body] of refused) {
    const r = await expectCase({ as: plain, method, path, body, status: 403, error: 'forbidden' });
    assert.match(r.body.error.message, /may_manage/);
  }
  assert.equal((await admin.get(`/api/v1/users/${rep}`)).body.role, 'rep');
  /* What does not change access still works through a plain admin token. */
  await expectCase({ as: plain, method: 'PATCH', path: `/api/v1/users/${rep}`, body: { is_power_user: true }, status: 200 });
  await expectCase({ as: plain, method: 'POST', path: '/api/v1/users', body: { email: 'tokrep@acme.test', name: 'Tok Rep', role: 'rep', is_integration: true }, status: 201 });
  /* A token with may_manage may. */
  await expectCase({ as: manage, method: 'POST', path: '/api/v1/tokens', body: { name: 'more' }, status: 201, json: { may_manage: false } });
  await expectCase({ as: manage, method: 'PATCH', path: `/api/v1/users/${rep}`, body: { role: 'manager' }, status: 200, json: { role: 'manager' } });
  await expectCase({ as: manage, method: 'PATCH', path: `/api/v1/users/${rep}`, body: { role: 'rep' }, status: 200 });
  /* Only an admin grants it; the type is checked; the list shows it. */
  await expectCase({ as: as.repN1, method: 'POST', path: '/api/v1/tokens', body: { name: 'x', may_manage: true }, status: 403, field: 'may_manage' });
  await expectCase({ as: admin, method: 'POST', path: '/api/v1/tokens', body: { name: 'x', may_manage: 'yes' }, status: 400, field: 'may_manage' });
  const list = (await admin.get('/api/v1/tokens')).body.items;
  assert.deepEqual(list.filter((t) => ['plain', 'manager'].includes(t.name)).map((t) => [t.name, t.may_manage]), [['plain', false], ['manager', true]]);
});
