// SPDX-License-Identifier: MIT
// The command line: help and version, exit codes (0 ok, 1 failure, 2 usage), user management,
// config, UPTAKE_DB, and refusing a database from a newer schema without touching it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PASSWORD, SCHEMA_VERSION, cli, sha256, sql, tmpDir } from './lib/server.mjs';

function freshDb() {
  const dir = tmpDir('cli-db-');
  const db = path.join(dir, 'uptake.db');
  const r = cli(['init', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  return { dir, db };
}

function addUser(db, email, extra = [], password = PASSWORD) {
  return cli(['user', 'add', '--db', db, '--email', email, '--name', `N ${email}`, '--role', 'rep', ...extra], { input: `${password}\n` });
}

test('help and version exit 0 on stdout', () => {
  const cases = [
    [['--help'], /usage: uptake/], [['-h'], /commands:/], [['help'], /usage: uptake/],
    [['--version'], /^uptake 0\.1\.0\n$/], [['version'], /^uptake \d+\.\d+\.\d+\n$/],
    [['serve', '--help'], /--listen HOST:PORT/], [['init', '--help'], /--demo/],
    [['user', '--help'], /add .*\n.*list/], [['user', 'add', '--help'], /--email E/],
    [['user', 'list', '--help'], /--format/], [['user', 'deactivate', '--help'], /--successor S/],
    [['config', '--help'], /config show/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, re, args.join(' '));
  }
});

test('usage errors exit 2 with one clear line on stderr', () => {
  const { db } = freshDb();
  const cases = [
    [], ['frobnicate'], ['--frob'], ['serve', '--frob'], ['serve', 'extra'], ['serve', '--visibility', 'everyone'],
    ['serve', '--listen'], ['init', '--seed', '5'], ['init', '--demo', '--contacts', 'many'], ['user'], ['user', 'frob'],
    ['user', 'add', '--db', db, '--email', 'a@b.test'], ['user', 'add', '--db', db, '--email', 'a@b.test', '--name', 'A', '--role', 'boss'],
    ['user', 'add', '--db', db, '--email', 'not-an-email', '--name', 'A', '--role', 'rep'],
    ['user', 'list', '--db', db, '--format', 'xml'], ['user', 'deactivate', '--db', db, '--email', 'a@b.test'],
    ['config'], ['config', 'edit'], ['config', 'show', 'more'],
  ];
  for (const args of cases) {
    const r = cli(args, { input: `${PASSWORD}\n` });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout} ${r.stderr}`);
    if (args.length) {
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(lines[0], /^uptake: \S/, args.join(' '));
    }
  }
});

test('an option error points at the help of the command that was run', () => {
  const cases = [
    [['serve', '--frob'], "see 'uptake serve --help'"], [['serve', '--listen'], "see 'uptake serve --help'"],
    [['user', 'add', '--frob'], "see 'uptake user add --help'"],
    [['events', 'import', '--frob'], "see 'uptake events import --help'"],
    [['report', 'adoption', '--team'], "see 'uptake report adoption --help'"],
  ];
  for (const [args, hint] of cases) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.includes(hint), `${args.join(' ')}: ${r.stderr}`);
  }
});

test('user add reads the password from stdin; failures exit 1', () => {
  const { db } = freshDb();
  let r = addUser(db, 'first@acme.test', ['--team', 'north']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /added user 1 <first@acme\.test> as rep/);
  const row = sql(db, "SELECT password_hash, team_id FROM users WHERE email = 'first@acme.test'")[0];
  assert.match(row.password_hash, /^\$argon2id\$/);
  assert.ok(!row.password_hash.includes(PASSWORD));
  assert.equal(sql(db, `SELECT name FROM teams WHERE id = ${row.team_id}`)[0].name, 'north');
  const cases = [
    () => addUser(db, 'first@acme.test'), /* duplicate */
    () => addUser(db, 'FIRST@acme.test'), /* duplicate in another case */
    () => addUser(db, 'short@acme.test', [], 'short'), /* password too short */
    () => addUser(db, 'long@acme.test', [], 'x'.repeat(1025)), /* longer than the API allows */
    () => cli(['user', 'add', '--db', db, '--email', 'none@acme.test', '--name', 'N', '--role', 'rep']), /* no stdin */
  ];
  for (const run of cases) {
    r = run();
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^uptake: /);
  }
  assert.match(addUser(db, 'long@acme.test', [], 'x'.repeat(1025)).stderr, /too long \(at most 1,024 bytes\)/);
  assert.equal(addUser(db, 'longest@acme.test', [], 'x'.repeat(1024)).status, 0, 'the API\'s longest password');
  r = addUser(db, 'bot@acme.test', ['--integration']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql(db, "SELECT count(*) AS n FROM users")[0].n, 3);
});

test('user list --format json and table; deactivate with a successor', () => {
  const { db } = freshDb();
  for (const e of ['a@acme.test', 'b@acme.test']) assert.equal(addUser(db, e, ['--team', 'north']).status, 0);
  sql(db, `INSERT INTO contacts (last_name, owner_id, created_by, created_at, updated_at) VALUES ('Moved', 1, 1, 0, 0)`);
  let r = cli(['user', 'list', '--db', db, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const users = JSON.parse(r.stdout);
  assert.deepEqual(users.map((u) => u.email), ['a@acme.test', 'b@acme.test']);
  for (const u of users) {
    assert.ok('demo_archetype' in u);
    assert.equal(u.team_name, 'north');
    assert.equal(u.password_hash, undefined);
  }
  r = cli(['user', 'list', '--db', db]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^ID\s+EMAIL/);
  assert.match(r.stdout, /a@acme\.test .* active/);

  for (const args of [['--email', 'a@acme.test', '--successor', 'nobody@acme.test'],
    ['--email', 'nobody@acme.test', '--successor', 'b@acme.test'], ['--email', 'a@acme.test', '--successor', 'a@acme.test']]) {
    r = cli(['user', 'deactivate', '--db', db, ...args]);
    assert.equal(r.status, 1, `${args}: ${r.stderr}`);
    assert.match(r.stderr, /^uptake: .+\n$/);
  }
  r = cli(['user', 'deactivate', '--db', db, '--email', 'a@acme.test', '--successor', 'b@acme.test']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'deactivated a@acme.test; handed over:\n  1 contacts -> b@acme.test\n');
  assert.equal(sql(db, "SELECT owner_id FROM contacts WHERE last_name = 'Moved'")[0].owner_id, 2);
  assert.equal(cli(['user', 'deactivate', '--db', db, '--email', 'a@acme.test', '--successor', 'b@acme.test']).status, 1);
  r = cli(['user', 'list', '--db', db, '--format', 'json']);
  assert.deepEqual(JSON.parse(r.stdout).map((u) => u.email), ['b@acme.test']);
  r = cli(['user', 'list', '--db', db, '--format', 'json', '--all']);
  assert.equal(JSON.parse(r.stdout).find((u) => u.email === 'a@acme.test').active, false);
});

test('user deactivate --dry-run and per-kind successors; user reactivate; the last admin stays', () => {
  const { db } = freshDb();
  for (const e of ['a@acme.test', 'b@acme.test', 'c@acme.test']) assert.equal(addUser(db, e).status, 0);
  assert.equal(addUser(db, 'boss@acme.test', ['--role', 'admin']).status, 0);
  sql(db, `INSERT INTO contacts (last_name, owner_id, created_by, created_at, updated_at) VALUES ('C1', 1, 1, 0, 0), ('C2', 1, 1, 0, 0)`);
  sql(db, `INSERT INTO deals (name, owner_id, created_by, created_at, updated_at) VALUES ('D1', 1, 1, 0, 0)`);
  const base = ['user', 'deactivate', '--db', db, '--email', 'a@acme.test', '--successor', 'b@acme.test', '--deals', 'c@acme.test'];
  let r = cli([...base, '--dry-run']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'would deactivate a@acme.test and hand over:\n  2 contacts -> b@acme.test\n  1 deals -> c@acme.test\n');
  assert.deepEqual(sql(db, 'SELECT active FROM users WHERE id = 1'), [{ active: 1 }], 'a dry run changes nothing');
  assert.deepEqual(sql(db, "SELECT DISTINCT owner_id FROM contacts"), [{ owner_id: 1 }]);
  r = cli(base);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'deactivated a@acme.test; handed over:\n  2 contacts -> b@acme.test\n  1 deals -> c@acme.test\n');
  assert.deepEqual(sql(db, "SELECT owner_id FROM deals WHERE name = 'D1'"), [{ owner_id: 3 }]);
  assert.deepEqual(sql(db, "SELECT DISTINCT owner_id FROM contacts"), [{ owner_id: 2 }]);
  r = cli(['user', 'deactivate', '--db', db, '--email', 'c@acme.test', '--successor', 'b@acme.test', '--deals', 'a@acme.test']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not an active user/);
  /* Reactivate: signs in again; twice is an error; an unknown email fails. */
  r = cli(['user', 'reactivate', '--db', db, '--email', 'a@acme.test']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'reactivated a@acme.test\n');
  assert.deepEqual(sql(db, 'SELECT active, deactivated_at, successor_id FROM users WHERE id = 1'), [{ active: 1, deactivated_at: null, successor_id: null }]);
  assert.equal(cli(['user', 'reactivate', '--db', db, '--email', 'a@acme.test']).status, 1);
  assert.equal(cli(['user', 'reactivate', '--db', db, '--email', 'nobody@acme.test']).status, 1);
  assert.equal(cli(['user', 'reactivate', '--db', db]).status, 2);
  assert.match(cli(['user', 'reactivate', '--help']).stdout, /--email E/);
  /* The only admin cannot be deactivated. */
  r = cli(['user', 'deactivate', '--db', db, '--email', 'boss@acme.test', '--successor', 'b@acme.test']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /only active admin/);
});

test('config show, UPTAKE_* environment and flags', () => {
  let r = cli(['config', 'show']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^db = data\/uptake\.db$/m);
  assert.match(r.stdout, /^visibility = team$/m);
  assert.match(r.stdout, /^body-limit = 1048576$/m);
  r = cli(['config', 'show'], { env: { UPTAKE_DB: '/tmp/x/y.db', UPTAKE_VISIBILITY: 'own' } });
  assert.match(r.stdout, /^db = \/tmp\/x\/y\.db$/m);
  assert.match(r.stdout, /^visibility = own$/m);
  r = cli(['--db', '/tmp/flag.db', 'config', 'show'], { env: { UPTAKE_DB: '/tmp/env.db' } });
  assert.match(r.stdout, /^db = \/tmp\/flag\.db$/m, 'flags beat the environment');
  /* A password in a PostgreSQL URL is masked, as serve and migrate print it. */
  r = cli(['--db', 'postgresql://app:s3cret@db.example/crm?sslmode=require&password=hunter2',
    'config', 'show']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^db = postgresql:\/\/app:\*\*\*@db\.example\/crm\?sslmode=require&password=\*\*\*$/m);
  assert.doesNotMatch(r.stdout, /s3cret|hunter2/);
  r = cli(['config', 'show'], { env: { UPTAKE_VISIBILITY: 'everyone' } });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^uptake: UPTAKE_VISIBILITY/);
  const dir = tmpDir('ini-');
  fs.writeFileSync(path.join(dir, 'uptake.ini'), 'session_hours = 5\nlog-level = debug\n');
  r = cli(['config', 'show'], { cwd: dir });
  assert.match(r.stdout, /^session-hours = 5$/m);
  r = cli(['--config', path.join(dir, 'missing.ini'), 'config', 'show']);
  assert.equal(r.status, 2);
});

test('UPTAKE_DB selects the database', () => {
  const { db } = freshDb();
  let r = cli(['user', 'add', '--email', 'env@acme.test', '--name', 'Env', '--role', 'admin'],
    { input: `${PASSWORD}\n`, env: { UPTAKE_DB: db } });
  assert.equal(r.status, 0, r.stderr);
  r = cli(['user', 'list', '--format', 'json'], { env: { UPTAKE_DB: db } });
  assert.deepEqual(JSON.parse(r.stdout).map((u) => u.email), ['env@acme.test']);
  const dir = tmpDir('envinit-');
  r = cli(['init'], { env: { UPTAKE_DB: path.join(dir, 'sub', 'dir', 'new.db') } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'sub', 'dir', 'new.db')));
});

test('a database from a newer schema is refused and not modified', () => {
  const { db } = freshDb();
  assert.equal(addUser(db, 'keep@acme.test').status, 0);
  sql(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', 0)");
  const before = sha256(db);
  const size = fs.statSync(db).size;
  const runs = [
    ['init', '--db', db], ['user', 'list', '--db', db], ['user', 'list', '--db', db, '--format', 'json'],
    ['serve', '--db', db, '--listen', '127.0.0.1:0'],
    ['user', 'deactivate', '--db', db, '--email', 'keep@acme.test', '--successor', 'keep@acme.test'],
  ];
  for (const args of runs) {
    const r = cli(args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout} ${r.stderr}`);
    assert.match(r.stderr, /schema version 99 is newer than this uptake knows \(\d+\)/, args.join(' '));
    assert.equal(sha256(db), before, `${args[0]} left the file alone`);
  }
  const r = addUser(db, 'new@acme.test');
  assert.equal(r.status, 1);
  assert.equal(sha256(db), before);
  assert.equal(fs.statSync(db).size, size);
  assert.equal(sql(db, 'SELECT count(*) AS n FROM users')[0].n, 1);
});

test('init on an existing database is harmless', () => {
  const { db } = freshDb();
  assert.equal(addUser(db, 'x@acme.test').status, 0);
  const r = cli(['init', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sql(db, 'SELECT count(*) AS n FROM users')[0].n, 1);
  assert.equal(sql(db, 'SELECT max(version) AS v FROM schema_migrations')[0].v, SCHEMA_VERSION);
});
