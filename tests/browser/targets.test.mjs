// SPDX-License-Identifier: MIT
// Targets & holidays (web/js/pages/targets.js, a section of the admin page): an admin sets a
// person's points target per week and adds a holiday in the UI; the Points page ranked by
// percent of target then shows that person's percent.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, needs, assertBuilt, shot, ADMIN, uniqueWord,
} from './lib/browser.mjs';

const { server, url } = await startDemo();
const browser = await launch();
const adminApi = await api(server, ADMIN);
const opts = await needs(url, 'admin', 'points');

test('an admin sets a target and adds a holiday; the leaderboard shows a percent', opts, async () => {
  /* someone with points this week, so their percent is a number */
  const board = (await adminApi.get('/api/v1/leaderboards?period=week')).body.items;
  const top = board.find((i) => i.points > 0) || board[0];
  const page = await signedIn(browser, url, ADMIN);
  const holiday = uniqueWord('Holiday');
  await withShot(page, 'targets', async () => {
    assertBuilt(opts);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Targets & holidays', exact: true }).click();
    const input = page.getByLabel(`Points per week for ${top.name}`);
    await input.fill('40');
    await page.getByRole('button', { name: `Save the target of ${top.name}` }).click();
    await page.getByRole('status').getByText(`Saved the target of ${top.name}`).waitFor();
    await page.getByLabel('Date').fill('2030-07-15');
    await page.getByLabel('Name', { exact: true }).fill(holiday);
    await page.getByRole('button', { name: 'Add holiday' }).click();
    await page.getByRole('status').getByText(`Added ${holiday}`).waitFor();
    await page.getByRole('button', { name: `Delete holiday ${holiday}` }).waitFor();
    await shot(page, 'targets');
  });
  const targets = (await adminApi.get('/api/v1/points/targets')).body.items;
  assert.equal(targets.find((t) => t.user_id === top.user_id).per_week, 40);
  const days = (await adminApi.get('/api/v1/holidays')).body.items;
  assert.ok(days.some((h) => h.day === '2030-07-15' && h.name === holiday));

  await withShot(page, 'targets-percent', async () => {
    await page.goto('/points?period=week&metric=percent');
    const row = page.getByRole('row', { name: new RegExp(top.name) });
    await row.getByText(/^\d+%$/).waitFor();
    await shot(page, 'targets-percent');
  });
  assertNoErrors(page);
});
