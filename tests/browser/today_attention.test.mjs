// SPDX-License-Identifier: MIT
// Today lists what the score charges for: the rep's open deals at risk (no activity in the
// window among the reasons) and their new and working leads gone quiet, each with a call a
// click away that takes it off the list.
import { test } from 'node:test';
import { sql } from '../api/lib/server.mjs';
import { assert, demoWithRep, signedIn, assertNoErrors, withShot, needs, assertBuilt, uniqueWord } from './lib/browser.mjs';

const { server, url, browser, rep, repApi } = await demoWithRep();
const last = uniqueWord('Quiet');
const lead = await repApi.create('/api/v1/leads', { first_name: 'Quinn', last_name: last, company: 'Hushco', status: 'working' });
sql(server.db, `UPDATE leads SET updated_at = ${Date.now() - 20 * 86400000} WHERE id = ${lead.id}`);
const deal = await repApi.create('/api/v1/deals', { name: `${last} renewal`, next_step: 'Call', close_date: '2099-12-31' });
const opts = await needs(url, 'today');

test("Today lists the rep's quiet leads and deals at risk, as /me/attention counts them", opts, async () => {
  const att = (await repApi.get('/api/v1/me/attention?limit=50')).body;
  assert.ok(att.leads.some((l) => l.id === lead.id));
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'today-attention', async () => {
    await page.goto('/');
    assertBuilt(opts);
    const deals = page.getByRole('region', { name: /My deals that need care/ });
    await deals.getByRole('heading', { name: `My deals that need care ${att.deals_total}` }).waitFor();
    const drow = deals.getByRole('listitem').filter({ hasText: deal.name });
    await drow.getByText('no activity in 14 days').waitFor();

    const leads = page.getByRole('region', { name: /My leads gone quiet/ });
    await leads.getByRole('heading', { name: `My leads gone quiet ${att.leads_total}` }).waitFor();
    const row = leads.getByRole('listitem').filter({ hasText: `Quinn ${last}` });
    await row.getByRole('button', { name: 'Log call' }).click();
    const dialog = page.getByRole('dialog', { name: `Log for Quinn ${last}` });
    await dialog.getByLabel('Subject').fill('Back in touch');
    await dialog.getByRole('button', { name: 'Log call' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('✓ Worked today').waitFor();
  });
  const after = (await repApi.get('/api/v1/me/attention?limit=50')).body;
  assert.ok(!after.leads.some((l) => l.id === lead.id), 'the call took the lead off the list');
  assert.deepEqual((await repApi.get(`/api/v1/activities?lead_id=${lead.id}`)).body.items.map((a) => a.subject), ['Back in touch']);
  assertNoErrors(page);
});
