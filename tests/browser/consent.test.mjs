// SPDX-License-Identifier: MIT
// Consent on public boards (docs/POINTS.md): a rep picks how public boards show them on the
// account page and sees the result; an admin turns hiding off on the admin page, and the rep's
// "not at all" is then disabled with the reason beside it.
import { test } from 'node:test';
import {
  assert, launch, signedIn, startDemo, assertNoErrors, withShot, api, aRep, needs, assertBuilt, shot, ADMIN,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo({ contacts: 40, days: 7 });
const browser = await launch();
const rep = aRep(users);
const repApi = await api(server, rep.email);
const opts = await needs(url, 'account', 'admin');
const initials = rep.name.split(/\s+/).map((w) => `${w[0].toUpperCase()}.`).join(' '); // ends with its own full stop

test('a rep chooses to show by initials on public boards', opts, async () => {
  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'consent-account', async () => {
    assertBuilt(opts);
    await page.goto('/me');
    const group = page.getByRole('group', { name: 'On public boards, show me as:' });
    await group.waitFor();
    assert.ok(await group.getByRole('radio', { name: /the default \(my name\)/ }).isChecked(), 'no choice yet: the default');
    await page.getByText(`Others see you as ${rep.name}.`).waitFor();
    await group.getByRole('radio', { name: 'my initials' }).click(); // a click, not check(): the radio turns on once the server saved the choice
    await page.getByText(`Others see you as ${initials}`, { exact: true }).waitFor();
    assert.ok(await group.getByRole('radio', { name: 'my initials' }).isChecked());
    await shot(page, 'consent-account-initials');
    await group.getByRole('radio', { name: 'not at all' }).click(); // a click, not check(): the radio turns on once the server saved the choice
    await page.getByText(/Others do not see you on boards; you still earn points/).waitFor();
  });
  const me = await repApi.get('/api/v1/me/board');
  assert.equal(me.body.visibility, 'hidden');
  assertNoErrors(page);
});

test('an admin forbids hiding; the rep sees "not at all" disabled, with the reason', opts, async () => {
  const admin = await signedIn(browser, url, ADMIN);
  await withShot(admin, 'consent-admin', async () => {
    await admin.goto('/admin');
    await admin.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Public boards' }).click();
    const hiding = admin.getByLabel('Let people hide from public boards (they still earn points)');
    await hiding.waitFor();
    assert.ok(await hiding.isChecked(), 'hiding is allowed to begin with');
    assert.equal(await admin.getByLabel('Let colleagues and TV boards see deal amounts').isChecked(), false);
    await hiding.uncheck();
    await admin.getByLabel('Show people who have not chosen as').selectOption('initials');
    await admin.getByRole('button', { name: 'Save board settings' }).click();
    await admin.getByRole('status').getByText('Board settings saved').waitFor();
    await shot(admin, 'consent-admin-saved');
  });
  const s = await repApi.get('/api/v1/settings/boards');
  assert.deepEqual(s.body, { default_visibility: 'initials', allow_hiding: false, peers_see_amounts: false });
  assertNoErrors(admin);

  const page = await signedIn(browser, url, rep.email);
  await withShot(page, 'consent-account-forbidden', async () => {
    await page.goto('/me');
    const group = page.getByRole('group', { name: 'On public boards, show me as:' });
    const hidden = group.getByRole('radio', { name: 'not at all' });
    await hidden.waitFor();
    assert.ok(await hidden.isDisabled(), '"not at all" is disabled');
    await page.getByText(/your admin asks everyone to appear on boards/).waitFor();
    /* the stored hidden choice now shows initials */
    await page.getByText(`Others see you as ${initials}`, { exact: true }).waitFor();
    await group.getByRole('radio', { name: 'my name' }).click(); // a click, not check(): the radio turns on once the server saved the choice
    await page.getByText(`Others see you as ${rep.name}.`).waitFor();
    await shot(page, 'consent-account-forbidden');
  });
  assertNoErrors(page);
});
