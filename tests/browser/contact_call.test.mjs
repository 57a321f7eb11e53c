// SPDX-License-Identifier: MIT
// Quick-log from the contact page: 'c' opens the log dialog, a call with a follow-up task is
// saved in one submit, and both show up in the contact's timeline (and in the API).
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt,
  uniqueWord, eventually, shot,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const rep = aRep(users);
const repApi = await api(server, rep.email);
const last = uniqueWord('Callum');
const contact = await repApi.create('/api/v1/contacts', { first_name: 'Ines', last_name: last, email: `ines.${last}@example.test` });
const opts = await needs(url, 'contact');

test("'c' on a contact logs a call with a follow-up task; both appear in the timeline", opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  const subject = `Pricing call ${uniqueWord('')}`;
  const task = `Send the revised quote ${uniqueWord('')}`;
  await withShot(page, 'contact-log-call', async () => {
    await page.goto(`/contacts/${contact.id}`);
    assertBuilt(opts);
    await page.getByRole('heading', { level: 1, name: new RegExp(`Ines ${last}`) }).waitFor();
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: new RegExp(`Ines ${last}`) });
    await dialog.waitFor();
    assert.ok(await dialog.getByRole('radio', { name: 'Call' }).isChecked(), 'a call is the default kind');
    await dialog.getByLabel('Subject').fill(subject);
    await dialog.getByLabel('Notes').fill('Wants 12 seats, asks about annual billing.');
    await dialog.getByLabel('Task').fill(task);
    await dialog.getByRole('button', { name: 'Tomorrow' }).click();
    await shot(page, 'contact-log-call-dialog');
    await dialog.getByRole('button', { name: 'Log call' }).click();
    await dialog.waitFor({ state: 'hidden' });

    /* The timeline shows the call and the task without a reload. */
    const main = page.getByRole('main');
    await main.getByText(subject).first().waitFor();
    await main.getByText(task).first().waitFor();
  });
  assertNoErrors(page);

  /* Behind the UI: one call about the contact, one open task due tomorrow, both the rep's. */
  const acts = await repApi.get(`/api/v1/activities?contact_id=${contact.id}`);
  assert.equal(acts.body.items.length, 1, acts.text);
  assert.equal(acts.body.items[0].kind, 'call');
  assert.equal(acts.body.items[0].subject, subject);
  assert.equal(acts.body.items[0].owner_id, rep.id);
  const tasks = await repApi.get(`/api/v1/tasks?contact_id=${contact.id}`);
  assert.equal(tasks.body.items.length, 1, tasks.text);
  assert.equal(tasks.body.items[0].title, task);
  assert.equal(tasks.body.items[0].done, false);
  assert.ok(tasks.body.items[0].due_at, 'the follow-up has a due date');
  const due = new Date(tasks.body.items[0].due_at);
  const hours = (due - Date.now()) / 3600e3;
  assert.ok(hours > 0 && hours < 48, `due tomorrow, got ${tasks.body.items[0].due_at}`);
  await eventually(async () => {
    const tl = await repApi.get(`/api/v1/contacts/${contact.id}/timeline`);
    return tl.body.items.some((i) => i.type === 'activity') && tl.body.items.some((i) => i.type === 'task');
  }, 'the timeline API lists the call and the task');
});

test("'c' does nothing while typing in a field", opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await page.goto(`/contacts/${contact.id}`);
  assertBuilt(opts);
  await page.getByRole('heading', { level: 1, name: new RegExp(last) }).waitFor();
  const box = page.getByRole('combobox', { name: 'Search' });
  await box.focus();
  await page.keyboard.press('c');
  assert.equal(await box.inputValue(), 'c', 'the c went into the box');
  assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog while typing');
  assertNoErrors(page);
});

/* The API paths the page asks for from the moment fn starts until it is usable and idle. */
async function apiPathsDuring(page, fn) {
  const paths = [];
  const seen = (rq) => {
    const u = new URL(rq.url());
    if (u.pathname.startsWith('/api/v1/')) paths.push(`${u.pathname}${u.search}`);
  };
  page.on('request', seen);
  await fn();
  await page.getByRole('heading', { level: 1, name: new RegExp(last) }).waitFor();
  await page.locator('ol.timeline > li, .timeline-wrap .empty').first().waitFor();
  await page.waitForLoadState('networkidle');
  page.off('request', seen);
  return paths;
}

test('a first load of a contact asks what the page needs early, and each thing once', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  /* Opened inside the app: nothing asked early, the page asks for what it needs. */
  await page.goto(`/contacts?q=${encodeURIComponent(last)}`);
  assertBuilt(opts);
  const link = page.getByRole('main').getByRole('link', { name: new RegExp(last) }).first();
  await link.waitFor();
  const inApp = await apiPathsDuring(page, () => link.click());
  /* Opened by its address: boot.js asks early, and the page takes those answers over. */
  const firstLoad = await apiPathsDuring(page, () => page.goto(`/contacts/${contact.id}`));
  assertNoErrors(page);
  const twice = firstLoad.filter((p, i) => firstLoad.indexOf(p) !== i);
  assert.deepEqual(twice, [], `asked more than once on a first load: ${twice.join(', ')}`);
  /* Anything asked early that the page does not ask for itself is a path spelt differently.
   * (The session, and lists the app keeps once asked, were in hand already inside the app.) */
  const kept = ['/api/v1/session', '/api/v1/users?include_inactive=true', '/api/v1/fields', '/api/v1/stages'];
  const stray = firstLoad.filter((p) => !kept.includes(p) && !inApp.includes(p));
  assert.deepEqual(stray, [], `asked early but not by the page:\n${stray.join('\n')}\nthe page asks:\n${inApp.join('\n')}`);
  assert.ok(firstLoad.includes(`/api/v1/contacts/${contact.id}/timeline?limit=25`), firstLoad.join('\n'));
});
