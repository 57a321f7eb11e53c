// SPDX-License-Identifier: MIT
// The Points page (web/js/pages/points.js): a rep opens it from the header, sees the points
// they hold, their streak and badges, finds themselves on the leaderboard, switches it to
// teams, to another ranking and to custom dates (kept in the address), and reads the rule
// behind their newest award in their history.
import { test } from 'node:test';
import { assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt, shot } from './lib/browser.mjs';

const { server, url, users } = await startDemo({ contacts: 60, days: 14 });
const browser = await launch();
const rep = aRep(users);
const repApi = await api(server, rep.email);
const opts = await needs(url, 'points');

test('a rep reads their points, finds themselves on the leaderboard and sees the rule behind an award', opts, async () => {
  // A call with real notes: an award the history must explain.
  const c = await repApi.create('/api/v1/contacts', { first_name: 'Ines', last_name: 'Duarte' });
  await repApi.create('/api/v1/activities', {
    kind: 'call', contact_id: c.id,
    body: 'Ines walked me through the rollout plan; finance signs the order once the pilot in Porto ends.',
  });
  const ledger = (await repApi.get('/api/v1/points/ledger?limit=1')).body;
  const newest = ledger.items[0];
  assert.ok(newest.points > 0, JSON.stringify(newest));
  const week = (await repApi.get('/api/v1/leaderboards?period=week')).body.items.find((i) => i.you);
  assert.ok(week, 'the rep is on this week\'s board');

  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'points', async () => {
    assertBuilt(opts);
    await page.getByRole('banner').getByRole('link', { name: 'Points', exact: true }).click();
    await page.getByRole('heading', { name: 'Points', level: 1 }).waitFor();
    const mine = page.getByRole('region', { name: 'Your points', exact: true });
    await mine.getByText('Points held').waitFor();
    assert.match(await mine.textContent(), new RegExp(new Intl.NumberFormat('en-US').format(ledger.total)));

    const board = page.getByRole('region', { name: 'Leaderboard', exact: true });
    const me = board.locator('tr.you');
    await me.waitFor();
    assert.match(await me.textContent(), new RegExp(rep.name));
    assert.equal((await me.locator('td').nth(0).textContent()).trim(), String(week.rank));

    const history = page.getByRole('region', { name: 'Your points history' });
    const first = history.locator('tbody tr').first();
    await first.waitFor();
    assert.match(await first.textContent(), new RegExp(newest.rule_name));
    assert.match(await first.textContent(), new RegExp(`\\+${newest.points}`));
    await shot(page, 'points-page');

    // Teams, another ranking, custom dates: the board follows, the address keeps the choice.
    await board.getByLabel('Show').selectOption('team');
    await board.getByRole('columnheader', { name: 'Team' }).waitFor();
    assert.match(page.url(), /by=team/);
    await board.getByLabel('Ranked by').selectOption('improved');
    await page.waitForURL(/metric=improved/);
    await board.getByLabel('Period').selectOption('custom');
    await board.getByText('Pick both dates').waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * 864e5).toISOString().slice(0, 10);
    await board.getByLabel('From').fill(monthAgo);
    await board.getByLabel('To').fill(today);
    await board.locator('table.leaderboard tbody tr').first().waitFor();
    assert.match(page.url(), new RegExp(`from=${monthAgo}.*to=${today}`));
    await page.reload();
    assert.equal(await board.getByLabel('Period').inputValue(), 'custom');
    await board.locator('table.leaderboard tbody tr').first().waitFor();
    await shot(page, 'points-teams-custom');
    assertNoErrors(page);
  });
});
