// SPDX-License-Identifier: MIT
// Length limits count characters, not bytes: 100 x "é" (200 bytes) is a valid first name, the
// 101st character is refused with a message that says characters, on create and on update,
// and 4-byte characters count once too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const rep = await srv.login('rep1.north@acme.test');

test('a name of 100 accented characters is valid, 101 is not', async () => {
  const name = 'é'.repeat(100);
  const c = await rep.create('/api/v1/contacts', { first_name: name, last_name: '😀'.repeat(100) });
  assert.equal(c.first_name, name);
  assert.equal((await rep.get(`/api/v1/contacts/${c.id}`)).body.last_name, '😀'.repeat(100));
  const [{ chars, bytes }] = srv.sql(`SELECT length(first_name) AS chars, length(CAST(first_name AS BLOB)) AS bytes
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
