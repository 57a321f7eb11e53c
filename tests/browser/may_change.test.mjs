// SPDX-License-Identifier: MIT
// The UI offers Edit and moves exactly where the API's may_change says so: under "all", a
// manager reads another team's records but may not change them, and sees no Edit and no drag.
import { test } from 'node:test';
import {
  assert, startDemo, launch, signedIn, assertNoErrors, api, aRep, needs, uniqueWord,
} from './lib/browser.mjs';

const { server, url, users } = await startDemo({ contacts: 40, days: 7, flags: ['--visibility', 'all'] });
const browser = await launch();
const rep = aRep(users);
const other = users.find((u) => u.role === 'manager' && u.active && u.has_password && u.team_id && u.team_id !== rep.team_id);
const repApi = await api(server, rep.email);
const opts = await needs(url, 'contact', 'pipeline');

test("another team's manager reads a rep's records under 'all' but gets no Edit and no drag", opts, async () => {
  assert.ok(other, 'the demo organization has a manager of another team');
  const otherApi = await api(server, other.email);
  const last = uniqueWord('Far');
  const c = await repApi.create('/api/v1/contacts', { first_name: 'Fay', last_name: last });
  const stage = (await repApi.get('/api/v1/stages')).body.items.find((s) => !s.is_won && !s.is_lost);
  const dname = `Far deal ${uniqueWord('')}`;
  await repApi.create('/api/v1/deals', { name: dname, stage_id: stage.id });
  const got = await otherApi.get(`/api/v1/contacts/${c.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.may_change, false);

  const page = await signedIn(browser, url, other.email);
  await page.goto(`/contacts/${c.id}`);
  await page.getByRole('heading', { level: 1, name: `Fay ${last}` }).waitFor();
  await page.getByText(`Owned by ${rep.name}: they, their manager or an admin can change it.`).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Edit details' }).count(), 0);

  await page.goto('/pipeline?scope=all');
  const column = page.getByRole('region', { name: new RegExp(`^${stage.name}\\b`) });
  const card = column.getByRole('listitem').filter({ hasText: dname });
  await card.waitFor();
  assert.equal(await card.getAttribute('draggable'), 'false');
  assert.equal(await card.getByRole('combobox').count(), 0);
  assertNoErrors(page);
});
