// SPDX-License-Identifier: MIT
// Dialogs keep what was typed: Escape or × on a dialog with typed text asks "Discard what you
// typed?" (Keep editing keeps every character); an untouched dialog closes at once.
import { test } from 'node:test';
import { assert, demoWithRep, signedIn, assertNoErrors, withShot, needs, assertBuilt, uniqueWord, shot } from './lib/browser.mjs';

const { url, browser, rep, repApi } = await demoWithRep();
const contact = await repApi.create('/api/v1/contacts', { first_name: 'Dora', last_name: uniqueWord('Log') });
const opts = await needs(url, 'contact', 'contacts', 'deals');

test('Escape and × on the log-call dialog ask before discarding the notes', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  const notes = 'Asked for a call back next week about the 40 seats, budget approved in March.';
  await withShot(page, 'dialog-discard-ask', async () => {
    await page.goto(`/contacts/${contact.id}`);
    assertBuilt(opts);
    await page.getByRole('heading', { level: 1, name: /Dora/ }).waitFor();
    await page.getByRole('button', { name: /Log call/ }).click();
    const dialog = page.getByRole('dialog', { name: /Log for Dora/ });
    await dialog.getByLabel('Notes').fill(notes);
    await dialog.getByLabel('Notes').press('Escape');
    const ask = dialog.getByRole('alertdialog', { name: 'Discard what you typed?' });
    await ask.waitFor();
    await shot(page, 'dialog-discard-question');
    assert.ok(await dialog.isVisible(), 'Escape did not close the dialog');
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'hidden' });
    assert.equal(await dialog.getByLabel('Notes').inputValue(), notes, 'the notes are kept');

    /* Escape again while asked means "keep editing" too. */
    await dialog.getByRole('button', { name: 'Close' }).click();
    await ask.waitFor();
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'hidden' });
    assert.ok(await dialog.isVisible());
    assert.equal(await dialog.getByLabel('Notes').inputValue(), notes);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await ask.getByRole('button', { name: 'Discard' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });
  /* Opened again, it starts empty and an untouched dialog closes on Escape at once. */
  await page.getByRole('button', { name: /Log call/ }).click();
  const dialog = page.getByRole('dialog', { name: /Log for Dora/ });
  assert.equal(await dialog.getByLabel('Notes').inputValue(), '');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assertNoErrors(page);
});

test('Escape on New contact and New deal with typed text asks first', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await page.goto('/contacts');
  await page.getByRole('button', { name: 'New contact' }).click();
  let dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.getByLabel('First name').fill('Half-typed');
  await page.keyboard.press('Escape');
  await dialog.getByRole('alertdialog', { name: 'Discard what you typed?' }).getByRole('button', { name: 'Keep editing' }).click();
  assert.equal(await dialog.getByLabel('First name').inputValue(), 'Half-typed');

  await page.goto('/deals');
  await page.getByRole('button', { name: 'New deal' }).click();
  dialog = page.getByRole('dialog', { name: 'New deal' });
  await dialog.getByLabel('Name').fill('Half a deal');
  await page.keyboard.press('Escape');
  await dialog.getByRole('alertdialog', { name: 'Discard what you typed?' }).waitFor();
  assert.ok(await dialog.isVisible());
  assert.equal(await dialog.getByLabel('Name').inputValue(), 'Half a deal');
  assertNoErrors(page);
});
