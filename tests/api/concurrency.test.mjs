// Several people at once: reads (whose events a background thread writes in batches) beside
// writes that credit someone else (an activity deleted and restored by an admin, one logged by a
// manager for a rep). On PostgreSQL each is its own transaction, so two that take the same
// rollup rows in different orders deadlock and one of them answers 500; every answer here must
// be a success.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENGINE, Server } from './lib/server.mjs';

const ROUNDS = 12;

test('reads and writes crediting others, side by side, all succeed', async () => {
  const srv = await Server.start({ flags: ['--visibility', 'all'] });
  const as = await srv.loginAll();
  const contact = await as.repN1.create('/api/v1/contacts', { last_name: 'Shared' });
  const theirs = await as.repS.create('/api/v1/contacts', { last_name: 'Theirs' });
  const mine = [];
  for (let i = 0; i < 4; i++)
    mine.push(await as.repN1.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, subject: `Call ${i}`, body: 'Talked about the renewal and the new price list.' }));
  const failures = [];
  const check = (what, r, want) => {
    if (!want.includes(r.status)) failures.push(`${what}: ${r.status} ${r.text.slice(0, 200)}`);
  };

  /* Everyone reads the contact and its activities over and over, so each batch of read events
   * holds rows of every person, while the admin and the manager write for repN1. */
  const readers = Object.entries(as).map(async ([who, c]) => {
    for (let i = 0; i < ROUNDS * 4; i++) {
      check(`${who} read`, await c.get(`/api/v1/contacts/${contact.id}`), [200]);
      check(`${who} read`, await c.get(`/api/v1/activities/${mine[i % mine.length].id}`), [200, 404]);
    }
  });
  const admin = (async () => {
    for (let i = 0; i < ROUNDS; i++)
      for (const a of mine) {
        check('admin delete', await as.admin.del(`/api/v1/activities/${a.id}`), [204]);
        check('admin restore', await as.admin.post(`/api/v1/activities/${a.id}/restore`), [200]);
      }
  })();
  const manager = (async () => {
    for (let i = 0; i < ROUNDS * 2; i++)
      check('manager logs for the rep', await as.mgrN.post('/api/v1/activities', {
        kind: 'meeting', contact_id: contact.id, owner_id: srv.users.repN1.id, subject: `Visit ${i}`,
        body: 'Walked the site with the buyer and agreed the next step.',
      }), [201]);
  })();
  const rep = (async () => {
    for (let i = 0; i < ROUNDS * 2; i++)
      check('rep logs', await as.repS.post('/api/v1/activities', {
        kind: 'call', contact_id: theirs.id, subject: `Own ${i}`, body: 'Called back about the quote.',
      }), [201]);
  })();
  await Promise.all([...readers, admin, manager, rep]);
  assert.deepEqual(failures, [], `failed answers:\n${failures.slice(0, 10).join('\n')}\n${srv.stderr.slice(-3000)}`);
  await srv.assertAlive();
});

/* The same race made certain: another transaction holds the admin's row of today, as a batch of
 * read events does on its way to the rows of people with higher ids; the admin restores repN1's
 * activity meanwhile; then the holder takes repN1's row. A restore that took repN1's row (its
 * credit) before the admin's own deadlocks here. */
test('a write crediting someone else takes the rollup rows in the lock order', { skip: ENGINE !== 'postgresql' }, async () => {
  const srv = await Server.start();
  const as = await srv.loginAll();
  const contact = await as.repN1.create('/api/v1/contacts', { last_name: 'Locked' });
  const act = await as.repN1.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, subject: 'Call' });
  const admin = srv.users.admin.id, rep = srv.users.repN1.id;
  assert.equal((await as.admin.del(`/api/v1/activities/${act.id}`)).status, 204);

  const holder = spawn('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', srv.db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '', errs = '';
  holder.stdout.on('data', (d) => { out += d; });
  holder.stderr.on('data', (d) => { errs += d; });
  const exited = new Promise((res) => holder.on('exit', (code) => res(code)));
  const printed = async (marker) => {
    while (!out.includes(marker)) {
      assert.equal(holder.exitCode, null, `psql stopped: ${errs}`);
      await sleep(20);
    }
  };
  holder.stdin.write(`BEGIN; UPDATE usage_days SET events = events WHERE user_id = ${admin}; \\echo locked\n`);
  await printed('locked');

  const restore = as.admin.post(`/api/v1/activities/${act.id}/restore`);
  /* Until the restore waits for a lock the holder has. */
  while (srv.sql(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'
                  AND datname = current_database()`)[0].n === 0)
    await sleep(20);
  holder.stdin.write(`UPDATE usage_days SET events = events WHERE user_id = ${rep}; COMMIT; \\echo done\n`);
  holder.stdin.end();
  const code = await exited;
  const r = await restore;
  assert.equal(code, 0, `the holder failed: ${errs}`);
  assert.equal(r.status, 200, `restore: ${r.text}\n${srv.stderr.slice(-2000)}`);
  const [{ n }] = srv.sql(`SELECT activities AS n FROM usage_days WHERE user_id = ${rep}`);
  assert.equal(n, 1, 'the credit is back with the activity');
});
