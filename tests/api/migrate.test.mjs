// SPDX-License-Identifier: MIT
// uptake migrate: a whole database copied into a new one and counted on both sides; a server
// on the copy answers as the original did. On PostgreSQL (api-pg/) the copy goes both ways:
// the server's PostgreSQL database into a SQLite file and that file into a new PostgreSQL
// database; on SQLite, file to file.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import path from 'node:path';
import { ENGINE, PASSWORD, Server, cli, pgDatabase, sql, tmpDir } from './lib/server.mjs';

const srv = await Server.start();
const rep = await srv.login('rep1.north@acme.test');
const admin = await srv.login('admin@acme.test');
const org = await rep.create('/api/v1/organizations', { name: 'Zoë Müller GmbH' });
const contact = await rep.create('/api/v1/contacts', { first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', org_id: org.id });
for (let i = 0; i < 3; i++)
  await rep.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, body: `Call ${i}: went through the renewal terms and the next steps with Ann` });
const token = (await admin.post('/api/v1/tokens', { name: 'sync', user_id: srv.users.mgrN.id })).body;

const TABLES = ['users', 'contacts', 'organizations', 'activities', 'audit', 'events', 'usage_days', 'usage_weeks', 'api_tokens', 'stages'];
const counts = (db) => Object.fromEntries(TABLES.map((t) => [t, sql(db, `SELECT count(*) AS n FROM ${t}`)[0].n]));

/* Copies from into to and returns the CLI's answer, failing the test unless it succeeded. */
function migrate(from, to) {
  const r = cli(['migrate', '--from', from, '--to', to]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^events +\d+ rows, counted in both$/m);
  return r;
}

/* A server on db answers as the original: the same sign-in, records, search and token. */
async function assertSame(db) {
  const copy = new Server();
  copy.dir = tmpDir('srv-');
  copy.db = db;
  copy.env = {};
  copy.users = srv.users;
  await copy.spawn([]);
  after(() => copy.stop());
  const r2 = await copy.login('rep1.north@acme.test', PASSWORD);
  const got = (await r2.get(`/api/v1/contacts/${contact.id}`)).body;
  assert.equal(got.email, 'ann@example.com');
  assert.equal(got.org_id, org.id);
  // The search rows are built again on the copy: accents, prefixes, words of an email.
  const found = (await r2.get('/api/v1/organizations?q=zoe%20mul')).body;
  assert.deepEqual(found.items.map((o) => o.id), [org.id], JSON.stringify(found));
  assert.deepEqual((await r2.get('/api/v1/contacts?q=example')).body.items.map((c) => c.id), [contact.id]);
  // New rows get new ids after the copied ones.
  const next = await r2.create('/api/v1/contacts', { first_name: 'New' });
  assert.ok(next.id > contact.id);
  const bot = await fetch(`${copy.url}/api/v1/contacts?limit=1`, { headers: { Authorization: `Bearer ${token.token}` } });
  assert.equal(bot.status, 200);
  const timeline = (await r2.get(`/api/v1/contacts/${contact.id}/timeline`)).body;
  assert.equal(timeline.items.filter((t) => t.type === 'activity').length, 3);
}

test('a whole database is copied, counted and served from the copy', async () => {
  await new Promise((r) => setTimeout(r, 1500)); // view events are written about a second late
  const before = counts(srv.db);
  const file = path.join(tmpDir('mig-'), 'copy.db');
  migrate(srv.db, `sqlite:${file}`);
  assert.deepEqual(counts(file), before);
  let last = file;
  if (ENGINE === 'postgresql') {
    const url = pgDatabase();
    migrate(`sqlite:${file}`, url);
    assert.deepEqual(counts(url), before);
    last = url;
  }
  await assertSame(last);
});

test('bad migrations are refused with a clear error and touch nothing', async () => {
  const dir = tmpDir('mig-');
  const cases = [
    [['migrate'], 2, /give both --from and --to/],
    [['migrate', '--from', srv.db], 2, /give both --from and --to/],
    [['migrate', '--from', srv.db, '--to', srv.db], 2, /same database/],
    [['migrate', '--from', path.join(dir, 'none.db'), '--to', path.join(dir, 'x.db')], 1, /no database at/],
    [['migrate', '--from', srv.db, '--to', srv.db + '?'.repeat(0), 'extra'], 2, /takes no arguments/],
    [['migrate', '--from', srv.db, '--to', 'postgresql:///nowhere?host=/nonexistent'], 1, /--to: cannot connect/],
  ];
  for (const [args, status, msg] of cases) {
    const r = cli(args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg, args.join(' '));
  }
  // Into a database that already has users: refused, and its rows stay as they were.
  const full = path.join(dir, 'full.db');
  assert.equal(cli(['init', '--db', full]).status, 0);
  assert.equal(cli(['user', 'add', '--db', full, '--email', 'x@y.test', '--name', 'X Y', '--role', 'admin'], { input: `${PASSWORD}\n` }).status, 0);
  const r = cli(['migrate', '--from', srv.db, '--to', full]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already has users/);
  assert.deepEqual(sql(full, 'SELECT email FROM users'), [{ email: 'x@y.test' }]);
  assert.equal(sql(full, 'SELECT count(*) AS n FROM stages')[0].n, 6);
});
