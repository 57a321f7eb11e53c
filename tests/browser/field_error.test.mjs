// SPDX-License-Identifier: MIT
// A refused save shows the server's message next to the field it is about, keeps what was
// typed, and saves once the field is fixed.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt,
  uniqueWord, eventually, openNewContact, shot,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const rep = aRep(users);
const repApi = await api(server, rep.email);
const opts = await needs(url, 'contacts');

test('a bad email is refused with the error next to the email field', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  const last = uniqueWord('Bademail');
  await withShot(page, 'contact-field-error', async () => {
    assertBuilt(opts);
    const form = await openNewContact(page);
    await form.getByLabel('First name').fill('Otto');
    await form.getByLabel('Last name').fill(last);
    const email = form.getByLabel('Email', { exact: true });
    await email.fill('otto at example');
    await form.getByRole('button', { name: /^(Save|Create|Add)/ }).click();

    /* The message is tied to the input (aria-describedby) and sits in the same field. */
    await email.and(page.locator('[aria-invalid="true"]')).waitFor();
    const errId = await email.getAttribute('aria-describedby');
    assert.ok(errId, 'the email input points at its error message');
    const msg = page.locator(`[id="${errId.split(' ')[0]}"]`);
    assert.match(await msg.innerText(), /email/i);
    const field = email.locator('xpath=..');
    assert.equal(await field.locator(`[id="${errId.split(' ')[0]}"]`).count(), 1, 'the error sits with its field');
    /* What was typed is still there. */
    assert.equal(await form.getByLabel('Last name').inputValue(), last);
    assert.equal(await email.inputValue(), 'otto at example');
    await shot(page, 'contact-field-error-shown');

    /* Fixing the field clears the error and the save goes through. */
    await email.fill('otto@example.test');
    assert.equal(await email.getAttribute('aria-invalid'), null, 'the error clears while typing');
    await form.getByRole('button', { name: /^(Save|Create|Add)/ }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(last) }).or(page.getByRole('status').getByText(/saved|created|added/i)).first().waitFor();
  });
  const found = await eventually(async () => {
    const r = await repApi.get(`/api/v1/contacts?q=${last}`);
    return r.body.items.length === 1 && r.body.items[0];
  }, 'the contact was saved once');
  assert.equal(found.email, 'otto@example.test');
  /* The refused POST is logged by the browser itself. */
  assertNoErrors(page, [/status of 422/]);
});
