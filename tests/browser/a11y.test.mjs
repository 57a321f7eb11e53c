// SPDX-License-Identifier: MIT
// Accessibility: every page and the main dialogs pass axe-core's WCAG 2.1 A and AA rules and its
// best practices (labels, names, contrast, heading order, landmarks), for each role that sees
// them. axe is loaded as an init script, which the page's Content-Security-Policy does not
// govern, so the pages are checked exactly as served.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import {
  assert, launch, newPage, signIn, startDemo, assertNoErrors, shot, api, aRep, ADMIN, MANAGER,
} from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const { server, url, users } = await startDemo();
const browser = await launch();
const rep = aRep(users);
const repApi = await api(server, rep.email);
const first = async (path) => (await repApi.get(`/api/v1/${path}`)).body.items[0];
const contact = await first(`contacts?owner_id=${rep.id}&limit=1`);
const org = await first('organizations?limit=1');
const deal = await first('deals?limit=1');
/* A lead part-way through, so its progress steps show a done one and its convert form. */
const lead = await repApi.create('/api/v1/leads', { first_name: 'Ada', last_name: 'Audit', company: 'Audit Works',
  status: 'working' });

/* A signed-in page (or a signed-out one when email is null) with axe loaded on every document. */
async function auditPage(email, opts) {
  const page = await newPage(browser, url, opts);
  await page.context().addInitScript({ content: AXE });
  if (email) await signIn(page, email);
  return page;
}

/* The page's violations as readable lines: rule, impact, and the first elements it names. */
async function violations(page, name) {
  await page.waitForLoadState('networkidle');
  await shot(page, `a11y-${name}`);
  const found = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  }, RULES);
  return found;
}

async function auditRoutes(email, paths, opts) {
  const page = await auditPage(email, opts);
  const problems = [];
  for (const [name, path] of paths) {
    await page.goto(path);
    await page.locator('main h1').first().waitFor();
    for (const v of await violations(page, name)) problems.push(`${path}: ${v}`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  assertNoErrors(page);
}

test('a rep\'s pages pass', async () => {
  await auditRoutes(rep.email, [
    ['today', '/'], ['contacts', '/contacts'], ['contact', `/contacts/${contact.id}`],
    ['organizations', '/organizations'], ['organization', `/organizations/${org.id}`],
    ['deals', '/deals'], ['deal', `/deals/${deal.id}`], ['pipeline', '/pipeline'],
    ['leads', '/leads'], ['lead', `/leads/${lead.id}`], ['tasks', '/tasks'], ['trash', '/trash'], ['account', '/me'], ['my-adoption', '/me/adoption'],
    ['points', '/points'],
  ]);
});

test('a manager\'s and an admin\'s pages pass', async () => {
  await auditRoutes(MANAGER, [['manager', '/manager'], ['adoption', '/adoption']]);
  await auditRoutes(ADMIN, [['admin-users', '/admin'], ['admin-teams', '/admin/teams'],
    ['admin-stages', '/admin/stages'], ['admin-fields', '/admin/fields'], ['admin-boards', '/admin/boards'],
    ['admin-tv', '/admin/tv'], ['admin-rules', '/admin/rules'], ['admin-contests', '/admin/contests'],
    ['admin-draws', '/admin/draws'], ['admin-badges', '/admin/badges']]);
});

test('the sign-in page and a phone-width contact page pass', async () => {
  const page = await auditPage(null);
  await page.goto('/');
  await page.getByLabel('Email').waitFor();
  assert.deepEqual(await violations(page, 'signin'), []);
  await auditRoutes(rep.email, [['phone-contact', `/contacts/${contact.id}`], ['phone-today', '/']],
    { width: 390, height: 844 });
});

test('the log-call dialog, the shortcuts list, the new-contact form and the deactivate dialog pass', async () => {
  const page = await auditPage(rep.email);
  await page.goto(`/contacts/${contact.id}`);
  await page.locator('main h1').first().waitFor();
  await page.keyboard.press('c');
  await page.getByRole('dialog').waitFor();
  assert.deepEqual(await violations(page, 'log-call'), []);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.getByText('Log a call, meeting, email or note, on a contact, organization or deal page').waitFor();
  assert.deepEqual(await violations(page, 'shortcuts'), []);
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  await page.goto('/contacts');
  await page.getByRole('button', { name: 'New contact' }).click();
  await page.getByLabel('Last name').waitFor();
  assert.deepEqual(await violations(page, 'new-contact'), []);
  assertNoErrors(page);

  const admin = await auditPage(ADMIN);
  await admin.goto('/admin');
  await admin.getByRole('row', { name: new RegExp(rep.name) }).getByRole('button', { name: 'Deactivate' }).click();
  await admin.getByRole('dialog').waitFor();
  assert.deepEqual(await violations(admin, 'deactivate'), []);
  assertNoErrors(admin);
});
