// SPDX-License-Identifier: MIT
// The tasks page: an overdue task is moved to tomorrow from its Edit dialog and leaves the
// Overdue group; a task is deleted and comes back with Undo; a rep hands their task to a
// teammate (each checked through the API).
import { test } from 'node:test';
import {
  assert, demoWithRep, signedIn, assertNoErrors, withShot, needs, assertBuilt,
  uniqueWord, eventually, aTeammate,
} from './lib/browser.mjs';

const { url, browser, rep, repApi, users } = await demoWithRep();
const opts = await needs(url, 'tasks');

/* A new task of the rep's titled `${prefix} …`, and its Edit dialog opened on the tasks page. */
async function editDialogOfNewTask(prefix) {
  const title = `${prefix} ${uniqueWord('')}`;
  await repApi.create('/api/v1/tasks', { title });
  const page = await signedIn(browser, url, rep.email);
  await page.goto('/tasks');
  await page.getByRole('button', { name: `Edit ${title}` }).click();
  return { page, dialog: page.getByRole('dialog', { name: 'Edit task' }) };
}

test('an overdue task is moved to tomorrow and renamed', opts, async () => {
  const title = `Send the deck ${uniqueWord('')}`;
  const t = await repApi.create('/api/v1/tasks', { title, due_at: new Date(Date.now() - 3 * 86400e3).toISOString() });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'task-edit', async () => {
    await page.goto('/tasks');
    assertBuilt(opts);
    const overdue = page.getByRole('region', { name: /^Overdue/ });
    await overdue.getByText(title).waitFor();
    await overdue.getByRole('button', { name: `Edit ${title}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByRole('button', { name: 'Tomorrow' }).click();
    await dialog.getByLabel('What needs doing').fill(`${title} v2`);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').getByText('Task saved').waitFor();
    await overdue.getByText(title).waitFor({ state: 'detached' });
    await page.getByText(`${title} v2`).waitFor();
  });
  const after = (await repApi.get(`/api/v1/tasks/${t.id}`)).body;
  assert.equal(after.title, `${title} v2`);
  const due = new Date(after.due_at), tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  assert.equal(due.toDateString(), tomorrow.toDateString(), `due ${after.due_at}`);
  assert.equal(due.getHours(), 9);
  assertNoErrors(page);
});

test('a task is deleted and comes back with Undo', opts, async () => {
  const title = `Drop me ${uniqueWord('')}`;
  const t = await repApi.create('/api/v1/tasks', { title, due_at: new Date(Date.now() + 86400e3).toISOString() });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'task-delete', async () => {
    await page.goto('/tasks');
    await page.getByRole('button', { name: `Edit ${title}` }).click();
    await page.getByRole('dialog', { name: 'Edit task' }).getByRole('button', { name: 'Delete task' }).click();
    await page.getByRole('status').getByText(`Task “${title}” deleted`).waitFor();
    await page.getByText(title, { exact: true }).waitFor({ state: 'detached' });
    await eventually(async () => (await repApi.get(`/api/v1/tasks/${t.id}`)).status === 404, 'the task is deleted');
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await page.getByText(title, { exact: true }).waitFor();
  });
  const back = await repApi.get(`/api/v1/tasks/${t.id}`);
  assert.equal(back.status, 200, back.text);
  assertNoErrors(page);
});

test('a bad title is refused next to the field and what was typed stays', opts, async () => {
  const { page, dialog } = await editDialogOfNewTask('Keep me');
  const long = 'x'.repeat(600);
  await dialog.getByLabel('What needs doing').fill(long);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('alert').first().waitFor();
  assert.equal(await dialog.getByLabel('What needs doing').inputValue(), long, 'the typing is kept');
  assertNoErrors(page, [/status of 422/]);
});

test('on Today, an overdue task is moved to next week from its row', await needs(url, 'today'), async () => {
  const title = `Overdue on Today ${uniqueWord('')}`;
  const t = await repApi.create('/api/v1/tasks', { title, due_at: new Date(Date.now() - 86400e3).toISOString() });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'today-task-edit', async () => {
    await page.goto('/');
    const panel = page.getByRole('region', { name: 'My tasks' });
    await panel.getByText(title).waitFor();
    await panel.getByRole('button', { name: `Edit ${title}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await dialog.getByRole('button', { name: 'Next week' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    /* No longer overdue: it leaves the Overdue list (and, depending on the hour, Today's seven
     * days too). */
    await page.waitForFunction((t) => ![...document.querySelectorAll('.p-tasks li')]
      .some((li) => li.textContent.includes(t) && /overdue/.test(li.textContent)), title);
  });
  const due = new Date((await repApi.get(`/api/v1/tasks/${t.id}`)).body.due_at);
  const want = new Date();
  want.setDate(want.getDate() + 7);
  assert.equal(due.toDateString(), want.toDateString());
  assertNoErrors(page);
});

test('the Edit task dialog opens on the title, ready to type', opts, async () => {
  const { page, dialog } = await editDialogOfNewTask('Focus me');
  const field = dialog.getByLabel('What needs doing');
  await field.waitFor();
  assert.ok(await field.evaluate((el) => el === document.activeElement), 'the title has the focus');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assertNoErrors(page);
});

test('a rep hands their own task to a teammate from the Edit dialog', opts, async () => {
  const mate = aTeammate(users, rep);
  const { page, dialog } = await editDialogOfNewTask('Hand over');
  await withShot(page, 'task-hand-over', async () => {
    const title = await dialog.getByLabel('What needs doing').inputValue();
    const t = (await repApi.get(`/api/v1/tasks?q=${encodeURIComponent(title)}`)).body.items.find((x) => x.title === title);
    assert.ok(t, 'the new task');
    await dialog.getByLabel('Assigned to').selectOption({ label: mate.name });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText(`Task handed to ${mate.name}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    /* Only the rep's own tasks are listed: it leaves the list. */
    await page.getByText(title, { exact: true }).waitFor({ state: 'detached' });
    await eventually(async () => (await repApi.get(`/api/v1/tasks/${t.id}`)).body.owner_id === mate.id, 'the teammate owns the task');
  });
  assertNoErrors(page);
});
