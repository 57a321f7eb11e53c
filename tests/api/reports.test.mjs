// SPDX-License-Identifier: MIT
// Reports: pipeline totals per stage (visibility, owner and team filters, currencies) and the
// manager's team report (ISO weeks, open pipeline per rep, deals at risk and why, who may ask).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase, sql } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const DAY = 86400000;

const stages = (await as.admin.get('/api/v1/stages')).body.items;
const stage = (name) => stages.find((s) => s.name === name).id;
const teams = (await as.admin.get('/api/v1/teams')).body.items;
const north = teams.find((t) => t.name === 'north').id;
const south = teams.find((t) => t.name === 'south').id;

/* Amounts per stage name from a pipeline answer, for compact comparisons. */
function summary(body) {
  const out = {};
  for (const s of body.stages)
    if (s.count) out[s.name] = { count: s.count, amounts: Object.fromEntries(s.amounts.map((a) => [a.currency, a.amount_minor])) };
  return out;
}

test('pipeline totals per stage, as each role sees them', async () => {
  const { repN1, repN2, repS } = as;
  await repN1.create('/api/v1/deals', { name: 'A', amount_minor: 1000, currency: 'EUR' });
  await repN1.create('/api/v1/deals', { name: 'B', amount_minor: 500, currency: 'USD' });
  await repN1.create('/api/v1/deals', { name: 'C', stage_id: stage('Qualification') });
  await repN1.create('/api/v1/deals', { name: 'D', amount_minor: 2000, currency: 'EUR', stage_id: stage('Won') });
  const gone = await repN1.create('/api/v1/deals', { name: 'G', amount_minor: 5000, currency: 'EUR' });
  await repN1.del(`/api/v1/deals/${gone.id}`);
  await repN2.create('/api/v1/deals', { name: 'E', amount_minor: 300, currency: 'EUR' });
  await repS.create('/api/v1/deals', { name: 'F', amount_minor: 700, currency: 'EUR' });
  /* A deleted stage is not listed. */
  const temp = await as.admin.create('/api/v1/stages', { name: 'Temp', position: 9 });
  await as.admin.del(`/api/v1/stages/${temp.id}`);

  const all = await expectCase({ as: as.admin, method: 'GET', path: '/api/v1/reports/pipeline', status: 200 });
  assert.deepEqual(all.body.stages.map((s) => s.name),
    ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Won', 'Lost']);
  assert.deepEqual(all.body.stages[0], { id: stage('Prospecting'), name: 'Prospecting', position: 1, probability: 10,
    is_won: false, is_lost: false, count: 4, amounts: [{ currency: 'EUR', amount_minor: 2000 }, { currency: 'USD', amount_minor: 500 }] });
  assert.deepEqual(all.body.stages[4].is_won, true);
  assert.deepEqual(all.body.stages[5].is_lost, true);
  assert.deepEqual(all.body.stages[2], { id: stage('Proposal'), name: 'Proposal', position: 3, probability: 50,
    is_won: false, is_lost: false, count: 0, amounts: [] });
  assert.deepEqual(summary(all.body), {
    Prospecting: { count: 4, amounts: { EUR: 2000, USD: 500 } },
    Qualification: { count: 1, amounts: {} },
    Won: { count: 1, amounts: { EUR: 2000 } },
  });

  const cases = [
    [as.repN1, '', { Prospecting: { count: 3, amounts: { EUR: 1300, USD: 500 } }, Qualification: { count: 1, amounts: {} }, Won: { count: 1, amounts: { EUR: 2000 } } }],
    [as.mgrN, '', { Prospecting: { count: 3, amounts: { EUR: 1300, USD: 500 } }, Qualification: { count: 1, amounts: {} }, Won: { count: 1, amounts: { EUR: 2000 } } }],
    [as.repS, '', { Prospecting: { count: 1, amounts: { EUR: 700 } } }],
    [as.mgrS, '', { Prospecting: { count: 1, amounts: { EUR: 700 } } }],
    [as.admin, `?owner_id=${srv.users.repN1.id}`, { Prospecting: { count: 2, amounts: { EUR: 1000, USD: 500 } }, Qualification: { count: 1, amounts: {} }, Won: { count: 1, amounts: { EUR: 2000 } } }],
    [as.admin, `?owner_id=${srv.users.repN2.id}`, { Prospecting: { count: 1, amounts: { EUR: 300 } } }],
    [as.admin, `?team_id=${south}`, { Prospecting: { count: 1, amounts: { EUR: 700 } } }],
    [as.admin, `?team_id=${north}&owner_id=${srv.users.repN2.id}`, { Prospecting: { count: 1, amounts: { EUR: 300 } } }],
    [as.admin, `?team_id=${north}&owner_id=${srv.users.repS.id}`, {}],
    [as.repN1, `?team_id=${south}`, {}], // visibility still applies
    [as.repN1, `?owner_id=${srv.users.repS.id}`, {}],
    [as.admin, '?owner_id=999999', {}],
  ];
  for (const [who, query, want] of cases) {
    const r = await who.get(`/api/v1/reports/pipeline${query}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.stages.length, 6);
    assert.deepEqual(summary(r.body), want, `${who.user.email} ${query}`);
  }
  const bad = [
    { path: '/api/v1/reports/pipeline?owner_id=abc', status: 400, field: 'owner_id' },
    { path: '/api/v1/reports/pipeline?owner_id=0', status: 400, field: 'owner_id' },
    { path: '/api/v1/reports/pipeline?team_id=-1', status: 400, field: 'team_id' },
    { path: '/api/v1/reports/pipeline', as: srv.anon(), status: 401 },
  ];
  for (const c of bad) await expectCase({ as: as.repN1, method: 'GET', ...c });
});

/* Monday 00:00 UTC of this week. */
function weekStart(now = Date.now()) {
  const d = new Date(now);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - day * DAY;
}
const iso = (ms) => new Date(ms).toISOString();
const dayOf = (ms) => iso(ms).slice(0, 10);

test('team report: activity by week, open pipeline, deals at risk', async () => {
  const { repN1, repN2, repS } = as;
  const week = weekStart();
  const org = await repN1.create('/api/v1/organizations', { name: 'Org' });
  /* Activities by repN1: 2 this week, 1 last week, 1 two weeks ago, 1 deleted this week. */
  for (const at of [week + 1000, week + 2 * DAY, week - 1000, week - 8 * DAY])
    await repN1.create('/api/v1/activities', { kind: 'call', org_id: org.id, occurred_at: iso(at) });
  const del = await repN1.create('/api/v1/activities', { kind: 'call', org_id: org.id, occurred_at: iso(week + 5000) });
  await repN1.del(`/api/v1/activities/${del.id}`);
  await repN2.create('/api/v1/activities', { kind: 'note', org_id: org.id, occurred_at: iso(week - 3 * DAY) });

  /* Deals of repN1. Report deals are those of the team members. */
  const now = Date.now();
  const past = await repN1.create('/api/v1/deals', { name: 'Past', amount_minor: 1000, currency: 'EUR',
    close_date: dayOf(now - 2 * DAY), next_step: 'Call' });
  await repN1.create('/api/v1/activities', { kind: 'call', deal_id: past.id, occurred_at: iso(now - DAY) });
  const quiet = await repN1.create('/api/v1/deals', { name: 'Quiet', amount_minor: 250, currency: 'USD' });
  await repN1.create('/api/v1/activities', { kind: 'call', deal_id: quiet.id, occurred_at: iso(now - 20 * DAY) });
  const fine = await repN1.create('/api/v1/deals', { name: 'Fine', amount_minor: 500, currency: 'EUR',
    close_date: dayOf(now + 30 * DAY), next_step: 'Demo' });
  await repN1.create('/api/v1/activities', { kind: 'meeting', deal_id: fine.id, occurred_at: iso(now - 3 * DAY) });
  await repN1.create('/api/v1/deals', { name: 'Won one', amount_minor: 9000, currency: 'EUR', stage_id: stage('Won') });
  const all3 = await repN2.create('/api/v1/deals', { name: 'All three', close_date: dayOf(now - 40 * DAY) });
  await repS.create('/api/v1/deals', { name: 'South deal' });

  const r = await expectCase({ as: as.mgrN, method: 'GET', path: '/api/v1/reports/team', status: 200,
    json: { team: { id: north, name: 'north' } } });
  const reps = Object.fromEntries(r.body.reps.map((x) => [x.name, x]));
  assert.deepEqual(Object.keys(reps).sort(), ['Ada Admin', 'Max North', 'Rita One', 'Rob Two']);
  /* The first test's deals are still there: repN1 has A (1000 EUR), B (500 USD), C open. */
  assert.deepEqual(reps['Rita One'], {
    user_id: srv.users.repN1.id, name: 'Rita One', activities_this_week: 2 + (now - DAY >= week ? 1 : 0)
      + (now - 3 * DAY >= week ? 1 : 0),
    activities_last_week: 1 + (now - DAY < week ? 1 : 0) + (now - 3 * DAY < week ? 1 : 0),
    /* All of last week's are later in their week than now is in this one. */
    activities_last_week_to_date: 0,
    open_deals: 6, open_amounts: [{ currency: 'EUR', amount_minor: 2500 }, { currency: 'USD', amount_minor: 750 }],
  });
  assert.equal(reps['Rob Two'].activities_last_week, 1);
  assert.equal(reps['Rob Two'].activities_this_week, 0);
  assert.equal(reps['Rob Two'].open_deals, 2);

  const risk = Object.fromEntries(r.body.at_risk.map((d) => [d.name, d]));
  assert.equal(r.body.at_risk[0].name, 'All three');
  assert.deepEqual(risk['All three'].reasons, ['past_close_date', 'no_next_step', 'no_recent_activity']);
  assert.equal(risk['All three'].owner_name, 'Rob Two');
  assert.equal(risk['All three'].id, all3.id);
  assert.deepEqual(risk.Past.reasons, ['past_close_date']);
  assert.deepEqual(risk.Quiet.reasons, ['no_next_step', 'no_recent_activity']);
  assert.equal(risk.Quiet.owner_name, 'Rita One');
  assert.match(risk.Quiet.created_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(risk.Quiet.amount_minor, 250);
  assert.ok(!('Fine' in risk) && !('Won one' in risk) && !('South deal' in risk));
  const counts = r.body.at_risk.map((d) => d.reasons.length);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most reasons first');

  /* Who may ask for which team. */
  const east = await as.admin.create('/api/v1/teams', { name: 'east', manager_id: srv.users.mgrS.id });
  const cases = [
    { as: as.admin, path: '/api/v1/reports/team', status: 200, json: { team: { id: north } } },
    { as: as.admin, path: `/api/v1/reports/team?team_id=${south}`, status: 200, json: { team: { id: south, name: 'south' } } },
    { as: as.mgrS, path: '/api/v1/reports/team', status: 200, json: { team: { id: south } } },
    { as: as.mgrS, path: `/api/v1/reports/team?team_id=${east.id}`, status: 200, json: { team: { name: 'east' }, reps: [], at_risk: [] } },
    { as: as.mgrS, path: `/api/v1/reports/team?team_id=${north}`, status: 403, error: 'forbidden' },
    { as: as.mgrN, path: `/api/v1/reports/team?team_id=${east.id}`, status: 403 },
    { as: as.mgrN, path: `/api/v1/reports/team?team_id=${north}`, status: 200 },
    { as: as.repN1, path: '/api/v1/reports/team', status: 403 },
    { as: as.repN1, path: `/api/v1/reports/team?team_id=${north}`, status: 403 },
    { as: as.admin, path: '/api/v1/reports/team?team_id=999999', status: 404 },
    { as: as.admin, path: '/api/v1/reports/team?team_id=abc', status: 400, field: 'team_id' },
    { as: as.admin, path: '/api/v1/reports/team?team_id=0', status: 400, field: 'team_id' },
    { as: srv.anon(), path: '/api/v1/reports/team', status: 401 },
  ];
  for (const c of cases) await expectCase({ method: 'GET', ...c });
  const south1 = await as.mgrS.get('/api/v1/reports/team');
  assert.deepEqual(south1.body.at_risk.map((d) => d.name).sort(), ['F', 'South deal']);
  await srv.assertAlive();
});

/* A week in progress is compared with last week up to the same time of the week, so a manager
 * does not see every rep "down" on a Wednesday. */
test('team report: last week up to the same time of the week', async () => {
  const { repN2 } = as;
  const org = await repN2.create('/api/v1/organizations', { name: 'Week Org' });
  const rob = async () => (await as.mgrN.get('/api/v1/reports/team')).body.reps.find((x) => x.name === 'Rob Two');
  const before = await rob();
  const now = Date.now(), week = weekStart();
  const earlier = now - 7 * DAY - 60000, later = now - 7 * DAY + 60000;
  for (const at of [earlier, later])
    await repN2.create('/api/v1/activities', { kind: 'call', org_id: org.id, occurred_at: iso(at) });
  const after = await rob();
  const inLastWeek = (t) => (t >= week - 7 * DAY && t < week ? 1 : 0);
  assert.equal(after.activities_last_week - before.activities_last_week, inLastWeek(earlier) + inLastWeek(later));
  assert.equal(after.activities_last_week_to_date - before.activities_last_week_to_date, inLastWeek(earlier));
  assert.ok(after.activities_last_week_to_date <= after.activities_last_week);
});

test('team report: why deals were lost in the last 90 days, most frequent first', async () => {
  const { repN1, repS } = as;
  const count = async (mgr) => Object.fromEntries((await mgr.get('/api/v1/reports/team')).body.lost_reasons
    .map((x) => [x.reason, x.deals]));
  const before = await count(as.mgrN);
  for (const reason of ['Price', 'Price', null, 'Timing ']) {
    const d = await repN1.create('/api/v1/deals', { name: `Lost ${reason}` });
    const r = await repN1.patch(`/api/v1/deals/${d.id}`, { stage_id: stage('Lost'), lost_reason: reason });
    assert.equal(r.status, 200, r.text);
  }
  const other = await repS.create('/api/v1/deals', { name: 'South lost' });
  await repS.patch(`/api/v1/deals/${other.id}`, { stage_id: stage('Lost'), lost_reason: 'Price' });
  const r = await as.mgrN.get('/api/v1/reports/team');
  const after = Object.fromEntries(r.body.lost_reasons.map((x) => [x.reason, x.deals]));
  assert.equal((after.Price || 0) - (before.Price || 0), 2, 'the south team\'s loss is not north\'s');
  assert.equal((after.Timing || 0) - (before.Timing || 0), 1, 'reasons are trimmed');
  assert.equal((after[''] || 0) - (before[''] || 0), 1, 'a loss without a reason counts as ""');
  const order = r.body.lost_reasons.map((x) => x.deals);
  assert.deepEqual(order, [...order].sort((a, b) => b - a), 'most frequent first');
});

test('pipeline totals: closed_after leaves out deals won or lost before it, never open ones', async () => {
  const { repS } = as;
  const wonNow = await repS.create('/api/v1/deals', { name: 'Won now', amount_minor: 100, currency: 'EUR', stage_id: stage('Won') });
  const wonOld = await repS.create('/api/v1/deals', { name: 'Won long ago', amount_minor: 200, currency: 'EUR', stage_id: stage('Won') });
  const lostOld = await repS.create('/api/v1/deals', { name: 'Lost long ago', stage_id: stage('Lost') });
  const openOld = await repS.create('/api/v1/deals', { name: 'Open long ago', amount_minor: 50, currency: 'EUR' });
  const long = Date.now() - 60 * DAY;
  sql(srv.db, `UPDATE deals SET closed_at = ${long}, created_at = ${long} WHERE id IN (${wonOld.id}, ${lostOld.id})`);
  sql(srv.db, `UPDATE deals SET created_at = ${long} WHERE id = ${openOld.id}`);
  const since = new Date(Date.now() - 30 * DAY).toISOString();
  const count = async (q) => Object.fromEntries((await as.mgrS.get(`/api/v1/reports/pipeline?owner_id=${srv.users.repS.id}${q}`))
    .body.stages.map((s) => [s.name, s.count]));
  const all = await count('');
  const recent = await count(`&closed_after=${since}`);
  assert.equal(recent.Won, all.Won - 1, 'the old win is left out');
  assert.equal(recent.Lost, all.Lost - 1, 'the old loss too');
  assert.equal(recent.Prospecting, all.Prospecting, 'open deals all stay');
  assert.ok(recent.Won >= 1, `${wonNow.name} stays`);
  await expectCase({ as: as.mgrS, method: 'GET', path: '/api/v1/reports/pipeline?closed_after=yesterday', status: 400, field: 'closed_after' });
});
