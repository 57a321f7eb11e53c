// SPDX-License-Identifier: MIT
// Length limits count characters, not bytes: 100 x "é" (200 bytes) is a valid first name, the
// 101st character is refused with a message that says characters, on create and on update,
// and 4-byte characters count once too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { ENGINE, Server, cli, expectCase, tmpDir } from './lib/server.mjs';

const srv = await Server.start();
const rep = await srv.login('rep1.north@acme.test');

test('a name of 100 accented characters is valid, 101 is not', async () => {
  const name = 'é'.repeat(100);
  const c = await rep.create('/api/v1/contacts', { first_name: name, last_name: '😀'.repeat(100) });
  assert.equal(c.first_name, name);
  assert.equal((await rep.get(`/api/v1/contacts/${c.id}`)).body.last_name, '😀'.repeat(100));
  const bytesOf = ENGINE === 'sqlite' ? 'length(CAST(first_name AS BLOB))' : 'octet_length(first_name)';
  const [{ chars, bytes }] = srv.sql(`SELECT length(first_name) AS chars, ${bytesOf} AS bytes
    FROM contacts WHERE id = ${c.id}`);
  assert.deepEqual({ chars, bytes }, { chars: 100, bytes: 200 });

  for (const [method, path] of [['POST', '/api/v1/contacts'], ['PATCH', `/api/v1/contacts/${c.id}`]]) {
    await expectCase({
      name: `${method} 101 characters`, as: rep, method, path, body: { first_name: `${name}é` },
      status: 422, error: 'invalid_field', field: 'first_name',
    }).then((r) => assert.match(r.body.error.message, /longer than 100 characters/));
  }
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/contacts/${c.id}`, body: { title: 'ü'.repeat(100) }, status: 200 });
  const org = await rep.create('/api/v1/organizations', { name: 'Ω'.repeat(200) });
  assert.equal(org.name.length, 200);
  await expectCase({ as: rep, method: 'POST', path: '/api/v1/organizations', body: { name: 'Ω'.repeat(201) }, status: 422, field: 'name' });
});

test('user and token names count characters too, in the API and the CLI alike', async () => {
  const admin = await srv.login('admin@acme.test');
  const u = await admin.create('/api/v1/users', {
    email: 'long.name@acme.test', name: 'é'.repeat(200), role: 'rep', password: 'long enough pass',
  });
  assert.equal(u.name, 'é'.repeat(200));
  await expectCase({
    as: admin, method: 'POST', path: '/api/v1/users', status: 422, field: 'name',
    body: { email: 'too.long@acme.test', name: 'é'.repeat(201), role: 'rep', password: 'long enough pass' },
  });
  await expectCase({ as: admin, method: 'POST', path: '/api/v1/tokens', body: { name: 'ü'.repeat(100) }, status: 201 });
  await expectCase({ as: admin, method: 'POST', path: '/api/v1/tokens', body: { name: 'ü'.repeat(101) }, status: 422, field: 'name' });

  const db = path.join(tmpDir('lengths-'), 'cli.db');
  assert.equal(cli(['init', '--db', db]).status, 0);
  const add = (name, email) => cli(['user', 'add', '--db', db, '--email', email, '--name', name, '--role', 'rep'],
    { input: 'long enough pass\n' });
  assert.equal(add('é'.repeat(200), 'ok@acme.test').status, 0);
  const refused = add('é'.repeat(201), 'no@acme.test');
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /--name must be 1 to 200 characters/);
});
