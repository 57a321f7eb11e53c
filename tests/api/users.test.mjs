// SPDX-License-Identifier: MIT
// Users: list, get, me, create, patch, and deactivation with a successor who inherits every
// owned record and open task in one transaction, while history keeps the original author.
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
  const before = srv.sql('SELECT group_concat(owner_id) AS o FROM contacts')[0].o;
  await expectCase({ as: admin, method: 'POST', path: `/api/v1/users/${srv.users.repN1.id}/deactivate`,
    body: { successor_id: 424242 }, status: 422 });
  assert.equal(srv.sql('SELECT group_concat(owner_id) AS o FROM contacts')[0].o, before);
  assert.equal((await admin.get(`/api/v1/users/${srv.users.repN1.id}`)).body.active, true);
});
