// SPDX-License-Identifier: MIT
// Field settings and usage: GET /fields describes every kind's writable fields with "hidden";
// PATCH /fields/{kind}/{field} (admins, CSRF, audited) hides or shows one; GET /fields/usage
// (admins and managers) counts how often each field is filled.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();

test('GET /fields lists every kind in field-table order without server-set fields', async () => {
  const r = await expectCase({ as: as.repN1, method: 'GET', path: '/api/v1/fields', status: 200 });
  const kinds = r.body.kinds;
  assert.deepEqual(Object.keys(kinds).sort(),
    ['activity', 'contact', 'deal', 'lead', 'organization', 'relationship', 'stage', 'task', 'team']);
  assert.deepEqual(kinds.contact.map((f) => f.name), ['first_name', 'last_name', 'title', 'email',
    'phone', 'other_emails', 'other_phones', 'street', 'city', 'region', 'postal_code', 'country',
    'birthday', 'org_id', 'owner_id', 'external_id']);
  assert.deepEqual(kinds.contact[0], { name: 'first_name', type: 'text', required: false, hidden: false });
  assert.deepEqual(kinds.contact.find((f) => f.name === 'other_emails').type, 'labelled');
  assert.deepEqual(kinds.contact.find((f) => f.name === 'birthday').type, 'date');
  assert.deepEqual(kinds.contact.find((f) => f.name === 'org_id'),
    { name: 'org_id', type: 'ref', required: false, hidden: false, ref: 'organizations' });
  assert.deepEqual(kinds.organization[0], { name: 'name', type: 'text', required: true, hidden: false });
  assert.deepEqual(kinds.activity[0],
    { name: 'kind', type: 'enum', required: true, hidden: false, values: ['call', 'meeting', 'email', 'note'] });
  assert.equal(kinds.activity.find((f) => f.name === 'occurred_at').type, 'time');
  assert.equal(kinds.activity.find((f) => f.name === 'duration_min').type, 'int');
  assert.equal(kinds.task.find((f) => f.name === 'done').type, 'bool');
  assert.equal(kinds.task.find((f) => f.name === 'owner_id').ref, 'users');
  /* Server-set fields are left out. */
  assert.ok(!kinds.task.some((f) => f.name === 'done_at'));
  assert.ok(!kinds.deal.some((f) => f.name === 'closed_at'));
  assert.ok(!kinds.lead.some((f) => f.name.startsWith('converted_')));
  for (const list of Object.values(kinds))
    for (const f of list)
      assert.ok(['text', 'int', 'bool', 'time', 'date', 'ref', 'enum', 'labelled'].includes(f.type), f.name);
});

test('PATCH /fields/{kind}/{field}: admins hide and show fields; audited; others refused', async () => {
  const cases = [
    { as: as.admin, path: '/api/v1/fields/contact/title', body: { hidden: true }, status: 200,
      json: { name: 'title', type: 'text', required: false, hidden: true } },
    { as: as.admin, path: '/api/v1/fields/contacts/birthday', body: { hidden: true }, status: 200,
      json: { name: 'birthday', hidden: true } },
    { as: as.admin, path: '/api/v1/fields/deal/next_step', body: { hidden: true }, status: 200 },
    { as: as.admin, path: '/api/v1/fields/deal/next_step', body: { hidden: false }, status: 200,
      json: { hidden: false } },
    { as: as.admin, path: '/api/v1/fields/deal/next_step', body: { hidden: false }, status: 200 }, // no change
    { as: as.admin, path: '/api/v1/fields/deal/name', body: { hidden: false }, status: 200 }, // showing a required field
    { as: as.admin, path: '/api/v1/fields/deal/name', body: { hidden: true }, status: 422, error: 'invalid_field', field: 'hidden' },
    { as: as.admin, path: '/api/v1/fields/activity/kind', body: { hidden: true }, status: 422, field: 'hidden' },
    { as: as.admin, path: '/api/v1/fields/widget/name', body: { hidden: true }, status: 404, error: 'not_found' },
    { as: as.admin, path: '/api/v1/fields/contact/nope', body: { hidden: true }, status: 404 },
    { as: as.admin, path: '/api/v1/fields/task/done_at', body: { hidden: true }, status: 404 }, // server-set
    { as: as.admin, path: '/api/v1/fields/contact/title', body: { hidden: 'yes' }, status: 400, field: 'hidden' },
    { as: as.admin, path: '/api/v1/fields/contact/title', body: {}, status: 400, field: 'hidden' },
    { as: as.admin, path: '/api/v1/fields/contact/title', body: { hidden: true, x: 1 }, status: 400, field: 'x' },
    { as: as.admin, path: '/api/v1/fields/contact/title', body: [true], status: 400 },
    { as: as.admin, path: '/api/v1/fields/contact/title', body: '{"hidden":', status: 400 },
    { as: as.admin, path: '/api/v1/fields/contact/title', body: { hidden: true }, opts: { csrf: false }, status: 403 },
    { as: as.mgrN, path: '/api/v1/fields/contact/title', body: { hidden: false }, status: 403, error: 'forbidden' },
    { as: as.repN1, path: '/api/v1/fields/contact/title', body: { hidden: false }, status: 403 },
    { as: srv.anon(), path: '/api/v1/fields/contact/title', body: { hidden: false }, status: 401 },
  ];
  for (const c of cases) await expectCase({ method: 'PATCH', ...c });

  const r = await as.repN1.get('/api/v1/fields');
  const contact = Object.fromEntries(r.body.kinds.contact.map((f) => [f.name, f.hidden]));
  assert.equal(contact.title, true);
  assert.equal(contact.birthday, true);
  assert.equal(contact.email, false);
  assert.equal(r.body.kinds.deal.find((f) => f.name === 'next_step').hidden, false);

  /* Audited: one row per change (not for the repeated "show"), by the admin. */
  const audit = srv.sql("SELECT a.user_id, a.action, a.before, a.after FROM audit a WHERE entity = 'field_setting' ORDER BY a.id");
  assert.equal(audit.length, 4);
  assert.ok(audit.every((a) => a.user_id === srv.users.admin.id && a.action === 'update'));
  assert.deepEqual(JSON.parse(audit[0].before), { kind: 'contact', field: 'title', hidden: false });
  assert.deepEqual(JSON.parse(audit[0].after), { kind: 'contact', field: 'title', hidden: true });
  assert.deepEqual(JSON.parse(audit[3].after), { kind: 'deal', field: 'next_step', hidden: false });
  const events = srv.sql("SELECT count(*) AS n FROM events WHERE kind = 'field_setting.updated'");
  assert.equal(events[0].n, 4);

  /* Hiding only affects forms: the API still takes the field. */
  const c = await as.repN1.create('/api/v1/contacts', { last_name: 'Hidden', title: 'CEO' });
  assert.equal(c.title, 'CEO');
});

test('GET /fields/usage counts filled fields over live records', async () => {
  const rep = as.repN1;
  await rep.create('/api/v1/contacts', { last_name: 'A', title: 'CTO', other_emails: [{ label: 'x', value: 'a@b.test' }] });
  await rep.create('/api/v1/contacts', { last_name: 'B', title: '  ' }); // blank is stored as empty
  await rep.create('/api/v1/contacts', { first_name: 'C', other_emails: [] });
  const gone = await rep.create('/api/v1/contacts', { last_name: 'D', title: 'Gone' });
  await rep.del(`/api/v1/contacts/${gone.id}`);
  /* One record from the previous test: last_name Hidden, title CEO. */
  const r = await expectCase({ as: as.mgrN, method: 'GET', path: '/api/v1/fields/usage?kind=contact', status: 200,
    json: { kind: 'contact', total: 4 } });
  const by = Object.fromEntries(r.body.fields.map((f) => [f.name, f]));
  assert.deepEqual(by.title, { name: 'title', filled: 2, share: 0.5 });
  assert.deepEqual(by.last_name, { name: 'last_name', filled: 3, share: 0.75 });
  assert.deepEqual(by.first_name, { name: 'first_name', filled: 1, share: 0.25 });
  assert.deepEqual(by.other_emails, { name: 'other_emails', filled: 1, share: 0.25 });
  assert.deepEqual(by.owner_id, { name: 'owner_id', filled: 4, share: 1 });
  assert.deepEqual(by.birthday, { name: 'birthday', filled: 0, share: 0 });
  assert.deepEqual(r.body.fields.map((f) => f.name), (await rep.get('/api/v1/fields')).body.kinds.contact.map((f) => f.name));
  /* Three records: shares are rounded to two decimals. */
  await rep.create('/api/v1/leads', { company: 'X', source: 'web' });
  await rep.create('/api/v1/leads', { company: 'Y' });
  await rep.create('/api/v1/leads', { company: 'Z' });
  const leads = await as.admin.get('/api/v1/fields/usage?kind=leads');
  assert.equal(leads.status, 200);
  assert.equal(leads.body.kind, 'lead');
  assert.equal(leads.body.total, 3);
  assert.deepEqual(leads.body.fields.find((f) => f.name === 'source'), { name: 'source', filled: 1, share: 0.33 });
  assert.deepEqual(leads.body.fields.find((f) => f.name === 'status'), { name: 'status', filled: 3, share: 1 });
  assert.ok(!leads.body.fields.some((f) => f.name === 'converted_at'));
  /* Nothing at all: zero shares. */
  const rel = await as.admin.get('/api/v1/fields/usage?kind=relationship');
  assert.equal(rel.body.total, 0);
  assert.ok(rel.body.fields.every((f) => f.filled === 0 && f.share === 0));

  const cases = [
    { as: as.admin, path: '/api/v1/fields/usage', status: 400, field: 'kind' },
    { as: as.admin, path: '/api/v1/fields/usage?kind=', status: 400, field: 'kind' },
    { as: as.admin, path: '/api/v1/fields/usage?kind=widget', status: 404 },
    { as: as.repN1, path: '/api/v1/fields/usage?kind=contact', status: 403 },
    { as: as.repS, path: '/api/v1/fields/usage?kind=contact', status: 403 },
    { as: as.mgrS, path: '/api/v1/fields/usage?kind=deal', status: 200 },
    { as: srv.anon(), path: '/api/v1/fields/usage?kind=contact', status: 401 },
    { as: srv.anon(), path: '/api/v1/fields', status: 401 },
  ];
  for (const c of cases) await expectCase({ method: 'GET', ...c });
  await srv.assertAlive();
});
