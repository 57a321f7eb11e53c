// SPDX-License-Identifier: MIT
// Points (docs/POINTS.md) over the API: a genuine call earns its owner, filler notes earn
// nothing, the daily cap holds, a delete reverses, adjustments need a reason, the history names
// the rule, the leaderboard ranks; rules are read by all and written by admins; hostile bodies
// are 400 naming the field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const U = srv.users;

const NOTES = [
  'Spoke with Maria about the renewal; budget approved for the third quarter, security review first.',
  'Jonas walked through the pricing sheet, procurement insists on two competing quotes.',
  'Warehouse manager Priya described scanner failures during night shifts in Leeds.',
  'Hiroshi confirmed legal signed the data processing addendum yesterday afternoon.',
  'Olga wants integration with their payroll vendor before expanding seats further.',
  'Finance director Samuel questioned invoicing cadence, prefers annual prepayment terms.',
  'Grace reported onboarding stalled because trainers left; suggested recorded webinars.',
  'Mateo compared our reporting module against spreadsheets exported from accounting.',
  'Aisha escalated delayed shipments from Rotterdam, asked about customs paperwork help.',
];

const ledger = async (who, userId) => {
  const r = await who.get(`/api/v1/points/ledger${userId ? `?user_id=${userId}` : ''}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

const contact = await as.repN1.create('/api/v1/contacts', { first_name: 'Pat' });
const contactS = await as.repS.create('/api/v1/contacts', { first_name: 'Sam' });

test('a genuine call earns its owner, with the rule named; filler earns nothing', async () => {
  const call = await as.repN1.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, body: NOTES[0] });
  let l = await ledger(as.repN1);
  assert.equal(l.total, 5);
  assert.equal(l.items[0].rule_name, 'Call with real notes');
  assert.equal(l.items[0].entity, 'activity');
  assert.equal(l.items[0].entity_id, call.id);
  assert.match(l.items[0].at, /^\d{4}-\d\d-\d\dT/);
  for (const body of ['call done ok follow up call done ok follow up', 'a                                      b',
    'asdf asdf asdf asdf asdf asdf asdf asdf asdf asdf'])
    await as.repN1.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, body });
  l = await ledger(as.repN1);
  assert.equal(l.total, 5);
  assert.equal(l.items[0].points, 0);
  assert.equal(l.items[0].reason, 'junk');
  assert.ok(l.items[0].note.length > 0);
  // logged by the manager for the rep: the rep is credited
  await as.mgrN.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, owner_id: U.repN1.id, body: NOTES[1] });
  assert.equal((await ledger(as.repN1)).total, 10);
  assert.equal((await ledger(as.mgrN)).total, 0);
  const sum = await as.repN1.get('/api/v1/points/summary');
  assert.equal(sum.status, 200, sum.text);
  assert.equal(sum.body.total, 10);
  assert.equal(sum.body.genuine_calls, 2);
  assert.deepEqual(sum.body.badges.map((b) => b.key), ['first_call']);
  await expectCase({ as: as.repS, method: 'GET', path: `/api/v1/points/summary?user_id=${U.repN1.id}`, status: 403 });
});

test('the daily cap holds; a delete reverses the award', async () => {
  const ids = [];
  for (const body of NOTES)
    ids.push((await as.repS.create('/api/v1/activities', { kind: 'call', contact_id: contactS.id, body })).id);
  let l = await ledger(as.repS);
  assert.equal(l.total, 40);
  // nine calls at 5: eight awards make the day's 40, the ninth earns nothing
  assert.equal(l.items.filter((i) => i.points === 5).length, 8);
  const d = await as.repS.del(`/api/v1/activities/${ids[0]}`);
  assert.equal(d.status, 204, d.text);
  l = await ledger(as.repS);
  assert.equal(l.total, 35);
  assert.equal(l.items[0].points, -5);
  assert.equal(l.items[0].reason, 'record deleted');
  assert.ok(l.items[0].reverses_id > 0);
});

test('who sees whose ledger', async () => {
  await expectCase({ as: as.repN2, method: 'GET', path: `/api/v1/points/ledger?user_id=${U.repN1.id}`, status: 403 });
  await expectCase({ as: as.mgrS, method: 'GET', path: `/api/v1/points/ledger?user_id=${U.repN1.id}`, status: 403 });
  await expectCase({ as: as.mgrN, method: 'GET', path: `/api/v1/points/ledger?user_id=${U.repN1.id}`, status: 200 });
  await expectCase({ as: as.admin, method: 'GET', path: `/api/v1/points/ledger?user_id=${U.repS.id}`, status: 200 });
  await expectCase({ as: as.admin, method: 'GET', path: '/api/v1/points/ledger?user_id=abc', status: 400 });
});

test('adjustments: admins only, a reason required', async () => {
  const path = '/api/v1/points/adjustments';
  const cases = [
    { as: as.admin, body: { user_id: U.repN2.id, points: 12 }, status: 400, field: 'reason' },
    { as: as.admin, body: { user_id: U.repN2.id, points: 12, reason: '   ' }, status: 400, field: 'reason' },
    { as: as.admin, body: { user_id: U.repN2.id, points: 0, reason: 'zero' }, status: 400, field: 'points' },
    { as: as.admin, body: { user_id: U.repN2.id, points: 1e12, reason: 'huge' }, status: 400, field: 'points' },
    { as: as.admin, body: { user_id: U.repN2.id, points: '12', reason: 'text' }, status: 400, field: 'points' },
    { as: as.admin, body: { user_id: U.repN2.id, points: 12, reason: 'x', extra: 1 }, status: 400, field: 'extra' },
    { as: as.admin, body: '{"user_id": 1, "points": ', status: 400 },
    { as: as.admin, body: { user_id: 999999, points: 12, reason: 'nobody' }, status: 404 },
    { as: as.mgrN, body: { user_id: U.repN2.id, points: 12, reason: 'mine' }, status: 403 },
  ];
  for (const c of cases) await expectCase({ method: 'POST', path, ...c });
  const r = await as.admin.post(path, { user_id: U.repN2.id, points: 12, reason: 'trade show booth' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.adjusted_by, U.admin.id);
  assert.equal(r.body.note, 'trade show booth');
  assert.equal((await ledger(as.repN2)).total, 12);
});

test('rules: everyone reads, admins write, bad rules are 400', async () => {
  const r = await as.repN1.get('/api/v1/points/rules');
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 6);
  assert.equal(r.body.items[0].name, 'Call with real notes');
  const path = '/api/v1/points/rules';
  const good = { name: 'Task done', event_kind: 'task.completed', points: 2, cap_day: 10 };
  await expectCase({ as: as.repN1, method: 'POST', path, body: good, status: 403 });
  const bad = [
    [{ ...good, cap_day: -1 }, 'cap_day'],
    [{ ...good, points: 0 }, 'points'],
    [{ ...good, points: 99999999999999999 }, 'points'],
    [{ ...good, event_kind: 'no.such' }, 'event_kind'],
    [{ ...good, event_kind: 'search' }, 'event_kind'],
    [{ ...good, condition: 'call_notes' }, 'condition'],
    [{ ...good, condition: 'magic' }, 'condition'],
    [{ ...good, colour: 'red' }, 'colour'],
    [{ ...good, name: '' }, 'name'],
    [{ ...good, active: 'yes' }, 'active'],
  ];
  for (const [body, field] of bad) await expectCase({ as: as.admin, method: 'POST', path, body, status: 400, field });
  const c = await as.admin.post(path, good);
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.event_kind, 'task.completed');
  const p = await as.admin.patch(`${path}/${c.body.id}`, { points: 3, active: false });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.points, 3);
  assert.equal(p.body.active, false);
  assert.equal(p.body.name, 'Task done');
  await expectCase({ as: as.admin, method: 'PATCH', path: `${path}/${c.body.id}`, body: { cap_week: -5 }, status: 400, field: 'cap_week' });
  await expectCase({ as: as.admin, method: 'PATCH', path: `${path}/99999`, body: { points: 3 }, status: 404 });
});

test('the leaderboard ranks by points, by person and by team', async () => {
  const r = await as.repN1.get('/api/v1/leaderboards?period=week&by=person');
  assert.equal(r.status, 200, r.text);
  const items = r.body.items;
  assert.equal(items[0].user_id, U.repS.id);
  assert.equal(items[0].rank, 1);
  assert.equal(items[0].points, 35);
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].points >= items[i].points);
  const t = await as.repN1.get('/api/v1/leaderboards?period=month&by=team');
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.body.items.map((x) => [x.name, x.points]), [['south', 35], ['north', 22]]);
  for (const q of ['period=year', 'by=org', 'metric=loudest', 'period=custom', 'period=custom&from=2026-02-01&to=2026-01-01'])
    await expectCase({ as: as.repN1, method: 'GET', path: `/api/v1/leaderboards?${q}`, status: 400 });
  const c = await as.repN1.get('/api/v1/leaderboards?period=custom&from=2020-01-01&to=2020-01-31&metric=improved');
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(c.body.range, { from: '2020-01-01', to: '2020-01-31' });
  assert.ok(c.body.items.every((i) => i.points === 0));
});

test('the week-end run rewards a complete pipeline once', async () => {
  await as.repN2.create('/api/v1/deals', { name: 'Clean', close_date: '2999-01-31', next_step: 'Send the quote' });
  await expectCase({ as: as.repN2, method: 'POST', path: '/api/v1/points/week-end', body: {}, status: 403 });
  await expectCase({ as: as.admin, method: 'POST', path: '/api/v1/points/week-end', body: { week: 'soon' }, status: 400, field: 'week' });
  await expectCase({ as: as.admin, method: 'POST', path: '/api/v1/points/week-end', body: { when: 'x' }, status: 400, field: 'when' });
  const today = new Date().toISOString().slice(0, 10);
  await expectCase({ as: as.admin, method: 'POST', path: '/api/v1/points/week-end', body: { week: today }, status: 422, field: 'week' });
  const before = (await ledger(as.repN2)).total;
  const r = await as.admin.post('/api/v1/points/week-end', {});
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.awarded.filter((a) => a.user_id === U.repN2.id).map((a) => a.points), [25]);
  const l = await ledger(as.repN2);
  assert.equal(l.total, before + 25);
  assert.equal(l.items[0].rule_name, "Complete pipeline at the week's end");
  const again = await as.admin.post('/api/v1/points/week-end', {});
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.body.awarded, []);
});

test('a draw records its seed and eligible list; running it again gives the same winner', async () => {
  const path = '/api/v1/points/draws';
  await expectCase({ as: as.repN1, method: 'POST', path, body: { prize: 'Lunch' }, status: 403 });
  await expectCase({ as: as.admin, method: 'POST', path, body: { criterion: 'pipeline' }, status: 400, field: 'prize' });
  await expectCase({ as: as.admin, method: 'POST', path, body: { prize: 'Lunch', colour: 1 }, status: 400, field: 'colour' });
  await expectCase({ as: as.admin, method: 'POST', path, body: { prize: 'Lunch', seed: 'abc' }, status: 422, field: 'seed' });
  await expectCase({ as: as.admin, method: 'POST', path, body: { prize: 'Lunch', criterion: 'luck' }, status: 422, field: 'criterion' });
  const seed = 'ff'.repeat(32);
  const r = await as.admin.post(path, { prize: 'Lunch with the CEO', criterion: 'pipeline', seed });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.eligible, [U.repN2.id]); // the clean pipeline of the week-end test
  assert.equal(r.body.winner_id, U.repN2.id);
  assert.equal(r.body.seed, seed);
  const c = await as.repS.get(`${path}/${r.body.id}/check`);
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(c.body, {
    id: r.body.id, recorded_winner_id: U.repN2.id, recorded_winner_name: 'Rob Two', winner_id: U.repN2.id,
    winner_name: 'Rob Two', matches: true,
  });
  const l = await as.repN1.get(path);
  assert.equal(l.status, 200);
  assert.equal(l.body.items[0].prize, 'Lunch with the CEO');
  await expectCase({ as: as.repN1, method: 'GET', path: `${path}/9999/check`, status: 404 });
});

test.after(() => srv.stop());
