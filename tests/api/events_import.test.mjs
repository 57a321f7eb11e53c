// SPDX-License-Identifier: MIT
// uptake events import: NDJSON usage history from a file or standard input, listed by
// GET /api/v1/events with its detail and counted in the adoption rollups; a bad line stops the
// import after the batches before it (--batch events each), naming the line and where to resume;
// kinds uptake does not know count as events only, a registered kind keeps its entity; --check
// writes nothing and names the bad lines; over-long, blank and CRLF lines; help and
// usage errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Server, cli, cliAsync, tmpDir } from './lib/server.mjs';

const srv = await Server.start();
const admin = await srv.login(srv.users.admin.email);
const dir = tmpDir('events-import-');
const id = (k) => srv.users[k].id;

const BATCH = 5000; /* events per transaction, set with --batch (default 200,000) */
const LINE_MAX = 65536;
const DAY = 86400000;
/* The imported history lies on three days ten days back, so today's sign-ins stay apart. */
const base = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
const day = (n) => new Date(base + n * DAY).toISOString().slice(0, 10);
const at = (n, hour, min = 0) => base + n * DAY + hour * 3600000 + min * 60000;
const iso = (ms) => new Date(ms).toISOString();

let files = 0;
function write(text) {
  const f = path.join(dir, `events-${++files}.ndjson`);
  fs.writeFileSync(f, text);
  return f;
}
const ndjson = (events) => events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n') + '\n';
const importFile = (f, ...flags) => cli(['events', 'import', '--db', srv.db, '--file', f, ...flags]);
const importStdin = (text, ...flags) => cli(['events', 'import', '--db', srv.db, ...flags], { input: text });
const count = (where) => srv.sql(`SELECT count(*) AS n FROM events WHERE ${where}`)[0].n;
const stderrLines = (r) => r.stderr.trimEnd().split('\n');

/* What an import's stderr says on failure: each named line, then the summary. */
function assertFailed(r, named, summary) {
  assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  const lines = stderrLines(r);
  assert.equal(lines.length, named.length + 1, r.stderr);
  named.forEach((re, i) => assert.match(lines[i], re));
  assert.match(lines.at(-1), summary);
}

/* ---- importing, then reading it back -------------------------------------------------- */

const N1 = [
  { at: iso(at(0, 9)), user_id: id('repN1'), kind: 'login', entity: 'user', entity_id: id('repN1') },
  { id: 987654, at: iso(at(0, 9, 5)), user_id: id('repN1'), kind: 'activity.logged', entity: 'activity', entity_id: 501,
    detail: { meaningful: true, kind: 'call', note: 'Renewal: a two-year term and a price cap' } },
  { at: at(0, 10), user_id: id('repN1'), kind: 'activity.logged', entity: 'activity', entity_id: 502,
    detail: { meaningful: false, kind: 'call' } },
  { at: at(0, 11), user_id: id('repN1'), kind: 'search', entity: 'contact', entity_id: null, detail: { q: 'Zürich ∑' } },
  { at: new Date(at(1, 9)).toISOString().replace('Z', '+00:00'), user_id: id('repN1'), kind: 'login', entity: 'user', entity_id: id('repN1') },
  { detail: { meaningful: true, kind: 'meeting' }, entity_id: 503, entity: 'activity', kind: 'activity.logged', user_id: id('repN1'), at: at(1, 14) },
  { at: at(1, 15), user_id: id('repN1'), kind: 'contact.created', entity: 'contact', entity_id: 77, detail: null },
  { at: at(1, 16), user_id: null, kind: 'request.failed', detail: { method: 'GET', route: '/api/v1/imported', status: 404 } },
];
const N2 = [
  { at: at(0, 8), user_id: id('repN2'), kind: 'login' },
  { at: at(1, 8), user_id: id('repN2'), kind: 'activity.logged', detail: { meaningful: true } },
  { at: at(2, 8), user_id: id('repN2'), kind: 'activity.logged' },
  { at: at(2, 9), user_id: id('repN2'), kind: 'task.created', entity: 'task', entity_id: 9 },
];

test('a file and standard input are imported, and GET /events lists them with their detail', async () => {
  let r = importFile(write(ndjson(N1)));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `imported ${N1.length} events\n`);
  assert.equal(r.stderr, '');
  r = importStdin(ndjson(N2.slice(0, 2)));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'imported 2 events\n');
  r = importStdin(ndjson(N2.slice(2)), '--file', '-'); /* "-" is standard input too */
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'imported 2 events\n');

  const window = `&since=${day(0)}T00:00:00Z&until=${day(3)}T00:00:00Z&limit=1000`;
  const list = async (q) => {
    const res = await admin.get(`/api/v1/events?${q}${window}`);
    assert.equal(res.status, 200, res.text);
    return res.body.items;
  };
  const shape = (e) => ({ at: Date.parse(e.at), user_id: e.user_id, kind: e.kind, entity: e.entity ?? null,
    entity_id: e.entity_id ?? null, detail: e.detail ?? null });
  const want = (events) => events.map((e) => shape({ ...e, at: typeof e.at === 'number' ? iso(e.at) : e.at })).reverse();
  const mine = await list(`user_id=${id('repN1')}`);
  assert.deepEqual(mine.map(shape), want(N1.filter((e) => e.user_id)), 'newest first, as imported');
  assert.ok(!mine.some((e) => e.id === 987654), 'an imported id is not kept');
  assert.deepEqual(mine.find((e) => e.entity_id === 501).detail, N1[1].detail);
  assert.deepEqual((await list(`user_id=${id('repN2')}`)).map(shape), want(N2));
  const anonymous = (await list('kind=request.failed')).filter((e) => e.detail?.route === '/api/v1/imported');
  assert.equal(anonymous.length, 1);
  assert.equal(anonymous[0].user_id, null);
  assert.equal(Date.parse(anonymous[0].at), at(1, 16));
});

test('the adoption figures count the imported history', async () => {
  /* a person is measured in periods their account existed in: the cast was added today */
  const figures = async (who) => {
    const res = await admin.get(`/api/v1/adoption/users/${id(who)}?from=${day(0)}&to=${day(10)}`);
    assert.equal(res.status, 200, res.text);
    return res.body.metrics;
  };
  const n1 = await figures('repN1');
  assert.equal(n1.access.active_days, 2);
  assert.equal(n1.access.logins, 2);
  assert.equal(n1.process.activities, 3);
  assert.equal(n1.process.meaningful_activities, 2, 'detail.meaningful=true on activity.logged');
  assert.equal(n1.process.records_created, 4, 'three activities and a contact');
  assert.deepEqual([...n1.process.features_used].sort(), ['log_activity', 'search']);
  assert.equal(n1.rollout.first_activity_day, day(0));
  const n2 = await figures('repN2');
  assert.equal(n2.access.active_days, 3);
  assert.equal(n2.access.logins, 1);
  assert.equal(n2.process.activities, 2);
  assert.equal(n2.process.meaningful_activities, 1);
  assert.deepEqual([...n2.process.features_used].sort(), ['log_activity', 'tasks']);
  /* behind the API: the per-kind rollup of each day */
  const daily = srv.sql(`SELECT day, kind, n FROM usage_daily WHERE user_id = ${id('repN1')} AND day <= '${day(2)}' ORDER BY day, kind`);
  assert.deepEqual(daily, [
    { day: day(0), kind: 'activity.logged', n: 2 }, { day: day(0), kind: 'login', n: 1 }, { day: day(0), kind: 'search', n: 1 },
    { day: day(1), kind: 'activity.logged', n: 1 }, { day: day(1), kind: 'contact.created', n: 1 }, { day: day(1), kind: 'login', n: 1 },
  ]);
});

/* ---- a bad line ------------------------------------------------------------------------ */

test('a bad line after the first batch leaves exactly the first batch, and says where to resume', async () => {
  const user = id('mgrS');
  const total = BATCH + 1000, bad = BATCH + 600;
  const good = (i) => `{"at":${at(0, 12) + i},"user_id":${user},"kind":"bulk.import","entity_id":${i}}`;
  const lines = [];
  for (let i = 1; i <= total; i++) lines.push(i === bad ? `{"at":${at(0, 12) + i},"user_id":${user}}` : good(i));
  const f = write(`${lines.join('\n')}\n`);
  const r = await cliAsync(['events', 'import', '--db', srv.db, '--file', f, '--batch', String(BATCH)]);
  assertFailed(r, [new RegExp(`^uptake: ${f}:${bad}: 'kind' is missing$`)],
    new RegExp(`^uptake: the ${BATCH} events on lines 1-${BATCH} were imported; .*tail -n \\+${BATCH + 1}\\)$`));
  assert.deepEqual(srv.sql("SELECT count(*) AS n, min(entity_id) AS lo, max(entity_id) AS hi FROM events WHERE kind = 'bulk.import'"),
    [{ n: BATCH, lo: 1, hi: BATCH }]);
  assert.equal(srv.sql(`SELECT n FROM usage_daily WHERE user_id = ${user} AND kind = 'bulk.import'`)[0].n, BATCH);

  /* resuming as told, with the bad line mended, completes the history once */
  lines[bad - 1] = good(bad);
  const rest = importStdin(`${lines.slice(BATCH).join('\n')}\n`);
  assert.equal(rest.status, 0, rest.stderr);
  assert.equal(rest.stdout, `imported ${total - BATCH} events\n`);
  assert.deepEqual(srv.sql("SELECT count(*) AS n, count(DISTINCT entity_id) AS ids FROM events WHERE kind = 'bulk.import'"),
    [{ n: total, ids: total }]);
  assert.equal(srv.sql(`SELECT n FROM usage_daily WHERE user_id = ${user} AND kind = 'bulk.import'`)[0].n, total);
  assert.equal(srv.sql(`SELECT events FROM usage_days WHERE user_id = ${user} AND day = '${day(0)}'`)[0].events, total);
});

test('a bad line in a small input imports nothing', () => {
  const user = id('repS');
  const lines = Array.from({ length: 10 }, (_, i) => ({ at: at(0, 13, i), user_id: user, kind: 'small.import' }));
  lines[5] = { ...lines[5], at: Date.now() + 3600000 };
  let r = importFile(write(ndjson(lines)));
  assertFailed(r, [/^uptake: .*events-\d+\.ndjson:6: 'at' is in the future$/], /^uptake: nothing was imported$/);
  r = importStdin(ndjson(lines));
  assertFailed(r, [/^uptake: stdin:6: 'at' is in the future$/], /^uptake: nothing was imported$/);
  assert.equal(count("kind = 'small.import'"), 0);
  assert.equal(srv.sql("SELECT count(*) AS n FROM usage_daily WHERE kind = 'small.import'")[0].n, 0);
});

test('an event of an unknown user stops the import', () => {
  const lines = [
    { at: at(0, 14), user_id: id('repS'), kind: 'unknown.import' },
    { at: at(0, 14), user_id: 999999, kind: 'unknown.import' },
    { at: at(0, 14), user_id: id('repS'), kind: 'unknown.import' },
  ];
  const r = importStdin(ndjson(lines));
  assertFailed(r, [/^uptake: stdin:2: no user 999999$/], /^uptake: nothing was imported$/);
  assert.equal(count("kind = 'unknown.import'"), 0);
});

/* ---- kinds: the registry's, or another CRM's -------------------------------------------- */

test('kinds uptake does not know are imported as events and count towards nothing else', () => {
  const user = id('repS');
  const d = -3; /* a day of its own */
  const lines = ['foreign.created', 'foreign.updated', 'report.custom', 'adoption.foreign', 'deal.moved']
    .map((kind, i) => ({ at: at(d, 9, i), user_id: user, kind, entity: 'deal' }));
  lines.push({ at: at(d, 10), user_id: user, kind: 'deal.updated', entity: 'deal', entity_id: 5 });
  const r = importStdin(ndjson(lines));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(count(`user_id = ${user} AND kind IN ('foreign.created', 'report.custom', 'deal.moved')`), 3);
  /* the one registered kind is the only one with features and tallies: the pipeline, a deal update */
  assert.deepEqual(srv.sql(`SELECT events, features, records_created, records_updated, deal_updates FROM usage_days
    WHERE user_id = ${user} AND day = '${day(d)}'`), [{ events: 6, features: 16, records_created: 0, records_updated: 1, deal_updates: 1 }]);
});

test('a registered kind names its own entity or none', () => {
  const user = id('repS');
  const lines = [
    { at: at(-4, 9), user_id: user, kind: 'entity.import' },
    { at: at(-4, 9), user_id: user, kind: 'contact.view', entity: 'deal', entity_id: 3 },
  ];
  const r = importStdin(ndjson(lines));
  assertFailed(r, [/^uptake: stdin:2: a contact\.view event is about a contact, not a deal$/], /^uptake: nothing was imported$/);
  assert.equal(count("kind = 'entity.import'"), 0);
});

/* ---- --check --------------------------------------------------------------------------- */

test('--check writes nothing and names every bad line', () => {
  const ok = (i) => ({ at: at(0, 15) + i, user_id: id('repS'), kind: 'check.import' });
  const lines = Array.from({ length: 30 }, (_, i) => ok(i));
  lines[2] = '{"at":1,"user_id":1,"kind":"x"';
  lines[6] = { ...ok(6), colour: 'red' };
  lines[11] = { ...ok(11), user_id: 424242 };
  lines[19] = { ...ok(19), kind: 'Check Import' };
  lines[27] = { ...ok(27), detail: [1, 2] };
  const f = write(ndjson(lines));
  let r = importFile(f, '--check');
  assertFailed(r, [
    new RegExp(`^uptake: ${f}:3: not JSON`), new RegExp(`^uptake: ${f}:7: unknown field 'colour'$`),
    new RegExp(`^uptake: ${f}:12: no user 424242$`), new RegExp(`^uptake: ${f}:20: 'kind' must be`),
    new RegExp(`^uptake: ${f}:28: 'detail' must be an object$`),
  ], /^uptake: 5 bad lines; nothing was written$/);
  assert.equal(count("kind = 'check.import'"), 0);

  /* without the bad lines: checked, still not written */
  r = importStdin(ndjson(Array.from({ length: 30 }, (_, i) => ok(i))), '--check');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'checked 30 events\n');
  assert.equal(count("kind = 'check.import'"), 0);

  /* the first 20 bad lines are named, all are counted */
  r = importStdin(ndjson(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? { ...ok(i), kind: '' } : ok(i)))), '--check');
  const named = stderrLines(r).slice(0, -1);
  assert.equal(r.status, 1);
  assert.equal(named.length, 20);
  assert.deepEqual(named.map((l) => Number(/^uptake: stdin:(\d+): /.exec(l)[1])), Array.from({ length: 20 }, (_, k) => 2 * k + 1));
  assert.equal(stderrLines(r).at(-1), 'uptake: 30 bad lines; nothing was written');
  assert.equal(count("kind = 'check.import'"), 0);
});

/* ---- the shape of lines ---------------------------------------------------------------- */

test('a line over 64 KiB is refused by number, and the lines after it keep their numbers', () => {
  const ev = (extra = {}) => ({ at: at(0, 16), user_id: id('repS'), kind: 'long.import', ...extra });
  const pad = (n) => { /* an event padded with spaces to exactly n bytes */
    const s = JSON.stringify(ev());
    return `${s.slice(0, -1)}${' '.repeat(n - s.length)}}`;
  };
  const lines = [
    JSON.stringify(ev()),
    JSON.stringify(ev({ detail: { note: 'x'.repeat(70000) } })),
    JSON.stringify(ev()),
    pad(3 * 1024 * 1024), /* longer than the reader's buffer: never held whole */
    JSON.stringify(ev()),
    '{"at":',
    pad(LINE_MAX + 1),
  ];
  const f = write(ndjson(lines));
  let r = importFile(f, '--check');
  const over = (n) => new RegExp(`^uptake: ${f}:${n}: the line is over 65536 bytes$`);
  assertFailed(r, [over(2), over(4), new RegExp(`^uptake: ${f}:6: not JSON`), over(7)], /^uptake: 4 bad lines; nothing was written$/);
  r = importFile(f);
  assertFailed(r, [over(2)], /^uptake: nothing was imported$/);
  assert.equal(count("kind = 'long.import'"), 0);
  /* exactly 64 KiB is a line, also as the last one without its newline */
  r = importStdin(`${pad(LINE_MAX)}\n${pad(LINE_MAX)}`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'imported 2 events\n');
  assert.equal(count("kind = 'long.import'"), 2);
});

test('blank and whitespace-only lines are skipped and CRLF endings read, counting lines right', () => {
  const ev = (m) => JSON.stringify({ at: at(0, 17, m), user_id: id('repS'), kind: 'crlf.import' });
  let r = importStdin(`${ev(1)}\r\n\r\n   \r\n\t\n${ev(2)}\r\n\n \t \r\n${ev(3)}`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'imported 3 events\n');
  assert.equal(count("kind = 'crlf.import'"), 3);
  r = importStdin('\r\n');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'imported 0 events\n');
  r = importStdin(`${ev(4)}\r\n\r\n  \r\n${ev(5).slice(0, -1)}\r\n${ev(6)}\r\n`);
  assertFailed(r, [/^uptake: stdin:4: not JSON/], /^uptake: nothing was imported$/);
  assert.equal(count("kind = 'crlf.import'"), 3);
});

/* ---- the command line ------------------------------------------------------------------ */

test('a missing file is one clear error', () => {
  const f = path.join(dir, 'no-such.ndjson');
  const r = cli(['events', 'import', '--db', srv.db, '--file', f]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `uptake: cannot read ${f}: No such file or directory\n`);
});

test('help exits 0; unknown subcommands and options exit 2', () => {
  for (const [args, re] of [
    [['events', '--help'], /^usage: uptake events <import>.*\n[\s\S]*import /],
    [['events', '-h'], /^usage: uptake events <import>/],
    [['events', 'import', '--help'], /^usage: uptake events import \[--file F\] \[--check\] \[--batch N\][\s\S]*--file F[\s\S]*--check[\s\S]*--batch N[\s\S]*default 200000/],
  ]) {
    const r = cli(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, re, args.join(' '));
    assert.equal(r.stderr, '');
  }
  const cwd = tmpDir('events-usage-');
  for (const args of [['events'], ['events', 'frob'], ['events', 'export'], ['events', 'import', 'extra'],
    ['events', 'import', '--frob'], ['events', 'import', '--file'], ['events', 'import', '--batch', '0'],
    ['events', 'import', '--batch', '1000001'], ['events', 'import', '--batch', '12x'], ['events', 'import', '--batch', '']]) {
    const r = cli(args, { cwd });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.equal(stderrLines(r).length, 1, r.stderr);
    assert.match(r.stderr, /^uptake: \S/, args.join(' '));
  }
  assert.deepEqual(fs.readdirSync(cwd), [], 'a usage error opens no database');
});
