// SPDX-License-Identifier: MIT
// The manager view: the team's open pipeline, activities per rep this week against last week
// by the same time of the week, and the deals at risk, each matching the API's reports.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt, MANAGER,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const mgr = users.find((u) => u.email === MANAGER);
const rep = aRep(users, mgr.team_id);
const repApi = await api(server, rep.email);
const mgrApi = await api(server, MANAGER);
/* A call just now, so this week has at least one activity to show for the rep. */
const contact = (await repApi.get(`/api/v1/contacts?owner_id=${rep.id}&limit=1`)).body.items[0];
await repApi.create('/api/v1/activities', { kind: 'call', subject: 'Manager view call', contact_id: contact.id,
  occurred_at: new Date().toISOString() });
const opts = await needs(url, 'manager');

test('a manager sees the team pipeline, activity per rep and deals at risk', opts, async () => {
  const team = (await mgrApi.get('/api/v1/reports/team')).body;
  const pipe = (await mgrApi.get(`/api/v1/reports/pipeline?team_id=${team.team.id}`)).body;
  const open = pipe.stages.filter((s) => !s.is_won && !s.is_lost).reduce((n, s) => n + s.count, 0);
  const page = await signedIn(browser, url, MANAGER);
  /* The figures by this time last week move as the clock does: the page is compared with the
   * report it was itself given, not with one read a moment before (they differed once, 23 and
   * 22, when a demo activity of last week fell between the two reads). */
  const given = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/reports/team');
  await withShot(page, 'manager', async () => {
    await page.goto('/manager');
    assertBuilt(opts);
    const seen = await (await given).json();
    assert.equal(seen.team.id, team.team.id, 'the page reports on the manager\'s team');
    await page.getByRole('heading', { level: 1, name: `Team ${team.team.name}` }).waitFor();
    await page.getByText(`${open} open deals`, { exact: true }).waitFor();

    const table = page.getByRole('table', { name: 'Activities per rep' });
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), seen.reps.length, 'a row per rep');
    for (const r of seen.reps) {
      const row = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: r.name, exact: true }) });
      const cells = row.getByRole('cell');
      const thisWeek = cells.nth(0);
      assert.equal(await thisWeek.locator('strong').textContent(), String(r.activities_this_week), r.name);
      assert.equal(await cells.nth(1).textContent(), String(r.activities_last_week), r.name);
      /* The arrow compares with last week by this time, not with all of last week. */
      assert.equal(await thisWeek.getAttribute('title'), `${r.activities_last_week_to_date} by this time last week`, r.name);
      const diff = r.activities_this_week - r.activities_last_week_to_date;
      const arrow = (await thisWeek.locator('small').count()) ? await thisWeek.locator('small').textContent() : '';
      if (diff === 0) assert.equal(arrow, '', `${r.name}: no arrow when even`);
      else assert.ok(arrow.startsWith(`${diff > 0 ? '▲' : '▼'}${Math.abs(diff)} against `), `${r.name}: ${arrow} for ${diff}`);
    }
    assert.ok(seen.reps.some((r) => r.user_id === rep.id && r.activities_this_week >= 1), 'the call just logged counts');
    /* A rep's name opens their adoption page. */
    assert.equal(await table.getByRole('link', { name: rep.name, exact: true }).getAttribute('href'), `/adoption/users/${rep.id}`);

    const lost = page.getByRole('region', { name: /^Why deals were lost/ });
    for (const x of seen.lost_reasons) {
      await lost.getByRole('row', { name: new RegExp(`^${x.reason || 'no reason given'} ${x.deals}\\b`) }).waitFor();
    }
    const risk = page.getByRole('region', { name: /deals? at risk$/ });
    await risk.getByRole('heading', { name: `${seen.at_risk_total} deal${seen.at_risk_total === 1 ? '' : 's'} at risk` }).waitFor();
    if (seen.at_risk.length) await risk.getByRole('link', { name: seen.at_risk[0].name }).first().waitFor();
  });
  assertNoErrors(page);
});

test('deals at risk: the manager sees how many there are and pages through all of them', opts, async () => {
  /* Enough deals at risk (no next step, nothing logged) for more than one page. */
  let total = (await mgrApi.get('/api/v1/reports/team')).body.at_risk_total;
  for (let i = 0; total + i < 80; i++) await repApi.create('/api/v1/deals', { name: `At risk ${i}` });
  const team = (await mgrApi.get('/api/v1/reports/team')).body;
  total = team.at_risk_total;
  assert.ok(total >= 80 && team.at_risk.length === 50, `${total} at risk, ${team.at_risk.length} on the first page`);
  const page = await signedIn(browser, url, MANAGER);
  await withShot(page, 'manager-at-risk', async () => {
    await page.goto('/manager');
    assertBuilt(opts);
    const risk = page.getByRole('region', { name: `${total} deals at risk` });
    await risk.getByText(`Showing 50 of ${total} deals at risk.`).waitFor();
    for (let shown = 50; shown < total; shown = Math.min(total, shown + 50)) {
      await risk.getByRole('button', { name: /^Show more/ }).click();
      await risk.getByText(`Showing ${Math.min(total, shown + 50)} of ${total} deals at risk.`).waitFor();
    }
    assert.equal(await risk.locator('ul.risk > li').count(), total, 'every deal at risk is listed');
    assert.equal(await risk.getByRole('button', { name: /^Show more/ }).count(), 0, 'nothing more to show');
  });
  assertNoErrors(page);
});

test('a rep is kept out of the manager view', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await page.goto('/manager');
  assertBuilt(opts);
  await page.getByRole('heading', { level: 1, name: 'Not for your role' }).waitFor();
  await page.getByText('This page is for managers and admins.').waitFor();
  assert.equal(await page.getByRole('table', { name: 'Activities per rep' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Team', exact: true }).count(), 0, 'no Team link for a rep');
  assertNoErrors(page);
});

test('a lost reason on the Team view opens the deals lost for it', opts, async () => {
  const team = (await mgrApi.get('/api/v1/reports/team')).body;
  const top = team.lost_reasons.find((x) => x.reason);
  assert.ok(top, 'the demo has lost deals with reasons');
  const page = await signedIn(browser, url, MANAGER);
  await page.goto('/manager');
  await page.getByRole('region', { name: /^Why deals were lost/ }).getByRole('link', { name: top.reason, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
  await page.getByText(`Lost because: ${top.reason}`).waitFor();
  const first = page.locator('main .deal-rows a').first();
  await first.waitFor();
  const id = Number((await first.getAttribute('href')).split('/').pop());
  assert.equal((await mgrApi.get(`/api/v1/deals/${id}`)).body.lost_reason, top.reason);
  assertNoErrors(page);
});

test('a manager sees a rep\'s review flag for junk notes and dismisses it with a note', opts, async () => {
  // Three calls with filler notes today: a junk_notes flag for the rep's manager.
  for (let i = 0; i < 3; i++) {
    await repApi.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, body: `ok ok ok call done follow up later thanks ${'asdf'.repeat(i + 1)}` });
  }
  const flag = (await mgrApi.get(`/api/v1/review/flags?user_id=${rep.id}`)).body.items.find((f) => f.kind === 'junk_notes');
  assert.ok(flag, 'the filler calls made a flag');
  const page = await signedIn(browser, url, MANAGER);
  await withShot(page, 'manager-flags', async () => {
    await page.goto('/manager');
    const panel = page.getByRole('region', { name: /review flag/ });
    const row = panel.getByRole('row').filter({ hasText: rep.name }).filter({ hasText: 'Notes without real content' });
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(flag.sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await row.getByRole('button', { name: /^Dismiss the flag of/ }).click();
    const dlg = page.getByRole('dialog', { name: 'Dismiss a review flag' });
    assert.ok(await dlg.getByRole('button', { name: 'Dismiss the flag' }).isDisabled(), 'a note is required');
    await dlg.getByLabel(/^Note/).fill('Talked it through: testing the phone app.');
    await dlg.getByRole('button', { name: 'Dismiss the flag' }).click();
    await page.getByRole('status').getByText(`Dismissed the flag of ${rep.name}`).waitFor();
    await row.waitFor({ state: 'detached' });
    const after = (await mgrApi.get(`/api/v1/review/flags?status=dismissed&user_id=${rep.id}`)).body.items.find((f) => f.id === flag.id);
    assert.equal(after.note, 'Talked it through: testing the phone app.');
    assertNoErrors(page);
  });
});
