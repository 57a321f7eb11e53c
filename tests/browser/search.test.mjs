// SPDX-License-Identifier: MIT
// Global search: '/' focuses it from any page, the results follow what is typed, Enter opens
// the first hit.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt,
  uniqueWord,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const rep = aRep(users);
const first = uniqueWord('Zeph');
const other = uniqueWord('Quill');
/* Two contacts with the same first name: typing the first name finds both, one more letter of
 * the last name narrows to one. */
const repApi = await api(server, rep.email);
const target = await repApi.create('/api/v1/contacts', { first_name: first, last_name: `${other}feather`, email: `${first}@example.test` });
await repApi.create('/api/v1/contacts', { first_name: first, last_name: 'Marchbanks' });

const opts = await needs(url, 'contact');

test('/ focuses the search; results update as you type; Enter opens the first hit', opts,
  async () => {
    const page = await signedIn(browser, url, rep.email);
    await withShot(page, 'search', async () => {
      const box = page.getByRole('combobox', { name: 'Search' });
      await page.getByRole('heading', { level: 1 }).click();
      await page.keyboard.press('/');
      assert.ok(await box.evaluate((el) => el === document.activeElement), "'/' focuses the search box");
      assert.equal(await box.inputValue(), '', "'/' is not typed into the box");

      const results = page.getByRole('listbox');
      const options = results.getByRole('option');
      /* Type like a person: a key at a time. */
      await box.pressSequentially(first.slice(0, 5), { delay: 40 });
      await options.filter({ hasText: 'Marchbanks' }).waitFor();
      await box.pressSequentially(first.slice(5), { delay: 40 });
      await options.filter({ hasText: `${other}feather` }).waitFor();
      await options.filter({ hasText: 'Marchbanks' }).waitFor();
      await box.pressSequentially(` ${other.slice(0, 3)}`, { delay: 40 });
      await options.filter({ hasText: 'Marchbanks' }).waitFor({ state: 'detached' });
      assert.equal(await options.count(), 1, 'one hit left after part of the last name');
      assert.match(await options.first().innerText(), new RegExp(`${first} ${other}feather`));

      await box.press('Enter');
      await page.waitForURL(`**/contacts/${target.id}`);
      assertBuilt(opts);
      await page.getByRole('heading', { level: 1, name: new RegExp(`${first} ${other}feather`) }).waitFor();
    });
    assertNoErrors(page);
  });

test('a search with no match says so', async () => {
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'search-no-match', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('xqzzyv');
    await page.getByRole('listbox').getByText('No matches').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('listbox').waitFor({ state: 'detached' });
  });
  assertNoErrors(page);
});
