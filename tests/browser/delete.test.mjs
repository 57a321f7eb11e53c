// SPDX-License-Identifier: MIT
// Deleting from a record's page: the edit form's "Delete …" asks first, the record leaves the
// list (a soft delete, checked through the API), and the toast's Undo restores it and opens it.
import { test } from 'node:test';
import {
  assert, demoWithRep, aTeammate, signedIn, assertNoErrors, withShot, api, needs, assertBuilt,
  uniqueWord, eventually, ADMIN,
} from './lib/browser.mjs';

const { server, url, users, browser, rep, repApi } = await demoWithRep();
const opts = await needs(url, 'contact', 'deal', 'contacts', 'deals');

test('a contact deleted by mistake comes back with Undo', opts, async () => {
  const last = uniqueWord('Oops');
  const c = await repApi.create('/api/v1/contacts', { first_name: 'Dora', last_name: last });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'delete-contact', async () => {
    await page.goto(`/contacts/${c.id}`);
    assertBuilt(opts);
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByRole('button', { name: 'Delete contact' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete Dora ${last}?` });
    /* Cancel first: nothing happens. */
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await repApi.get(`/api/v1/contacts/${c.id}`)).status, 200);

    await page.getByRole('button', { name: 'Delete contact' }).click();
    await dialog.getByRole('button', { name: 'Delete contact' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await page.getByRole('status').getByText(`Contact “Dora ${last}” deleted`).waitFor();
    await eventually(async () => (await repApi.get(`/api/v1/contacts/${c.id}`)).status === 404, 'the contact is gone');
    const search = await repApi.get(`/api/v1/contacts?q=${last}`);
    assert.equal(search.body.items.length, 0, 'not in search');

    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('heading', { level: 1, name: `Dora ${last}` }).waitFor();
  });
  const back = await repApi.get(`/api/v1/contacts/${c.id}`);
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.deleted_at, null);
  assertNoErrors(page);
});

test('a deal is deleted from its edit form', opts, async () => {
  const name = `Deal to drop ${uniqueWord('')}`;
  const d = await repApi.create('/api/v1/deals', { name });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'delete-deal', async () => {
    await page.goto(`/deals/${d.id}`);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Delete deal' }).click();
    await page.getByRole('dialog', { name: `Delete ${name}?` }).getByRole('button', { name: 'Delete deal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
    await page.getByRole('status').getByText(`Deal “${name}” deleted`).waitFor();
  });
  await eventually(async () => (await repApi.get(`/api/v1/deals/${d.id}`)).status === 404, 'the deal is gone');
  const trash = await repApi.get('/api/v1/deals?deleted=true&limit=200');
  assert.ok(trash.body.items.some((x) => x.id === d.id), 'in the trash, restorable');
  assertNoErrors(page);
});

test('a delete the server refuses is shown in the dialog and changes nothing', opts, async () => {
  const mate = aTeammate(users, rep);
  const adminApi = await api(server, ADMIN);
  const last = uniqueWord('Moved');
  const c = await repApi.create('/api/v1/contacts', { first_name: 'Mo', last_name: last });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'delete-refused', async () => {
    await page.goto(`/contacts/${c.id}`);
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByRole('button', { name: 'Delete contact' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete Mo ${last}?` });
    await dialog.waitFor();
    /* Meanwhile an admin hands the contact to a teammate: it is no longer the rep's to delete. */
    const moved = await adminApi.patch(`/api/v1/contacts/${c.id}`, { owner_id: mate.id });
    assert.equal(moved.status, 200, moved.text);
    await dialog.getByRole('button', { name: 'Delete contact' }).click();
    await dialog.getByRole('alert').getByText('you may not change records owned by someone else').waitFor();
    assert.equal(await page.getByRole('heading', { level: 1, name: `Mo ${last}` }).count(), 1, 'still on the contact');
  });
  const still = await adminApi.get(`/api/v1/contacts/${c.id}`);
  assert.equal(still.status, 200);
  assert.equal(still.body.deleted_at, null);
  assertNoErrors(page, [/status of 403/]);
});

test('a teammate\'s contact shows who may change it, and no Edit', opts, async () => {
  const mate = aTeammate(users, rep);
  const mateApi = await api(server, mate.email);
  const last = uniqueWord('Theirs');
  const theirs = await mateApi.create('/api/v1/contacts', { first_name: 'Tess', last_name: last });
  const page = await signedIn(browser, url, rep.email);
  await page.goto(`/contacts/${theirs.id}`);
  await page.getByRole('heading', { level: 1, name: `Tess ${last}` }).waitFor();
  await page.getByText(`Owned by ${mate.name}: they, their manager or an admin can change it.`).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Edit details' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'fill in' }).count(), 0);
  /* Logging a call stays open to everyone who sees the contact. */
  assert.equal(await page.getByRole('button', { name: /Log call/ }).count(), 1);
  assertNoErrors(page);
});

test('a contact deleted long ago is restored from the Trash', opts, async () => {
  const last = uniqueWord('Binned');
  const c = await repApi.create('/api/v1/contacts', { first_name: 'Bea', last_name: last });
  assert.equal((await repApi.del(`/api/v1/contacts/${c.id}`)).status, 204);
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'trash', async () => {
    await page.goto('/contacts');
    await page.getByRole('link', { name: 'Deleted' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trash' }).waitFor();
    const list = page.getByRole('list', { name: 'Deleted contacts' });
    /* Most recently deleted first. */
    await list.getByRole('listitem').first().getByText(`Bea ${last}`).waitFor();
    await list.getByRole('button', { name: `Restore Bea ${last}` }).click();
    await list.getByText('Restored').waitFor();
    await list.getByRole('link', { name: 'Open' }).click();
    await page.getByRole('heading', { level: 1, name: `Bea ${last}` }).waitFor();
  });
  const back = await repApi.get(`/api/v1/contacts/${c.id}`);
  assert.equal(back.status, 200, back.text);
  assertNoErrors(page);
});

test('the Trash lists deleted tasks under their own tab', opts, async () => {
  const title = `Binned task ${uniqueWord('')}`;
  const t = await repApi.create('/api/v1/tasks', { title });
  await repApi.del(`/api/v1/tasks/${t.id}`);
  const page = await signedIn(browser, url, rep.email);
  await page.goto('/trash');
  await page.getByRole('button', { name: 'Tasks' }).click();
  await page.getByRole('list', { name: 'Deleted tasks' }).getByText(title).waitFor();
  assert.match(page.url(), /\/trash\?kind=tasks$/);
  assertNoErrors(page);
});


test('a call deleted from the timeline is restored from the Trash and shows again', opts, async () => {
  const c = await repApi.create('/api/v1/contacts', { first_name: 'Cal', last_name: uniqueWord('Trash') });
  const subject = `Binned call ${uniqueWord('')}`;
  const a = await repApi.create('/api/v1/activities', { kind: 'call', contact_id: c.id, subject });
  await repApi.del(`/api/v1/activities/${a.id}`);
  const page = await signedIn(browser, url, rep.email);
  await page.goto('/trash?kind=activities');
  const list = page.getByRole('list', { name: 'Deleted activities' });
  await list.getByRole('button', { name: `Restore ${subject}` }).click();
  await list.getByRole('link', { name: 'Open' }).click();
  await page.getByRole('list', { name: 'Timeline' }).getByText(subject).waitFor();
  assert.equal((await repApi.get(`/api/v1/activities/${a.id}`)).status, 200);
  assertNoErrors(page);
});
