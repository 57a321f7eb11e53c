// SPDX-License-Identifier: MIT
// The adoption pages: an admin's scorecard ranks everyone as the API does and marks the
// lagging, the team filter narrows it, the charts draw; a bad custom period shows the API's
// message; a rep's "My adoption" shows their score, where they stand in their team and exactly
// the API's suggestions (none for mere presence, no internal names); a manager sees only their
// team; the teams side by side; sparklines mark the week under way; "#" counts the rows shown. The page's own API answer is the reference: scores move as
// the test signs people in, so a second request could rank them differently.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt,
  eventually, ADMIN, MANAGER,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const adminApi = await api(server, ADMIN);
const rep = aRep(users);
const opts = await needs(url, 'adoption', 'adoptionuser');

/* The JSON of the page's next GET of path (with the given query parameters, if any). */
function answer(page, path, params = {}) {
  return page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === `/api/v1${path}` && r.request().method() === 'GET'
      && Object.entries(params).every(([k, v]) => u.searchParams.get(k) === v);
  }).then((r) => r.json());
}

const scorecard = (page) => page.getByRole('table', { name: 'Scorecard' });
const rowsOf = (page) => scorecard(page).locator('tbody tr');
const names = (page) => rowsOf(page).locator('th.name a').allTextContents();

async function rowCount(page, n, what) {
  await eventually(async () => (await rowsOf(page).count()) === n, `${what}: ${n} rows`);
}

test('an admin sees everyone ranked, the lagging marked, and the charts', opts, async () => {
  const page = await signedIn(browser, url, ADMIN);
  await withShot(page, 'adoption-admin', async () => {
    assertBuilt(opts);
    const got = answer(page, '/adoption/users');
    await page.goto('/adoption');
    const body = await got;
    assert.ok(body.items.length > 10, `the demo has people: ${body.items.length}`);
    await rowCount(page, body.items.length, 'everyone');
    const first = rowsOf(page).first();
    assert.equal(await first.locator('th.name a').textContent(), body.items[0].name, 'the API\'s first is the first row');
    assert.equal((await first.locator('td.rank').textContent()).trim(), '1');
    assert.deepEqual(await names(page), body.items.map((u) => u.name), 'ranked in the API\'s order');
    assert.equal(await first.getByRole('link').getAttribute('href'), `/adoption/users/${body.items[0].user_id}`);

    /* Lagging rows: a class and a visible word, not colour alone. */
    const lagging = body.items.filter((u) => u.lagging);
    assert.ok(lagging.length >= 1, 'the demo has lagging users');
    assert.equal(await scorecard(page).locator('tbody tr.lagging').count(), lagging.length);
    for (const u of lagging.slice(0, 3)) {
      await rowsOf(page).filter({ hasText: u.name }).getByText('lagging', { exact: true }).waitFor();
    }
    /* The trend says its direction in words too. */
    const moved = body.items.find((u) => u.trend);
    if (moved) {
      const words = `${moved.trend > 0 ? 'up' : 'down'} ${Math.abs(moved.trend)} from ${moved.previous_score}`;
      await rowsOf(page).filter({ hasText: moved.name }).getByText(words).waitFor({ state: 'attached' });
    }

    const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    assert.match(csv, /^\/api\/v1\/adoption\/users\?.*format=csv/);
    await page.getByRole('definition').filter({ hasText: '%' }).first().waitFor();
    await page.getByText('Stickiness', { exact: true }).waitFor();
    /* The sparklines: the period ends today, so this week is still under way and drawn apart. */
    assert.equal(await scorecard(page).locator('svg.spark.spark-partial').count(), body.items.length);
    assert.match(await rowsOf(page).first().locator('svg.spark').getAttribute('aria-label'), /this week so far: \d/);
    /* The teams side by side, ranked by score, each with the API's figures. */
    const teams = (await adminApi.get('/api/v1/adoption/teams')).body.items;
    const compare = page.getByRole('table', { name: 'Teams side by side' });
    const trows = compare.locator('tbody tr');
    await eventually(async () => (await trows.count()) === teams.length, `${teams.length} teams side by side`);
    const byScore = [...teams].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    assert.deepEqual(await trows.locator('th.name').allTextContents(), byScore.map((t) => t.name));
    assert.deepEqual(await trows.locator('td.rank').allTextContents(), byScore.map((_, i) => String(i + 1)));
    for (let i = 0; i < byScore.length; i++)
      assert.equal((await trows.nth(i).locator('.score-num').textContent()).trim(), String(byScore[i].score));
    /* Team trends (two charts) and, for an admin, the organization's trend and rollout. */
    await eventually(async () => (await page.locator('.uplot canvas').count()) >= 4, 'four uPlot charts');
    await page.getByRole('figure', { name: /Rollout/ }).locator('canvas').waitFor();
  });
  assertNoErrors(page);
});

test('the team filter narrows the scorecard', opts, async () => {
  const page = await signedIn(browser, url, ADMIN);
  await withShot(page, 'adoption-team-filter', async () => {
    assertBuilt(opts);
    await page.goto('/adoption');
    await rowsOf(page).first().waitFor();
    const all = await rowsOf(page).count();
    const teams = (await adminApi.get('/api/v1/adoption/teams')).body.items;
    const team = teams[teams.length - 1];
    const got = answer(page, '/adoption/users', { team: String(team.team_id) });
    await page.getByLabel('Team', { exact: true }).selectOption(String(team.team_id));
    const body = await got;
    assert.ok(body.items.length > 0 && body.items.length < all, `${body.items.length} of ${all}`);
    await rowCount(page, body.items.length, `team ${team.name}`);
    assert.deepEqual(await names(page), body.items.map((u) => u.name));
    for (const t of await rowsOf(page).locator('td.team').allTextContents()) assert.equal(t, team.name);
    /* "#" counts the rows shown. */
    assert.deepEqual((await rowsOf(page).locator('td.rank').allTextContents()).map(Number), body.items.map((_, i) => i + 1));
    assert.match(page.url(), new RegExp(`[?&]team=${team.team_id}\\b`), 'the filter is in the URL');
    assert.match(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'), new RegExp(`team=${team.team_id}`));
  });
  assertNoErrors(page);
});

test('a row opens the person\'s page from the keyboard; a bad custom period shows the API\'s message', opts, async () => {
  const page = await signedIn(browser, url, ADMIN);
  await withShot(page, 'adoption-user', async () => {
    assertBuilt(opts);
    await page.goto('/adoption');
    const link = scorecard(page).locator('tbody tr.lagging').first().getByRole('link');
    const name = await link.textContent();
    const id = (await link.getAttribute('href')).match(/\/adoption\/users\/(\d+)/)[1];
    const got = answer(page, `/adoption/users/${id}`);
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/adoption/users/${id}`);
    const body = await got;
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const raise = page.getByRole('region', { name: /would raise .* score/ });
    assert.equal(await raise.getByRole('listitem').count(), body.raise.length);
    /* Records behind a part link to their pages. */
    const rec = body.parts.flatMap((p) => p.records).find((r) => r.entity === 'deal' || r.entity === 'contact');
    if (rec) await page.locator(`a[href="/${rec.entity}s/${rec.id}"]`).first().waitFor();
    await page.getByRole('link', { name: 'Adoption', exact: true }).first().waitFor();
  });
  await withShot(page, 'adoption-period-error', async () => {
    await page.goto('/adoption');
    await rowsOf(page).first().waitFor();
    await page.getByLabel('Period', { exact: true }).selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill('2026-03-01');
    await page.getByLabel('To', { exact: true }).fill('2026-02-01');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('alert').filter({ hasText: /'from' must not be after 'to'/ }).first().waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: /must not be after/ }).count(), 1, 'the message shows once');
  });
  assertNoErrors(page, [/status of 422/]);
});

test('a rep sees their score and exactly the API\'s three suggestions', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'adoption-me-rep', async () => {
    assertBuilt(opts);
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await nav.getByRole('link', { name: 'Adoption', exact: true }).count(), 0, 'no scorecard for reps');
    const got = answer(page, `/adoption/users/${rep.id}`);
    await page.getByRole('link', { name: 'My adoption' }).click();
    await page.waitForURL('**/me/adoption');
    const body = await got;
    await page.getByRole('heading', { level: 1, name: 'My adoption' }).waitFor();
    assert.equal(await page.locator('.big-score strong').textContent(), String(body.score));
    const raise = page.getByRole('region', { name: /would raise your score/ });
    const items = raise.getByRole('listitem');
    assert.equal(await items.count(), body.raise.length, 'as many suggestions as the API gives');
    for (let i = 0; i < body.raise.length; i++) {
      const r = body.raise[i], text = await items.nth(i).textContent();
      assert.ok(text.includes(r.advice), `${text} has "${r.advice}"`);
      assert.ok(text.includes(`+${r.points} point`), `${text} has +${r.points}`);
      assert.ok(text.includes(r.now), `${text} has "${r.now}"`);
    }
    for (const c of ['Access', 'Process', 'Quality']) await page.getByRole('heading', { level: 2, name: c }).waitFor();
    /* Where they stand in their team, without the peers' own figures. */
    const st = body.standing;
    const standing = page.locator('.standing');
    await standing.waitFor();
    const words = await standing.textContent();
    assert.match(words, new RegExp(`\\b${st.rank}(st|nd|rd|th) of ${st.of}\\b`));
    assert.ok(words.includes(`in team ${body.team_name}`), words);
    assert.ok(words.includes(`median score ${st.median_score}`), words);
    /* Advice never rewards mere presence, and features go by their names for people. */
    const page_text = await page.locator('main').textContent();
    for (const bad of [/open uptake every/i, /log_activity/, /even for a minute/i]) assert.doesNotMatch(page_text, bad);
  });
  /* The scorecard is not for reps. */
  await page.goto('/adoption');
  await page.getByRole('heading', { level: 1, name: 'Not for your role' }).waitFor();
  assertNoErrors(page);
});

test('a manager\'s scorecard shows only their team', opts, async () => {
  const manager = users.find((u) => u.email === MANAGER);
  const teamName = (await adminApi.get('/api/v1/adoption/teams')).body.items.find((t) => t.team_id === manager.team_id).name;
  const page = await signedIn(browser, url, MANAGER);
  await withShot(page, 'adoption-manager', async () => {
    assertBuilt(opts);
    const got = answer(page, '/adoption/users');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Adoption', exact: true }).click();
    const body = await got;
    await rowCount(page, body.items.length, 'the team');
    assert.ok(body.items.length > 1 && body.items.length < users.filter((u) => u.role !== 'admin').length);
    for (const t of await rowsOf(page).locator('td.team').allTextContents()) assert.equal(t, teamName);
    assert.deepEqual(await names(page), body.items.map((u) => u.name));
    const options = await page.getByLabel('Team', { exact: true }).locator('option').allTextContents();
    assert.deepEqual(options.slice(1), [teamName], 'only their team to pick');
    await eventually(async () => (await page.locator('.uplot canvas').count()) >= 2, 'the team charts');
    assert.equal(await page.getByText('Stickiness', { exact: true }).count(), 0, 'no organization figures');
  });
  assertNoErrors(page);
});
