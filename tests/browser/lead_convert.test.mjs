// SPDX-License-Identifier: MIT
// Converting a lead from its page: one action makes the contact, the organization and a deal,
// and the page links to them (checked through the API too).
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt,
  uniqueWord, eventually,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const rep = aRep(users);
const repApi = await api(server, rep.email);
const company = `${uniqueWord('Lumen')} Optics`;
const lead = await repApi.create('/api/v1/leads', {
  first_name: 'Tove', last_name: uniqueWord('Lind'), email: 'tove@lumen-optics.example', company,
  title: 'Head of Procurement', source: 'Website', status: 'qualified',
});
const opts = await needs(url, 'lead');

test('converting a lead creates its contact, organization and deal', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'lead-convert', async () => {
    await page.goto(`/leads/${lead.id}`);
    assertBuilt(opts);
    await page.getByRole('heading', { level: 1, name: new RegExp(lead.last_name) }).waitFor();
    await page.getByRole('button', { name: /^Convert/ }).first().click();
    /* Conversion may ask what to create in a dialog; accept what it proposes. */
    const dialog = page.getByRole('dialog');
    if (await dialog.isVisible().catch(() => false)) {
      await dialog.getByRole('button', { name: /^Convert/ }).click();
    }
    await page.getByText(/converted/i).first().waitFor();
  });
  const done = await eventually(async () => {
    const r = await repApi.get(`/api/v1/leads/${lead.id}`);
    return r.body.status === 'converted' && r.body;
  }, 'the lead is converted');
  assert.ok(done.converted_contact_id, 'a contact was made');
  assert.ok(done.converted_org_id, 'an organization was made');
  assert.ok(done.converted_deal_id, 'a deal was made');
  const deal = (await repApi.get(`/api/v1/deals/${done.converted_deal_id}`)).body;
  assert.equal(deal.org_id, done.converted_org_id);
  assert.equal(deal.contact_id, done.converted_contact_id);
  await page.getByRole('link', { name: deal.name }).waitFor();
  const contact = (await repApi.get(`/api/v1/contacts/${done.converted_contact_id}`)).body;
  assert.equal(contact.last_name, lead.last_name);
  assert.equal(contact.email, lead.email);
  const org = (await repApi.get(`/api/v1/organizations/${done.converted_org_id}`)).body;
  assert.equal(org.name, company);

  /* The page links to what the lead became, and the link works. */
  const link = page.getByRole('link', { name: new RegExp(`Tove ${lead.last_name}`) }).first();
  await link.click();
  await page.waitForURL(`**/contacts/${done.converted_contact_id}`);
  assertNoErrors(page);
});

test('disqualifying a lead asks why and shows it', async () => {
  const l = await repApi.create('/api/v1/leads', { first_name: 'Dee', last_name: 'Queue', company: 'Nofit Ltd', status: 'working' });
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'lead-disqualify', async () => {
    await page.goto(`/leads/${l.id}`);
    await page.getByRole('button', { name: 'Disqualify' }).click();
    const dialog = page.getByRole('dialog', { name: 'Why is Dee Queue disqualified?' });
    await dialog.getByRole('button', { name: 'Not a fit' }).click();
    await dialog.getByRole('button', { name: 'Disqualify' }).click();
    await page.getByRole('region', { name: 'Disqualified' }).getByText('Because: Not a fit').waitFor();
  });
  const after = (await repApi.get(`/api/v1/leads/${l.id}`)).body;
  assert.equal(after.status, 'disqualified');
  assert.equal(after.disqualified_reason, 'Not a fit');
  assertNoErrors(page);
});
