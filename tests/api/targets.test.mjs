// SPDX-License-Identifier: MIT
// Personal points targets and holidays (docs/POINTS.md, "Targets and holidays") over the API:
// who may read and set targets, hostile bodies, holidays (admins only, duplicates, bad dates),
// the leaderboard's percent from the rule round(per_week x working days / 5) with a holiday
// lowering a week's target by a fifth, and a streak that a holiday does not break.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const U = srv.users;
const HOUR = 3600e3, DAY = 24 * HOUR;
const PAST = Date.UTC(2025, 0, 6); /* a Monday */
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

/* Everyone joined long before the weeks the tests look at (no prorating for new joiners). */
srv.sql(`UPDATE users SET created_at = created_at - ${800 * DAY}`);

test('targets: who reads and who sets', async () => {
  const path = (k) => `/api/v1/points/targets/${U[k].id}`;
  await expectCase({ as: as.repN1, method: 'PUT', path: path('repN1'), body: { per_week: 50 }, status: 403 });
  await expectCase({ as: as.repN1, method: 'PUT', path: path('repN2'), body: { per_week: 50 }, status: 403 });
  await expectCase({ as: as.mgrS, method: 'PUT', path: path('repN1'), body: { per_week: 50 }, status: 403 });
  await expectCase({ as: as.mgrN, method: 'PUT', path: path('repN1'), body: { per_week: 50 }, status: 200, json: { user_id: U.repN1.id, per_week: 50, set_by: U.mgrN.id } });
  await expectCase({ as: as.admin, method: 'PUT', path: path('repS'), body: { per_week: 70 }, status: 200, json: { per_week: 70 } });
  await expectCase({ as: as.admin, method: 'PUT', path: '/api/v1/points/targets/999999', body: { per_week: 70 }, status: 404 });
  await expectCase({ as: as.mgrS, method: 'DELETE', path: path('repN1'), status: 403 });
  await expectCase({ as: as.repS, method: 'DELETE', path: path('repS'), status: 403 });

  const all = await as.admin.get('/api/v1/points/targets');
  assert.equal(all.status, 200, all.text);
  assert.equal(all.body.items.length, Object.keys(U).length);
  assert.equal(all.body.items.find((i) => i.user_id === U.repN1.id).per_week, 50);
  assert.equal(all.body.items.find((i) => i.user_id === U.repN2.id).per_week, null);
  const mine = await as.repN1.get('/api/v1/points/targets');
  assert.deepEqual(mine.body.items.map((i) => [i.user_id, i.per_week, i.may_change]), [[U.repN1.id, 50, false]]);
  const team = await as.mgrN.get('/api/v1/points/targets');
  const ids = team.body.items.map((i) => i.user_id);
  assert.ok(ids.includes(U.repN1.id) && ids.includes(U.repN2.id) && ids.includes(U.mgrN.id));
  assert.ok(!ids.includes(U.repS.id) && !ids.includes(U.mgrS.id));

  await expectCase({ as: as.mgrN, method: 'DELETE', path: path('repN1'), status: 204 });
  await expectCase({ as: as.mgrN, method: 'DELETE', path: path('repN1'), status: 404 });
  await expectCase({ as: as.admin, method: 'DELETE', path: path('repS'), status: 204 });
  const audit = srv.sql(`SELECT action FROM audit WHERE entity = 'points_target' AND entity_id = ${U.repN1.id} ORDER BY id`);
  assert.deepEqual(audit.map((a) => a.action), ['create', 'delete']);
});

test('targets: hostile bodies', async () => {
  const path = `/api/v1/points/targets/${U.repN2.id}`;
  const cases = [
    [{ per_week: -5 }, 422], [{ per_week: 0 }, 422], [{ per_week: 1000001 }, 422], [{ per_week: 1e15 }, 422],
    [{ per_week: '50' }, 400], [{ per_week: 5.5 }, 400], [{ per_week: null }, 400], [{}, 400],
    [{ per_week: 5, extra: 1 }, 400, 'extra'], ['{"per_week": ', 400], ['[5]', 400], ['"x"', 400],
  ];
  for (const [body, status, field] of cases)
    await expectCase({ as: as.admin, method: 'PUT', path, body, status, field });
  await expectCase({ as: as.admin, method: 'PUT', path: '/api/v1/points/targets/abc', body: { per_week: 5 }, status: 404 });
  await expectCase({ as: as.admin, method: 'PUT', path, body: { per_week: 1000000 }, status: 200 });
  await expectCase({ as: as.admin, method: 'DELETE', path, status: 204 });
  await srv.assertAlive();
});

test('holidays: admins add and delete, everyone reads, bad input refused', async () => {
  const path = '/api/v1/holidays';
  await expectCase({ as: as.repN1, method: 'POST', path, body: { day: '2025-12-25', name: 'Christmas' }, status: 403 });
  await expectCase({ as: as.mgrN, method: 'POST', path, body: { day: '2025-12-25', name: 'Christmas' }, status: 403 });
  await expectCase({ as: as.admin, method: 'POST', path, body: { day: '2025-12-25', name: 'Christmas' }, status: 201, json: { day: '2025-12-25', name: 'Christmas' } });
  await expectCase({ as: as.admin, method: 'POST', path, body: { day: '2025-12-25', name: 'Again' }, status: 409, field: 'day' });
  const bad = [
    [{ day: '2025-02-30', name: 'x' }, 422, 'day'], [{ day: '25-12-2025', name: 'x' }, 422, 'day'],
    [{ day: '2025-12-26T00:00Z', name: 'x' }, 422, 'day'], [{ day: '', name: 'x' }, 422, 'day'],
    [{ day: '2025-12-26', name: '' }, 422, 'name'], [{ day: '2025-12-26', name: 'n'.repeat(101) }, 422, 'name'],
    [{ day: '2025-12-26', name: 'a\u0001b' }, 422, 'name'], [{ day: '2025-12-26' }, 400, 'name'],
    [{ day: 20251226, name: 'x' }, 400, 'day'], [{ day: '2025-12-26', name: 'x', extra: 1 }, 400, 'extra'],
    ['{"day":', 400],
  ];
  for (const [body, status, field] of bad) await expectCase({ as: as.admin, method: 'POST', path, body, status, field });
  await expectCase({ as: as.admin, method: 'POST', path, body: { day: '2025-12-26', name: 'n'.repeat(100) }, status: 201 });
  const list = await as.repS.get(`${path}?from=2025-12-01&to=2025-12-31`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.items.map((h) => h.day), ['2025-12-25', '2025-12-26']);
  await expectCase({ as: as.repS, method: 'GET', path: `${path}?from=2025-12-26`, status: 200, json: { items: [{ day: '2025-12-26' }] } });
  await expectCase({ as: as.repS, method: 'GET', path: `${path}?from=yesterday`, status: 400, field: 'from' });
  await expectCase({ as: as.repS, method: 'DELETE', path: `${path}/2025-12-26`, status: 403 });
  await expectCase({ as: as.admin, method: 'DELETE', path: `${path}/2025-12-26`, status: 204 });
  await expectCase({ as: as.admin, method: 'DELETE', path: `${path}/2025-12-26`, status: 404 });
  await expectCase({ as: as.admin, method: 'DELETE', path: `${path}/not-a-day`, status: 404 });
  await expectCase({ as: as.admin, method: 'DELETE', path: `${path}/2025-12-25`, status: 204 });
});

/* The rule of docs/POINTS.md: a range's target is round(per_week x working days / 5). */
const targetOf = (perWeek, workingDays) => Math.round((perWeek * workingDays) / 5);
const round1 = (x) => Math.round(x * 10) / 10;

test('the leaderboard percent: points over the target; a holiday in the week takes a fifth off', async () => {
  srv.addPoints([
    { at: PAST + 10 * HOUR, user: U.repN1.id, points: 30 },
    { at: PAST + DAY + 10 * HOUR, user: U.repN2.id, points: 10 },
    { at: PAST + DAY + 11 * HOUR, user: U.repS.id, points: 90 },
  ]);
  for (const [k, perWeek] of [['repN1', 100], ['repN2', 20]]) {
    const r = await as.admin.req('PUT', `/api/v1/points/targets/${U[k].id}`, { per_week: perWeek });
    assert.equal(r.status, 200, r.text);
  }
  const board = async () => {
    const r = await as.repN1.get(`/api/v1/leaderboards?period=custom&from=${day(PAST)}&to=${day(PAST + 6 * DAY)}&metric=percent`);
    assert.equal(r.status, 200, r.text);
    return r.body.items;
  };
  let items = await board();
  // people with targets first, by percent; repS (most points, no target) after them
  assert.deepEqual(items.slice(0, 2).map((i) => i.user_id), [U.repN2.id, U.repN1.id]);
  const sue = items.find((i) => i.user_id === U.repS.id);
  assert.ok(items.indexOf(sue) >= 2);
  assert.equal(items[0].target, targetOf(20, 5));
  assert.equal(items[0].percent, round1((100 * 10) / targetOf(20, 5)));
  assert.equal(items[1].percent, round1((100 * 30) / targetOf(100, 5)));
  assert.equal(sue.points, 90);
  assert.equal(sue.percent, null);
  assert.equal(sue.target, null);

  // Wednesday is a holiday: four working days
  const h = await as.admin.post('/api/v1/holidays', { day: day(PAST + 2 * DAY), name: 'Founders day' });
  assert.equal(h.status, 201, h.text);
  items = await board();
  assert.equal(items[0].user_id, U.repN2.id);
  assert.equal(items[0].target, targetOf(20, 4));
  assert.equal(items[0].target, 16);
  assert.equal(items[0].percent, round1((100 * 10) / 16));
  assert.equal(items[1].target, 80);
  assert.equal(items[1].percent, round1((100 * 30) / 80));
  // a holiday on the Saturday changes nothing
  await as.admin.post('/api/v1/holidays', { day: day(PAST + 5 * DAY), name: 'Saturday' });
  assert.equal((await board())[1].target, 80);

  // the team's target is the sum of its people's
  const teams = await as.repN1.get(`/api/v1/leaderboards?period=custom&from=${day(PAST)}&to=${day(PAST + 6 * DAY)}&metric=percent&by=team`);
  const north = teams.body.items.find((t) => t.name === 'north');
  assert.equal(north.target, 96);
  assert.equal(north.percent, round1((100 * 40) / 96));
  assert.equal(teams.body.items.find((t) => t.name === 'south').percent, null);
});

test('a holiday neither breaks a streak nor adds to it', async () => {
  /* the last three working days before today, newest first */
  const today = Math.floor(Date.now() / DAY) * DAY;
  const working = [];
  for (let d = today - DAY; working.length < 3; d -= DAY) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) working.push(d);
  }
  const rule = srv.sql('SELECT min(id) AS id FROM points_rules')[0].id;
  for (const d of [working[0], working[2]])
    srv.addPoints([{ at: d + 12 * HOUR, user: U.mgrS.id, points: 5, rule }]);
  const streak = async () => {
    const r = await as.mgrS.get('/api/v1/points/summary');
    assert.equal(r.status, 200, r.text);
    return r.body.streak;
  };
  assert.equal((await streak()).current, 1); // the day between breaks it
  const h = await as.admin.post('/api/v1/holidays', { day: day(working[1]), name: 'Bridge day' });
  assert.equal(h.status, 201, h.text);
  const s = await streak();
  assert.equal(s.current, 2);
  assert.equal(s.longest, 2);
  assert.equal(s.last_day, day(working[0]));
});
