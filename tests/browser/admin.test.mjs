// SPDX-License-Identifier: MIT
// Admin pages: hiding a field takes it off the new-contact form; deactivating a user shows what
// will move to whom (a dry run), can split it between successors, and hands the records over;
// a deactivated user can be reactivated.
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
    /* Fields are named for what they are, the API's name beside. */
    await page.getByText('External ID', { exact: true }).waitFor();
    assert.equal(await page.getByText('external_id', { exact: true }).count(), 0);
    const show = page.getByRole('checkbox', { name: 'Job title', exact: true });
    assert.ok(await show.isChecked(), 'the title field is shown to begin with');
    /* A click, not uncheck(): the box stays ticked until the server has saved the change. */
    await show.click();
    await page.getByRole('status').getByText(/Job title hidden from Contacts forms/).waitFor();
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
    /* Before confirming, the dialog says what will move, to whom. */
    const moves = dialog.getByRole('list', { name: 'What moves' });
    await moves.getByRole('listitem').filter({ hasText: `${before.contacts} contacts → ${successor.name}` }).waitFor();
    await shot(page, 'admin-deactivate-dialog');
    await dialog.getByRole('button', { name: `Deactivate ${leaving.name}` }).click();
    /* After, what moved, to whom. */
    await dialog.getByText('is deactivated and signed out').waitFor();
    await moves.getByRole('listitem').filter({ hasText: `${before.contacts} contacts → ${successor.name}` }).waitFor();
    await moves.getByRole('listitem').filter({ hasText: `${before.deals} deal${before.deals === 1 ? '' : 's'} → ${successor.name}` }).waitFor();
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

test('an admin splits a leaver\'s records between two successors after a preview, then reactivates them', opts, async () => {
  const email = 'splitter@demo.uptake.test';
  const made = await adminApi.post('/api/v1/users', { email, name: 'Sol Splitter', role: 'rep', password: 'splitter-password' });
  assert.equal(made.status, 201, made.text);
  const leaver = made.body;
  const L = await api(server, email, 'splitter-password');
  await L.create('/api/v1/contacts', { last_name: 'Split One' });
  await L.create('/api/v1/contacts', { last_name: 'Split Two' });
  const task = await L.create('/api/v1/tasks', { title: 'Split task' });
  const now = (await adminApi.get('/api/v1/users')).body.items;
  const reps = now.filter((u) => u.role === 'rep' && u.active && !u.is_integration && u.id !== leaver.id);
  const [first, second] = [reps[0], reps[1]];
  const label = (u) => `${u.name}${u.team_name ? ` (${u.team_name})` : ''}`;

  const page = await signedIn(browser, url, ADMIN);
  await withShot(page, 'admin-split', async () => {
    assertBuilt(opts);
    await page.goto('/admin/users');
    await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Deactivate Sol Splitter' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate Sol Splitter' });
    await dialog.getByLabel('Successor').selectOption({ label: label(first) });
    const moves = dialog.getByRole('list', { name: 'What moves' });
    /* Singular and plural as the counts say: one open task, two contacts. */
    await moves.getByRole('listitem').filter({ hasText: `2 contacts → ${first.name}` }).waitFor();
    await moves.getByRole('listitem').filter({ hasText: `1 open task → ${first.name}` }).waitFor();
    assert.equal(await moves.getByRole('listitem').count(), 2);
    /* The text says only what moves: activities are not handed over. */
    assert.match(await dialog.innerText(), /logged activities keep their author/);
    await dialog.getByLabel('Give some kinds of records to someone else').check();
    await dialog.getByLabel('Successor for open tasks').selectOption({ label: label(second) });
    await moves.getByRole('listitem').filter({ hasText: `1 open task → ${second.name}` }).waitFor();
    await moves.getByRole('listitem').filter({ hasText: `2 contacts → ${first.name}` }).waitFor();
    await shot(page, 'admin-split-preview');
    /* The preview changed nothing. */
    assert.equal((await adminApi.get(`/api/v1/tasks/${task.id}`)).body.owner_id, leaver.id);
    await dialog.getByRole('button', { name: 'Deactivate Sol Splitter' }).click();
    await dialog.getByText('is deactivated and signed out').waitFor();
    await moves.getByRole('listitem').filter({ hasText: `1 open task → ${second.name}` }).waitFor();
    await shot(page, 'admin-split-result');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });

    /* Reactivate: from the deactivated users, with a word on what stays where. */
    await page.getByLabel('Show deactivated').check();
    await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Reactivate Sol Splitter' }).click();
    const again = page.getByRole('dialog', { name: 'Reactivate Sol Splitter' });
    await again.getByText(`handed to ${first.name} when they left stay there`).waitFor();
    await shot(page, 'admin-reactivate');
    await again.getByRole('button', { name: 'Reactivate Sol Splitter' }).click();
    await page.getByRole('status').getByText('Sol Splitter can sign in again').waitFor();
    await again.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Deactivate Sol Splitter' }).waitFor();
  });
  assert.equal((await adminApi.get(`/api/v1/tasks/${task.id}`)).body.owner_id, second.id);
  assert.equal((await adminApi.get(`/api/v1/users/${leaver.id}`)).body.active, true);
  await api(server, email, 'splitter-password');
  assertNoErrors(page);
});

test('the user Edit dialog promises no feature that does not exist', opts, async () => {
  const rep = (await adminApi.get('/api/v1/users')).body.items.find((u) => u.role === 'rep' && !u.is_integration);
  const page = await signedIn(browser, url, ADMIN);
  await withShot(page, 'admin-edit-user', async () => {
    assertBuilt(opts);
    await page.goto('/admin/users');
    await page.getByRole('button', { name: `Edit ${rep.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${rep.name}` });
    await dialog.getByLabel(/^Ambassador/).waitFor();
    assert.doesNotMatch(await dialog.innerText(), /ask an expert/i);
    await shot(page, 'admin-edit-user');
  });
  assertNoErrors(page);
});
