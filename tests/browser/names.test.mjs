// SPDX-License-Identifier: MIT
// Names beside ids (a deal's organization in the Deals list, on the deal page) come from one
// list read by ids, never from GET /organizations/{id}: showing a name is not opening the
// record, so it records no organization.view and leaves "Recently viewed" as it was.
import { test } from 'node:test';
import {
  assert, demoWithRep, signedIn, assertNoErrors, withShot, needs, assertBuilt, uniqueWord, api, ADMIN,
} from './lib/browser.mjs';

const { server, url, browser, rep, repApi } = await demoWithRep();
const adminApi = await api(server, ADMIN);
const orgs = [];
for (const n of ['North', 'South']) orgs.push(await repApi.create('/api/v1/organizations', { name: `${uniqueWord(n)} Ltd` }));
const deals = [];
for (const [i, o] of [orgs[0], orgs[1], orgs[0]].entries()) {
  deals.push(await repApi.create('/api/v1/deals', { name: `${o.name} – Deal ${i + 1}`, org_id: o.id }));
}
const opts = await needs(url, 'deals', 'deal');

/* rep's events after event id `after` (GET /events writes the queued read events first). */
async function repEventsAfter(after) {
  const r = await adminApi.get(`/api/v1/events?user_id=${rep.id}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((e) => e.id > after);
}
async function lastEventId() {
  const [last] = await repEventsAfter(0);
  return last ? last.id : 0;
}
/* Views of records (what "Recently viewed" and the adoption figures count). */
const RECORD_VIEWS = ['contact.view', 'organization.view', 'deal.view', 'lead.view'];
const recordViews = (evs) => evs.filter((e) => RECORD_VIEWS.includes(e.kind)).map((e) => `${e.kind} ${e.entity_id}`);
const recent = async () => (await repApi.get('/api/v1/me/recent')).body.items;

test('the Deals list names organizations without viewing them', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  const asked = [];
  page.on('request', (rq) => { if (rq.url().includes('/api/v1/organizations')) asked.push(new URL(rq.url()).pathname + new URL(rq.url()).search); });
  const since = await lastEventId();
  const before = await recent();
  await withShot(page, 'deals-names', async () => {
    await page.goto('/deals');
    assertBuilt(opts);
    const list = page.getByRole('main');
    for (const d of deals) {
      const row = list.getByRole('listitem').filter({ has: page.getByRole('link', { name: d.name, exact: true }) });
      const o = orgs.find((x) => x.id === d.org_id);
      await row.getByRole('link', { name: o.name, exact: true }).waitFor();
    }
  });
  assert.deepEqual(asked.filter((p) => /^\/api\/v1\/organizations\/\d+/.test(p)), [], 'no organization is opened for its name');
  assert.equal(asked.length, 1, `the names come in one request: ${asked.join(', ')}`);
  assert.match(asked[0], /^\/api\/v1\/organizations\?ids=/);
  const evs = await repEventsAfter(since);
  assert.deepEqual(recordViews(evs), []);
  assert.ok(evs.some((e) => e.kind === 'deal.list'), evs.map((e) => e.kind).join(', '));
  assert.deepEqual(await recent(), before, 'Recently viewed is unchanged');
  assertNoErrors(page);
});

test("a deal's page views the deal, not its organization", opts, async () => {
  const d = deals[1];
  const o = orgs[1];
  const page = await signedIn(browser, url, rep.email);
  const since = await lastEventId();
  await withShot(page, 'deal-names', async () => {
    await page.goto(`/deals/${d.id}`);
    await page.getByRole('heading', { level: 1, name: d.name }).waitFor();
    await page.getByRole('link', { name: o.name, exact: true }).waitFor();
  });
  assert.deepEqual(recordViews(await repEventsAfter(since)), [`deal.view ${d.id}`]);
  const top = (await recent())[0];
  assert.deepEqual([top.entity, top.id], ['deal', d.id]);
  assert.ok(!(await recent()).some((x) => x.entity === 'organization' && x.id === o.id), 'the organization was not viewed');
  assertNoErrors(page);
});
