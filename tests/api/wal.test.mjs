// SPDX-License-Identifier: MIT
// The WAL stays bounded under sustained writes with readers about: with a limit of 1 MiB
// (UPTAKE_WAL_LIMIT_MIB), parallel writers and readers never see the -wal file much past it
// (the commit that takes it past the limit restarts it before the next writer goes). Before,
// readers always active kept SQLite from restarting the WAL and it only grew. No timing: the
// file is looked at after every answered write.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { Server } from './lib/server.mjs';

const MIB = 1024 * 1024;

test('the WAL file stays near its limit under parallel writes and reads', async () => {
  const srv = await Server.start({ env: { UPTAKE_WAL_LIMIT_MIB: '1' } });
  const as = await srv.loginAll();
  const rep = as.repN1;
  const contact = await rep.create('/api/v1/contacts', { last_name: 'Busy' });
  const notes = 'Went through the renewal line by line. '.repeat(50);
  const walSize = () => { try { return fs.statSync(`${srv.db}-wal`).size; } catch { return 0; } };
  let peak = 0, written = 0, total = 0;
  const WRITES = 600;

  const writer = async () => {
    while (written < WRITES) {
      written++;
      await rep.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, subject: `Call ${written}`, body: notes });
      peak = Math.max(peak, walSize());
    }
  };
  const reader = async () => {
    while (written < WRITES) {
      const r = await as.repN2.get(`/api/v1/contacts/${contact.id}/timeline?limit=20`);
      assert.equal(r.status, 200);
    }
  };
  await Promise.all([writer(), writer(), writer(), writer(), reader(), reader()]);
  /* What went through the WAL: every write is there, far more than the limit. */
  const [{ n }] = srv.sql(`SELECT count(*) AS n FROM activities`);
  assert.equal(n, WRITES);
  total = srv.sql('PRAGMA page_count')[0].page_count * 4096;
  assert.ok(total > 3 * MIB, `the writes should take more than 3 MiB (${total})`);
  assert.ok(peak <= 2 * MIB, `WAL peak ${(peak / MIB).toFixed(1)} MiB with a 1 MiB limit`);
  assert.equal(walSize() <= 2 * MIB, true);
  await srv.assertAlive();
});
