// SPDX-License-Identifier: MIT
// Hostile and broken input on every endpoint: each gets its documented status and JSON error,
// never a crash and never a partial write.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const rep = as.repN1;
const admin = as.admin;
const org = await rep.create('/api/v1/organizations', { name: 'Bad Input Org' });
const contact = await rep.create('/api/v1/contacts', { last_name: 'Target', org_id: org.id });
const hidden = await as.repS.create('/api/v1/contacts', { last_name: 'Hidden' });
const hiddenOrg = await as.repS.create('/api/v1/organizations', { name: 'Hidden Org' });

const KINDS = ['contacts', 'organizations', 'relationships', 'activities', 'tasks', 'leads', 'stages', 'deals', 'teams'];
const writer = (k) => (k === 'stages' || k === 'teams' ? admin : rep);

/* Bodies every create and patch refuses the same way. */
const SYNTAX = [
  ['', 400], ['{', 400], ['{"a":1,}', 400], ['[]', 400], ['null', 400], ['"text"', 400], ['42', 400],
  ['{"name":"a","name":"b"}', 400], /* duplicate keys */
  [Buffer.from('{"last_name":"\xff\xfe"}', 'latin1'), 400], /* invalid UTF-8 */
  [Buffer.from('{"last_name":"a\x00b"}', 'latin1'), 400], /* raw NUL */
  ['{"last_name":"a\\u0000b"}', 400], /* escaped NUL */
  ['{"last_name":"\\ud800"}', 400], /* lone surrogate */
  ['['.repeat(100000), 400], /* deep nesting */
  [{ no_such_field: 1 }, 400, 'no_such_field'],
];

test('syntax errors on every create and patch', async () => {
  for (const k of KINDS) {
    const c = writer(k);
    const target = k === 'contacts' ? contact.id : (await c.get(`/api/v1/${k}?limit=1`)).body.items[0]?.id || 1;
    for (const [body, status, field] of SYNTAX) {
      for (const [method, path] of [['POST', `/api/v1/${k}`], ['PATCH', `/api/v1/${k}/${target}`]]) {
        await expectCase({ name: `${method} ${path} ${String(body).slice(0, 30)}`, as: c, method, path, body,
          status: method === 'PATCH' && k !== 'contacts' && !target ? 404 : status, error: 'bad_request', field });
      }
    }
  }
  await srv.assertAlive();
});

/* The message tells broken JSON from well-formed JSON that is not an object, on every route
 * that reads a body. */
test('a body that is JSON but not an object is told so', async () => {
  const routes = [[rep, 'POST', '/api/v1/contacts'], [rep, 'PATCH', `/api/v1/contacts/${contact.id}`],
    [admin, 'POST', '/api/v1/users'], [admin, 'PATCH', '/api/v1/fields/contacts/city'],
    [rep, 'POST', '/api/v1/tokens']];
  for (const [c, method, path] of routes) {
    for (const body of ['[]', 'null', '"text"', '42', 'true', '[{"last_name":"A"}]']) {
      const r = await expectCase({ name: `${method} ${path} ${body}`, as: c, method, path, body, status: 400,
        error: 'bad_request' });
      assert.equal(r.body.error.message, 'the body must be a JSON object', `${method} ${path} ${body}`);
    }
    const r = await expectCase({ as: c, method, path, body: '{"a":', status: 400, error: 'bad_request' });
    assert.match(r.body.error.message, /^malformed JSON at line 1 column \d+/, `${method} ${path}`);
  }
  await srv.assertAlive();
});

/* Field-level errors per kind: [body, status, field]. Wrong types and unknown or read-only
 * fields are 400; values that fail validation and missing required fields are 422. */
const FIELD_CASES = {
  contacts: [
    [{}, 422, 'last_name'], [{ first_name: '   ' }, 422, 'last_name'],
    [{ last_name: 5 }, 400, 'last_name'], [{ last_name: ['a'] }, 400, 'last_name'], [{ last_name: { a: 1 } }, 400, 'last_name'],
    [{ last_name: 'x'.repeat(101) }, 422, 'last_name'], [{ last_name: 'tab\u0007bell' }, 422, 'last_name'],
    [{ last_name: 'A', email: 'not-an-email' }, 422, 'email'], [{ last_name: 'A', email: 'a@b' }, 422, 'email'],
    [{ last_name: 'A', phone: 'call me' }, 422, 'phone'], [{ last_name: 'A', phone: '12' }, 422, 'phone'],
    [{ last_name: 'A', birthday: '2026-02-30' }, 422, 'birthday'], [{ last_name: 'A', birthday: 20260101 }, 400, 'birthday'],
    [{ last_name: 'A', org_id: 'one' }, 400, 'org_id'], [{ last_name: 'A', org_id: 1.5 }, 400, 'org_id'],
    [{ last_name: 'A', org_id: 0 }, 422, 'org_id'], [{ last_name: 'A', org_id: -3 }, 422, 'org_id'],
    [{ last_name: 'A', org_id: 999999 }, 422, 'org_id'], [{ last_name: 'A', org_id: hiddenOrg.id }, 422, 'org_id'],
    [{ last_name: 'A', owner_id: 999999 }, 403, 'owner_id'], [{ last_name: 'A', owner_id: true }, 400, 'owner_id'],
    [{ last_name: 'A', other_emails: 'a@b.test' }, 400, 'other_emails'],
    [{ last_name: 'A', other_emails: [{ value: 'bad' }] }, 422, 'other_emails'],
    [{ last_name: 'A', other_emails: [{ value: 'a@b.test', kind: 'x' }] }, 400, 'other_emails'],
    [{ last_name: 'A', other_emails: [{ label: 5, value: 'a@b.test' }] }, 400, 'other_emails'],
    [{ last_name: 'A', other_emails: Array(21).fill({ value: 'a@b.test' }) }, 422, 'other_emails'],
    [{ last_name: 'A', other_phones: [{ value: '555 1234', label: 'x'.repeat(51) }] }, 422, 'other_phones'],
    [{ last_name: 'A', other_phones: [42] }, 400, 'other_phones'],
  ],
  organizations: [
    [{}, 422, 'name'], [{ name: null }, 422, 'name'], [{ name: '' }, 422, 'name'], [{ name: 1 }, 400, 'name'],
    [{ name: 'A', domain: 'nodot' }, 422, 'domain'], [{ name: 'A', website: 'javascript:alert(1)' }, 422, 'website'],
    [{ name: 'A', website: 'http://exa mple.com' }, 422, 'website'], [{ name: 'A', postal_code: 'x'.repeat(21) }, 422, 'postal_code'],
  ],
  relationships: [
    [{}, 422, 'kind'], [{ kind: 'married_to', contact_id: contact.id }, 422, 'kind'],
    [{ kind: 'works_at', contact_id: contact.id }, 422, 'org_id'],
    [{ kind: 'knows', contact_id: contact.id }, 422, 'other_contact_id'],
    [{ kind: 'knows', contact_id: contact.id, other_contact_id: contact.id }, 422, 'other_contact_id'],
    [{ kind: 'knows', contact_id: contact.id, other_contact_id: hidden.id }, 422, 'other_contact_id'],
    [{ kind: 'works_at', contact_id: contact.id, org_id: org.id, since: '2025-01-01', until: '2024-01-01' }, 422, 'until'],
    [{ kind: 'works_at', contact_id: hidden.id, org_id: org.id }, 422, 'contact_id'],
  ],
  activities: [
    [{ contact_id: contact.id }, 422, 'kind'], [{ kind: 'call' }, 422, 'contact_id'], [{ kind: 'fax', contact_id: contact.id }, 422, 'kind'],
    [{ kind: 'call', contact_id: contact.id, occurred_at: 'yesterday' }, 422, 'occurred_at'],
    [{ kind: 'call', contact_id: contact.id, occurred_at: '2026-01-01T25:00:00Z' }, 422, 'occurred_at'],
    [{ kind: 'call', contact_id: contact.id, occurred_at: 1700000000000 }, 400, 'occurred_at'],
    [{ kind: 'call', contact_id: contact.id, duration_min: -1 }, 422, 'duration_min'],
    [{ kind: 'call', contact_id: contact.id, duration_min: 1e20 }, 400], /* too big for JSON integers */
    [{ kind: 'call', contact_id: contact.id, duration_min: '5' }, 400, 'duration_min'],
    [{ kind: 'call', contact_id: contact.id, direction: 'sideways' }, 422, 'direction'],
    [{ kind: 'call', contact_id: contact.id, body: 'x'.repeat(20001) }, 422, 'body'],
    [{ kind: 'call', contact_id: hidden.id }, 422, 'contact_id'],
  ],
  tasks: [
    [{}, 422, 'title'], [{ title: 'T', done: 'yes' }, 400, 'done'], [{ title: 'T', done_at: '2026-01-01T00:00:00Z' }, 400, 'done_at'],
    [{ title: 'T', due_at: '2026-13-01' }, 422, 'due_at'], [{ title: 'T', deal_id: 999999 }, 422, 'deal_id'],
  ],
  leads: [
    [{}, 422, 'last_name'], [{ company: 'C', status: 'converted' }, 422, 'status'], [{ company: 'C', status: 'hot' }, 422, 'status'],
    [{ company: 'C', converted_contact_id: contact.id }, 400, 'converted_contact_id'], [{ company: 'C', email: '@x.test' }, 422, 'email'],
  ],
  stages: [
    [{}, 422, 'name'], [{ name: 'S', probability: 101 }, 422, 'probability'], [{ name: 'S', position: -1 }, 422, 'position'],
    [{ name: 'S', is_won: true, is_lost: true }, 422, 'is_lost'], [{ name: 'S', is_won: 1 }, 400, 'is_won'],
  ],
  deals: [
    [{}, 422, 'name'], [{ name: 'D', amount_minor: 100 }, 422, 'currency'], [{ name: 'D', amount_minor: 1.5, currency: 'EUR' }, 400, 'amount_minor'],
    [{ name: 'D', amount_minor: -1, currency: 'EUR' }, 422, 'amount_minor'], [{ name: 'D', currency: 'eur' }, 422, 'currency'],
    [{ name: 'D', currency: 'EURO' }, 422, 'currency'], [{ name: 'D', stage_id: 999999 }, 422, 'stage_id'],
    [{ name: 'D', close_date: '31/01/2026' }, 422, 'close_date'], [{ name: 'D', closed_at: '2026-01-01T00:00:00Z' }, 400, 'closed_at'],
    [{ name: 'D', contact_id: hidden.id }, 422, 'contact_id'], [{ name: 'D', amount_minor: 1e16, currency: 'EUR' }, 422, 'amount_minor'],
  ],
  teams: [[{}, 422, 'name'], [{ name: 'T', manager_id: 999999 }, 422, 'manager_id'], [{ name: 'north' }, 409]],
};

test('field errors on create name the field; nothing is written', async () => {
  const before = srv.sql('SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM organizations) + (SELECT count(*) FROM relationships) + (SELECT count(*) FROM activities) + (SELECT count(*) FROM tasks) + (SELECT count(*) FROM leads) + (SELECT count(*) FROM stages) + (SELECT count(*) FROM deals) + (SELECT count(*) FROM teams) + (SELECT count(*) FROM audit) AS n')[0].n;
  for (const [k, cases] of Object.entries(FIELD_CASES))
    for (const [body, status, field] of cases)
      await expectCase({ as: writer(k), method: 'POST', path: `/api/v1/${k}`, body, status, field });
  const after = srv.sql('SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM organizations) + (SELECT count(*) FROM relationships) + (SELECT count(*) FROM activities) + (SELECT count(*) FROM tasks) + (SELECT count(*) FROM leads) + (SELECT count(*) FROM stages) + (SELECT count(*) FROM deals) + (SELECT count(*) FROM teams) + (SELECT count(*) FROM audit) AS n')[0].n;
  assert.equal(after, before);
  await srv.assertAlive();
});

test('field errors on patch', async () => {
  const d = await rep.create('/api/v1/deals', { name: 'Patch target' });
  const r = await rep.create('/api/v1/relationships', { kind: 'works_at', contact_id: contact.id, org_id: org.id });
  const cases = [
    [`/api/v1/contacts/${contact.id}`, { email: 'nope' }, 422, 'email'],
    [`/api/v1/contacts/${contact.id}`, { last_name: null }, 422, 'last_name'], /* would leave no name */
    [`/api/v1/organizations/${org.id}`, { name: null }, 422, 'name'],
    [`/api/v1/organizations/${org.id}`, { name: '  ' }, 422, 'name'],
    [`/api/v1/deals/${d.id}`, { name: '' }, 422, 'name'],
    [`/api/v1/deals/${d.id}`, { amount_minor: 5 }, 422, 'currency'],
    [`/api/v1/relationships/${r.id}`, { kind: 'knows' }, 400, 'kind'], /* set on create only */
    [`/api/v1/relationships/${r.id}`, { contact_id: contact.id }, 400, 'contact_id'],
    [`/api/v1/relationships/${r.id}`, { since: '2025-01-01', until: '2024-01-01' }, 422, 'until'],
    [`/api/v1/contacts/${contact.id}`, { org_id: hiddenOrg.id }, 422, 'org_id'],
  ];
  for (const [path, body, status, field] of cases) await expectCase({ as: rep, method: 'PATCH', path, body, status, field });
  assert.equal((await rep.get(`/api/v1/deals/${d.id}`)).body.version, 1);
  assert.equal((await rep.get(`/api/v1/contacts/${contact.id}`)).body.last_name, 'Target');
});

test('ids that are not numbers, do not exist, or are not visible', async () => {
  const ids = ['abc', '0', '-1', '1.5', '1e3', '99999999', '99999999999999999999999', '%20', '1%00', "1'OR'1'='1", contact.id + 'x'];
  for (const k of KINDS) {
    for (const id of ids) {
      for (const [method, suffix, body] of [['GET', ''], ['PATCH', '', {}], ['DELETE', ''], ['POST', '/restore'], ['GET', '/audit']])
        await expectCase({ as: writer(k), method, path: `/api/v1/${k}/${id}${suffix}`, body, status: 404, error: 'not_found' });
    }
  }
  for (const p of ['/api/v1/contacts/abc/timeline', '/api/v1/organizations/0/timeline', '/api/v1/deals/x/history',
    '/api/v1/users/abc', '/api/v1/users/0', '/api/v1/users/999999', `/api/v1/contacts/${hidden.id}`,
    `/api/v1/contacts/${hidden.id}/timeline`, `/api/v1/contacts/${hidden.id}/audit`])
    await expectCase({ as: rep, method: 'GET', path: p, status: 404, error: 'not_found' });
  for (const [m, p] of [['POST', '/api/v1/leads/abc/convert'], ['DELETE', '/api/v1/tokens/abc'], ['PATCH', '/api/v1/users/abc'], ['POST', '/api/v1/users/abc/deactivate']])
    await expectCase({ as: admin, method: m, path: p, body: m === 'DELETE' ? undefined : {}, status: 404 });
  await srv.assertAlive();
});

test('limit, cursor and other query garbage -> 400', async () => {
  const bad = ['limit=0', 'limit=501', 'limit=-5', 'limit=abc', 'limit=99999999999999999999', 'limit=', 'limit=1.5',
    'cursor=garbage', 'cursor=' + 'A'.repeat(500), 'cursor=azA', 'cursor=-', 'deleted=maybe'];
  for (const k of KINDS)
    for (const q of bad)
      await expectCase({ as: rep, method: 'GET', path: `/api/v1/${k}?${q}`, status: 400, error: 'bad_request' });
  for (const q of ['limit=0', 'cursor=nope', 'since=yesterday', 'until=2026-99-01', 'user_id=abc', 'limit=1001'])
    await expectCase({ as: admin, method: 'GET', path: `/api/v1/events?${q}`, status: 400 });
  for (const q of ['limit=0', 'cursor=nope', 'limit=x'])
    await expectCase({ as: rep, method: 'GET', path: `/api/v1/contacts/${contact.id}/timeline?${q}`, status: 400 });
  /* A cursor from another list is still a well-formed position, never an error of the server. */
  await expectCase({ as: rep, method: 'GET', path: `/api/v1/tasks?cursor=${Buffer.from('k5').toString('base64url')}`, status: 200 });
  /* %00 never cuts an argument short. */
  await expectCase({ as: rep, method: 'GET', path: '/api/v1/contacts?cursor=%00', status: 400 });
  await expectCase({ as: rep, method: 'GET', path: '/api/v1/contacts?limit=5%00', status: 400 });
  await expectCase({ as: rep, method: 'GET', path: `/api/v1/contacts?limit=500&${Array.from({ length: 100 }, (_, i) => `x${i}=1`).join('&')}`, status: 400 });
  await srv.assertAlive();
});

test('bodies over the 1 MiB limit -> 413; chunked bodies -> 411', async () => {
  const big = JSON.stringify({ last_name: 'Big', title: 'x'.repeat(1024 * 1024) });
  const headers = { 'Content-Type': 'application/json', Cookie: rep.cookie, 'X-CSRF-Token': rep.csrf };
  const before = srv.sql('SELECT count(*) AS n FROM contacts')[0].n;
  const r1 = await srv.raw('POST', '/api/v1/contacts', { headers, chunks: [big] });
  assert.equal(r1.status, 413, r1.text);
  assert.equal(JSON.parse(r1.text).error.code, 'too_large');
  /* Chunked bodies cannot be bounded before they are read (libmicrohttpd 0.9.75 takes any
   * 64-bit chunk size): refused on their headers, whatever their size (small ones here, which
   * are in before the answer: see r4). */
  const small = ['{"last_name":', '"Big"}'];
  const r2 = await srv.raw('POST', '/api/v1/contacts', { headers, chunks: small, contentLength: false });
  assert.equal(r2.status, 411, r2.text);
  assert.equal(JSON.parse(r2.text).error.code, 'bad_request');
  const r3 = await srv.raw('PATCH', `/api/v1/contacts/${contact.id}`, { headers, chunks: small, contentLength: false });
  assert.equal(r3.status, 411);
  /* Unauthenticated too (the body is refused before anything else). */
  /* Refused on its headers, so the test sends only those: a client still sending a body the
   * server has refused may see the connection reset before it reads the answer. */
  const r4 = await new Promise((resolve) => {
    let got = '';
    const s = net.connect(srv.port, '127.0.0.1', () => s.write(`POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`));
    s.on('data', (d) => { got += d; });
    s.on('close', () => resolve(got));
  });
  assert.match(r4, /^HTTP\/1\.1 413 /);
  assert.match(r4, /"code":"too_large"/);
  /* Just under the limit is fine as far as size goes (the field is then too long: 422). */
  const under = JSON.stringify({ last_name: 'Under', title: 'x'.repeat(1024 * 1024 - 100) });
  const r5 = await srv.raw('POST', '/api/v1/contacts', { headers, chunks: [under] });
  assert.equal(r5.status, 422, r5.text);
  /* A small chunked body too; with Content-Length the same body works. */
  const r6 = await srv.raw('POST', '/api/v1/contacts', { headers, chunks: ['{"last_name":', '"Chunked"}'], contentLength: false });
  assert.equal(r6.status, 411, r6.text);
  const r7 = await srv.raw('POST', '/api/v1/contacts', { headers, chunks: ['{"last_name":', '"Sized"}'] });
  assert.equal(r7.status, 201, r7.text);
  assert.equal(srv.sql('SELECT count(*) AS n FROM contacts')[0].n, before + 1);
  await srv.assertAlive();
});

test('users: bad input', async () => {
  const cases = [
    ['POST', '/api/v1/users', {}, 422, 'email'],
    ['POST', '/api/v1/users', { email: 'bad', name: 'N', role: 'rep', password: 'long enough' }, 422, 'email'],
    ['POST', '/api/v1/users', { email: 'n1@acme.test', name: '', role: 'rep', password: 'long enough' }, 422, 'name'],
    ['POST', '/api/v1/users', { email: 'n1@acme.test', name: 'N', role: 'boss', password: 'long enough' }, 422, 'role'],
    ['POST', '/api/v1/users', { email: 'n1@acme.test', name: 'N', role: 'rep', password: 'short' }, 422, 'password'],
    ['POST', '/api/v1/users', { email: 'n1@acme.test', name: 'N', role: 'rep' }, 422, 'password'],
    ['POST', '/api/v1/users', { email: 'n1@acme.test', name: 'N', role: 'rep', password: 'long enough', team_id: 99999 }, 422, 'team_id'],
    ['POST', '/api/v1/users', { email: 'n1@acme.test', name: 'N', role: 'rep', password: 'long enough', team_id: 'north' }, 400, 'team_id'],
    ['POST', '/api/v1/users', { email: 'n1@acme.test', name: 'N', role: 'rep', is_integration: 'yes' }, 400, 'is_integration'],
    ['POST', '/api/v1/users', { email: 'n1@acme.test', name: 'N', role: 'rep', password: 'long enough', admin: true }, 400, 'admin'],
    ['POST', '/api/v1/users', { email: 'REP1.NORTH@acme.test', name: 'N', role: 'rep', password: 'long enough' }, 409, 'email'],
    ['POST', '/api/v1/users', '{"email":', 400],
    ['PATCH', `/api/v1/users/${srv.users.repN2.id}`, { name: '' }, 422, 'name'],
    ['PATCH', `/api/v1/users/${srv.users.repN2.id}`, { role: 'king' }, 422, 'role'],
    ['PATCH', `/api/v1/users/${srv.users.repN2.id}`, { team_id: 99999 }, 422, 'team_id'],
    ['PATCH', `/api/v1/users/${srv.users.repN2.id}`, { is_ambassador: 'true' }, 400, 'is_ambassador'],
    ['PATCH', `/api/v1/users/${srv.users.repN2.id}`, { email: 'x@y.test' }, 400, 'email'],
    ['PATCH', `/api/v1/users/${srv.users.repN2.id}`, { password: '1234567' }, 422, 'password'],
    ['PATCH', `/api/v1/users/${srv.users.repN2.id}`, { name: 5 }, 400, 'name'],
    ['PATCH', '/api/v1/users/999999', { name: 'Ghost' }, 404],
    ['POST', `/api/v1/users/${srv.users.repN2.id}/deactivate`, {}, 422, 'successor_id'],
    ['POST', `/api/v1/users/${srv.users.repN2.id}/deactivate`, { successor_id: 'me' }, 400, 'successor_id'],
    ['POST', `/api/v1/users/${srv.users.repN2.id}/deactivate`, { successor_id: srv.users.repN2.id }, 422, 'successor_id'],
    ['POST', `/api/v1/users/${srv.users.repN2.id}/deactivate`, { successor_id: 999999 }, 422, 'successor_id'],
    ['POST', `/api/v1/users/${srv.users.repN2.id}/deactivate`, { successor_id: null }, 422, 'successor_id'],
    ['POST', '/api/v1/users/999999/deactivate', { successor_id: srv.users.repN1.id }, 404],
  ];
  for (const [method, path, body, status, field] of cases) await expectCase({ as: admin, method, path, body, status, field });
  assert.equal(srv.sql("SELECT count(*) AS n FROM users WHERE email = 'n1@acme.test'")[0].n, 0);
  assert.equal((await admin.get(`/api/v1/users/${srv.users.repN2.id}`)).body.active, true);
  await srv.assertAlive();
});

test('restore takes no fields', async () => {
  const c = await rep.create('/api/v1/contacts', { last_name: 'Restorable' });
  await rep.del(`/api/v1/contacts/${c.id}`);
  await expectCase({ as: rep, method: 'POST', path: `/api/v1/contacts/${c.id}/restore`, body: { last_name: 'x' }, status: 400 });
  await expectCase({ as: rep, method: 'POST', path: `/api/v1/contacts/${c.id}/restore`, body: '{', status: 400 });
  await expectCase({ as: rep, method: 'POST', path: `/api/v1/contacts/${c.id}/restore`, body: {}, status: 200 });
});

test('odd requests: long paths, HEAD, bodies on GET, odd headers', async () => {
  const long = await rep.get(`/api/v1/contacts/${'9'.repeat(20000)}`);
  assert.ok([404, 414, 431].includes(long.status), `${long.status}`);
  const head = await rep.req('HEAD', `/api/v1/contacts/${contact.id}`);
  assert.equal(head.status, 200);
  const withBody = await srv.raw('GET', `/api/v1/contacts/${contact.id}`, { headers: { Cookie: rep.cookie }, chunks: ['{"x":'] });
  assert.equal(withBody.status, 200);
  await expectCase({ as: rep, method: 'GET', path: '/api/v1/contacts', opts: { headers: { Authorization: 'Bearer x' } }, status: 401 });
  await expectCase({ as: rep, method: 'GET', path: '/api/v1/contacts', opts: { headers: { Authorization: 'Basic abc' } }, status: 200 });
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/contacts/${contact.id}`, body: { title: 'x' },
    opts: { headers: { 'If-Match': '"99999999999999999999999"' } }, status: 400 });
  await expectCase({ as: rep, method: 'POST', path: '/api/v1/contacts', body: { last_name: 'Typed' },
    opts: { headers: { 'Content-Type': 'text/plain' } }, status: 201 });
  await srv.assertAlive();
});
