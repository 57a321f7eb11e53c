// SPDX-License-Identifier: MIT
// The access rule after an admin deletes a team (docs/DECISIONS.md, "One access rule"): a
// deleted team has no members and no manager, so its former manager and team-mates lose what
// the team gave them, the same way on records (GET, PATCH, lists, search, timelines) and on
// adoption pages. may_change follows the same rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

/* What actor c gets for the rep's contact and adoption page. */
async function access(c, contact, repId) {
  const p = `/api/v1/contacts/${contact.id}`;
  const get = await c.get(p);
  const patch = await c.req('PATCH', p, { title: `by ${c.user?.email || 'someone'}` });
  const list = await c.get(`/api/v1/contacts?id=${contact.id}`);
  const search = await c.get(`/api/v1/contacts?q=${encodeURIComponent(contact.last_name)}`);
  const adoption = await c.get(`/api/v1/adoption/users/${repId}`);
  assert.equal(list.status, 200);
  assert.equal(search.status, 200);
  return {
    get: get.status,
    may_change: get.status === 200 ? get.body.may_change : null,
    patch: patch.status,
    listed: list.body.items.length,
    found: search.body.items.filter((x) => x.id === contact.id).length,
    adoption: adoption.status,
  };
}

const SEES = { get: 200, may_change: true, patch: 200, listed: 1, found: 1, adoption: 200 };
const GONE = { get: 404, may_change: null, patch: 404, listed: 0, found: 0, adoption: 404 };

for (const visibility of ['team', 'own']) {
  test(`${visibility}: a deleted team's former manager sees its reps' records and figures no longer`, async () => {
    const srv = await Server.start({ flags: visibility === 'team' ? [] : ['--visibility', visibility] });
    const as = await srv.loginAll();
    /* Sam South also manages team East, to which Rob moves: a team he is not a member of. */
    const east = await as.admin.create('/api/v1/teams', { name: 'East', manager_id: srv.users.mgrS.id });
    await expectCase({ as: as.admin, method: 'PATCH', path: `/api/v1/users/${srv.users.repN2.id}`, body: { team_id: east.id }, status: 200 });
    const contact = await as.repN2.create('/api/v1/contacts', { last_name: 'Eastwood' });
    const act = await as.repN2.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, subject: 'Hello' });

    assert.deepEqual(await access(as.mgrS, contact, srv.users.repN2.id), SEES);
    await expectCase({ as: as.mgrS, method: 'GET', path: `/api/v1/reports/team?team_id=${east.id}`, status: 200 });
    let tl = await as.mgrS.get(`/api/v1/contacts/${contact.id}/timeline`);
    assert.equal(tl.body.items.find((x) => x.type === 'activity' && x.id === act.id).may_change, true);

    await expectCase({ as: as.admin, method: 'DELETE', path: `/api/v1/teams/${east.id}`, status: 204 });
    assert.deepEqual(await access(as.mgrS, contact, srv.users.repN2.id), GONE);
    await expectCase({ as: as.mgrS, method: 'GET', path: `/api/v1/contacts/${contact.id}/timeline`, status: 404 });
    await expectCase({ as: as.mgrS, method: 'GET', path: `/api/v1/activities/${act.id}`, status: 404 });
    await expectCase({ as: as.mgrS, method: 'GET', path: `/api/v1/reports/team?team_id=${east.id}`, status: 404 });
    /* Nor can he create records for Rob any more. */
    await expectCase({ as: as.mgrS, method: 'POST', path: '/api/v1/contacts', body: { last_name: 'For Rob', owner_id: srv.users.repN2.id }, status: 403, field: 'owner_id' });
    /* The team's figures are gone from his team view too. */
    const teams = await as.mgrS.get('/api/v1/adoption/teams');
    assert.equal(teams.status, 200);
    assert.equal(teams.body.items.filter((t) => t.team_id === east.id).length, 0);

    /* Rob and the admin keep theirs. */
    assert.deepEqual(await access(as.repN2, contact, srv.users.repN2.id), SEES);
    assert.deepEqual(await access(as.admin, contact, srv.users.repN2.id), SEES);

    /* Restoring the team gives it back its manager. */
    await expectCase({ as: as.admin, method: 'POST', path: `/api/v1/teams/${east.id}/restore`, status: 200 });
    assert.deepEqual(await access(as.mgrS, contact, srv.users.repN2.id), SEES);
    tl = await as.mgrS.get(`/api/v1/contacts/${contact.id}/timeline`);
    assert.equal(tl.status, 200);
  });

  test(`${visibility}: members of a deleted team are nobody's team-mates`, async () => {
    const srv = await Server.start({ flags: visibility === 'team' ? [] : ['--visibility', visibility] });
    const as = await srv.loginAll();
    const west = await as.admin.create('/api/v1/teams', { name: 'West' });
    for (const who of ['mgrN', 'repN1', 'repN2'])
      await expectCase({ as: as.admin, method: 'PATCH', path: `/api/v1/users/${srv.users[who].id}`, body: { team_id: west.id }, status: 200 });
    const contact = await as.repN1.create('/api/v1/contacts', { last_name: 'Westwood' });

    /* Max is a manager in West (not its manager_id): his team's records are his to change. */
    assert.deepEqual(await access(as.mgrN, contact, srv.users.repN1.id), SEES);
    const mate = await access(as.repN2, contact, srv.users.repN1.id);
    assert.deepEqual(mate, visibility === 'team'
      ? { get: 200, may_change: false, patch: 403, listed: 1, found: 1, adoption: 404 }
      : GONE);

    const standing = async () => (await as.repN1.get('/api/v1/adoption/users/me')).body.standing;
    assert.equal((await standing()).compared_with, 'team');
    assert.equal((await standing()).of, 3);

    await expectCase({ as: as.admin, method: 'DELETE', path: `/api/v1/teams/${west.id}`, status: 204 });
    /* Without a team Rita is compared with the whole organization. */
    assert.equal((await standing()).compared_with, 'organization');
    assert.equal((await standing()).of, 6);
    assert.deepEqual(await access(as.mgrN, contact, srv.users.repN1.id), GONE);
    assert.deepEqual(await access(as.repN2, contact, srv.users.repN1.id), GONE);
    assert.deepEqual(await access(as.repN1, contact, srv.users.repN1.id), SEES);
  });
}

test('may_change is true exactly when PATCH answers 200, per role', async () => {
  const srv = await Server.start({ flags: ['--visibility', 'all'] });
  const as = await srv.loginAll();
  const deal = await as.repN1.create('/api/v1/deals', { name: 'Shared' });
  const stage = (await as.admin.get('/api/v1/stages')).body.items[0];
  const want = { admin: true, mgrN: true, repN1: true, repN2: false, mgrS: false, repS: false };
  for (const [who, may] of Object.entries(want)) {
    const c = as[who];
    const one = await c.get(`/api/v1/deals/${deal.id}`);
    assert.equal(one.body.may_change, may, `${who} GET`);
    const list = await c.get('/api/v1/deals');
    assert.equal(list.body.items.find((d) => d.id === deal.id).may_change, may, `${who} list`);
    const pipeline = await c.get(`/api/v1/deals?stage_id=${stage.id}`);
    assert.equal(pipeline.status, 200);
    for (const d of pipeline.body.items) assert.equal(typeof d.may_change, 'boolean', `${who} pipeline`);
    const patch = await c.req('PATCH', `/api/v1/deals/${deal.id}`, { next_step: who });
    assert.equal(patch.status, may ? 200 : 403, `${who} PATCH`);
    if (may) assert.equal(patch.body.may_change, true, `${who} PATCH answer`);
  }
  /* It is an answer, not a field: sending it back is refused like any unknown field. */
  await expectCase({ as: as.repN1, method: 'PATCH', path: `/api/v1/deals/${deal.id}`, body: { may_change: true }, status: 400, field: 'may_change' });
  /* Admin-written kinds: only admins may change a stage or a team. */
  for (const who of Object.keys(want)) {
    const s = await as[who].get(`/api/v1/stages/${stage.id}`);
    assert.equal(s.body.may_change, who === 'admin', `${who} stage`);
  }
});
