// SPDX-License-Identifier: MIT
// Signing in and out through the form; the page carries a Content-Security-Policy and the
// console stays free of errors.
import { test } from 'node:test';
import {
  assert, launch, newPage, signIn, shot, startDemo, assertNoErrors, SIGNED_OUT_PROBE, ADMIN, aRep, PASSWORD,
} from './lib/browser.mjs';

const { url, users } = await startDemo();
const browser = await launch();

test('the app page is served with a Content-Security-Policy', async () => {
  const page = await newPage(browser, url);
  const res = await page.goto('/');
  const csp = res.headers()['content-security-policy'];
  assert.ok(csp, 'Content-Security-Policy header on /');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, csp);
  /* A deep link is the same app page, with the same policy. */
  const deep = await page.goto('/contacts/1');
  assert.equal(deep.headers()['content-security-policy'], csp);
  await page.getByLabel('Email').waitFor();
  await shot(page, 'signin-form');
  assertNoErrors(page, [SIGNED_OUT_PROBE]);
});

test('a wrong password shows an error and keeps the email', async () => {
  const page = await newPage(browser, url);
  await page.goto('/');
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  await shot(page, 'signin-wrong-password');
  assert.equal(await page.getByLabel('Email').inputValue(), ADMIN);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
  /* The browser logs the refused POST itself; nothing else may show up. */
  assertNoErrors(page, [SIGNED_OUT_PROBE, /status of 401/]);
});

test('a rep signs in, lands on Today, and signs out', async () => {
  const rep = aRep(users);
  const page = await newPage(browser, url);
  await signIn(page, rep.email, PASSWORD);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await shot(page, 'today-rep');
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await nav.getByRole('link', { name: 'Today' }).getAttribute('aria-current'), 'page');
  /* Reps get neither the team page nor admin in their navigation. */
  assert.equal(await nav.getByRole('link', { name: 'Admin' }).count(), 0);
  assert.ok(await page.getByText(rep.name).isVisible(), 'the signed-in user is shown');

  /* A reload keeps the session (cookie), then signing out returns to the form. */
  await page.reload();
  await nav.waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').waitFor();
  await page.reload();
  await page.getByLabel('Email').waitFor();
  assertNoErrors(page, [SIGNED_OUT_PROBE]);
});
