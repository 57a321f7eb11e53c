// SPDX-License-Identifier: MIT
// The board shows only recently closed deals in Won and Lost (the last 30 days unless widened,
// with counts to match) and keeps every column on screen at 1280 px.
import { test } from 'node:test';
import { sql } from '../api/lib/server.mjs';
import { assert, demoWithRep, signedIn, assertNoErrors, withShot, needs, assertBuilt, uniqueWord, shot } from './lib/browser.mjs';

const { server, url, browser, rep, repApi } = await demoWithRep();
const stages = (await repApi.get('/api/v1/stages')).body.items;
const won = stages.find((s) => s.is_won);
const fresh = await repApi.create('/api/v1/deals', { name: `Fresh win ${uniqueWord('')}`, stage_id: won.id });
const old = await repApi.create('/api/v1/deals', { name: `Old win ${uniqueWord('')}`, stage_id: won.id });
sql(server.db, `UPDATE deals SET closed_at = ${Date.now() - 60 * 86400000} WHERE id = ${old.id}`);
const opts = await needs(url, 'pipeline');

test('Won and Lost show the last 30 days by default; a control widens them', opts, async () => {
  const since = new Date(Date.now() - 30 * 86400000).toISOString();
  const recent = (await repApi.get(`/api/v1/reports/pipeline?owner_id=${rep.id}&closed_after=${since}`)).body.stages.find((s) => s.id === won.id).count;
  const ever = (await repApi.get(`/api/v1/reports/pipeline?owner_id=${rep.id}`)).body.stages.find((s) => s.id === won.id).count;
  assert.ok(ever > recent, `${ever} won in all, ${recent} in the last 30 days`);
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'pipeline-closed', async () => {
    await page.goto('/pipeline');
    assertBuilt(opts);
    const column = page.getByRole('region', { name: new RegExp(`^${won.name}\\b`) });
    await column.getByRole('listitem').filter({ hasText: fresh.name }).waitFor();
    await column.getByRole('heading', { name: `${won.name} ${recent}` }).waitFor();
    await column.getByText('last 30 days').waitFor();
    assert.equal(await column.getByText(old.name).count(), 0, 'a deal won 60 days ago is not on the board');

    /* Every column on screen at 1280 × 800, nothing to scroll sideways. */
    const fit = await page.evaluate(() => {
      const board = document.querySelector('.board');
      const right = board.getBoundingClientRect().right;
      return { scroll: board.scrollWidth - board.clientWidth, out: [...board.querySelectorAll('.column')].filter((c) => c.getBoundingClientRect().right > Math.min(right, window.innerWidth) + 0.5).length };
    });
    assert.deepEqual(fit, { scroll: 0, out: 0 }, 'all columns fit');
    await shot(page, 'pipeline-1280');

    await page.getByLabel('Won and lost').selectOption('all');
    await column.getByRole('heading', { name: `${won.name} ${ever}` }).waitFor();
    await column.getByText('all time').waitFor();
    assert.match(page.url(), /closed=all/);
  });
  assertNoErrors(page);
});
