// SPDX-License-Identifier: MIT
// Adoption scores (docs/ADOPTION.md): the ranking is truthful on the demo organization for
// several seeds (champions above steady users above inactive ones, junk loggers never above
// steady users, careless users with a low quality component, lone wolves with a low process
// component and why); the API's shape, who sees whom, CSV, and bad input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { Server, CAST, cli, cliAsync, sql, tmpDir, expectCase } from './lib/server.mjs';
import { after } from 'node:test';

const SEEDS = (process.env.UPTAKE_ADOPTION_SEEDS || '1,2,3').split(',').map(Number);
const dir = tmpDir('adoption-');
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

const EVIL = '=HYPERLINK("http://evil.test","x")';
const srv = await Server.start({
  users: [...CAST,
    { key: 'evil', email: 'evil@acme.test', name: EVIL, role: 'rep', team: 'south' },
    { key: 'sync', email: 'sync@acme.test', name: 'Sync Bot', role: 'admin', integration: true }],
});
const as = await srv.loginAll();
const id = (k) => srv.users[k].id;
/* The scorecard of a small demo organization, each item with its user's archetype. The CLI
 * runs asynchronously: a blocked event loop would stall the server tests' connections. */
let demos = 0;
async function demoScorecard(seed) {
  const db = path.join(dir, `demo-${seed}-${++demos}.db`);
  let r = await cliAsync(['init', '--db', db, '--demo', '--seed', String(seed), '--contacts', '400', '--days', '60']);
  assert.equal(r.status, 0, r.stderr);
  r = await cliAsync(['report', 'adoption', '--db', db, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const answer = JSON.parse(r.stdout);
  const arch = Object.fromEntries(sql(db, 'SELECT id, demo_archetype FROM users').map((u) => [u.id, u.demo_archetype]));
  const by = {};
  for (const it of answer.items) (by[arch[it.user_id]] ||= []).push(it);
  return { answer, by, db };
}

for (const seed of SEEDS) {
  test(`seed ${seed}: the score ranks the archetypes truthfully`, async () => {
    const { answer, by } = await demoScorecard(seed);
    const scores = (a) => by[a].map((i) => i.score);
    const comp = (a, c) => by[a].map((i) => i.components[c]);
    assert.ok(!by.integration, 'integration accounts are left out');
    assert.deepEqual(answer.items.map((i) => i.rank), answer.items.map((_, k) => k + 1));
    for (let k = 1; k < answer.items.length; k++) assert.ok(answer.items[k - 1].score >= answer.items[k].score, 'ranked by score');
    // champion above steady above inactive, every one of them
    assert.ok(Math.min(...scores('champion')) > Math.max(...scores('steady')), `champions ${scores('champion')} over steady ${scores('steady')}`);
    assert.ok(Math.min(...scores('steady')) > Math.max(...scores('inactive')), `steady ${scores('steady')} over inactive ${scores('inactive')}`);
    // typing junk is not use
    assert.ok(Math.max(...scores('junk_logger')) < Math.min(...scores('steady')), `junk ${scores('junk_logger')} under steady ${scores('steady')}`);
    for (const j of by.junk_logger) assert.ok(j.reasons.some((t) => /without meaningful notes|activities with notes/.test(t)), j.reasons.join(' | '));
    // careless: low quality
    assert.ok(mean(comp('careless', 'quality')) < mean(comp('steady', 'quality')) - 5,
      `careless quality ${comp('careless', 'quality')} vs steady ${comp('steady', 'quality')}`);
    assert.ok(Math.max(...comp('careless', 'quality')) < Math.min(...comp('champion', 'quality')));
    // lone wolf: low process, explained
    assert.ok(Math.max(...comp('lone_wolf', 'process')) < Math.min(...comp('steady', 'process')) - 20,
      `lone wolf process ${comp('lone_wolf', 'process')} vs steady ${comp('steady', 'process')}`);
    for (const w of by.lone_wolf) assert.match(w.reasons.join(' | '), /\d+ activit(y|ies) with notes; the team's median is \d+/);
    for (const i of by.inactive) assert.equal(i.lagging, true, `${i.name} is lagging`);
  });
}

/* The scorecard without metrics reads only what a score needs of the rollups; with metrics, every
 * figure. Both must give every person the same rank, score and reasons, over windows that start
 * and end on any weekday. */
test('the scorecard gives the same scores with and without metrics', async () => {
  const { db } = await demoScorecard(SEEDS[0]);
  const demo = new Server();
  demo.dir = path.dirname(db);
  demo.db = db;
  demo.env = {};
  await demo.spawn([]);
  after(() => demo.stop());
  const admin = await demo.login('admin@demo.uptake.test', 'demo-password');
  const day = (n) => new Date(Date.now() - n * 86400e3).toISOString().slice(0, 10);
  for (const [from, to] of [[day(27), day(0)], [day(45), day(3)], [day(10), day(10)], [day(20), day(9)], [day(59), day(31)]]) {
    const plain = await admin.get(`/api/v1/adoption/users?from=${from}&to=${to}`);
    const full = await admin.get(`/api/v1/adoption/users?from=${from}&to=${to}&metrics=true`);
    assert.equal(plain.status, 200, plain.text);
    assert.equal(full.status, 200, full.text);
    const pick = (i) => JSON.stringify([i.user_id, i.rank, i.score, i.previous_score, i.components, i.reasons]);
    assert.deepEqual(plain.body.items.map(pick), full.body.items.map(pick), `${from} to ${to}`);
    assert.ok(plain.body.items.some((i) => i.score > 0), `${from} to ${to} has scores`);
  }
});

const LONG = 'Talked through the renewal; they want a two-year term and a price cap.';

test('activities with notes count, junk does not, and the explanation names the records', async () => {
  const c = await as.repN1.create('/api/v1/contacts', { first_name: 'Noor', last_name: 'Adoption' });
  for (let i = 0; i < 3; i++) await as.repN1.create('/api/v1/activities', { kind: 'call', contact_id: c.id, subject: `Call ${i}`, body: `${LONG} (${i})` });
  const junk = [];
  for (let i = 0; i < 3; i++) junk.push(await as.repN2.create('/api/v1/activities', { kind: 'call', contact_id: c.id, subject: 'fu' }));
  const list = (await expectCase({ as: as.admin, method: 'GET', path: '/api/v1/adoption/users?metrics=true', status: 200 })).body;
  const n1 = list.items.find((i) => i.user_id === id('repN1'));
  const n2 = list.items.find((i) => i.user_id === id('repN2'));
  assert.equal(n1.metrics.process.meaningful_activities, 3);
  assert.equal(n2.metrics.process.activities, 3);
  assert.equal(n2.metrics.process.meaningful_activities, 0);
  assert.ok(n1.components.process > n2.components.process, `${n1.components.process} > ${n2.components.process}`);
  assert.ok(n1.score > n2.score);
  for (const it of list.items) {
    assert.ok(Number.isInteger(it.score) && it.score >= 0 && it.score <= 100, JSON.stringify(it));
    for (const k of ['access', 'process', 'quality']) assert.ok(k in it.components);
    assert.equal(it.weekly_active_days.length, 8);
  }
  const explained = (await expectCase({ as: as.repN2, method: 'GET', path: `/api/v1/adoption/users/${id('repN2')}`, status: 200 })).body;
  const notes = explained.parts.find((p) => p.part === 'notes');
  assert.equal(notes.value, 0);
  assert.ok(notes.points_lost > 0);
  assert.deepEqual(notes.records.filter((r) => r.entity === 'activity').map((r) => r.id).sort(), junk.map((a) => a.id).sort());
  assert.ok(explained.raise.length >= 1 && explained.raise.length <= 3);
  assert.ok(explained.raise.some((r) => r.part === 'notes' || r.part === 'volume'), JSON.stringify(explained.raise));
  const lost = explained.parts.map((p) => p.points_lost);
  assert.deepEqual(lost, [...lost].sort((a, b) => b - a), 'parts ordered by points lost');
});

test('admins see everyone, managers their team, reps themselves', async () => {
  const names = async (who) => (await as[who].get('/api/v1/adoption/users')).body.items.map((i) => i.user_id).sort((a, b) => a - b);
  const all = await names('admin');
  for (const k of ['admin', 'mgrN', 'repN1', 'repN2', 'mgrS', 'repS', 'evil']) assert.ok(all.includes(id(k)), k);
  assert.ok(!all.includes(id('sync')), 'integration accounts are left out by default');
  const withSync = (await as.admin.get('/api/v1/adoption/users?include_integration=true')).body.items;
  assert.ok(withSync.some((i) => i.user_id === id('sync')));
  assert.deepEqual(await names('mgrN'), [id('admin'), id('mgrN'), id('repN1'), id('repN2')].sort((a, b) => a - b));
  assert.deepEqual(await names('repS'), [id('repS')]);
  await expectCase({ as: as.repS, method: 'GET', path: `/api/v1/adoption/users/${id('repN1')}`, status: 404 });
  await expectCase({ as: as.mgrN, method: 'GET', path: `/api/v1/adoption/users/${id('repS')}`, status: 404 });
  await expectCase({ as: as.mgrN, method: 'GET', path: `/api/v1/adoption/users/${id('repN1')}`, status: 200 });
  await expectCase({ as: as.repN1, method: 'GET', path: '/api/v1/adoption/teams', status: 403 });
  await expectCase({ as: as.repN1, method: 'GET', path: '/api/v1/adoption/org', status: 403 });
  await expectCase({ as: as.mgrN, method: 'GET', path: '/api/v1/adoption/org', status: 403 });
  const teams = (await expectCase({ as: as.mgrN, method: 'GET', path: '/api/v1/adoption/teams', status: 200 })).body.items;
  assert.deepEqual(teams.map((t) => t.name), ['north']);
  const allTeams = (await as.admin.get('/api/v1/adoption/teams')).body.items.map((t) => t.name).sort();
  assert.deepEqual(allTeams, ['north', 'south']);
  const south = (await as.admin.get('/api/v1/adoption/teams')).body.items.find((t) => t.name === 'south');
  const filtered = (await as.admin.get(`/api/v1/adoption/users?team=${south.team_id}`)).body.items;
  assert.deepEqual(filtered.map((i) => i.team_name).filter((n) => n !== 'south'), []);
  for (const p of ['/api/v1/adoption/users', '/api/v1/adoption/org', `/api/v1/adoption/users/${id('repN1')}`])
    await expectCase({ as: srv.anon(), method: 'GET', path: p, status: 401 });
});

test('the organization: access, outcome, trend and cohorts', async () => {
  const org = (await expectCase({ as: as.admin, method: 'GET', path: '/api/v1/adoption/org', status: 200 })).body;
  assert.equal(org.users, 7);
  for (const k of ['logged_in_share', 'dau', 'wau', 'mau', 'stickiness', 'never_logged_in', 'inactive_14_days', 'inactive_30_days'])
    assert.ok(k in org.access, k);
  assert.ok(org.access.mau >= 7, 'everyone signed in today');
  assert.equal(org.access.never_logged_in, 0);
  assert.equal(org.cohort.since_go_live.length, 45);
  assert.equal(org.cohort.since_joining.length, 45);
  assert.equal(org.cohort.since_joining[0], 1, 'everyone used it on their first day');
  assert.equal(org.weekly.length, 4);
  assert.ok(org.process.activities >= 6);
});

test('CSV: one row per user, formulas defused', async () => {
  const r = await as.admin.get('/api/v1/adoption/users?format=csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="adoption-users.csv"/);
  const lines = r.text.trim().split('\r\n');
  assert.match(lines[0], /^"rank","user_id","name","email","role","team","score","access","process","quality"/);
  assert.equal(lines.length, 1 + 7);
  assert.ok(r.text.includes(`"'=HYPERLINK(""http://evil.test"",""x"")"`), 'a leading = is quoted with an apostrophe');
  for (const p of ['/api/v1/adoption/teams?format=csv', '/api/v1/adoption/org?format=csv', `/api/v1/adoption/users/${id('repN1')}?format=csv`]) {
    const c = await as.admin.get(p);
    assert.equal(c.status, 200, p);
    assert.match(c.headers.get('content-type'), /^text\/csv/, p);
    assert.ok(c.text.split('\r\n').length > 2, p);
  }
});

test('bad periods, teams and formats get clear errors', async () => {
  const cases = [
    ['from=2026-02-30', 422, 'from'], ['from=yesterday', 422, 'from'], ['to=2026-13-01', 422, 'to'],
    ['from=2026-05-02&to=2026-05-01', 422, 'from'], ['from=2020-01-01&to=2026-01-01', 422, 'from'],
    [`from=${'9'.repeat(5000)}`, 422, 'from'], ['to=%00', 422, 'to'],
    ['team=abc', 400, 'team'], ['team=-1', 400, 'team'], ['format=xml', 400, 'format'],
    ['include_integration=maybe', 400, 'include_integration'],
  ];
  for (const path of ['/api/v1/adoption/users', '/api/v1/adoption/teams', '/api/v1/adoption/org', `/api/v1/adoption/users/${id('admin')}`]) {
    for (const [q, status, field] of cases)
      await expectCase({ as: as.admin, method: 'GET', path: `${path}?${q}`, status, field });
  }
  for (const p of ['/api/v1/adoption/users/abc', '/api/v1/adoption/users/0', '/api/v1/adoption/users/99999'])
    await expectCase({ as: as.admin, method: 'GET', path: p, status: 404 });
  const ok = await expectCase({ as: as.admin, method: 'GET', path: '/api/v1/adoption/users?from=2026-01-05&to=2026-01-05', status: 200 });
  assert.equal(ok.body.from, '2026-01-05');
  assert.equal(ok.body.previous.to, '2026-01-04');
  await srv.assertAlive();
});

test('the CLI report: table, CSV and JSON, with clear errors', () => {
  const db = srv.db;
  const table = cli(['report', 'adoption', '--db', db]);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /RANK\s+NAME\s+TEAM\s+SCORE/);
  assert.match(table.stdout, /Rita One/);
  const csv = cli(['report', 'adoption', '--db', db, '--team', 'north', '--format', 'csv']);
  assert.equal(csv.status, 0, csv.stderr);
  assert.equal(csv.stdout.trim().split('\r\n').length, 1 + 4);
  const json = JSON.parse(cli(['report', 'adoption', '--db', db, '--format', 'json', '--from', '2026-01-01', '--to', '2026-01-31']).stdout);
  assert.equal(json.to, '2026-01-31');
  for (const [args, status, msg] of [
    [['--team', 'nowhere'], 1, /no team 'nowhere'/], [['--from', '2026-02-30'], 2, /'from' must be a date/],
    [['--format', 'xml'], 2, /usage/], [['--from', 'x'.repeat(100)], 2, /date/], [['extra'], 2, /usage/],
  ]) {
    const r = cli(['report', 'adoption', '--db', db, ...args]);
    assert.equal(r.status, status, `${args}: ${r.stderr}`);
    assert.match(r.stderr, msg);
  }
});

test('the rollups agree with the events they count', async () => {
  await new Promise((r) => setTimeout(r, 1500)); // read events are written about a second late
  const recount = sql(srv.db, `SELECT user_id, strftime('%Y-%m-%d', at / 1000, 'unixepoch') AS day, kind, count(*) AS n
    FROM events WHERE user_id IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  const daily = sql(srv.db, 'SELECT user_id, day, kind, n FROM usage_daily ORDER BY 1, 2, 3');
  assert.deepEqual(daily, recount);
  const days = sql(srv.db, `SELECT d.user_id, d.day, d.events, d.logins, d.activities, d.meaningful,
      (SELECT sum(n) FROM usage_daily u WHERE u.user_id = d.user_id AND u.day = d.day) AS total,
      (SELECT count(*) FROM events e WHERE e.user_id = d.user_id AND e.kind = 'activity.logged'
        AND json_extract(e.detail, '$.meaningful')) AS meaningful_events
    FROM usage_days d`);
  assert.ok(days.length > 0);
  for (const d of days) assert.equal(d.events, d.total, JSON.stringify(d));
  const n1 = days.filter((d) => d.user_id === id('repN1'));
  assert.equal(n1.reduce((a, d) => a + d.meaningful, 0), 3, 'three calls with notes');
  assert.equal(days.filter((d) => d.user_id === id('repN2')).reduce((a, d) => a + d.meaningful, 0), 0);
});
