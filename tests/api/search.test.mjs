// SPDX-License-Identifier: MIT
// Search (?q=) over names, emails, phones and organization names, kept in sync with every write;
// hostile input in q and in stored values comes back literally.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const rep = as.repN1;

async function find(kind, q, who = rep) {
  const r = await who.get(`/api/v1/${kind}?q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200, `${kind} q=${q}: ${r.text}`);
  assert.deepEqual(Object.keys(r.body).sort(), ['items', 'next_cursor']);
  return r.body.items.map((x) => x.id);
}

const globex = await rep.create('/api/v1/organizations', { name: 'Globex Corporation', domain: 'globex.test', phone: '+44 20 7946 0958' });
const hank = await rep.create('/api/v1/contacts', {
  first_name: 'Hank', last_name: 'Scorpio', email: 'hank@globex.test', phone: '(555) 123-4567', org_id: globex.id });
const marge = await rep.create('/api/v1/contacts', {
  first_name: 'Marjorie', last_name: 'Bouvier', email: 'marge@springfield.test',
  other_phones: [{ label: 'mobile', value: '+1 939 555 0113' }], other_emails: [{ label: 'work', value: 'mb@power.test' }] });
const lead = await rep.create('/api/v1/leads', { first_name: 'Frank', last_name: 'Grimes', company: 'Nuclear Inc', phone: '555-8888' });
const deal = await rep.create('/api/v1/deals', { name: 'Hammock order', org_id: globex.id });

test('finds records by name, email, phone, organization name', async () => {
  const cases = [
    ['contacts', 'hank', [hank.id]],
    ['contacts', 'HANK scorp', [hank.id]],
    ['contacts', 'Scorpio', [hank.id]],
    ['contacts', 'hank@globex.test', [hank.id]],
    ['contacts', 'globex', [hank.id]], /* organization name */
    ['contacts', '5551234567', [hank.id]], /* phone digits */
    ['contacts', '1234567', [hank.id]],
    ['contacts', '(555) 123-4567', [hank.id]],
    ['contacts', 'mb@power.test', [marge.id]], /* other_emails */
    ['contacts', '9395550113', [marge.id]], /* other_phones */
    ['contacts', 'bouv', [marge.id]], /* prefix */
    ['contacts', 'nobody-like-this', []],
    ['organizations', 'globex', [globex.id]],
    ['organizations', '2079460958', [globex.id]],
    ['leads', 'nuclear', [lead.id]],
    ['leads', 'grimes', [lead.id]],
    ['deals', 'hammock', [deal.id]],
    ['deals', 'globex', [deal.id]],
  ];
  for (const [kind, q, want] of cases) assert.deepEqual(await find(kind, q), want, `${kind} q=${q}`);
});

test('the index follows update, delete, restore and organization rename', async () => {
  const c = await rep.create('/api/v1/contacts', { first_name: 'Zelda', last_name: 'Quux' });
  assert.deepEqual(await find('contacts', 'zelda'), [c.id]);
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/contacts/${c.id}`, body: { first_name: 'Yolanda' }, status: 200 });
  assert.deepEqual(await find('contacts', 'zelda'), []);
  assert.deepEqual(await find('contacts', 'yolanda'), [c.id]);
  await expectCase({ as: rep, method: 'DELETE', path: `/api/v1/contacts/${c.id}`, status: 204 });
  assert.deepEqual(await find('contacts', 'yolanda'), []);
  await expectCase({ as: rep, method: 'POST', path: `/api/v1/contacts/${c.id}/restore`, status: 200 });
  assert.deepEqual(await find('contacts', 'yolanda'), [c.id]);

  const o = await rep.create('/api/v1/organizations', { name: 'Initech' });
  const p = await rep.create('/api/v1/contacts', { last_name: 'Lumbergh', org_id: o.id });
  const d = await rep.create('/api/v1/deals', { name: 'TPS', org_id: o.id });
  assert.deepEqual(await find('contacts', 'initech'), [p.id]);
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/organizations/${o.id}`, body: { name: 'Intertrode' }, status: 200 });
  assert.deepEqual(await find('contacts', 'initech'), []);
  assert.deepEqual(await find('contacts', 'intertrode'), [p.id]);
  assert.deepEqual(await find('deals', 'intertrode'), [d.id]);
  assert.deepEqual(await find('organizations', 'initech'), []);
  /* Moving a contact to another organization re-indexes it. */
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/contacts/${p.id}`, body: { org_id: globex.id }, status: 200 });
  assert.deepEqual(await find('contacts', 'intertrode'), []);
  /* A deleted organization's name no longer finds its people or deals; restoring brings it back. */
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/contacts/${p.id}`, body: { org_id: o.id }, status: 200 });
  await expectCase({ as: rep, method: 'DELETE', path: `/api/v1/organizations/${o.id}`, status: 204 });
  assert.deepEqual(await find('contacts', 'intertrode'), []);
  assert.deepEqual(await find('deals', 'intertrode'), []);
  await expectCase({ as: rep, method: 'POST', path: `/api/v1/organizations/${o.id}/restore`, status: 200 });
  assert.deepEqual(await find('contacts', 'intertrode'), [p.id]);
  assert.deepEqual(await find('deals', 'intertrode'), [d.id]);
});

test('SQL and FTS syntax in q is just text', async () => {
  const weird = [
    "'; DROP TABLE contacts; --", '" OR 1=1 --', 'NEAR(a b)', 'hank*', 'hank OR marjorie', '-hank',
    '^hank', 'hank AND', '"', '*', '(', ')', '%', '_', '\\', 'a:b', '{x}', "o'brien", 'ünïcödé', '💥',
  ];
  for (const q of weird) {
    const r = await rep.get(`/api/v1/contacts?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, `q=${q}: ${r.text}`);
    const r2 = await rep.get(`/api/v1/tasks?q=${encodeURIComponent(q)}`);
    assert.equal(r2.status, 200, `tasks q=${q}: ${r2.text}`);
  }
  /* Pure punctuation finds nothing rather than everything. */
  for (const q of ['*', '"', '%', '(', '--'])
    assert.deepEqual(await find('contacts', q), [], `q=${q}`);
  assert.deepEqual(await find('contacts', 'hank OR marjorie'), [], 'OR is a word, not an operator');
  assert.deepEqual(await find('contacts', "'; DROP TABLE contacts; --"), []);
  assert.ok((await find('contacts', 'hank')).length === 1, 'the table is still there');
  await srv.assertAlive();
});

test('hostile values are stored and returned literally, and found', async () => {
  const values = ["Robert'); DROP TABLE contacts;--", 'O\'Brien "the" <b>bold</b>', '%_\\ 100%', 'NEAR(x) AND y*', 'Zoë 🚀 北京'];
  for (const v of values) {
    const c = await rep.create('/api/v1/contacts', { last_name: v, title: v });
    assert.equal(c.last_name, v.trim());
    const g = await rep.get(`/api/v1/contacts/${c.id}`);
    assert.equal(g.body.last_name, v.trim());
    assert.equal(g.body.title, v.trim());
  }
  assert.equal((await find('contacts', 'obrien')).length, 0);
  assert.equal((await find('contacts', "O'Brien")).length, 1);
  assert.equal((await find('contacts', 'Zoe')).length, 1, 'diacritics are folded');
  assert.equal((await find('contacts', '北京')).length, 1);
  /* LIKE search of kinds without a full-text index treats % and _ literally. */
  const t = await rep.create('/api/v1/tasks', { title: '100% done_ok' });
  await rep.create('/api/v1/tasks', { title: '1000 doneXok' });
  assert.deepEqual(await find('tasks', '100%'), [t.id]);
  assert.deepEqual(await find('tasks', 'done_ok'), [t.id]);
});

test('search respects visibility and pagination', async () => {
  const mine = [];
  for (let i = 0; i < 5; i++) mine.push((await rep.create('/api/v1/contacts', { last_name: `Pagesearch${i}` })).id);
  await as.repS.create('/api/v1/contacts', { last_name: 'Pagesearch south' });
  assert.deepEqual(await find('contacts', 'pagesearch'), [...mine].reverse());
  assert.equal((await find('contacts', 'pagesearch', as.admin)).length, 6);
  const seen = [];
  let cursor = '';
  do {
    const r = await rep.get(`/api/v1/contacts?q=pagesearch&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...r.body.items.map((x) => x.id));
    cursor = r.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, [...mine].reverse());
  await expectCase({ as: rep, method: 'GET', path: `/api/v1/contacts?q=${'a'.repeat(201)}`, status: 400, field: 'q' });
});
