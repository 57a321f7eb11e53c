// SPDX-License-Identifier: MIT
// Fixing the timeline: the author of an activity corrects its subject and notes in place, or
// deletes it and takes it back with Undo (each checked through the API); a colleague's
// activity offers neither.
import { test } from 'node:test';
import {
  assert, demoWithRep, aTeammate, signedIn, assertNoErrors, withShot, api, needs, assertBuilt,
  uniqueWord, eventually, shot,
} from './lib/browser.mjs';

const { server, url, users, browser, rep, repApi } = await demoWithRep();
const mate = aTeammate(users, rep);
const mateApi = await api(server, mate.email);
const contact = await repApi.create('/api/v1/contacts', { first_name: 'Tim', last_name: uniqueWord('Line') });
const opts = await needs(url, 'contact');

test('the author fixes a logged call in place', opts, async () => {
  const typo = `Cal with Tim ${uniqueWord('')}`;
  const a = await repApi.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, subject: typo, body: 'Wants 21 seats.' });
  const page = await signedIn(browser, url, rep.email);
  const fixed = typo.replace('Cal ', 'Call ');
  await withShot(page, 'timeline-edit', async () => {
    await page.goto(`/contacts/${contact.id}`);
    assertBuilt(opts);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText(typo).waitFor();
    await timeline.getByRole('button', { name: `Edit ${typo}` }).click();
    const form = page.getByRole('form', { name: 'Edit activity' });
    await form.getByLabel('Subject').fill(fixed);
    await form.getByLabel('Notes').fill('Wants 12 seats.');
    await shot(page, 'timeline-editing');
    await form.getByRole('button', { name: 'Save' }).click();
    await timeline.getByText(fixed, { exact: true }).waitFor();
    await timeline.getByText('Wants 12 seats.').waitFor();
    assert.equal(await page.getByRole('form', { name: 'Edit activity' }).count(), 0, 'the form closed');
  });
  const after = await repApi.get(`/api/v1/activities/${a.id}`);
  assert.equal(after.body.subject, fixed);
  assert.equal(after.body.body, 'Wants 12 seats.');
  assert.equal(after.body.version, a.version + 1, 'one write');
  assertNoErrors(page);
});

test('the author deletes a call and takes it back with Undo', opts, async () => {
  const subject = `Wrong contact ${uniqueWord('')}`;
  const a = await repApi.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, subject });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'timeline-delete', async () => {
    await page.goto(`/contacts/${contact.id}`);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByRole('button', { name: `Delete ${subject}` }).click();
    await timeline.getByText(`Deleted: ${subject}.`).waitFor();
    await eventually(async () => (await repApi.get(`/api/v1/activities/${a.id}`)).status === 404, 'the call is deleted');
    await timeline.getByRole('button', { name: 'Undo' }).click();
    await timeline.getByRole('button', { name: `Delete ${subject}` }).waitFor();
  });
  const back = await repApi.get(`/api/v1/activities/${a.id}`);
  assert.equal(back.status, 200, back.text);
  assert.equal(back.body.deleted_at, null);
  assertNoErrors(page);
});

test('a colleague\'s activity has no Edit or Delete', opts, async () => {
  const subject = `Colleague call ${uniqueWord('')}`;
  await mateApi.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, subject });
  const page = await signedIn(browser, url, rep.email);
  await page.goto(`/contacts/${contact.id}`);
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await timeline.getByText(subject).waitFor();
  assert.equal(await timeline.getByRole('button', { name: `Edit ${subject}` }).count(), 0);
  assert.equal(await timeline.getByRole('button', { name: `Delete ${subject}` }).count(), 0);
  assertNoErrors(page);
});
