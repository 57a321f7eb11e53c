// SPDX-License-Identifier: MIT
// What the database leaves on disk: the file `uptake init` creates, and its -wal and -shm once
// a server writes, are readable by their owner only (mode 0600); expired
// sessions do not stay in the sessions table (they are purged at the next sign-in).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Server, cli, tmpDir } from './lib/server.mjs';

const mode = (f) => (fs.statSync(f).mode & 0o777).toString(8);

test('uptake init creates the database 0600', () => {
  const dir = tmpDir('mode-');
  const db = path.join(dir, 'sub', 'new.db');
  const r = cli(['init', '--db', db], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(mode(db), '600');
});

test('a serving database and its -wal and -shm are 0600', async () => {
  const srv = await Server.start();
  assert.equal(mode(srv.db), '600');
  const rep = await srv.login('rep1.north@acme.test');
  await rep.create('/api/v1/contacts', { last_name: 'Written' });
  for (const f of [`${srv.db}-wal`, `${srv.db}-shm`]) {
    assert.ok(fs.existsSync(f), `${f} exists while serving`);
    assert.equal(mode(f), '600', f);
  }
});

test('an expired session row is gone after the next sign-in', async () => {
  const srv = await Server.start();
  const user = srv.users.repS.id;
  /* Behind the API: one session that ended an hour ago, one that is still live. */
  const now = Date.now();
  srv.sql(`INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES
    (randomblob(32), ${user}, 'old', ${now - 7200000}, ${now - 3600000}),
    (X'${'ab'.repeat(32)}', ${user}, 'live', ${now}, ${now + 3600000})`);
  await srv.login('rep1.north@acme.test');
  const left = srv.sql(`SELECT csrf_token FROM sessions WHERE user_id = ${user} ORDER BY id`);
  assert.deepEqual(left.map((r) => r.csrf_token), ['live']);
});
