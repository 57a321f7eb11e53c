// SPDX-License-Identifier: MIT
// Admin pages: hiding a field takes it off the new-contact form; deactivating a user hands
// their records to the successor picked in the dialog.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt,
  eventually, shot, ADMIN, openNewContact,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const adminApi = await api(server, ADMIN);
const opts = await needs(url, 'admin', 'contacts');

test('an admin hides a field and it is gone from the new-contact form', opts, async () => {
  const page = await signedIn(browser, url, ADMIN);
  await withShot(page, 'admin-fields', async () => {
    assertBuilt(opts);
    /* Before: the form asks for a job title. */
    let form = await openNewContact(page);
    await form.getByLabel('Job title').waitFor();

    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Fields' }).click();
    await page.getByRole('group', { name: 'Record kind' }).getByRole('link', { name: 'Contacts' }).click();
    const show = page.getByRole('checkbox', { name: 'title', exact: true });
    assert.ok(await show.isChecked(), 'the title field is shown to begin with');
    /* A click, not uncheck(): the box stays ticked until the server has saved the change. */
    await show.click();
    await page.getByRole('status').getByText(/title hidden from Contacts forms/).waitFor();
    assert.equal(await show.isChecked(), false);

    /* After: the field is not on the form (not even behind "More fields"); the others are. */
    form = await openNewContact(page);
    assert.equal(await form.getByLabel('Job title').count(), 0, 'the job title is hidden');
    assert.equal(await form.getByLabel('Email', { exact: true }).count(), 1);
    await shot(page, 'admin-fields-new-contact');
  });
  /* A hidden field is only hidden in forms: the API still takes it. */
  const c = await adminApi.create('/api/v1/contacts', { first_name: 'Hidden', last_name: 'Title', title: 'CFO' });
  assert.equal(c.title, 'CFO');
  assertNoErrors(page);
});

test('an admin deactivates a user with a successor and the records move', opts, async () => {
  const leaving = aRep(users, 1);
  const successor = users.find((u) => u.role === 'rep' && u.active && !u.is_integration && u.id !== leaving.id && u.team_id === leaving.team_id);
  assert.ok(successor, 'a second rep in the team');
  const count = async (kind, owner) => {
    let n = 0, cursor = '';
    for (;;) {
      const r = await adminApi.get(`/api/v1/${kind}?owner_id=${owner}&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      n += r.body.items.length;
      if (!r.body.next_cursor) return n;
      cursor = r.body.next_cursor;
    }
  };
  const before = { contacts: await count('contacts', leaving.id), deals: await count('deals', leaving.id) };
  const succBefore = await count('contacts', successor.id);
  assert.ok(before.contacts > 0 && before.deals > 0, `the leaving rep owns records: ${JSON.stringify(before)}`);

  const page = await signedIn(browser, url, ADMIN);
  await withShot(page, 'admin-deactivate', async () => {
    assertBuilt(opts);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Users' }).click();
    const row = page.getByRole('row').filter({ hasText: leaving.email });
    await row.getByRole('button', { name: `Deactivate ${leaving.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Deactivate ${leaving.name}` });
    await dialog.waitFor();
    await dialog.getByLabel('Successor').selectOption({ label: `${successor.name} (${successor.team_name})` });
    await shot(page, 'admin-deactivate-dialog');
    await dialog.getByRole('button', { name: `Deactivate ${leaving.name}` }).click();
    /* The dialog says what moved, to whom. */
    await dialog.getByText(successor.name).waitFor();
    await dialog.getByRole('listitem').filter({ hasText: new RegExp(`^${before.contacts}\\s+contacts$`) }).waitFor();
    await dialog.getByRole('listitem').filter({ hasText: new RegExp(`^${before.deals}\\s+deals$`) }).waitFor();
    await shot(page, 'admin-deactivate-result');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    /* Gone from the list of active users once it reloads. */
    await page.getByRole('row').filter({ hasText: leaving.email }).waitFor({ state: 'detached' });
    await page.getByLabel('Show deactivated').check();
    await page.getByRole('row').filter({ hasText: leaving.email }).getByText(new RegExp(`deactivated.*${successor.name}`)).waitFor();
  });
  await eventually(async () => (await count('contacts', leaving.id)) === 0, 'no contacts left with the leaver');
  assert.equal(await count('deals', leaving.id), 0);
  assert.equal(await count('contacts', successor.id), succBefore + before.contacts);
  const u = (await adminApi.get(`/api/v1/users/${leaving.id}`)).body;
  assert.equal(u.active, false);
  assert.equal(u.successor_id, successor.id);
  assertNoErrors(page);
});
