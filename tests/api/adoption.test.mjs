// SPDX-License-Identifier: MIT
// Adoption scores (docs/ADOPTION.md): the ranking is truthful on the demo organization for
// several seeds (champions above steady users above inactive ones, junk loggers never above
// steady users, careless users with a low quality component, lone wolves with a low process
// component and why); the API's shape, who sees whom, CSV, and bad input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { Server, Client, CAST, ENGINE, PASSWORD, cli, cliAsync, sql, tmpDir, expectCase } from './lib/server.mjs';
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
    /* Every lone wolf under every steady rep, and well under on average: how far the closest
       two come depends on the weekdays the generated quarter falls on (on 2026-12-04 seed 2's
       quietest steady rep had 60 against a lone wolf's 48). */
    assert.ok(Math.max(...comp('lone_wolf', 'process')) < Math.min(...comp('steady', 'process')),
      `lone wolf process ${comp('lone_wolf', 'process')} vs steady ${comp('steady', 'process')}`);
    assert.ok(mean(comp('lone_wolf', 'process')) < mean(comp('steady', 'process')) - 20,
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

// Notes of real content, each unlike the others (core/note_content.c judges a note nearly the
// same as one of its owner's last 20 as no new content): two halves from lists of eight.
const OPENINGS = ['Talked through the renewal; they want a two-year term and a price cap.',
  'Demo for the finance team went well, they asked about single sign-on.',
  'Priya confirmed budget for the third quarter after the board meeting.',
  'Called about the late invoice because accounts payable lost it.',
  'Walked their new operations lead through onboarding and exports.',
  'Procurement pushed back on pricing, so I offered annual billing.',
  'Pilot review: twelve people use it daily across two regions.',
  'Met the CTO, who worries about data residency in Frankfurt.'];
const CLOSINGS = ['Next step is a revised quote by Friday.', 'Legal review of the contract starts Monday.',
  'She will bring the security questionnaire to our next meeting.', 'Sending references from two similar customers.',
  'They expect a decision before the holidays.', 'Scheduling a workshop with their warehouse staff.',
  'Marco wants the roadmap slides and a timeline.', 'Our support manager joins the follow-up call.'];
let notesWritten = 0;
const genuineNote = () => {
  const n = notesWritten++;
  return `${OPENINGS[n % 8]} ${CLOSINGS[Math.floor(n / 8) % 8]}`;
};

test('activities with notes count, junk does not, and the explanation names the records', async () => {
  const c = await as.repN1.create('/api/v1/contacts', { first_name: 'Noor', last_name: 'Adoption' });
  for (let i = 0; i < 3; i++) await as.repN1.create('/api/v1/activities', { kind: 'call', contact_id: c.id, subject: `Call ${i}`, body: genuineNote() });
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
  // Counted here from the events themselves (UTC days), the same on either engine.
  const counts = new Map();
  for (const e of sql(srv.db, 'SELECT user_id, at, kind FROM events WHERE user_id IS NOT NULL')) {
    const key = JSON.stringify([e.user_id, new Date(e.at).toISOString().slice(0, 10), e.kind]);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const order = (rows) => rows.sort((a, b) => a.user_id - b.user_id || a.day.localeCompare(b.day)
    || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const recount = order([...counts].map(([k, n]) => {
    const [user_id, day, kind] = JSON.parse(k);
    return { user_id, day, kind, n };
  }));
  const daily = order(sql(srv.db, 'SELECT user_id, day, kind, n FROM usage_daily'));
  assert.deepEqual(daily, recount);
  const days = sql(srv.db, `SELECT d.user_id, d.day, d.events, d.logins, d.activities, d.meaningful,
      (SELECT sum(n) FROM usage_daily u WHERE u.user_id = d.user_id AND u.day = d.day) AS total,
      (SELECT count(*) FROM events e WHERE e.user_id = d.user_id AND e.kind = 'activity.logged'
        AND e.detail LIKE '%"meaningful":true%') AS meaningful_events
    FROM usage_days d`);
  assert.ok(days.length > 0);
  for (const d of days) assert.equal(d.events, d.total, JSON.stringify(d));
  const n1 = days.filter((d) => d.user_id === id('repN1'));
  assert.equal(n1.reduce((a, d) => a + d.meaningful, 0), 3, 'three calls with notes');
  assert.equal(days.filter((d) => d.user_id === id('repN2')).reduce((a, d) => a + d.meaningful, 0), 0);
});

/* ---- fairness (docs/ADOPTION.md, "Peers"): an organization of its own, with weeks of history
 * imported and accounts two months old, so that its baselines are real. ---------------------- */
const fair = await Server.start({
  users: [
    { key: 'boss', email: 'boss@fair.test', name: 'Bea Boss', role: 'admin' },
    { key: 'mgr', email: 'mgr@fair.test', name: 'Mo Manager', role: 'manager', team: 'north' },
    { key: 'n1', email: 'n1@fair.test', name: 'Nina One', role: 'rep', team: 'north' },
    { key: 'n2', email: 'n2@fair.test', name: 'Ned Two', role: 'rep', team: 'north' },
    { key: 'n3', email: 'n3@fair.test', name: 'Nell Three', role: 'rep', team: 'north' },
    { key: 'leaver', email: 'leaver@fair.test', name: 'Lee Leaver', role: 'rep', team: 'north' },
    { key: 'heir', email: 'heir@fair.test', name: 'Hal Heir', role: 'rep', team: 'north' },
    { key: 's1', email: 's1@fair.test', name: 'Sol South', role: 'rep', team: 'south' },
    { key: 'feed', email: 'feed@fair.test', name: 'Old CRM', role: 'admin', integration: true },
  ],
});
const fid = (k) => fair.users[k].id;
const fas = await fair.loginAll();
{
  fair.sql(`UPDATE users SET created_at = created_at - ${60 * 86400e3}`);
  // Meaningful activities on the 20 days before today (none today: today is the tests' own).
  const MEANINGFUL = { boss: 3, mgr: 0, n1: 30, n2: 30, n3: 6, leaver: 10, heir: 20, s1: 12 };
  const lines = [];
  for (const [k, n] of Object.entries(MEANINGFUL)) {
    for (let d = 1; d <= 20; d++)
      lines.push({ at: Date.now() - d * 86400e3, user_id: fid(k), kind: 'login' });
    for (let i = 0; i < n; i++)
      lines.push({ at: Date.now() - (1 + (i % 20)) * 86400e3 + 3600e3, user_id: fid(k), kind: 'activity.logged', detail: { meaningful: true } });
  }
  const r = cli(['events', 'import', '--db', fair.db], { input: lines.map((l) => JSON.stringify(l)).join('\n') + '\n' });
  assert.equal(r.status, 0, r.stderr);
}
let hire = 0; // the new hire's id, once added
const fairCard = async () => {
  const r = await fas.boss.get('/api/v1/adoption/users?metrics=true');
  assert.equal(r.status, 200, r.text);
  return { ...r.body, by: Object.fromEntries(r.body.items.map((i) => [i.user_id, i])) };
};

test('fairness: a new hire moves no one else\'s score and is not lagging', async () => {
  const before = await fairCard();
  assert.equal(before.by[fid('n3')].metrics.process.team_median_meaningful, 15, 'north: 0 6 10 20 30 30');
  const add = cli(['user', 'add', '--db', fair.db, '--email', 'hire@fair.test', '--name', 'Hugo Hire', '--role', 'rep', '--team', 'north'],
    { input: `${PASSWORD}\n` });
  assert.equal(add.status, 0, add.stderr);
  hire = Number(/added user (\d+)/.exec(add.stdout)[1]);
  const after = await fairCard();
  for (const k of ['mgr', 'n1', 'n2', 'n3', 'leaver', 'heir']) {
    const [x, y] = [before.by[fid(k)], after.by[fid(k)]];
    assert.equal(y.metrics.process.team_median_meaningful, x.metrics.process.team_median_meaningful, k);
    assert.deepEqual([y.score, y.lagging], [x.score, x.lagging], k);
  }
  const h = after.by[hire];
  assert.ok(h, 'a new hire is scored');
  assert.equal(h.new, true);
  assert.equal(h.lagging, false, `new with a score of ${h.score}, not lagging`);
  assert.equal(before.by[fid('n3')].new, false);
  const north = (await fas.boss.get('/api/v1/adoption/teams')).body.items.find((t) => t.name === 'north');
  assert.equal(north.new_users, 1);
});

test('fairness: someone without a team is compared with the whole organization', async () => {
  const card = await fairCard();
  const boss = card.by[fid('boss')];
  // everyone's meaningful activities but the new hire's: 0 3 6 10 12 20 30 30
  assert.equal(boss.metrics.process.team_median_meaningful, 11);
  const me = (await expectCase({ as: fas.boss, method: 'GET', path: '/api/v1/adoption/users/me', status: 200 })).body;
  assert.equal(me.user_id, fid('boss'));
  assert.equal(me.standing.compared_with, 'organization');
  assert.equal(me.standing.of, card.items.length);
  assert.equal(me.standing.rank, boss.rank);
});

test('fairness: a rep sees where they stand in their team, not their peers\' figures', async () => {
  const card = await fairCard();
  const north = card.items.filter((i) => i.team_name === 'north');
  const me = (await expectCase({ as: fas.n3, method: 'GET', path: '/api/v1/adoption/users/me', status: 200 })).body;
  const rank = north.findIndex((i) => i.user_id === fid('n3')) + 1;
  assert.deepEqual(me.standing, { compared_with: 'team', rank, of: north.length, quartile: Math.floor((4 * (rank - 1)) / north.length) + 1,
    median_score: me.standing.median_score });
  assert.ok(Number.isInteger(me.standing.median_score));
  for (const other of north.filter((i) => i.user_id !== fid('n3'))) assert.ok(!JSON.stringify(me).includes(other.name), other.name);
  // the scorecard's ranks count the people shown: a manager's team reads 1, 2, 3 …
  const mine = (await fas.mgr.get('/api/v1/adoption/users')).body.items;
  assert.deepEqual(mine.map((i) => i.rank), mine.map((_, k) => k + 1));
  assert.ok(mine.length < card.items.length);
});

test('fairness: an activity credits its owner, whoever logs it, and a deleted one credits no one', async () => {
  const figures = async (k) => (await fairCard()).by[fid(k)].metrics;
  const [n3, mgr] = [await figures('n3'), await figures('mgr')];
  const c = await fas.n3.create('/api/v1/contacts', { first_name: 'Credit', last_name: 'Owner' });
  const a = await fas.mgr.create('/api/v1/activities', { kind: 'call', contact_id: c.id, owner_id: fid('n3'), subject: 'Joint call', body: genuineNote() });
  const [n3b, mgrb] = [await figures('n3'), await figures('mgr')];
  assert.equal(n3b.process.activities, n3.process.activities + 1);
  assert.equal(n3b.process.meaningful_activities, n3.process.meaningful_activities + 1);
  assert.equal(mgrb.process.activities, mgr.process.activities, 'the manager who logged it is not credited');
  // ingested by an integration account: credited to the owner too
  const tok = await fas.boss.create('/api/v1/tokens', { name: 'old crm', user_id: fid('feed') });
  const feed = new Client(fair.url, { token: tok.token });
  const r = await feed.post('/api/v1/activities', { kind: 'email', contact_id: c.id, owner_id: fid('n3'), subject: 'Imported', body: genuineNote() });
  assert.equal(r.status, 201, r.text);
  const n3c = await figures('n3');
  assert.equal(n3c.process.meaningful_activities, n3.process.meaningful_activities + 2);
  // deleting takes the credit back, restoring gives it back
  await expectCase({ as: fas.mgr, method: 'DELETE', path: `/api/v1/activities/${a.id}`, status: 204 });
  await expectCase({ as: fas.boss, method: 'DELETE', path: `/api/v1/activities/${r.body.id}`, status: 204 });
  const n3d = await figures('n3');
  assert.equal(n3d.process.activities, n3.process.activities);
  assert.equal(n3d.process.meaningful_activities, n3.process.meaningful_activities);
  await expectCase({ as: fas.mgr, method: 'POST', path: `/api/v1/activities/${a.id}/restore`, status: 200 });
  assert.equal((await figures('n3')).process.meaningful_activities, n3.process.meaningful_activities + 1);
  await expectCase({ as: fas.mgr, method: 'DELETE', path: `/api/v1/activities/${a.id}`, status: 204 });
  // a credit alone is not a day of use: the new hire has not signed in yet
  const h = (await fairCard()).by[hire].metrics;
  const x = await fas.boss.create('/api/v1/activities', { kind: 'call', contact_id: c.id, owner_id: hire, subject: 'For Hugo', body: genuineNote() });
  const hb = (await fairCard()).by[hire].metrics;
  assert.equal(hb.process.activities, h.process.activities + 1);
  assert.equal(hb.access.active_days, 0, 'Hugo did nothing yet');
  assert.equal(hb.access.last_active, null);
  await expectCase({ as: fas.boss, method: 'DELETE', path: `/api/v1/activities/${x.id}`, status: 204 });
});

test('fairness: who left is off the scorecard; what they hand over does not count against the successor at once', async () => {
  const deal = await fas.leaver.create('/api/v1/deals', { name: 'Inherited deal', close_date: '2026-01-15' });
  const lead = await fas.leaver.create('/api/v1/leads', { first_name: 'Quiet', company: 'Quiet Co' });
  await fas.leaver.create('/api/v1/contacts', { first_name: 'Half', last_name: 'Empty' });
  fair.sql(`UPDATE deals SET updated_at = updated_at - ${40 * 86400e3} WHERE id = ${deal.id};
            UPDATE leads SET updated_at = updated_at - ${40 * 86400e3} WHERE id = ${lead.id}`);
  const before = await fairCard();
  const heir = before.by[fid('heir')];
  assert.ok(before.by[fid('leaver')].components.quality < 100, 'the records have gaps');
  await expectCase({ as: fas.boss, method: 'POST', path: `/api/v1/users/${fid('leaver')}/deactivate`, body: { successor_id: fid('heir') }, status: 200 });
  const after = await fairCard();
  assert.equal(after.by[fid('leaver')], undefined, 'who left is not ranked');
  const left = after.left.find((l) => l.user_id === fid('leaver'));
  assert.ok(left, JSON.stringify(after.left));
  assert.equal(left.left_on, new Date().toISOString().slice(0, 10));
  const h = after.by[fid('heir')];
  assert.deepEqual(h.components, heir.components, 'handed-over records are in grace');
  assert.equal(h.metrics.quality.open_deals, 0);
  assert.equal(h.metrics.quality.open_deals_and_leads, 0);
  const north = (await fas.boss.get('/api/v1/adoption/teams')).body.items.find((t) => t.name === 'north');
  assert.equal(north.users, after.items.filter((i) => i.team_name === 'north').length);
  const leaver = (await expectCase({ as: fas.boss, method: 'GET', path: `/api/v1/adoption/users/${fid('leaver')}`, status: 200 })).body;
  assert.deepEqual([leaver.standing, leaver.lagging, leaver.left_on], [null, false, left.left_on]);
  // after the grace period the records are the successor's like any other
  fair.sql(`UPDATE audit SET at = at - ${15 * 86400e3} WHERE action = 'handover';
            UPDATE users SET deactivated_at = deactivated_at - ${15 * 86400e3} WHERE id = ${fid('leaver')}`);
  const table = cli(['report', 'adoption', '--db', fair.db]);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /Left during the period:\n\s+Lee Leaver\s+north\s+\d+\s+left \d{4}-\d\d-\d\d/);
  assert.match(table.stdout, /Hugo Hire .*\[new\]/);
  assert.doesNotMatch(table.stdout, /Lee Leaver.*\[lagging\]/);
  const later = (await fairCard()).by[fid('heir')];
  assert.equal(later.metrics.quality.open_deals, 1);
  assert.ok(later.components.quality !== null);
});

test('migration 0009 (activity credit) moves the credit that rollups gave before the owner rule', { skip: ENGINE !== 'sqlite' && 'builds the old schema with the sqlite3 shell' }, async () => {
  const old = await Server.start({
    users: [
      { key: 'm', email: 'm@old.test', name: 'Mia Manager', role: 'manager', team: 'east' },
      { key: 'r', email: 'r@old.test', name: 'Ray Rep', role: 'rep', team: 'east' },
    ],
  });
  let [m, r] = [await old.login('m@old.test'), await old.login('r@old.test')];
  const c = await r.create('/api/v1/contacts', { first_name: 'Old', last_name: 'Rules' });
  await m.create('/api/v1/activities', { kind: 'call', contact_id: c.id, owner_id: old.users.r.id, subject: 'For Ray', body: genuineNote() });
  const gone = await r.create('/api/v1/activities', { kind: 'call', contact_id: c.id, subject: 'Deleted', body: genuineNote() });
  await expectCase({ as: r, method: 'DELETE', path: `/api/v1/activities/${gone.id}`, status: 204 });
  const figures = async (as) => Object.fromEntries((await as.get('/api/v1/adoption/users?metrics=true')).body.items
    .map((i) => [i.user_id, [i.metrics.process.activities, i.metrics.process.meaningful_activities]]));
  const now = await figures(m);
  assert.deepEqual(now[old.users.r.id], [1, 1], 'Ray: the call Mia logged for him');
  assert.deepEqual(now[old.users.m.id], [0, 0]);
  // The rollups as the old rule wrote them: Mia credited for her call, Ray for his deleted one.
  await old.stop();
  const day = new Date().toISOString().slice(0, 10);
  for (const [table, key] of [['usage_days', `day = '${day}'`], ['usage_weeks', `week = date('${day}', 'weekday 0', '-6 days')`]]) {
    old.sql(`UPDATE ${table} SET activities = activities + 1, meaningful = meaningful + 1 WHERE user_id = ${old.users.m.id} AND ${key};
             UPDATE ${table} SET activities = activities - 1 + 1, meaningful = meaningful - 1 + 1 WHERE user_id = ${old.users.r.id} AND ${key};`);
  }
  // Run the migration's own SQL again over the old state (later migrations make re-running it
  // through schema_migrations impossible).
  const dir = new URL('../../sql/sqlite/', import.meta.url);
  const file = fs.readdirSync(dir).find((f) => /^\d{4}_activity_credit\.sql$/.test(f));
  old.sql(`\n${fs.readFileSync(new URL(file, dir), 'utf8')}`); // not read as a shell option
  await old.spawn([]);
  old.stopped = null;
  m = await old.login('m@old.test');
  assert.deepEqual(await figures(m), now, 'the migration gives the owner rule\'s figures');
});

/* Completion counts the fields each kind expects (contact: title, email, phone, city, org_id;
 * organization: industry, website, phone, city), less those an admin hid. */
test('quality: expected fields per kind, filled ones, hidden ones left out', async () => {
  const own = await Server.start({ users: CAST });
  after(() => own.stop());
  const oas = await own.loginAll();
  const org = await oas.repN1.create('/api/v1/organizations', { name: 'Filled Co', industry: 'Tools', website: 'https://filled.test' });
  const half = await oas.repN1.create('/api/v1/contacts', { first_name: 'Half', title: 'CTO', email: 'half@filled.test', org_id: org.id });
  const quality = async () => {
    const r = await oas.admin.get('/api/v1/adoption/users?metrics=true');
    assert.equal(r.status, 200, r.text);
    const q = r.body.items.find((i) => i.user_id === own.users.repN1.id).metrics.quality;
    return [q.fields_expected, q.fields_filled];
  };
  assert.deepEqual(await quality(), [9, 5]);
  await expectCase({ as: oas.admin, method: 'PATCH', path: '/api/v1/fields/contact/title', body: { hidden: true }, status: 200 });
  assert.deepEqual(await quality(), [8, 4]);
  // The figures are cached between requests (store/adoption_figures.c); a record's change,
  // counted by the change counter's trigger on either engine, makes the next answer fresh.
  await expectCase({ as: oas.repN1, method: 'PATCH', path: `/api/v1/contacts/${half.id}`, body: { phone: '+1 555 0100' }, status: 200 });
  assert.deepEqual(await quality(), [8, 5]);
});
