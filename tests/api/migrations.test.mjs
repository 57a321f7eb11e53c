// SPDX-License-Identifier: MIT
// A database from before the adoption rollups (schema 3: usage_daily kept by a trigger) is
// upgraded in place: migration 0004 fills usage_days from what is there, 0005 fills usage_weeks
// from usage_days, and events written afterwards add to both, a week gaining an active day only
// for a day it did not have.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SCHEMA_VERSION, cli, sql, tmpDir } from './lib/server.mjs';

const DAY = 86400000;
const SQL_DIR = new URL('../../sql/sqlite/', import.meta.url);
/* Three weekdays of one calendar week, two weeks back: Monday, Tuesday, Wednesday. */
const today = Math.floor(Date.now() / DAY) * DAY;
const monday = today - (((today / DAY) % 7) + 3) % 7 * DAY - 14 * DAY;
const dayText = (ms) => new Date(ms).toISOString().slice(0, 10);
const LONG = 'Walked them through the renewal terms; they want a two-year contract.';

/* A database at schema version 3, written with the sqlite3 shell from the first three migrations. */
function oldDatabase() {
  const db = path.join(tmpDir('migrate-'), 'old.db');
  const files = fs.readdirSync(SQL_DIR).filter((f) => /^000[1-3]_.*\.sql$/.test(f)).sort();
  let script = 'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);\n';
  files.forEach((f, i) => {
    script += `${fs.readFileSync(new URL(f, SQL_DIR), 'utf8')}\n`;
    script += `INSERT INTO schema_migrations VALUES (${i + 1}, '${f}', 0);\n`;
  });
  const t = (d, h) => monday + d * DAY + h * 3600000;
  script += `
INSERT INTO users (id, email, name, role, created_at) VALUES (7, 'old@uptake.test', 'Old Hand', 'rep', ${monday - 30 * DAY});
INSERT INTO activities (kind, subject, body, owner_id, created_by, created_at, updated_at)
  VALUES ('call', 'Renewal', '${LONG}', 7, 7, ${t(0, 10)}, ${t(0, 10)}),
         ('call', 'fu', 'ok', 7, 7, ${t(0, 11)}, ${t(0, 11)});
INSERT INTO events (at, user_id, kind) VALUES
  (${t(0, 9)}, 7, 'login'), (${t(0, 10)}, 7, 'activity.logged'), (${t(0, 11)}, 7, 'activity.logged'),
  (${t(0, 12)}, 7, 'search'), (${t(1, 9)}, 7, 'login'), (${t(1, 10)}, 7, 'deal.updated'),
  (${t(1, 11)}, 7, 'contact.created');
`;
  fs.writeFileSync(`${db}.sql`, script);
  const shell = sql(db, `.read ${db}.sql`);
  assert.deepEqual(shell, []);
  return { db, t };
}

test('an old database gains usage_days and usage_weeks from what it holds', () => {
  const { db, t } = oldDatabase();
  assert.deepEqual(sql(db, 'SELECT max(version) AS v FROM schema_migrations'), [{ v: 3 }]);
  const r = cli(['user', 'list', '--db', db, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(sql(db, 'SELECT max(version) AS v FROM schema_migrations'), [{ v: SCHEMA_VERSION }]);

  assert.deepEqual(sql(db, 'SELECT day, events, logins, features, activities, meaningful, deal_updates, records_created FROM usage_days ORDER BY day'), [
    /* search 1, log activity 4: the features of the first day; the long note is meaningful */
    { day: dayText(monday), events: 4, logins: 1, features: 1 | 4, activities: 2, meaningful: 1, deal_updates: 0, records_created: 2 },
    /* a deal update is the pipeline feature (16) */
    { day: dayText(monday + DAY), events: 3, logins: 1, features: 16, activities: 0, meaningful: 0, deal_updates: 1, records_created: 1 },
  ]);
  assert.deepEqual(sql(db, 'SELECT user_id, week, active_days, events, logins, features, activities, meaningful FROM usage_weeks'), [
    { user_id: 7, week: dayText(monday), active_days: 2, events: 7, logins: 2, features: 1 | 4 | 16, activities: 2, meaningful: 1 },
  ]);
  assert.deepEqual(sql(db, "SELECT n FROM change_counts WHERE name = 'owned_records'"), [{ n: 0 }]);

  /* After the upgrade the store keeps the rollups: one more event on a day the week has, one on a
   * new day of the same week, one in the next week. */
  const lines = [
    { at: t(1, 15), user_id: 7, kind: 'search' },
    { at: t(2, 9), user_id: 7, kind: 'login' },
    { at: t(7, 9), user_id: 7, kind: 'activity.logged', detail: { kind: 'call', meaningful: true } },
  ].map((e) => JSON.stringify(e)).join('\n');
  const imp = cli(['events', 'import', '--db', db], { input: `${lines}\n` });
  assert.equal(imp.status, 0, imp.stderr);
  assert.deepEqual(sql(db, 'SELECT week, active_days, events, logins, activities, meaningful FROM usage_weeks ORDER BY week'), [
    { week: dayText(monday), active_days: 3, events: 9, logins: 3, activities: 2, meaningful: 1 },
    { week: dayText(monday + 7 * DAY), active_days: 1, events: 1, logins: 0, activities: 1, meaningful: 1 },
  ]);
  /* and the rollups still agree with the events, day by day */
  assert.deepEqual(sql(db, `SELECT count(*) AS bad FROM usage_days d WHERE events <>
    (SELECT count(*) FROM events e WHERE e.user_id = d.user_id AND strftime('%Y-%m-%d', e.at / 1000, 'unixepoch') = d.day)`), [{ bad: 0 }]);
});

test('record changes move change_counts, so cached quality is recomputed', () => {
  const { db } = oldDatabase();
  assert.equal(cli(['user', 'list', '--db', db]).status, 0);
  const before = sql(db, "SELECT n FROM change_counts WHERE name = 'owned_records'")[0].n;
  sql(db, `INSERT INTO contacts (first_name, owner_id, created_at, updated_at) VALUES ('Ann', 7, 0, 0);
    UPDATE contacts SET title = 'Buyer';
    INSERT INTO activities (kind, owner_id, created_at, updated_at) VALUES ('note', 7, 0, 0);`);
  /* the contact's insert and update count; an activity not on a deal does not */
  assert.deepEqual(sql(db, "SELECT n FROM change_counts WHERE name = 'owned_records'"), [{ n: before + 2 }]);
});
