// SPDX-License-Identifier: MIT
// Sorted lists: ?sort=<field> and ?sort=-<field>, keyset pages that neither skip nor repeat rows
// (ties broken by id, NULLs last both ways, text without case), combined with q and filters;
// refused sorts and cursors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const rep = as.repN1;

/* Contacts with ties, case differences and NULLs in last_name, title and birthday. */
const NAMES = ['baker', 'Adams', 'adams', null, 'Clark', 'BAKER', 'Young', null, 'adams', 'Zed',
  'evans', 'Evans', null, 'Miller', 'miller', 'Baker', 'Ng', 'ng', 'Ortiz', 'Adams', 'kim', 'Kim'];
const TITLES = ['CTO', null, 'cto', 'Buyer', null, 'buyer', 'VP'];
const contacts = [];
for (const [i, last] of NAMES.entries()) {
  contacts.push(await rep.create('/api/v1/contacts', {
    first_name: `P${i}`, last_name: last, email: last ? null : `p${i}@x.test`,
    title: TITLES[i % TITLES.length], birthday: i % 3 ? `19${70 + (i % 5)}-01-0${1 + (i % 4)}` : null,
    city: i % 2 ? 'Springfield' : 'Shelbyville',
  }));
}
/* Deals for integer and time sorts. */
const deals = [];
for (let i = 0; i < 12; i++) {
  deals.push(await rep.create('/api/v1/deals', {
    name: `Deal ${i}`, amount_minor: i % 4 ? (i % 3) * 1000 : null, currency: i % 4 ? 'EUR' : null,
  }));
}
/* Someone else's contact the rep may not see (other team). */
await as.repS.create('/api/v1/contacts', { last_name: 'Aaron' });

/* The order the API promises, computed here: NULLs last, case-insensitive text, ties by id in
 * the direction of the sort. */
function expected(rows, field, desc) {
  const key = (v) => (typeof v === 'string' ? v.toLowerCase() : v);
  return [...rows].sort((a, b) => {
    const x = key(a[field]), y = key(b[field]);
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    if (x !== null && x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
    return (a.id - b.id) * (desc ? -1 : 1);
  }).map((r) => r.id);
}

/* Follows next_cursor through every page; returns the ids in order. */
async function allPages(path, limit) {
  const ids = [];
  let cursor = null;
  for (let pages = 0; pages < 100; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await rep.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    assert.ok(r.body.items.length <= limit);
    ids.push(...r.body.items.map((x) => x.id));
    cursor = r.body.next_cursor;
    if (!cursor) return ids;
  }
  throw new Error('too many pages');
}

const SORTS = [
  { base: 'contacts', rows: contacts, field: 'last_name' },
  { base: 'contacts', rows: contacts, field: 'title' },
  { base: 'contacts', rows: contacts, field: 'birthday' },
  { base: 'contacts', rows: contacts, field: 'created_at' },
  { base: 'contacts', rows: contacts, field: 'updated_at' },
  { base: 'contacts', rows: contacts, field: 'id' },
  { base: 'deals', rows: deals, field: 'amount_minor' },
  { base: 'deals', rows: deals, field: 'name' },
];

for (const s of SORTS) {
  for (const desc of [false, true]) {
    test(`${s.base} sorted by ${desc ? '-' : ''}${s.field}, page by page`, async () => {
      const want = expected(s.rows, s.field, desc);
      for (const limit of [1, 4, 7, 100]) {
        const got = await allPages(`/api/v1/${s.base}?sort=${desc ? '-' : ''}${s.field}`, limit);
        assert.deepEqual(got, want, `limit ${limit}`);
      }
    });
  }
}

test('default order stays newest first', async () => {
  const got = await allPages('/api/v1/contacts', 5);
  assert.deepEqual(got, contacts.map((c) => c.id).reverse());
});

test('sort combines with filters and q', async () => {
  const inCity = contacts.filter((c) => c.city === 'Springfield');
  assert.deepEqual(await allPages('/api/v1/contacts?sort=last_name&city=Springfield', 3),
    expected(inCity, 'last_name', false));
  const adams = contacts.filter((c) => (c.last_name || '').toLowerCase() === 'adams');
  assert.deepEqual(await allPages('/api/v1/contacts?sort=-last_name&q=adams', 2),
    expected(adams, 'last_name', true));
  const bday = contacts.filter((c) => c.birthday === null);
  assert.deepEqual(await allPages('/api/v1/contacts?sort=-title&birthday=null', 2),
    expected(bday, 'title', true));
});

test('refused sorts and cursors', async () => {
  const page = await rep.get('/api/v1/contacts?sort=last_name&limit=2');
  const idPage = await rep.get('/api/v1/contacts?limit=2');
  const datePage = await rep.get('/api/v1/contacts?sort=birthday&limit=2');
  const cases = [
    ['/api/v1/contacts?sort=owner_id', 'sort'], // a reference
    ['/api/v1/contacts?sort=other_emails', 'sort'], // a labelled list
    ['/api/v1/contacts?sort=nope', 'sort'],
    ['/api/v1/contacts?sort=', 'sort'],
    ['/api/v1/contacts?sort=-', 'sort'],
    ['/api/v1/contacts?sort=--last_name', 'sort'],
    ['/api/v1/contacts?sort=deleted_at', 'sort'],
    ['/api/v1/tasks?sort=done', 'sort'], // a boolean
    ['/api/v1/deals?sort=stage_id', 'sort'],
    [`/api/v1/contacts?sort=last_name&cursor=${idPage.body.next_cursor}`, 'cursor'],
    [`/api/v1/contacts?cursor=${page.body.next_cursor}`, 'cursor'],
    [`/api/v1/contacts?sort=created_at&cursor=${page.body.next_cursor}`, 'cursor'], // text value for a time
    [`/api/v1/contacts?sort=title&cursor=${datePage.body.next_cursor}`, null], // both text: accepted
    ['/api/v1/contacts?sort=last_name&cursor=!!!', 'cursor'],
    [`/api/v1/contacts?sort=last_name&cursor=${Buffer.from('s0.tX').toString('base64url')}`, 'cursor'],
    [`/api/v1/contacts?sort=last_name&cursor=${Buffer.from('s5.q').toString('base64url')}`, 'cursor'],
    [`/api/v1/contacts?sort=created_at&cursor=${Buffer.from('s5.i12x').toString('base64url')}`, 'cursor'],
    [`/api/v1/contacts?sort=last_name&cursor=${'A'.repeat(5000)}`, 'cursor'],
    ['/api/v1/activities?sort=body', 'sort'], // long free text
    ['/api/v1/leads?sort=notes', 'sort'],
  ];
  for (const [path, field] of cases)
    await expectCase({ as: rep, method: 'GET', path, status: field ? 400 : 200, error: field ? 'bad_request' : undefined, field: field || undefined });
  await expectCase({ as: srv.anon(), method: 'GET', path: '/api/v1/contacts?sort=last_name', status: 401 });
  await srv.assertAlive();
});

test('a sort never shows records the caller may not see', async () => {
  const got = await allPages('/api/v1/contacts?sort=last_name', 50);
  assert.equal(got.length, contacts.length);
  const other = await as.repS.get('/api/v1/contacts?sort=last_name');
  assert.deepEqual(other.body.items.map((c) => c.last_name), ['Aaron']);
});
