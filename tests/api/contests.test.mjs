// SPDX-License-Identifier: MIT
// Contests (docs/POINTS.md, "Contests") over the API: each format's standings and winner (a
// race decided by ledger order, top-N, team vs team), reversals lower standings, metrics (all
// points, one rule, deals won), cancelled contests, validation and hostile bodies (400/422
// naming the field), access (admins write, everyone reads), the badges list, and the live
// items of an award (badge.earned, rank.changed, contest.updated) on a stream.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';
import { Server, expectCase, CODE } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const U = srv.users;
const HOUR = 3600e3, DAY = 24 * HOUR;
const iso = (ms) => new Date(ms).toISOString();
const now = Date.now();
const teams = Object.fromEntries((await as.admin.get('/api/v1/teams')).body.items.map((t) => [t.name, t.id]));
const stages = Object.fromEntries((await as.repN1.get('/api/v1/stages')).body.items.map((s) => [s.name, s.id]));
const NOTES = [
  'Spoke with Maria about the renewal; budget approved for the third quarter, security review first.',
  'Jonas walked through the pricing sheet, procurement insists on two competing quotes.',
  'Warehouse manager Priya described scanner failures during night shifts in Leeds.',
];

const contest = async (body) => as.admin.create('/api/v1/contests', body);
const get = async (id, who = as.repS) => {
  const r = await who.get(`/api/v1/contests/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const totals = (c) => Object.fromEntries(c.standings.map((s) => [s.name, s.total]));

/* Ledger rows written straight into the database, in order, in a past window (the server's
 * clock cannot be moved): [user key, points, at]. */
const PAST = Date.UTC(2025, 0, 6);
const rows = [['repN1', 5, 1], ['repS', 10, 2], ['repN1', 20, 3], ['repN2', 7, 4], ['mgrS', 3, 5]];
srv.addPoints(rows.map(([k, p, h]) => ({ at: PAST + h * HOUR, user: U[k].id, points: p })));

test('a race: the first to reach the target wins, by ledger order', async () => {
  const c = await contest({ name: 'Race to 10', starts_at: iso(PAST), ends_at: iso(PAST + DAY), format: 'race', target: 10, prize: 'Cake' });
  assert.equal(c.state, 'ended');
  assert.equal(c.seconds_left, 0);
  const g = await get(c.id);
  assert.equal(g.standings[0].name, 'Sue South'); // 10 at hour 2, before Rita's 25 at hour 3
  assert.equal(g.standings[0].winner, true);
  assert.match(g.standings[0].reached_at, /^2025-01-06T02:00/);
  assert.equal(g.standings[1].name, 'Rita One');
  assert.equal(g.standings[1].total, 25);
  assert.equal(g.standings[1].winner, false);
  assert.deepEqual(g.winners, [U.repS.id]);
  assert.equal(g.prize, 'Cake');
});

test('top-N: the N best at the end; individuals can be limited to a team', async () => {
  const c = await contest({ name: 'Top 2', starts_at: iso(PAST), ends_at: iso(PAST + DAY), format: 'top_n', top_n: 2 });
  const g = await get(c.id);
  assert.deepEqual(g.standings.slice(0, 3).map((s) => [s.name, s.total, s.winner]),
    [['Rita One', 25, true], ['Sue South', 10, true], ['Rob Two', 7, false]]);
  assert.deepEqual(g.winners, [U.repN1.id, U.repS.id]);
  const north = await contest({ name: 'North only', starts_at: iso(PAST), ends_at: iso(PAST + DAY), format: 'top_n', top_n: 1, team_ids: [teams.north] });
  const n = await get(north.id);
  assert.ok(n.standings.every((s) => ['Ada Admin', 'Max North', 'Rita One', 'Rob Two'].includes(s.name)), JSON.stringify(n.standings));
  const two = await contest({ name: 'Two people', starts_at: iso(PAST), ends_at: iso(PAST + DAY), format: 'top_n', top_n: 1, user_ids: [U.repS.id, U.mgrS.id] });
  assert.deepEqual((await get(two.id)).standings.map((s) => s.name), ['Sue South', 'Sam South']);
});

test('team vs team: team totals of the named teams', async () => {
  const c = await contest({ name: 'North v South', starts_at: iso(PAST), ends_at: iso(PAST + DAY), format: 'teams', participants: 'teams', team_ids: [teams.north, teams.south] });
  const g = await get(c.id);
  assert.deepEqual(g.standings.map((s) => [s.team_id, s.total, s.winner]), [[teams.north, 32, true], [teams.south, 13, false]]);
  assert.deepEqual(g.winners, [teams.north]);
  // a window that leaves out hour 3 turns it round; the window is [starts_at, ends_at)
  const early = await contest({ name: 'Early', starts_at: iso(PAST), ends_at: iso(PAST + 3 * HOUR), format: 'teams', team_ids: [teams.north, teams.south] });
  assert.deepEqual((await get(early.id)).standings.map((s) => [s.team_id, s.total]), [[teams.south, 10], [teams.north, 5]]);
});

test('a running contest counts awards as they come, reversals lower it, metrics pick rows', async () => {
  const all = await contest({ name: 'This week', starts_at: iso(now - HOUR), ends_at: iso(now + DAY), format: 'top_n', top_n: 3 });
  const calls = await contest({ name: 'Calls only', starts_at: iso(now - HOUR), ends_at: iso(now + DAY), metric: 'rule', rule_id: 1, format: 'race', target: 10 });
  const wins = await contest({ name: 'Deals', starts_at: iso(now - HOUR), ends_at: iso(now + DAY), metric: 'deals_won', format: 'top_n', top_n: 1 });
  assert.equal(all.state, 'running');
  assert.ok(all.seconds_left > 0 && all.seconds_left <= 86400);
  const contact = await as.repN1.create('/api/v1/contacts', { first_name: 'Pat', email: 'pat@example.test' });
  const call = await as.repN1.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, body: NOTES[0] });
  await as.repN1.create('/api/v1/deals', { name: 'Big one', stage_id: stages.Won, amount_minor: 50000, currency: 'EUR' });
  assert.equal(totals(await get(all.id))['Rita One'], 26); // call 5, contact 1, deal 20
  assert.equal(totals(await get(calls.id))['Rita One'], 5);
  assert.equal(totals(await get(wins.id))['Rita One'], 1);
  assert.equal((await as.repN1.del(`/api/v1/activities/${call.id}`)).status, 204);
  assert.equal(totals(await get(all.id))['Rita One'], 21);
  assert.equal(totals(await get(calls.id))['Rita One'], 0);
  const g = await get(wins.id);
  assert.deepEqual(g.winners, []); // nobody wins a top-N before its end
  const list = await as.repS.get('/api/v1/contests');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.some((c) => c.id === all.id && c.state === 'running' && !('standings' in c)));
});

test('cancelled contests: no winners, cannot change or cancel again', async () => {
  const c = await contest({ name: 'Doomed', starts_at: iso(PAST), ends_at: iso(PAST + DAY), format: 'race', target: 5 });
  await expectCase({ as: as.repN1, method: 'POST', path: `/api/v1/contests/${c.id}/cancel`, status: 403 });
  const r = await as.admin.post(`/api/v1/contests/${c.id}/cancel`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'cancelled');
  assert.ok(r.body.cancelled_at);
  assert.deepEqual(r.body.winners, []);
  await expectCase({ as: as.admin, method: 'POST', path: `/api/v1/contests/${c.id}/cancel`, status: 409, error: CODE[409] });
  await expectCase({ as: as.admin, method: 'PATCH', path: `/api/v1/contests/${c.id}`, body: { name: 'Back' }, status: 409 });
  await expectCase({ as: as.admin, method: 'POST', path: '/api/v1/contests/999999/cancel', status: 404 });
});

test('PATCH changes what it names and keeps the rest', async () => {
  const c = await contest({ name: 'Patch me', starts_at: iso(PAST), ends_at: iso(PAST + DAY), format: 'top_n', top_n: 1 });
  const r = await as.admin.patch(`/api/v1/contests/${c.id}`, { top_n: 2, prize: 'Two lunches' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.top_n, 2);
  assert.equal(r.body.name, 'Patch me');
  assert.equal(r.body.starts_at, c.starts_at);
  assert.equal(r.body.winners.length, 2);
  await expectCase({ as: as.admin, method: 'PATCH', path: `/api/v1/contests/${c.id}`, body: { ends_at: iso(PAST - DAY) }, status: 422, field: 'ends_at' });
  await expectCase({ as: as.repN1, method: 'PATCH', path: `/api/v1/contests/${c.id}`, body: { top_n: 3 }, status: 403 });
});

test('validation and hostile bodies: 400 malformed, 422 invalid, naming the field', async () => {
  const ok = { name: 'X', starts_at: iso(PAST), ends_at: iso(PAST + DAY), format: 'top_n', top_n: 1 };
  const cases = [
    [{ ...ok, ends_at: iso(PAST - 1) }, 422, 'ends_at'],
    [{ ...ok, ends_at: iso(PAST) }, 422, 'ends_at'],
    [{ ...ok, ends_at: iso(PAST + 400 * DAY) }, 422, 'ends_at'],
    [{ ...ok, starts_at: 'yesterday' }, 422, 'starts_at'],
    [{ ...ok, metric: 'karma' }, 422, 'metric'],
    [{ ...ok, metric: 'rule' }, 422, 'rule_id'],
    [{ ...ok, metric: 'rule', rule_id: 999999 }, 422, 'rule_id'],
    [{ ...ok, format: 'knockout' }, 422, 'format'],
    [{ ...ok, format: 'race', target: 0 }, 422, 'target'],
    [{ ...ok, format: 'race', target: -3 }, 422, 'target'],
    [{ ...ok, format: 'race', target: 1e12 }, 422, 'target'],
    [{ ...ok, top_n: 0 }, 422, 'top_n'],
    [{ ...ok, top_n: 5000000000 }, 422, 'top_n'],
    [{ ...ok, format: 'teams', participants: 'individuals' }, 422, 'participants'],
    [{ ...ok, format: 'teams', team_ids: [teams.north] }, 422, 'team_ids'],
    [{ ...ok, participants: 'robots' }, 422, 'participants'],
    [{ ...ok, user_ids: [999999] }, 422, 'user_ids'],
    [{ ...ok, user_ids: [-1] }, 422, 'user_ids'],
    [{ ...ok, team_ids: [999999] }, 422, 'team_ids'],
    [{ ...ok, user_ids: Array.from({ length: 501 }, (_, i) => i + 1) }, 422, 'user_ids'],
    [{ ...ok, name: 'n'.repeat(201) }, 422, 'name'],
    [{ ...ok, name: '   ' }, 422, 'name'],
    [{ ...ok, prize: 'p'.repeat(100000) }, 422, 'prize'],
    [{ ...ok, name: 5 }, 400, 'name'],
    [{ ...ok, target: '10' }, 400, 'target'],
    [{ ...ok, top_n: 1.5 }, 400, 'top_n'],
    [{ ...ok, user_ids: 'all' }, 400, 'user_ids'],
    [{ ...ok, user_ids: ['1'] }, 400, 'user_ids'],
    [{ ...ok, winner: 1 }, 400, 'winner'],
    [{ ...ok, name: undefined }, 400, 'name'],
    [{ ...ok, format: undefined }, 400, 'format'],
    [{ ...ok, starts_at: undefined }, 400, 'starts_at'],
  ];
  for (const [body, status, field] of cases)
    await expectCase({ as: as.admin, method: 'POST', path: '/api/v1/contests', body, status, error: CODE[status], field });
  for (const body of ['{', '[]', '"x"', 'null', '{"name":"a","name":"b"}'.repeat(1000)])
    await expectCase({ as: as.admin, method: 'POST', path: '/api/v1/contests', body, status: 400 });
  await srv.assertAlive();
});

test('access: admins write, everyone reads; unknown ids are 404', async () => {
  const body = { name: 'Nope', starts_at: iso(PAST), ends_at: iso(PAST + DAY), format: 'top_n', top_n: 1 };
  for (const who of [as.repN1, as.mgrN])
    await expectCase({ as: who, method: 'POST', path: '/api/v1/contests', body, status: 403 });
  await expectCase({ as: srv.anon(), method: 'GET', path: '/api/v1/contests', status: 401 });
  await expectCase({ as: as.admin, method: 'POST', path: '/api/v1/contests', body, opts: { csrf: false }, status: 403 });
  await expectCase({ as: as.repN1, method: 'GET', path: '/api/v1/contests/999999', status: 404 });
  await expectCase({ as: as.repN1, method: 'GET', path: '/api/v1/contests/abc', status: 404 });
  assert.equal((await as.mgrS.get('/api/v1/contests')).status, 200);
});

test('badges: each with who holds it', async () => {
  const r = await as.repS.get('/api/v1/points/badges');
  assert.equal(r.status, 200, r.text);
  const byKey = Object.fromEntries(r.body.items.map((b) => [b.key, b]));
  assert.ok(byKey.first_call && byKey.points_100, r.text);
  assert.ok(byKey.first_win.holders.some((h) => h.user_id === U.repN1.id && h.name === 'Rita One'));
  assert.ok(!byKey.first_win.holders.some((h) => h.user_id === U.repS.id));
});

/* An open stream's events, parsed ({event, data}). */
function openStream(client) {
  return new Promise((resolve, reject) => {
    const rq = http.get(`${srv.url}/api/v1/stream`, { headers: { Accept: 'text/event-stream', Cookie: client.cookie } }, (res) => {
      const s = { events: [], waiters: new Set() };
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        pending += d;
        let i;
        while ((i = pending.indexOf('\n\n')) >= 0) {
          const ev = {};
          for (const line of pending.slice(0, i).split('\n')) {
            const c = line.indexOf(':');
            if (c > 0) ev[line.slice(0, c)] = line.slice(c + 1).replace(/^ /, '');
          }
          if (ev.data) ev.data = JSON.parse(ev.data);
          pending = pending.slice(i + 2);
          s.events.push(ev);
        }
        for (const w of s.waiters) w();
      });
      s.until = (pred, what) => new Promise((ok, fail) => {
        const w = () => { if (pred(s.events)) { s.waiters.delete(w); clearTimeout(t); ok(s.events); } };
        const t = setTimeout(() => fail(new Error(`no ${what}: ${JSON.stringify(s.events).slice(-800)}`)), 10000);
        s.waiters.add(w);
        w();
      });
      after(() => rq.destroy());
      resolve(s);
    });
    rq.on('error', reject);
  });
}

test('an award reaches the stream as badge.earned, rank.changed and contest.updated', async () => {
  const c = await contest({ name: 'Live one', starts_at: iso(now - HOUR), ends_at: iso(now + DAY), format: 'race', target: 100 });
  const s = await openStream(as.repS);
  const contact = await as.repN2.create('/api/v1/contacts', { first_name: 'Lee' });
  await as.repN2.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, body: NOTES[1] });
  const ev = await s.until((e) => ['badge.earned', 'rank.changed', 'contest.updated'].every((t) => e.some((x) => x.event === t)), 'live items');
  const badge = ev.find((e) => e.event === 'badge.earned').data;
  assert.deepEqual([badge.user_id, badge.name, badge.badge], [U.repN2.id, 'Rob Two', 'first_call']);
  const rank = ev.find((e) => e.event === 'rank.changed').data;
  assert.equal(rank.user_id, U.repN2.id);
  assert.ok(rank.rank < rank.previous_rank, JSON.stringify(rank));
  assert.equal(rank.period, 'week');
  const upd = ev.filter((e) => e.event === 'contest.updated').map((e) => e.data).find((d) => d.contest_id === c.id);
  assert.ok(upd, JSON.stringify(ev));
  assert.ok(upd.top.length <= 5);
  assert.ok(upd.top.some((t) => t.user_id === U.repN2.id && t.total === 5), JSON.stringify(upd));
  // a second genuine call: no new badge; junk earns nothing and sends nothing
  const before = s.events.length;
  await as.repN2.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, body: NOTES[2] });
  await s.until((e) => e.slice(before).some((x) => x.event === 'contest.updated'), 'second update');
  assert.ok(!s.events.slice(before).some((x) => x.event === 'badge.earned'));
});
