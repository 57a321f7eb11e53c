// SPDX-License-Identifier: MIT
// Deals at risk page by page (team report's first page and total, /reports/at_risk cursors),
// a call filed under a deal clearing "no recent activity", activities on leads, and
// /me/attention: a rep's deals at risk and leads gone quiet, by the same definition.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase, sql } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const DAY = 86400000;
const teams = (await as.admin.get('/api/v1/teams')).body.items;
const north = teams.find((t) => t.name === 'north').id;

test('80 deals at risk: the team report says 80 and /reports/at_risk pages through all of them', async () => {
  const made = [];
  for (let i = 0; i < 80; i++)
    made.push((await (i % 2 ? as.repN1 : as.repN2).create('/api/v1/deals', { name: `Risky ${String(i).padStart(2, '0')}` })).id);
  await as.repS.create('/api/v1/deals', { name: 'South risky' });

  const team = await expectCase({ as: as.mgrN, method: 'GET', path: '/api/v1/reports/team', status: 200 });
  assert.equal(team.body.at_risk.length, 50, 'the report holds the first page');
  assert.equal(team.body.at_risk_total, 80, 'and says how many there are');
  assert.equal(typeof team.body.at_risk_next_cursor, 'string');

  const seen = team.body.at_risk.map((d) => d.id);
  let cursor = team.body.at_risk_next_cursor;
  while (cursor) {
    const page = await expectCase({ as: as.mgrN, method: 'GET', path: `/api/v1/reports/at_risk?limit=20&cursor=${cursor}`, status: 200,
      json: { team: { id: north, name: 'north' }, total: 80 } });
    assert.ok(page.body.items.length <= 20);
    for (const d of page.body.items) assert.deepEqual(d.reasons, ['no_next_step', 'no_recent_activity']);
    seen.push(...page.body.items.map((d) => d.id));
    cursor = page.body.next_cursor;
  }
  assert.equal(seen.length, 80, 'every deal once');
  assert.deepEqual([...seen].sort((a, b) => a - b), [...made].sort((a, b) => a - b));

  const first = await as.mgrN.get('/api/v1/reports/at_risk');
  assert.equal(first.body.items.length, 50);
  assert.deepEqual(first.body.items.map((d) => d.id), team.body.at_risk.map((d) => d.id), 'the same order as the report');
  assert.equal(first.body.items[0].owner_name.length > 0, true);

  const cases = [
    { as: as.repN1, path: '/api/v1/reports/at_risk', status: 403 },
    { as: as.mgrS, path: `/api/v1/reports/at_risk?team_id=${north}`, status: 403 },
    { as: as.admin, path: `/api/v1/reports/at_risk?team_id=${north}&limit=500`, status: 400, field: 'limit' },
    { as: as.admin, path: `/api/v1/reports/at_risk?team_id=${north}&cursor=nonsense`, status: 400, field: 'cursor' },
    { as: as.admin, path: '/api/v1/reports/at_risk?team_id=999999', status: 404 },
    { as: srv.anon(), path: '/api/v1/reports/at_risk', status: 401 },
  ];
  for (const c of cases) await expectCase({ method: 'GET', ...c });
  const south = await as.mgrS.get('/api/v1/reports/at_risk');
  assert.deepEqual(south.body.items.map((d) => d.name), ['South risky']);
  assert.equal(south.body.total, 1);
  assert.equal(south.body.next_cursor, null);
  for (const id of made) await (await as.admin.del(`/api/v1/deals/${id}`));
  await srv.assertAlive();
});

test("a call filed under the deal clears its 'no recent activity'; one only on the contact does not", async () => {
  const c = await as.repN1.create('/api/v1/contacts', { first_name: 'Cora', last_name: 'Call' });
  const deal = await as.repN1.create('/api/v1/deals', { name: 'Cora renewal', contact_id: c.id, next_step: 'Call Cora' });
  const reasons = async () => ((await as.mgrN.get('/api/v1/reports/at_risk?limit=200')).body.items
    .find((d) => d.id === deal.id) || { reasons: [] }).reasons;
  assert.deepEqual(await reasons(), ['no_recent_activity']);
  await as.repN1.create('/api/v1/activities', { kind: 'call', contact_id: c.id, body: 'contact only' });
  assert.deepEqual(await reasons(), ['no_recent_activity'], 'a call on the contact alone is not on the deal');
  await as.repN1.create('/api/v1/activities', { kind: 'call', contact_id: c.id, deal_id: deal.id, body: 'about the renewal' });
  assert.deepEqual(await reasons(), [], 'not at risk any more');
  const mine = await as.repN1.get('/api/v1/me/attention');
  assert.ok(!mine.body.deals.some((d) => d.id === deal.id));
});

test('activities on a lead: filed under it, listed by lead_id, and the lead counts as worked', async () => {
  const lead = await as.repN1.create('/api/v1/leads', { first_name: 'Lia', company: 'Leadco' });
  const quiet = await as.repN1.create('/api/v1/leads', { first_name: 'Quinn', company: 'Quietco', status: 'working' });
  const qualified = await as.repN1.create('/api/v1/leads', { first_name: 'Quincy', status: 'qualified' });
  const old = Date.now() - 20 * DAY;
  sql(srv.db, `UPDATE leads SET updated_at = ${old} WHERE id IN (${lead.id}, ${quiet.id}, ${qualified.id})`);

  let att = await expectCase({ as: as.repN1, method: 'GET', path: '/api/v1/me/attention', status: 200, json: { window_days: 14 } });
  const ids = () => att.body.leads.map((l) => l.id);
  assert.ok(ids().includes(lead.id) && ids().includes(quiet.id), 'new and working leads untouched for 20 days');
  assert.ok(!ids().includes(qualified.id), 'qualified leads are not listed');
  assert.equal(att.body.leads_total, att.body.leads.length);
  assert.match(att.body.leads[0].updated_at, /^\d{4}-/, 'rendered like the API renders leads');

  const act = await as.repN1.create('/api/v1/activities', { kind: 'call', lead_id: lead.id, subject: 'First call' });
  assert.equal(act.lead_id, lead.id);
  const list = await as.repN1.get(`/api/v1/activities?lead_id=${lead.id}`);
  assert.deepEqual(list.body.items.map((a) => a.id), [act.id]);
  const after = (await as.repN1.get(`/api/v1/leads/${lead.id}`)).body;
  assert.ok(new Date(after.updated_at).getTime() > old + DAY, 'the call worked the lead');
  att = await as.repN1.get('/api/v1/me/attention');
  assert.ok(!ids().includes(lead.id) && ids().includes(quiet.id));

  /* Another rep's lead, or one that does not exist, cannot be filed under. */
  const south = await as.repS.create('/api/v1/leads', { first_name: 'Sol' });
  const bad = await as.repN1.post('/api/v1/activities', { kind: 'call', lead_id: south.id });
  assert.ok([403, 404, 422].includes(bad.status), bad.text);
  const none = await as.repN1.post('/api/v1/activities', { kind: 'call', lead_id: 99999999 });
  assert.ok([404, 422].includes(none.status), none.text);
  await expectCase({ as: as.repN1, method: 'GET', path: '/api/v1/me/attention?limit=0', status: 400, field: 'limit' });
  await expectCase({ as: srv.anon(), method: 'GET', path: '/api/v1/me/attention', status: 401 });
});
