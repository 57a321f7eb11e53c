// SPDX-License-Identifier: MIT
// At 390 px wide (a phone) every page fits without sideways scrolling of the page itself, the
// menu opens and navigates, and nothing logs an error.
import { test } from 'node:test';
import {
  assert, launch, signedIn, newPage, startDemo, assertNoErrors, shot, pageBuilt, api, aRep,
  SIGNED_OUT_PROBE, MANAGER, ADMIN,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo();
const browser = await launch();
const rep = aRep(users);
const repApi = await api(server, rep.email);
const anyOf = async (kind) => (await repApi.get(`/api/v1/${kind}?owner=me&limit=1`)).body.items[0];
const contact = await anyOf('contacts');
const deal = await anyOf('deals');
const lead = (await repApi.get('/api/v1/leads?limit=1')).body.items[0];
const org = contact && contact.org_id ? { id: contact.org_id } : await anyOf('organizations');
const WIDTH = 390;

/* [page module, path, who] */
const PAGES = [
  ['today', '/', rep.email],
  ['contacts', '/contacts', rep.email],
  ['contact', `/contacts/${contact && contact.id}`, rep.email],
  ['organizations', '/organizations', rep.email],
  ['organization', `/organizations/${org && org.id}`, rep.email],
  ['pipeline', '/pipeline', rep.email],
  ['deals', '/deals', rep.email],
  ['deal', `/deals/${deal && deal.id}`, rep.email],
  ['leads', '/leads', rep.email],
  ['lead', `/leads/${lead && lead.id}`, rep.email],
  ['tasks', '/tasks', rep.email],
  ['trash', '/trash', rep.email],
  ['account', '/me', rep.email],
  ['manager', '/manager', MANAGER],
  ['adoption', '/adoption', ADMIN],
  ['adoptionuser', '/me/adoption', rep.email],
  ['points', '/points', rep.email],
  ['admin', '/admin', ADMIN],
];

async function overflow(page) {
  return page.evaluate(() => {
    const w = document.documentElement.scrollWidth;
    /* The widest offenders, to make a failure easy to fix. */
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !el.closest('[style*="overflow"], .board, .table-wrap, pre'))
      .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { w, wide };
  });
}

test('the sign-in page fits 390 px', async () => {
  const page = await newPage(browser, url, { width: WIDTH, height: 844 });
  await page.goto('/');
  await page.getByLabel('Email').waitFor();
  await shot(page, 'mobile-signin');
  const { w, wide } = await overflow(page);
  assert.ok(w <= WIDTH, `scrollWidth ${w} > ${WIDTH}: ${wide.join(', ')}`);
  assertNoErrors(page, [SIGNED_OUT_PROBE]);
});

test('the menu opens on a phone and navigates', async () => {
  const page = await signedIn(browser, url, rep.email, { width: WIDTH, height: 844 });
  const toggle = page.getByRole('button', { name: 'Menu' });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await shot(page, 'mobile-menu');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks' }).click();
  await page.waitForURL('**/tasks');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'the menu closes after a choice');
  assertNoErrors(page);
});

/* One signed-in phone-sized page per user, reused from page to page (sign-in is slow on
 * purpose: argon2id). */
const phones = new Map();
async function phone(who) {
  if (!phones.has(who)) phones.set(who, await signedIn(browser, url, who, { width: WIDTH, height: 844 }));
  const page = phones.get(who);
  page.problems = [];
  return page;
}

for (const [name, path, who] of PAGES) {
  const built = await pageBuilt(url, name);
  test(`${path} fits 390 px without sideways scrolling`, async () => {
    assert.ok(built, `the binary does not serve page ${name}`);
    const page = await phone(who);
    await page.goto(path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, `mobile-${name}`);
    const { w, wide } = await overflow(page);
    assert.ok(w <= WIDTH, `${path}: scrollWidth ${w} > ${WIDTH}; widest: ${wide.join(', ')}`);
    assertNoErrors(page);
  });
}
