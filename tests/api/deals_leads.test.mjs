// SPDX-License-Identifier: MIT
// Deals (versions, ETag/If-Match, stage history, won/lost), lead conversion in one transaction,
// and the 360° timelines of contacts and organizations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const rep = as.repN1;
const stages = Object.fromEntries((await rep.get('/api/v1/stages')).body.items.map((s) => [s.name, s.id]));
const count = (table) => srv.sql(`SELECT count(*) AS n FROM ${table}`)[0].n;
/* Domain events only: read events arrive from the queue whenever it is flushed. */
/* Events of changes: not reads, and not the request.failed events of refused requests. */
const domainEvents = () => srv.sql("SELECT count(*) AS n FROM events WHERE kind <> 'request.failed' AND (detail IS NOT NULL OR kind NOT LIKE '%.view' AND kind NOT LIKE '%.list' AND kind NOT LIKE '%.timeline' AND kind NOT LIKE '%.history' AND kind NOT LIKE '%.audit' AND kind <> 'search')")[0].n;

test('default pipeline', () => {
  assert.deepEqual(Object.keys(stages).sort(),
    ['Lost', 'Negotiation', 'Proposal', 'Prospecting', 'Qualification', 'Won']);
});

test('deals: ETag and If-Match', async () => {
  const d = await rep.create('/api/v1/deals', { name: 'Versioned' });
  assert.equal(d.stage_id, stages.Prospecting, 'a new deal starts in the first open stage');
  const path = `/api/v1/deals/${d.id}`;
  const g = await rep.get(path);
  assert.equal(g.headers.get('etag'), '"1"');
  const cases = [
    { headers: { 'If-Match': '"1"' }, body: { next_step: 'a' }, status: 200, json: { version: 2 } },
    { headers: { 'If-Match': '"1"' }, body: { next_step: 'b' }, status: 409, error: 'conflict' },
    { headers: { 'If-Match': 'W/"2"' }, body: { next_step: 'c' }, status: 200, json: { version: 3 } },
    { headers: { 'If-Match': '3' }, body: { next_step: 'd' }, status: 200, json: { version: 4 } },
    { headers: { 'If-Match': '"99"' }, body: { next_step: 'e' }, status: 409 },
    { headers: { 'If-Match': 'banana' }, body: { next_step: 'e' }, status: 400 },
    { headers: { 'If-Match': '"4"x' }, body: { next_step: 'e' }, status: 400 },
    { headers: {}, body: { next_step: 'f' }, status: 200, json: { version: 5, next_step: 'f' } },
  ];
  for (const c of cases)
    await expectCase({ as: rep, method: 'PATCH', path, body: c.body, opts: { headers: c.headers }, ...c });
  const after = await rep.get(path);
  assert.equal(after.body.next_step, 'f', 'failed patches changed nothing');
});

test('deals: 20 parallel PATCHes with one If-Match, exactly one wins', async () => {
  const d = await rep.create('/api/v1/deals', { name: 'Contended' });
  const rs = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    rep.patch(`/api/v1/deals/${d.id}`, { next_step: `writer ${i}` }, { headers: { 'If-Match': '"1"' } })));
  const statuses = rs.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, ...Array(19).fill(409)], rs.map((r) => r.text).join('\n'));
  const winner = rs.find((r) => r.status === 200).body.next_step;
  const now = (await rep.get(`/api/v1/deals/${d.id}`)).body;
  assert.equal(now.version, 2);
  assert.equal(now.next_step, winner);
  const audits = srv.sql(`SELECT count(*) AS n FROM audit WHERE entity = 'deal' AND entity_id = ${d.id} AND action = 'update'`);
  assert.equal(audits[0].n, 1);
});

test('deals: 20 parallel PATCHes without If-Match all apply, one after another', async () => {
  const d = await rep.create('/api/v1/deals', { name: 'Serial' });
  const rs = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    rep.patch(`/api/v1/deals/${d.id}`, { next_step: `writer ${i}` })));
  assert.deepEqual(rs.map((r) => r.status), Array(20).fill(200), rs.map((r) => r.text).join('\n'));
  assert.deepEqual(rs.map((r) => r.body.version).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 2));
  assert.equal((await rep.get(`/api/v1/deals/${d.id}`)).body.version, 21);
});

test('leads: converting in parallel converts once', async () => {
  const l = await rep.create('/api/v1/leads', { first_name: 'Race', company: 'Race Co' });
  const before = count('contacts');
  const rs = await Promise.all(Array.from({ length: 5 }, () => rep.post(`/api/v1/leads/${l.id}/convert`, {})));
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409, 409, 409, 409]);
  assert.equal(count('contacts'), before + 1);
});

test('parallel creates all succeed', async () => {
  const rs = await Promise.all(Array.from({ length: 30 }, (_, i) =>
    rep.post('/api/v1/contacts', { last_name: `Parallel${i}` })));
  assert.deepEqual(rs.map((r) => r.status), Array(30).fill(201));
  assert.equal(new Set(rs.map((r) => r.body.id)).size, 30);
});

test('deals: stage history, closed_at, won and lost events', async () => {
  const o = await rep.create('/api/v1/organizations', { name: 'Stage Org' });
  const d = await rep.create('/api/v1/deals', { name: 'Pipeline walk', org_id: o.id, amount_minor: 5000, currency: 'USD' });
  const path = `/api/v1/deals/${d.id}`;
  await expectCase({ as: rep, method: 'PATCH', path, body: { stage_id: stages.Proposal }, status: 200, json: { closed_at: null } });
  const won = await expectCase({ as: rep, method: 'PATCH', path, body: { stage_id: stages.Won }, status: 200 });
  assert.match(won.body.closed_at, /Z$/);
  await expectCase({ as: rep, method: 'PATCH', path, body: { stage_id: stages.Negotiation }, status: 200, json: { closed_at: null } });
  await expectCase({ as: rep, method: 'PATCH', path, body: { stage_id: stages.Lost }, status: 200 });
  const h = await expectCase({ as: rep, method: 'GET', path: `${path}/history`, status: 200 });
  assert.deepEqual(h.body.items.map((x) => [x.from_stage, x.to_stage]), [
    [null, 'Prospecting'], ['Prospecting', 'Proposal'], ['Proposal', 'Won'], ['Won', 'Negotiation'], ['Negotiation', 'Lost']]);
  for (const x of h.body.items) {
    assert.equal(x.changed_by, rep.user.id);
    assert.equal(x.changed_by_name, rep.user.name);
  }
  const ev = srv.sql(`SELECT kind, detail FROM events WHERE entity = 'deal' AND entity_id = ${d.id} AND kind NOT IN ('deal.view', 'deal.history', 'deal.audit') ORDER BY id`);
  assert.deepEqual(ev.map((e) => e.kind), ['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.updated',
    'deal.stage_changed', 'deal.won', 'deal.updated', 'deal.stage_changed', 'deal.updated', 'deal.stage_changed', 'deal.lost']);
  assert.deepEqual(JSON.parse(ev[5].detail), { amount_minor: 5000, currency: 'USD' });
  await expectCase({ as: rep, method: 'PATCH', path, body: { stage_id: 99999 }, status: 422, field: 'stage_id' });
  await expectCase({ as: rep, method: 'PATCH', path, body: { stage_id: null }, status: 422, field: 'stage_id' });
  await expectCase({ as: rep, method: 'GET', path: '/api/v1/deals/99999/history', status: 404 });
  await expectCase({ as: as.repS, method: 'GET', path: `${path}/history`, status: 404 });
});

test('a deal created straight into a won stage is closed and counted as won', async () => {
  const d = await rep.create('/api/v1/deals', { name: 'Instant win', stage_id: stages.Won, amount_minor: 1, currency: 'EUR' });
  assert.match(d.closed_at, /Z$/);
  const ev = srv.sql(`SELECT kind FROM events WHERE entity = 'deal' AND entity_id = ${d.id} AND kind NOT IN ('deal.view', 'deal.history', 'deal.audit') ORDER BY id`);
  assert.deepEqual(ev.map((e) => e.kind), ['deal.created', 'deal.won']);
});

test('lead convert creates contact, organization and deal in one go', async () => {
  const l = await rep.create('/api/v1/leads', { first_name: 'Connie', last_name: 'Vert', email: 'connie@vert.test',
    phone: '555 3333', company: 'Vert Ltd', title: 'COO' });
  const call = await rep.create('/api/v1/activities', { kind: 'call', lead_id: l.id, subject: 'First call with Connie' });
  const r = await expectCase({ as: rep, method: 'POST', path: `/api/v1/leads/${l.id}/convert`,
    body: { amount_minor: 9900, currency: 'EUR' }, status: 200 });
  const { lead, contact, organization, deal } = r.body;
  assert.equal(lead.status, 'converted');
  assert.match(lead.converted_at, /Z$/);
  assert.equal(organization.name, 'Vert Ltd');
  assert.equal(contact.first_name, 'Connie');
  assert.equal(contact.email, 'connie@vert.test');
  assert.equal(contact.title, 'COO');
  assert.equal(contact.org_id, organization.id);
  assert.equal(deal.name, 'Vert Ltd deal');
  assert.equal(deal.org_id, organization.id);
  assert.equal(deal.contact_id, contact.id);
  assert.equal(deal.amount_minor, 9900);
  assert.equal(lead.converted_contact_id, contact.id);
  assert.equal(lead.converted_org_id, organization.id);
  assert.equal(lead.converted_deal_id, deal.id);
  for (const [k, id] of [['contacts', contact.id], ['organizations', organization.id], ['deals', deal.id]])
    assert.equal((await rep.get(`/api/v1/${k}/${id}`)).status, 200);
  const ev = srv.sql(`SELECT detail FROM events WHERE kind = 'lead.converted' AND entity_id = ${l.id}`);
  assert.deepEqual(JSON.parse(ev[0].detail), { contact_id: contact.id, org_id: organization.id, deal_id: deal.id });
  /* The call logged on the lead is now on the contact's and the organization's timelines, and
   * counts for the deal; it still says which lead it was logged on. */
  const moved = (await rep.get(`/api/v1/activities/${call.id}`)).body;
  assert.deepEqual([moved.contact_id, moved.org_id, moved.deal_id, moved.lead_id], [contact.id, organization.id, deal.id, l.id]);
  for (const p of [`/api/v1/contacts/${contact.id}/timeline`, `/api/v1/organizations/${organization.id}/timeline`])
    assert.ok(JSON.stringify((await rep.get(p)).body).includes('First call with Connie'), p);
  /* Twice is a conflict, and so is changing its status back. */
  await expectCase({ as: rep, method: 'POST', path: `/api/v1/leads/${l.id}/convert`, status: 409, error: 'conflict' });
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/leads/${l.id}`, body: { status: 'new' }, status: 422, field: 'status' });
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/leads/${l.id}`, body: { converted_at: null }, status: 400 });
});

test('lead convert links an existing contact and organization, deal optional', async () => {
  const o = await rep.create('/api/v1/organizations', { name: 'Existing Org' });
  const c = await rep.create('/api/v1/contacts', { last_name: 'Existing', org_id: o.id });
  const l = await rep.create('/api/v1/leads', { last_name: 'Dup', company: 'Existing Org' });
  const before = [count('contacts'), count('organizations'), count('deals')];
  const r = await expectCase({ as: rep, method: 'POST', path: `/api/v1/leads/${l.id}/convert`,
    body: { contact_id: c.id, org_id: o.id, create_deal: false }, status: 200 });
  assert.equal(r.body.contact.id, c.id);
  assert.equal(r.body.organization.id, o.id);
  assert.equal(r.body.deal, null);
  assert.deepEqual([count('contacts'), count('organizations'), count('deals')], before);
});

test('a failing lead convert writes nothing', async () => {
  const companyOnly = await rep.create('/api/v1/leads', { company: 'Nobody Home Inc' });
  const l = await rep.create('/api/v1/leads', { first_name: 'Partial', company: 'Partial Co' });
  const hidden = await as.repS.create('/api/v1/contacts', { last_name: 'Southern' });
  const disq = await rep.create('/api/v1/leads', { last_name: 'Nope', status: 'disqualified' });
  const tables = ['contacts', 'organizations', 'deals', 'deal_stage_history', 'audit'];
  const snapshot = () => [...tables.map(count), domainEvents()];
  const before = snapshot();
  const cases = [
    { id: companyOnly.id, body: {}, status: 422 },
    { id: l.id, body: { stage_id: 99999 }, status: 422, field: 'stage_id' },
    { id: l.id, body: { amount_minor: 5 }, status: 422, field: 'currency' },
    { id: l.id, body: { currency: 'euro' }, status: 422, field: 'currency' },
    { id: l.id, body: { deal_name: 'x'.repeat(201) }, status: 422, field: 'name' },
    { id: l.id, body: { contact_id: hidden.id }, status: 422, field: 'contact_id' },
    { id: l.id, body: { org_id: 99999 }, status: 422, field: 'org_id' },
    { id: l.id, body: { contact_id: 'abc' }, status: 400, field: 'contact_id' },
    { id: l.id, body: { create_deal: 'yes' }, status: 400, field: 'create_deal' },
    { id: l.id, body: { deal_name: 5 }, status: 400, field: 'deal_name' },
    { id: l.id, body: { deal_name: ['x'] }, status: 400, field: 'deal_name' },
    { id: l.id, body: { amount_minor: 'lots', currency: 'EUR' }, status: 400, field: 'amount_minor' },
    { id: l.id, body: { bogus: 1 }, status: 400, field: 'bogus' },
    { id: l.id, body: [], status: 400 },
    { id: l.id, body: '{', status: 400 },
    { id: disq.id, body: {}, status: 409 },
    { id: 99999, body: {}, status: 404 },
  ];
  for (const c of cases)
    await expectCase({ as: rep, method: 'POST', path: `/api/v1/leads/${c.id}/convert`, ...c });
  assert.deepEqual(snapshot(), before, 'no partial writes');
  assert.equal((await rep.get(`/api/v1/leads/${l.id}`)).body.status, 'new');
  /* Others' leads: invisible to another team, read-only to a teammate. */
  await expectCase({ as: as.repS, method: 'POST', path: `/api/v1/leads/${l.id}/convert`, body: {}, status: 404 });
  await expectCase({ as: as.repN2, method: 'POST', path: `/api/v1/leads/${l.id}/convert`, body: {}, status: 403 });
  assert.deepEqual(snapshot(), before);
  await srv.assertAlive();
});

test('timelines: every touch point by anyone, newest first', async () => {
  const o = await rep.create('/api/v1/organizations', { name: 'Timeline Org' });
  const c = await rep.create('/api/v1/contacts', { last_name: 'Timeline', org_id: o.id });
  const c2 = await rep.create('/api/v1/contacts', { last_name: 'Colleague', org_id: o.id });
  const a1 = await rep.create('/api/v1/activities', { kind: 'call', contact_id: c.id, subject: 'First call', body: 'Wants a demo in March.', duration_min: 12, occurred_at: '2026-01-01T10:00:00Z' });
  const a2 = await as.repN2.create('/api/v1/activities', { kind: 'meeting', contact_id: c.id, subject: 'Teammate meeting', occurred_at: '2026-01-02T10:00:00Z' });
  const a3 = await rep.create('/api/v1/activities', { kind: 'note', org_id: o.id, subject: 'Org note', occurred_at: '2026-01-03T10:00:00Z' });
  const t = await rep.create('/api/v1/tasks', { title: 'Follow up', contact_id: c.id });
  const d = await rep.create('/api/v1/deals', { name: 'TL deal', contact_id: c.id, org_id: o.id });
  await rep.patch(`/api/v1/deals/${d.id}`, { stage_id: stages.Won });
  const rel = await as.repN2.create('/api/v1/relationships', { kind: 'knows', contact_id: c2.id, other_contact_id: c.id });
  const tl = await expectCase({ as: rep, method: 'GET', path: `/api/v1/contacts/${c.id}/timeline`, status: 200 });
  const items = tl.body.items;
  const key = (x) => `${x.type}:${x.type === 'activity' || x.type === 'task' ? x.id : x.kind}`;
  assert.deepEqual(new Set(items.map(key)), new Set([`activity:${a1.id}`, `activity:${a2.id}`, `task:${t.id}`,
    'deal_stage:created', 'deal_stage:won', 'relationship:create']));
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].at >= items[i].at, 'newest first');
  assert.equal(items.find((x) => x.id === a2.id && x.type === 'activity').user_id, as.repN2.user.id);
  /* Activities carry their notes, so a timeline shows them without a request per entry. */
  const call = items.find((x) => x.id === a1.id && x.type === 'activity');
  assert.equal(call.body, 'Wants a demo in March.');
  assert.equal(call.duration_min, 12);
  assert.equal(items.find((x) => x.id === a2.id && x.type === 'activity').body, null);
  assert.ok(!('body' in items.find((x) => x.type === 'task')), 'only activities have notes');
  assert.equal(items.find((x) => x.type === 'relationship').user_id, as.repN2.user.id);
  const otl = await expectCase({ as: rep, method: 'GET', path: `/api/v1/organizations/${o.id}/timeline`, status: 200 });
  const okeys = new Set(otl.body.items.map(key));
  for (const k of [`activity:${a1.id}`, `activity:${a3.id}`, `task:${t.id}`, 'deal_stage:won']) assert.ok(okeys.has(k), k);
  assert.ok(!items.some((x) => x.id === a3.id && x.type === 'activity'), 'org-only notes are not on the contact');
  /* Invisible or absent records have no timeline. */
  await expectCase({ as: as.repS, method: 'GET', path: `/api/v1/contacts/${c.id}/timeline`, status: 404 });
  await expectCase({ as: rep, method: 'GET', path: '/api/v1/contacts/99999/timeline', status: 404 });
  await expectCase({ as: rep, method: 'GET', path: `/api/v1/contacts/${c.id}/timeline?cursor=zzz`, status: 400 });
  void rel;
});

test('timeline pagination walks every item once, even with equal times', async () => {
  const c = await rep.create('/api/v1/contacts', { last_name: 'Samemoment' });
  const ids = [];
  for (let i = 0; i < 7; i++)
    ids.push((await rep.create('/api/v1/activities', { kind: 'call', contact_id: c.id, subject: `s${i}`,
      occurred_at: i < 5 ? '2026-03-01T12:00:00Z' : `2026-03-0${i}T12:00:00Z` })).id);
  for (const limit of [1, 2, 3, 7]) {
    const seen = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await rep.get(`/api/v1/contacts/${c.id}/timeline?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200, r.text);
      seen.push(...r.body.items.map((x) => x.id));
      cursor = r.body.next_cursor;
      assert.ok(++pages <= 10);
    } while (cursor);
    assert.deepEqual([...seen].sort((a, b) => a - b), ids, `limit ${limit}`);
  }
});

test('a lost deal keeps why it was lost; reopening it clears the reason', async () => {
  const d = await rep.create('/api/v1/deals', { name: 'Lost one', lost_reason: 'ignored while open' });
  assert.equal(d.lost_reason, null, 'an open deal has no lost reason');
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/deals/${d.id}`,
    body: { stage_id: stages.Lost, lost_reason: 'x'.repeat(201) }, status: 422, field: 'lost_reason' });
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/deals/${d.id}`,
    body: { stage_id: stages.Lost, lost_reason: 42 }, status: 400, field: 'lost_reason' });
  const lost = await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/deals/${d.id}`,
    body: { stage_id: stages.Lost, lost_reason: 'Price: went with a cheaper vendor' }, status: 200 });
  assert.equal(lost.body.lost_reason, 'Price: went with a cheaper vendor');
  assert.ok(lost.body.closed_at, 'closed');
  const edited = await rep.patch(`/api/v1/deals/${d.id}`, { lost_reason: 'Timing' });
  assert.equal(edited.body.lost_reason, 'Timing', 'the reason of a lost deal can be corrected');
  const found = await rep.get('/api/v1/deals?lost_reason=Timing');
  assert.ok(found.body.items.some((x) => x.id === d.id), 'and filtered on');
  const reopened = await rep.patch(`/api/v1/deals/${d.id}`, { stage_id: stages.Proposal });
  assert.equal(reopened.body.lost_reason, null);
  assert.equal(reopened.body.closed_at, null);
  const open = await rep.patch(`/api/v1/deals/${d.id}`, { lost_reason: 'not lost' });
  assert.equal(open.body.lost_reason, null, 'an open deal takes no reason');
});

test('a disqualified lead keeps why; working it again clears the reason', async () => {
  const l = await rep.create('/api/v1/leads', { first_name: 'Dis', company: 'Qualified Co', disqualified_reason: 'early' });
  assert.equal(l.disqualified_reason, null, 'only a disqualified lead has a reason');
  await expectCase({ as: rep, method: 'PATCH', path: `/api/v1/leads/${l.id}`,
    body: { status: 'disqualified', disqualified_reason: 'x'.repeat(201) }, status: 422, field: 'disqualified_reason' });
  const dq = await rep.patch(`/api/v1/leads/${l.id}`, { status: 'disqualified', disqualified_reason: 'No budget' });
  assert.equal(dq.status, 200, dq.text);
  assert.equal(dq.body.disqualified_reason, 'No budget');
  const again = await rep.patch(`/api/v1/leads/${l.id}`, { status: 'working' });
  assert.equal(again.body.disqualified_reason, null);
});
