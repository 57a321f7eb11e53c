// SPDX-License-Identifier: MIT
// Organization and contact pickers: Enter before the search answered neither submits the form
// nor shows "No matches"; once results for the text typed are in, Enter picks the highlighted one.
import { test } from 'node:test';
import { assert, demoWithRep, signedIn, assertNoErrors, withShot, needs, assertBuilt, uniqueWord, eventually } from './lib/browser.mjs';

const { url, browser, rep, repApi } = await demoWithRep();
const word = uniqueWord('Pickco');
const org = await repApi.create('/api/v1/organizations', { name: `${word} Ltd` });
const opts = await needs(url, 'deals');

/* Holds every organization search until release() is called, so the test decides when the
 * answer arrives (no timing guesses). */
async function holdSearches(page) {
  const held = [];
  let open = false;
  await page.route(/\/api\/v1\/organizations\?.*q=/, (route) => { if (open) route.continue(); else held.push(route); });
  return {
    count: () => held.length,
    release: () => { open = true; for (const r of held.splice(0)) r.continue(); },
  };
}

test('Enter in the organization picker of a new deal waits for results, then picks', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  const name = `Deal ${uniqueWord('')}`;
  await withShot(page, 'picker-enter', async () => {
    await page.goto('/deals');
    assertBuilt(opts);
    const gate = await holdSearches(page);
    await page.getByRole('button', { name: 'New deal' }).click();
    const dialog = page.getByRole('dialog', { name: 'New deal' });
    await dialog.getByLabel('Name').fill(name);
    const box = dialog.getByRole('combobox', { name: 'Organization' });
    await box.fill(word);
    /* The search left but has no answer: Enter does nothing, and nothing claims "No matches". */
    await eventually(() => gate.count() > 0, 'the search left');
    await box.press('Enter');
    await box.press('Enter');
    assert.ok(await dialog.isVisible(), 'the dialog stays open');
    assert.equal(await dialog.getByText('No matches').count(), 0, 'no "No matches" before the search answered');
    const created = await repApi.get(`/api/v1/deals?q=${encodeURIComponent(name)}`);
    assert.equal(created.body.items.length, 0, 'Enter created no deal');

    gate.release();
    await dialog.getByRole('option', { name: new RegExp(word) }).waitFor();
    await box.press('Enter');
    await dialog.getByText(`Selected: ${org.name}`).waitFor();
    assert.ok(await dialog.isVisible(), 'picking does not submit either');
    await dialog.getByRole('button', { name: 'Create deal' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });
  const deals = (await repApi.get(`/api/v1/deals?q=${encodeURIComponent(name)}`)).body.items;
  assert.equal(deals.length, 1, 'one deal');
  assert.equal(deals[0].org_id, org.id, 'with the organization picked by Enter');
  assertNoErrors(page);
});

test('a picker says "No matches" only after the search for the text answered', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await page.goto('/deals');
  assertBuilt(opts);
  const gate = await holdSearches(page);
  await page.getByRole('button', { name: 'New deal' }).click();
  const dialog = page.getByRole('dialog', { name: 'New deal' });
  const box = dialog.getByRole('combobox', { name: 'Organization' });
  await box.fill(uniqueWord('Nobodyco'));
  await eventually(() => gate.count() > 0, 'the search left');
  await dialog.getByText('Searching…').waitFor();
  assert.equal(await dialog.getByText('No matches').count(), 0);
  gate.release();
  await dialog.getByText('No matches').waitFor();
  await box.press('Enter');
  assert.ok(await dialog.isVisible(), 'Enter with no result does nothing');
  assertNoErrors(page);
});
