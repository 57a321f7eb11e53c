// SPDX-License-Identifier: MIT
// The pipeline board: dragging a deal card onto another stage's column moves the deal (checked
// through the API), and the card shows up in its new column.
import { test } from 'node:test';
import {
  assert, aTeammate, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt,
  uniqueWord, eventually,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const rep = aRep(users);
const repApi = await api(server, rep.email);
const stages = (await repApi.get('/api/v1/stages')).body.items.sort((a, b) => a.position - b.position);
const [first, second] = stages;
const name = `Board deal ${uniqueWord('')}`;
const deal = await repApi.create('/api/v1/deals', {
  name, amount_minor: 4200000, currency: 'EUR', stage_id: first.id, close_date: '2027-03-31',
});
const opts = await needs(url, 'pipeline');

test('dragging a deal card to another stage moves the deal', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'pipeline-drag', async () => {
    await page.goto('/pipeline');
    assertBuilt(opts);
    const column = (s) => page.getByRole('region', { name: new RegExp(`^${s.name}\\b`) });
    const card = column(first).getByRole('listitem').filter({ hasText: name });
    await card.waitFor();
    await card.getByText('€42,000', { exact: true }).waitFor(); // whole euros, grouped
    await card.dragTo(column(second));
    await column(second).getByRole('listitem').filter({ hasText: name }).waitFor();
    assert.equal(await column(first).getByRole('listitem').filter({ hasText: name }).count(), 0,
      'the card left its old column');
    await page.getByRole('status').getByText(new RegExp(`Moved.*${second.name}`)).waitFor();
  });
  const moved = await eventually(async () => {
    const r = await repApi.get(`/api/v1/deals/${deal.id}`);
    return r.body.stage_id === second.id && r.body;
  }, `deal ${deal.id} in stage ${second.name}`);
  assert.equal(moved.version, deal.version + 1, 'one write');
  const hist = await repApi.get(`/api/v1/deals/${deal.id}/history`);
  assert.ok(hist.body.items.length >= 1, hist.text);
  assertNoErrors(page);
});

test('the board survives a reload and keeps the moved card', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'pipeline', async () => {
    await page.goto('/pipeline');
    assertBuilt(opts);
    const col = page.getByRole('region', { name: new RegExp(`^${second.name}\\b`) });
    await col.getByRole('listitem').filter({ hasText: name }).waitFor();
  });
  assertNoErrors(page);
});

test("a teammate's card on the team board cannot be moved by a rep", opts, async () => {
  const mate = aTeammate(users, rep);
  const mateApi = await api(server, mate.email);
  const theirs = `Teammate deal ${uniqueWord('')}`;
  await mateApi.create('/api/v1/deals', { name: theirs, stage_id: first.id });
  const page = await signedIn(browser, url, rep.email);
  await page.goto('/pipeline?scope=team');
  const column = page.getByRole('region', { name: new RegExp(`^${first.name}\\b`) });
  const card = column.getByRole('listitem').filter({ hasText: theirs });
  await card.waitFor();
  assert.equal(await card.getAttribute('draggable'), 'false');
  assert.equal(await card.getByRole('combobox').count(), 0, 'no "Move to…" on a card the rep may not change');
  const mine = column.getByRole('listitem').filter({ hasText: name });
  if (await mine.count()) assert.equal(await mine.getAttribute('draggable'), 'true');
  assertNoErrors(page);
});

test('moving a card to Lost on the board asks why and keeps the answer', opts, async () => {
  const lost = stages.find((s) => s.is_lost);
  const dname = `Board lost ${uniqueWord('')}`;
  const d = await repApi.create('/api/v1/deals', { name: dname, stage_id: first.id });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'pipeline-lost', async () => {
    await page.goto('/pipeline');
    const card = page.getByRole('region', { name: new RegExp(`^${first.name}\\b`) }).getByRole('listitem').filter({ hasText: dname });
    await card.waitFor();
    await card.getByRole('combobox').selectOption({ label: lost.name });
    const dialog = page.getByRole('dialog', { name: `Why was “${dname}” lost?` });
    await dialog.getByLabel('Reason', { exact: true }).fill('Budget frozen until spring');
    await dialog.getByRole('button', { name: 'Mark lost' }).click();
    await page.getByRole('region', { name: new RegExp(`^${lost.name}\\b`) }).getByRole('listitem').filter({ hasText: dname }).waitFor();
  });
  const after = await eventually(async () => {
    const r = (await repApi.get(`/api/v1/deals/${d.id}`)).body;
    return r.stage_id === lost.id && r;
  }, 'the deal is lost');
  assert.equal(after.lost_reason, 'Budget frozen until spring');
  assertNoErrors(page);
});
