// SPDX-License-Identifier: MIT
// A PostgreSQL server that drops uptake's connections (a restart, pg_terminate_backend, an idle
// timeout): each worker thread opens its connection again before its next statement, so the
// requests after it succeed (store/pg/db.c, conn_get). A connection lost inside a transaction
// fails that request (500) and the next gets a new connection: tests/unit/store/pg/test_engine.c.
// SQLite has no server to lose, so this file runs on PostgreSQL only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENGINE, Server } from './lib/server.mjs';

const skip = ENGINE !== 'postgresql' && 'no server to lose on SQLite';

/* Ends every backend of the server's database but psql's own, waiting until each has gone. */
function terminateAll(s) {
  const [{ n }] = s.sql(`SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) AS n
    FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return Number(n);
}

test('requests after the database server dropped every connection succeed', { skip }, async () => {
  const s = await Server.start();
  const admin = await s.login('admin@acme.test');
  const rep = await s.login('rep1.north@acme.test');
  // Every worker thread opens its connection (requests at once spread over them).
  const c = await rep.create('/api/v1/contacts', { first_name: 'Kim', last_name: 'Kept' });
  const warm = await Promise.all(Array.from({ length: 16 },
    (_, i) => (i % 2 ? admin : rep).get(`/api/v1/contacts/${c.id}`)));
  assert.deepEqual(warm.map((r) => r.status), warm.map(() => 200));

  for (let round = 0; round < 2; round++) {
    // The workers' (the listener's too, unless it is still waiting to reconnect).
    assert.ok(terminateAll(s) >= 1, 'no backend of the server found');
    // Reads, writes and sign-in checks, one at a time and at once, on whichever thread.
    assert.equal((await rep.get(`/api/v1/contacts/${c.id}`)).body.last_name, 'Kept');
    const made = await rep.create('/api/v1/contacts', { first_name: 'Ren', last_name: `After${round}` });
    const rs = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2
      ? admin.get(`/api/v1/contacts/${made.id}`)
      : rep.patch(`/api/v1/contacts/${c.id}`, { title: `t${round}-${i}` }))));
    assert.deepEqual(rs.map((r) => r.status), rs.map(() => 200), rs.map((r) => r.text).join('\n'));
    const fresh = await s.login('rep2.north@acme.test');
    assert.equal((await fresh.get('/api/v1/session')).status, 200);
  }
  assert.match(s.stderr, /postgresql connection lost, reconnecting/);
  await s.assertAlive();
});
