// SPDX-License-Identifier: MIT
// Points admin pages (web/js/pages/points_admin.js, sections of the admin page): an admin
// creates a points rule and sees it in the list; creates a contest and sees its standings with
// a countdown; runs a draw and checks it matches; reads who holds each badge.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, needs, assertBuilt, shot, ADMIN, uniqueWord,
} from './lib/browser.mjs';

const { server, url } = await startDemo();
const browser = await launch();
const adminApi = await api(server, ADMIN);
const opts = await needs(url, 'admin', 'points_admin');

async function section(page, name) {
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name, exact: true }).click();
}

test('an admin adds a points rule and changes its cap', opts, async () => {
  const page = await signedIn(browser, url, ADMIN);
  const name = `${uniqueWord('Rule')} demo booked`;
  await withShot(page, 'points-rules', async () => {
    assertBuilt(opts);
    await section(page, 'Points rules');
    await page.getByRole('rowheader', { name: /Call with real notes/ }).waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const dlg = page.getByRole('dialog', { name: 'Add a points rule' });
    await dlg.getByLabel('Name').fill(name);
    await dlg.getByLabel('Condition').selectOption('activity_notes');
    await dlg.getByLabel('Points', { exact: true }).fill('3');
    await dlg.getByLabel('Cap per day (0: none)').fill('9');
    await dlg.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('status').getByText(`Added rule ${name}`).waitFor();
    await page.getByRole('rowheader', { name: new RegExp(name) }).waitFor();
    const cap = page.getByLabel(`cap week of ${name}`);
    await cap.fill('30');
    await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText(`Saved rule ${name}`).waitFor();
    await shot(page, 'points-rules');
  });
  const rules = (await adminApi.get('/api/v1/points/rules')).body.items;
  const r = rules.find((x) => x.name === name);
  assert.deepEqual([r.points, r.cap_day, r.cap_week, r.condition], [3, 9, 30, 'activity_notes']);
  assertNoErrors(page);
});

test('an admin creates a contest and sees its standings and countdown', opts, async () => {
  const page = await signedIn(browser, url, ADMIN);
  const name = uniqueWord('Sprint');
  await withShot(page, 'points-contests', async () => {
    assertBuilt(opts);
    await section(page, 'Contests');
    await page.getByRole('button', { name: 'Create contest' }).click();
    const dlg = page.getByRole('dialog', { name: 'Create a contest' });
    await dlg.getByLabel('Name').fill(name);
    await dlg.getByLabel('Format').selectOption('race');
    await dlg.getByLabel('Target (the first to reach it wins)').fill('50');
    /* A field of another format is not asked for. */
    assert.equal(await dlg.getByLabel('Winners (the top N)').count(), 0);
    await dlg.getByLabel('Prize').fill('Team lunch');
    await shot(page, 'points-contest-form');
    await dlg.getByRole('button', { name: 'Create contest' }).click();
    await page.getByRole('status').getByText(`Created contest ${name}`).waitFor();
    const st = page.getByRole('dialog', { name: `Standings: ${name}` });
    await st.getByText('Race to a target').waitFor();
    await st.getByText('target 50').waitFor();
    assert.ok(await st.locator('.standings-list tbody tr').count() > 0, 'people in the standings');
    await shot(page, 'points-contest-standings');
    await page.keyboard.press('Escape');
    const row = page.locator('.contests li', { hasText: name });
    await row.getByText('running').waitFor();
    await row.getByText(/ends in 6 d 23 h|ends in 7 d 0 h/).waitFor();
    await shot(page, 'points-contests');
  });
  assertNoErrors(page);
});

test('an admin runs a draw and checks it', opts, async () => {
  const page = await signedIn(browser, url, ADMIN);
  const prize = uniqueWord('Voucher');
  await withShot(page, 'points-draws', async () => {
    assertBuilt(opts);
    await section(page, 'Draws');
    await page.getByLabel('Prize').fill(prize);
    await page.getByLabel('Who can win').selectOption('meetings');
    await page.getByRole('button', { name: 'Draw', exact: true }).click();
    await page.getByRole('status').getByText(new RegExp(`won ${prize}`)).waitFor();
    const row = page.getByRole('row', { name: new RegExp(prize) });
    await row.waitFor();
    await row.getByRole('button', { name: /Check draw/ }).click();
    await row.getByText('matches', { exact: true }).waitFor();
    await shot(page, 'points-draws');
  });
  const d = (await adminApi.get('/api/v1/points/draws')).body.items.find((x) => x.prize === prize);
  assert.ok(d.eligible.length > 0);
  assertNoErrors(page);
});

test('the badges section lists who holds each badge', opts, async () => {
  const page = await signedIn(browser, url, ADMIN);
  await withShot(page, 'points-badges', async () => {
    assertBuilt(opts);
    await section(page, 'Badges');
    await page.getByText('First call', { exact: true }).waitFor();
    await page.getByText('Clean pipeline for a month', { exact: true }).waitFor();
    await shot(page, 'points-badges');
  });
  assertNoErrors(page);
});
