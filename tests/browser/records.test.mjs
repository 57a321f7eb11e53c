// SPDX-License-Identifier: MIT
// Today and the record pages: the quick-log box logs a call for a contact picked by typing, a
// task is completed from its checkbox, the new-organization form shows at most eight fields
// (hidden ones never) and opens the new record, and the organization page lists its people.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt,
  uniqueWord, eventually, ADMIN,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const rep = aRep(users);
const repApi = await api(server, rep.email);
const last = uniqueWord('Quill');
const org = await repApi.create('/api/v1/organizations', { name: `${last} Holdings` });
const contact = await repApi.create('/api/v1/contacts', { first_name: 'Mira', last_name: last, org_id: org.id });
const overdue = await repApi.create('/api/v1/tasks', {
  title: `Call Mira back ${uniqueWord('')}`, contact_id: contact.id, due_at: new Date(Date.now() - 86400e3).toISOString(),
});

test('Today: quick-log a call for a contact picked by typing, and complete an overdue task', await needs(url, 'today'), async () => {
  const page = await signedIn(browser, url, rep.email);
  const subject = `Quick call ${uniqueWord('')}`;
  await withShot(page, 'today-quick-log', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const box = page.getByRole('region', { name: 'Quick log' });
    await box.getByRole('combobox', { name: 'Contact' }).fill(`Mira ${last}`);
    await box.getByRole('option', { name: new RegExp(last) }).first().click();
    assert.ok(await box.getByRole('radio', { name: 'Call' }).isChecked(), 'a call is the default kind');
    await box.getByLabel('Subject').fill(subject);
    await box.getByRole('button', { name: 'Log call' }).click();
    await page.getByRole('status').getByText(/logged/i).waitFor();

    /* The quick-log box, still on the contact, offers the same task under "Also complete"
       once it has asked again: tick the one in My tasks. */
    const task = page.getByRole('region', { name: 'My tasks' }).getByRole('checkbox', { name: overdue.title });
    await task.click(); /* the box ticks once the server has answered */
    await page.getByRole('status').getByText(/task done/i).waitFor();
  });
  assertNoErrors(page);
  const acts = await repApi.get(`/api/v1/activities?contact_id=${contact.id}`);
  assert.equal(acts.body.items.length, 1, acts.text);
  assert.equal(acts.body.items[0].subject, subject);
  assert.equal(acts.body.items[0].kind, 'call');
  assert.equal(acts.body.items[0].org_id, org.id, 'the call is filed under the contact\'s organization too');
  await eventually(async () => (await repApi.get(`/api/v1/tasks/${overdue.id}`)).body.done === true, 'the task is done');
});

test('the new-organization form shows at most eight fields, never a hidden one, and opens the new record', await needs(url, 'organizations', 'organization'), async () => {
  const adminApi = await api(server, ADMIN);
  const hid = await adminApi.patch('/api/v1/fields/organization/website', { hidden: true });
  const page = await signedIn(browser, url, rep.email);
  const name = `${uniqueWord('Fieldmark')} Ltd`;
  try {
    await withShot(page, 'organization-new', async () => {
      assertBuilt(await needs(url, 'organizations', 'organization'));
      await page.goto('/organizations');
      await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
      await page.getByRole('button', { name: 'New organization' }).click();
      const dialog = page.getByRole('dialog', { name: 'New organization' });
      await dialog.getByLabel(/^Name/).waitFor();
      const visible = await dialog.locator('input:visible, select:visible, textarea:visible').count();
      assert.ok(visible <= 8, `at most eight fields before "More", got ${visible}`);
      if (hid.status === 200) assert.equal(await dialog.getByLabel('Website').count(), 0, 'a hidden field is not on the form');
      await dialog.getByLabel(/^Name/).fill(name);
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
    });
    assertNoErrors(page);
  } finally {
    if (hid.status === 200) await adminApi.patch('/api/v1/fields/organization/website', { hidden: false });
  }
});

test('the organization page lists its people and the contact page its organization', await needs(url, 'organization', 'contact'), async () => {
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'organization-people', async () => {
    await page.goto(`/organizations/${org.id}`);
    await page.getByRole('heading', { level: 1, name: org.name }).waitFor();
    const people = page.getByRole('region', { name: /People/ });
    await people.getByRole('link', { name: `Mira ${last}` }).click();
    await page.getByRole('heading', { level: 1, name: `Mira ${last}` }).waitFor();
    await page.getByRole('main').getByRole('link', { name: org.name }).first().waitFor();
  });
  assertNoErrors(page);
});

/* An old or hand-edited link with a sort the server refuses still lists the records, newest
 * first, and says why; a sort it knows does not show the note. */
test('a list asked for an unknown sort says so and still lists', await needs(url, 'contacts', 'organizations', 'deals'), async () => {
  const page = await signedIn(browser, url, rep.email);
  for (const path of ['/contacts', '/organizations', '/deals']) {
    await page.goto(`${path}?sort=no_such_field`);
    await page.getByRole('status').filter({ hasText: 'This list cannot be sorted that way; showing newest first.' }).waitFor();
    await page.locator('main a[href*="/"]').filter({ hasNotText: /^$/ }).nth(3).waitFor();
    await page.getByLabel('Sort').selectOption({ index: 1 });
    await page.getByText('This list cannot be sorted that way').waitFor({ state: 'detached' });
  }
  assertNoErrors(page, [/status of 400/]);
});

test('Today: a deal without a next step gets one where it stands', await needs(url, 'today'), async () => {
  const name = `Stalled deal ${uniqueWord('')}`;
  const d = await repApi.create('/api/v1/deals', { name, close_date: '2099-12-31' });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'today-deal-care', async () => {
    await page.goto('/');
    const panel = page.getByRole('region', { name: /My deals that need care/ });
    const row = panel.getByRole('listitem').filter({ hasText: name });
    await row.getByText('no next step').waitFor();
    await row.getByRole('button', { name: 'Set next step' }).click();
    const fix = row.getByRole('form', { name: `Fix ${name}` });
    await fix.getByRole('button', { name: 'Save' }).click();
    await fix.getByText('Say what happens next').waitFor();
    await fix.getByLabel('Next step').fill('Demo with the CFO on Friday');
    await fix.getByRole('button', { name: 'Save' }).click();
    await row.getByText('next: Demo with the CFO on Friday').waitFor();
    assert.equal(await row.getByText('no next step').count(), 0);
    /* Still nothing logged on it: a call from the row files it under the deal. */
    await row.getByText('no activity in 14 days').waitFor();
    await row.getByRole('button', { name: 'Log call' }).click();
    const dialog = page.getByRole('dialog', { name: `Log for ${name}` });
    await dialog.getByLabel('Subject').fill('Checked in');
    await dialog.getByRole('button', { name: 'Log call' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('✓ Looks good now').waitFor();
  });
  const after = (await repApi.get(`/api/v1/deals/${d.id}`)).body;
  assert.equal(after.next_step, 'Demo with the CFO on Friday');
  assert.equal((await repApi.get(`/api/v1/activities?deal_id=${d.id}`)).body.items.length, 1);
  assertNoErrors(page);
});
