// SPDX-License-Identifier: MIT
// The live TV board: opened with a display token (no sign-in), the token leaves the address
// bar, the slides loop; a deal won through the API interrupts with the rep, the deal and the
// amount, then the loop resumes. Screenshots at 1920x1080 and 3840x2160.
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { assert, launch, newPage, signedIn, startDemo, assertNoErrors, withShot, shot, api, aRep, ADMIN, SCREENSHOTS } from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const adminApi = await api(server, ADMIN);
const rep = aRep(users);
const repApi = await api(server, rep.email);

const channel = await adminApi.create('/api/v1/tv/channels', {
  slug: 'sales-floor', name: 'Sales floor', sound: true,
  slides: [
    { kind: 'leaderboard', seconds: 20, options: { period: 'month', by: 'person', limit: 6 } },
    { kind: 'recent_wins', seconds: 5 },
    { kind: 'team_goal', seconds: 5, options: { target: 2000, period: 'month' } },
    { kind: 'adoption', seconds: 5 },
    { kind: 'contest', seconds: 5 },
  ],
});
const hour = 3600 * 1000;
const contest = await adminApi.create('/api/v1/contests', {
  name: 'December sprint', format: 'top_n', top_n: 3, prize: 'Team lunch',
  starts_at: new Date(Date.now() - 30 * 24 * hour).toISOString(), ends_at: new Date(Date.now() + 50 * hour).toISOString(),
});
const { token } = await adminApi.create('/api/v1/tv/tokens', { name: 'Lobby', channel_id: channel.id });

test('a TV shows the board, celebrates a won deal, then resumes the loop', async () => {
  const page = await newPage(browser, url, { width: 1920, height: 1080 });
  await withShot(page, 'tv-1080', async () => {
    await page.goto(`/tv/sales-floor?token=${token}`);
    await page.locator('#tv-slide .tv-row').first().waitFor();
    assert.equal(await page.locator('#tv-title').textContent(), 'Sales floor');
    assert.ok(!page.url().includes('token'), `the token left the address bar: ${page.url()}`);
    assert.equal(await page.locator('#tv-slide').getAttribute('data-kind'), 'leaderboard');
    await shot(page, 'tv-board-1080');

    // Amounts reach a public screen only when the admin allows peers to see them.
    assert.equal((await adminApi.patch('/api/v1/settings/boards', { peers_see_amounts: true })).status, 200);
    const stages = (await repApi.get('/api/v1/stages')).body.items;
    const won = stages.find((s) => s.is_won);
    const d = await repApi.create('/api/v1/deals', { name: 'Globex renewal', amount_minor: 4850000, currency: 'EUR' });
    const r = await repApi.patch(`/api/v1/deals/${d.id}`, { stage_id: won.id });
    assert.equal(r.status, 200, r.text);
    const win = page.locator('#tv-win');
    await win.waitFor({ state: 'visible' });
    assert.equal(await page.locator('#tv-win-rep').textContent(), rep.name);
    assert.equal(await page.locator('#tv-win-deal').textContent(), 'Globex renewal');
    assert.match(await page.locator('#tv-win-amount').textContent(), /48,500/);
    await page.waitForFunction((id) => document.body.dataset.celebrated === String(id), d.id);
    // The board fits the screen: nothing to scroll, on a TV nobody can.
    assert.equal(await page.evaluate(() => document.documentElement.scrollHeight), 1080);
    await page.waitForTimeout(700); // confetti in flight for the picture
    const file = await shot(page, 'tv-win-1080');
    // UPTAKE_README_SHOT=1 refreshes the README's picture (docs/screenshots/tv.png) from this one.
    if (process.env.UPTAKE_README_SHOT === '1') {
      const docs = new URL('../../docs/screenshots/', import.meta.url).pathname;
      fs.mkdirSync(docs, { recursive: true });
      fs.copyFileSync(file, path.join(docs, 'tv.png'));
    }
    // The ticker has the win.
    assert.match(await page.locator('#tv-ticker').textContent(), /Globex renewal/);

    // The loop resumes after the celebration.
    await win.waitFor({ state: 'hidden', timeout: 15000 });
    await page.locator('#tv-slide .tv-row, #tv-slide .tv-empty').first().waitFor();
    assert.ok(['leaderboard', 'recent_wins', 'team_goal', 'adoption'].includes(await page.locator('#tv-slide').getAttribute('data-kind')));

    // An announcement shows as a banner.
    assert.equal((await adminApi.post(`/api/v1/tv/channels/${channel.id}/announcements`, { text: 'Pizza in the kitchen at 5' })).status, 202);
    await page.locator('#tv-banner').getByText('Pizza in the kitchen at 5').waitFor();
    assertNoErrors(page);
  });

  const big = await newPage(browser, url, { width: 3840, height: 2160 });
  await withShot(big, 'tv-2160', async () => {
    await big.goto(`/tv/sales-floor?token=${token}`);
    await big.locator('#tv-slide .tv-row').first().waitFor();
    // 4K is not tiny: a leaderboard row's text is at least as large, in CSS pixels, as 1.8x the 1080p one.
    const size = await big.locator('#tv-slide .tv-row .big').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(size >= 60, `row figures at 4K are ${size}px`);
    assertNoErrors(big);
  });
  assert.ok(fs.existsSync(path.join(SCREENSHOTS, 'tv-2160.png')));
});

test('a person who opted out of public boards is not on the TV by name, and amounts follow the setting', async () => {
  assert.equal((await adminApi.patch('/api/v1/settings/boards', { peers_see_amounts: false })).status, 200);
  const page = await newPage(browser, url, { width: 1920, height: 1080 });
  await withShot(page, 'tv-consent', async () => {
    await page.goto(`/tv/sales-floor?token=${token}`);
    await page.locator('#tv-slide .tv-row').first().waitFor();
    // The leader of the board opts out; after a reload of the figures the name is gone.
    const leaderName = (await page.locator('#tv-slide .tv-row .name').first().textContent()).trim();
    const leader = users.find((u) => u.name && leaderName.startsWith(u.name) && u.has_password && u.active);
    assert.ok(leader, `the leader "${leaderName}" is a demo user who can sign in`);
    const leaderApi = await api(server, leader.email);
    assert.equal((await leaderApi.patch('/api/v1/me/board', { visibility: 'hidden' })).status, 200);
    await page.reload();
    await page.locator('#tv-slide .tv-row').first().waitFor();
    assert.doesNotMatch(await page.locator('#tv-slide').textContent(), new RegExp(leader.name));

    // Their win still celebrates, as "A teammate", and without the amount.
    const won = (await leaderApi.get('/api/v1/stages')).body.items.find((s) => s.is_won);
    const d = await leaderApi.create('/api/v1/deals', { name: 'Quiet win', amount_minor: 1234500, currency: 'EUR' });
    assert.equal((await leaderApi.patch(`/api/v1/deals/${d.id}`, { stage_id: won.id })).status, 200);
    await page.waitForFunction((id) => document.body.dataset.celebrated === String(id), d.id);
    assert.equal(await page.locator('#tv-win-rep').textContent(), 'A teammate');
    assert.equal(await page.locator('#tv-win-deal').textContent(), 'Quiet win');
    assert.equal((await page.locator('#tv-win-amount').textContent()).trim(), '');
    assert.doesNotMatch(await page.locator('body').textContent(), new RegExp(`${leader.name}|12,345`));
    await shot(page, 'tv-consent-win');
    // The API a TV reads agrees: no slide names them, no recent win shows an amount.
    const board = await (await fetch(`${url}/api/v1/tv/sales-floor`, { headers: { Authorization: `Display ${token}` } })).json();
    assert.doesNotMatch(JSON.stringify(board), new RegExp(leader.name));
    const wins = board.channel.slides.find((s) => s.kind === 'recent_wins').data.items;
    assert.ok(wins.length > 0 && wins.every((w) => w.amount_minor === null), JSON.stringify(wins));
    assert.equal(wins.find((w) => w.deal_id === d.id).owner_name, 'A teammate');
    assert.equal((await leaderApi.patch('/api/v1/me/board', { visibility: null })).status, 200);
    assertNoErrors(page);
  });
});

test('a contest slide shows the standings, the countdown and the prize', async () => {
  const c = await adminApi.create('/api/v1/tv/channels', { slug: 'contest-wall', name: 'Contest wall', slides: [{ kind: 'contest', seconds: 30 }] });
  const t = await adminApi.create('/api/v1/tv/tokens', { name: 'Wall', channel_id: c.id });
  const page = await newPage(browser, url, { width: 1920, height: 1080 });
  await withShot(page, 'tv-contest', async () => {
    await page.goto(`/tv/contest-wall?token=${t.token}`);
    await page.locator('#tv-slide .tv-row').first().waitFor();
    assert.equal(await page.locator('#tv-slide').getAttribute('data-kind'), 'contest');
    assert.match(await page.locator('#tv-slide h2').textContent(), /^December sprint\s*ends in 2 d [12] h$/);
    assert.equal(await page.locator('#tv-slide .tv-prize').textContent(), 'Prize: Team lunch');
    const standings = (await adminApi.get(`/api/v1/contests/${contest.id}`)).body.standings;
    assert.ok(standings.length > 0);
    const names = await page.locator('#tv-slide .tv-row .name').allTextContents();
    assert.equal(names.length, Math.min(8, standings.length));
    assert.ok(names[0].includes(standings[0].name), `${names[0]} vs ${standings[0].name}`);
    assertNoErrors(page);
  });
});

test('an admin makes a channel and a display token in Admin › TV boards, and sends an announcement', async () => {
  const page = await signedIn(browser, url, ADMIN);
  await withShot(page, 'tv-admin', async () => {
    await page.goto('/admin/tv');
    await page.getByRole('button', { name: 'New channel' }).click();
    const form = page.getByRole('form', { name: 'New channel' });
    await form.getByLabel('Name').fill('Break room');
    await form.getByLabel('Address (slug)').fill('break-room');
    await form.getByLabel('Slide 1 seconds').fill('12');
    await form.getByLabel('Slide 1 period').selectOption('month');
    await form.getByLabel('Slide 1 by').selectOption('team');
    await form.getByLabel('Slide 1 rows').fill('8');
    await form.getByRole('button', { name: 'Add a slide' }).click();
    await form.getByLabel('Slide 2 kind').selectOption('adoption');
    await form.getByRole('button', { name: 'Add a slide' }).click();
    await form.getByLabel('Slide 3 kind').selectOption('contest');
    await form.getByLabel('Slide 3 contest').selectOption({ label: 'December sprint (running)' });
    await shot(page, 'tv-admin-form');
    await form.getByRole('button', { name: 'Create channel' }).click();
    await page.getByRole('cell', { name: '/tv/break-room' }).waitFor();
    await page.getByRole('cell', { name: 'Leaderboard 12 s · Adoption scorecard (teams) 10 s · Contest standings 10 s' }).waitFor();
    const made = (await adminApi.get('/api/v1/tv/channels')).body.items.find((c) => c.slug === 'break-room');
    assert.deepEqual(made.slides.map((s) => [s.kind, s.seconds]), [['leaderboard', 12], ['adoption', 10], ['contest', 10]]);
    assert.deepEqual(made.slides[0].options, { period: 'month', by: 'team', metric: 'points', limit: 8 });
    assert.deepEqual(made.slides[2].options, { contest_id: contest.id });

    const tokens = page.getByRole('form', { name: 'New display token' });
    await tokens.getByLabel('Screen name').fill('Break room TV');
    await tokens.getByLabel('Channel').selectOption({ label: 'Break room' });
    await tokens.getByRole('button', { name: 'Create token' }).click();
    const shown = await page.locator('.tv-url').textContent();
    assert.match(shown, /\/tv\/break-room\?token=[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Revoke Break room TV' }).waitFor();
    const tv = new URL(shown).search.slice('?token='.length);
    assert.equal((await fetch(`${url}/api/v1/tv/break-room`, { headers: { Authorization: `Display ${tv}` } })).status, 200);
    await page.getByRole('button', { name: 'Revoke Break room TV' }).click();
    await page.getByRole('row', { name: /Break room TV/ }).getByText('revoked').waitFor();
    assert.equal((await fetch(`${url}/api/v1/tv/break-room`, { headers: { Authorization: `Display ${tv}` } })).status, 401);

    const send = page.getByRole('form', { name: 'Send an announcement' });
    await send.getByLabel('Channel').selectOption({ label: 'Break room' });
    await send.getByLabel('Text').fill('Cake in the break room');
    await send.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').getByText('Announcement sent').waitFor();
    assertNoErrors(page);
  });
});

test('a TV reconnects by itself after a server restart and celebrates the next win', async () => {
  const page = await newPage(browser, url, { width: 1920, height: 1080 });
  await withShot(page, 'tv-restart', async () => {
    await page.goto(`/tv/sales-floor?token=${token}`);
    await page.locator('#tv-slide .tv-row').first().waitFor();
    const { port } = server;
    await server.stop();
    server.stopped = undefined; // the file's after() stops the new process too
    await page.locator('#tv-status').getByText('reconnecting…').waitFor();
    await server.spawn(['--listen', `127.0.0.1:${port}`]); // the same address: the TV's
    assert.equal(server.port, port);
    await page.locator('#tv-status').waitFor({ state: 'hidden', timeout: 40000 }); // EventSource retries by itself
    const again = await api(server, rep.email);
    const won = (await again.get('/api/v1/stages')).body.items.find((s) => s.is_won);
    const d = await again.create('/api/v1/deals', { name: 'After the restart', amount_minor: 100000, currency: 'EUR' });
    assert.equal((await again.patch(`/api/v1/deals/${d.id}`, { stage_id: won.id })).status, 200);
    await page.waitForFunction((id) => document.body.dataset.celebrated === String(id), d.id, { timeout: 20000 });
    assert.equal(await page.locator('#tv-win-deal').textContent(), 'After the restart');
    // The stream cut by the stop and the requests refused while the server was down are the
    // expected errors here, and only those.
    const down = 'net::ERR_(INCOMPLETE_CHUNKED_ENCODING|CONNECTION_REFUSED)';
    const ours = '/api/v1/(stream|tv/sales-floor)\\b';
    assertNoErrors(page, [new RegExp(`${ours}.*${down}$`), new RegExp(`${down}.*${ours}`)]);
  });
});
