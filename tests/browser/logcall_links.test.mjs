// SPDX-License-Identifier: MIT
// A call logged on a contact counts for the contact's open deal: the log form offers the deal
// (preselected when it is the only one) on the contact page and on Today, and offers to complete
// the open task due today; a call logged on a lead is filed under the lead.
import { test } from 'node:test';
import { assert, demoWithRep, signedIn, assertNoErrors, withShot, needs, assertBuilt, uniqueWord, shot } from './lib/browser.mjs';

const { url, browser, rep, repApi } = await demoWithRep();
const last = uniqueWord('Linke');
const contact = await repApi.create('/api/v1/contacts', { first_name: 'Lina', last_name: last });
const far = new Date(Date.now() + 60 * 86400000).toISOString().slice(0, 10);
const deal = await repApi.create('/api/v1/deals', { name: `${last} expansion`, contact_id: contact.id, next_step: 'Call Lina', close_date: far });
const due = new Date(); due.setHours(Math.max(0, due.getHours() - 1));
const task = await repApi.create('/api/v1/tasks', { title: `Call Lina back ${uniqueWord('')}`, contact_id: contact.id, due_at: due.toISOString() });
const opts = await needs(url, 'contact', 'lead', 'today');

const atRisk = async (id) => (await repApi.get('/api/v1/me/attention?limit=200')).body.deals.find((d) => d.id === id);

test("a call on a contact is filed under their open deal and completes the task it was for", opts, async () => {
  assert.deepEqual((await atRisk(deal.id)).reasons, ['no_recent_activity'], 'at risk before the call');
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'logcall-deal', async () => {
    await page.goto(`/contacts/${contact.id}`);
    assertBuilt(opts);
    await page.getByRole('heading', { level: 1, name: new RegExp(last) }).waitFor();
    await page.getByRole('button', { name: /Log call/ }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(`Log for Lina ${last}`) });
    const pick = dialog.getByLabel('Deal');
    await pick.waitFor();
    await dialog.locator(`select option[value="${deal.id}"]`).waitFor({ state: 'attached' });
    assert.equal(await pick.inputValue(), String(deal.id), 'the only open deal is preselected');
    const also = dialog.getByLabel(`Also complete: ${task.title}`);
    await also.check();
    await dialog.getByLabel('Subject').fill('Expansion call');
    await shot(page, 'logcall-deal-dialog');
    await dialog.getByRole('button', { name: 'Log call' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });
  const acts = (await repApi.get(`/api/v1/activities?contact_id=${contact.id}`)).body.items;
  assert.equal(acts.length, 1);
  assert.equal(acts[0].deal_id, deal.id, 'filed under the deal');
  assert.equal((await repApi.get(`/api/v1/tasks/${task.id}`)).body.done, true, 'the task is completed');
  assert.equal(await atRisk(deal.id), undefined, 'the deal is no longer at risk');
  assertNoErrors(page);
});

test('Quick log on Today offers the picked contact\'s open deal', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await page.goto('/');
  const box = page.getByRole('region', { name: 'Quick log' });
  await box.getByRole('combobox', { name: 'Contact' }).fill(last);
  await box.getByRole('option', { name: new RegExp(last) }).click();
  const pick = box.getByLabel('Deal');
  await pick.waitFor();
  await box.locator(`select option[value="${deal.id}"]`).waitFor({ state: 'attached' });
  assert.equal(await pick.inputValue(), String(deal.id));
  await box.getByLabel('Subject').fill('Follow-up from Today');
  await box.getByRole('button', { name: 'Log call' }).click();
  await page.getByText('Call logged').first().waitFor();
  const acts = (await repApi.get(`/api/v1/activities?deal_id=${deal.id}`)).body.items;
  assert.ok(acts.some((a) => a.subject === 'Follow-up from Today'));
  assertNoErrors(page);
});

test('a call on a lead is filed under the lead and listed on its page', opts, async () => {
  const lead = await repApi.create('/api/v1/leads', { first_name: 'Leo', last_name: uniqueWord('Lead'), company: 'Leadwerk' });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'logcall-lead', async () => {
    await page.goto(`/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: /Leo/ }).waitFor();
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('c');
    const dialog = page.getByRole('dialog', { name: /Log for Leo/ });
    await dialog.getByLabel('Subject').fill('Intro call');
    await dialog.getByRole('button', { name: 'Log call' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'Activities' }).getByText('Intro call').waitFor();
  });
  const acts = (await repApi.get(`/api/v1/activities?lead_id=${lead.id}`)).body.items;
  assert.deepEqual(acts.map((a) => a.subject), ['Intro call']);
  assertNoErrors(page);
});
