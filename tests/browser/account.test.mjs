// SPDX-License-Identifier: MIT
// My account: reached from the user's name in the top bar; changing the password there keeps
// this browser signed in, and the next sign-in takes the new password only. A wrong current
// password is shown next to its field and loses nothing typed.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt, PASSWORD,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const rep = aRep(users);
const opts = await needs(url, 'account');
const NEW = 'a-new-pass-phrase-9';

test('a wrong current password is refused next to its field', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await page.getByRole('link', { name: rep.name }).click();
  assertBuilt(opts);
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password', { exact: true }).fill(NEW);
  await page.getByLabel('New password again').fill(NEW);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('that is not your current password').waitFor();
  assert.equal(await page.getByLabel('New password', { exact: true }).inputValue(), NEW, 'what was typed stays');
  await page.getByLabel('New password again').fill(`${NEW}x`);
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('The two new passwords differ').waitFor();
  assertNoErrors(page, [/status of 422/]);
});

test('the password is changed, this browser stays signed in, the new one signs in', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'account-password', async () => {
    await page.goto('/me');
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW);
    await page.getByLabel('New password again').fill(NEW);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed.').waitFor();
    assert.equal(await page.getByLabel('Current password').inputValue(), '', 'the fields are cleared');
  });
  /* Still signed in here. */
  await page.goto('/contacts');
  await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
  assertNoErrors(page);
  const old = await server.anon().post('/api/v1/session', { email: rep.email, password: PASSWORD });
  assert.equal(old.status, 401, 'the old password no longer signs in');
  const fresh = await api(server, rep.email, NEW);
  assert.ok(fresh.user, 'the new one does');
});
