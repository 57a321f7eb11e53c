// SPDX-License-Identifier: MIT
// Anti-gaming (issue 14, docs/ADOPTION.md "Notes of real content", "Review flags"): notes are
// judged on the activity itself; filler, mash, padding and near-copies earn no credit, a burst
// of 50 filler calls scores no higher than 5 genuine ones, an edit into junk takes the credit
// back; junk, bursts and quick deletes are flagged to the manager, who dismisses with a note.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start({
  users: [
    { key: 'boss', email: 'boss@game.test', name: 'Bea Boss', role: 'admin' },
    { key: 'mgr', email: 'mgr@game.test', name: 'Mo Manager', role: 'manager', team: 'north' },
    { key: 'south', email: 'south@game.test', name: 'Sam South', role: 'manager', team: 'south' },
    { key: 'gamer', email: 'gamer@game.test', name: 'Gus Gamer', role: 'rep', team: 'north' },
    { key: 'honest', email: 'honest@game.test', name: 'Hana Honest', role: 'rep', team: 'north' },
    { key: 'editor', email: 'editor@game.test', name: 'Eda Editor', role: 'rep', team: 'north' },
    { key: 'quick', email: 'quick@game.test', name: 'Quinn Quick', role: 'rep', team: 'north' },
  ],
});
const as = await srv.loginAll();
const id = (k) => srv.users[k].id;
const card = async () => {
  const r = await expectCase({ as: as.boss, method: 'GET', path: '/api/v1/adoption/users?metrics=true', status: 200 });
  return Object.fromEntries(r.body.items.map((i) => [i.user_id, i]));
};

const GENUINE = [
  'Talked through the renewal; they want a two-year term and a price cap.',
  'Demo for the finance team went well, they asked about single sign-on and audit logs.',
  'Priya confirmed budget for the third quarter; legal review of the contract starts Monday.',
  'Called about the late invoice because accounts payable lost it; payment due next week.',
  'Walked their new operations lead through onboarding, she needs exports for the warehouse.',
];
// What a rep types for points: padding, filler words, mash, and one sentence with a number.
const filler = (i) => [
  `a${' '.repeat(38)}b${i}`,
  `test call note ok done follow up later thanks test ${i}`,
  `asdf jkl asdf qwer asdf zxcv asdf hjkl asdf ${i} asdf`,
  `Call ${i}: left a message, will try again later in the week.`,
  `${'x'.repeat(40 + i)}`,
][i % 5];

test('filler notes earn nothing, and the activity says why', async () => {
  const c = await as.gamer.create('/api/v1/contacts', { first_name: 'Fay', last_name: 'Filler' });
  const seen = new Set();
  for (let i = 0; i < 50; i++) {
    const a = await as.gamer.create('/api/v1/activities', { kind: 'call', contact_id: c.id, subject: `Call ${i}`, body: filler(i) });
    if (i >= 5) {
      // the repeated sentence with only its number changed is caught as a near-copy
      assert.equal(a.notes_real, false, `${JSON.stringify(a.body)} judged real`);
      assert.ok(typeof a.notes_reason === 'string' && a.notes_reason.length > 0);
    }
    seen.add(a.notes_reason);
  }
  assert.ok(seen.size >= 3, `several reasons: ${[...seen].join(' | ')}`);
  const h = await as.honest.create('/api/v1/contacts', { first_name: 'Gil', last_name: 'Genuine' });
  for (const [i, body] of GENUINE.entries()) {
    const a = await as.honest.create('/api/v1/activities', { kind: 'call', contact_id: h.id, subject: `Call ${i}`, body });
    assert.equal(a.notes_real, true, body);
    assert.equal(a.notes_reason, null);
  }
  const now = await card();
  const [g, o] = [now[id('gamer')], now[id('honest')]];
  assert.equal(g.metrics.process.activities, 50);
  assert.ok(g.metrics.process.meaningful_activities <= 1, `gamer: ${g.metrics.process.meaningful_activities} meaningful`);
  assert.equal(o.metrics.process.meaningful_activities, 5);
  console.log(`50 filler calls: score ${g.score}, ${g.metrics.process.meaningful_activities} meaningful; 5 genuine calls: score ${o.score}`);
  assert.ok(g.score <= o.score, `50 filler calls score ${g.score}, 5 genuine calls ${o.score}`);
  // the verdict is read-only: a client cannot declare its own notes real
  await expectCase({ as: as.gamer, method: 'POST', path: '/api/v1/activities', body: { kind: 'call', contact_id: c.id, body: 'x', notes_real: true }, status: 400 });
});

test('an edit into junk takes the credit back, and an edit out of it gives it back', async () => {
  const meaningful = async () => (await card())[id('editor')].metrics.process.meaningful_activities;
  const c = await as.editor.create('/api/v1/contacts', { first_name: 'Ed', last_name: 'Edit' });
  const before = await meaningful();
  const a = await as.editor.create('/api/v1/activities', { kind: 'meeting', contact_id: c.id, body: GENUINE[0] });
  assert.equal(await meaningful(), before + 1);
  let r = await expectCase({ as: as.editor, method: 'PATCH', path: `/api/v1/activities/${a.id}`, body: { body: 'ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok' }, status: 200 });
  assert.equal(r.body.notes_real, false);
  assert.equal(await meaningful(), before);
  // another field changed: the notes are not judged again, nothing moves
  r = await expectCase({ as: as.editor, method: 'PATCH', path: `/api/v1/activities/${a.id}`, body: { subject: 'Kick-off' }, status: 200 });
  assert.equal(r.body.notes_real, false);
  assert.equal(await meaningful(), before);
  r = await expectCase({ as: as.editor, method: 'PATCH', path: `/api/v1/activities/${a.id}`, body: { body: GENUINE[3] }, status: 200 });
  assert.equal(r.body.notes_real, true);
  assert.equal(await meaningful(), before + 1);
  // deleted after an edit into junk: nothing taken twice
  await expectCase({ as: as.editor, method: 'PATCH', path: `/api/v1/activities/${a.id}`, body: { body: '' }, status: 200 });
  assert.equal(await meaningful(), before);
  await expectCase({ as: as.editor, method: 'DELETE', path: `/api/v1/activities/${a.id}`, status: 204 });
  assert.equal(await meaningful(), before);
  await expectCase({ as: as.editor, method: 'POST', path: `/api/v1/activities/${a.id}/restore`, status: 200 });
  assert.equal(await meaningful(), before);
});

test('hostile notes are judged without harm', async () => {
  const c = await as.editor.create('/api/v1/contacts', { first_name: 'Hos', last_name: 'Tile' });
  for (const body of ['\u0000'.repeat(10), '\u202e'.repeat(300), 'é'.repeat(19999), '<script>alert(1)</script>'.repeat(100), '🙂'.repeat(5000)]) {
    const r = await as.editor.post('/api/v1/activities', { kind: 'note', contact_id: c.id, body });
    assert.ok(r.status === 201 || r.status === 400, `${r.status} ${r.text.slice(0, 200)}`);
    if (r.status === 201) assert.equal(r.body.notes_real, false, body.slice(0, 20));
  }
});

const flags = async (who, query = '') => (await expectCase({ as: as[who], method: 'GET', path: `/api/v1/review/flags${query}`, status: 200 })).body.items;

test('junk notes and a burst are flagged to the manager with the reason', async () => {
  const mine = (await flags('mgr')).filter((f) => f.user_id === id('gamer'));
  const junk = mine.find((f) => f.kind === 'junk_notes');
  assert.ok(junk, JSON.stringify(mine));
  assert.ok(junk.n >= 45, `${junk.n} junk notes`);
  assert.ok(Object.keys(junk.reasons).length >= 3, JSON.stringify(junk.reasons));
  assert.equal(Object.values(junk.reasons).reduce((a, b) => a + b, 0), junk.n);
  assert.match(junk.sentence, /^\d+ activities with notes of no real content$/);
  const burst = mine.find((f) => f.kind === 'burst');
  assert.ok(burst && burst.n >= 50, JSON.stringify(mine));
  assert.match(burst.sentence, /activities in one day/);
  assert.equal(junk.day, new Date().toISOString().slice(0, 10));
  assert.equal(typeof junk.first_at, 'string'); // ISO, as every time the API gives
  // five genuine calls raise nothing
  assert.deepEqual((await flags('mgr')).filter((f) => f.user_id === id('honest')), []);
  // the person sees their own flags; a colleague and another team's manager do not
  assert.ok((await flags('gamer')).some((f) => f.id === junk.id));
  assert.ok(!(await flags('honest')).some((f) => f.user_id === id('gamer')));
  assert.ok(!(await flags('south')).some((f) => f.user_id === id('gamer')));
  assert.ok((await flags('boss')).some((f) => f.id === junk.id));
  assert.ok((await flags('mgr', `?user_id=${id('gamer')}`)).every((f) => f.user_id === id('gamer')));
});

test('a flag is dismissed with a note by a manager, never by the person', async () => {
  const junk = (await flags('mgr')).find((f) => f.user_id === id('gamer') && f.kind === 'junk_notes');
  const path = `/api/v1/review/flags/${junk.id}/dismiss`;
  await expectCase({ as: as.gamer, method: 'POST', path, body: { note: 'fine' }, status: 403 });
  await expectCase({ as: as.south, method: 'POST', path, body: { note: 'not mine' }, status: 404 });
  for (const body of [{}, { note: '' }, { note: '   ' }, { note: 'x'.repeat(501) }])
    await expectCase({ as: as.mgr, method: 'POST', path, body, status: 422 });
  for (const body of [{ note: 7 }, { note: 'ok', extra: 1 }, [], 'note'])
    await expectCase({ as: as.mgr, method: 'POST', path, body, status: 400 });
  const r = await expectCase({ as: as.mgr, method: 'POST', path, body: { note: 'Talked to Gus: he was testing the phone integration.' }, status: 200 });
  assert.equal(r.body.dismissed_by, id('mgr'));
  assert.equal(r.body.note, 'Talked to Gus: he was testing the phone integration.');
  await expectCase({ as: as.mgr, method: 'POST', path, body: { note: 'again' }, status: 409 });
  assert.ok(!(await flags('mgr')).some((f) => f.id === junk.id), 'open flags leave it out');
  assert.ok((await flags('mgr', '?status=dismissed')).some((f) => f.id === junk.id));
  assert.ok((await flags('mgr', '?status=all')).some((f) => f.id === junk.id));
  for (const q of ['?status=closed', '?limit=0', '?limit=501', '?user_id=abc', '?user_id=-1'])
    await expectCase({ as: as.mgr, method: 'GET', path: `/api/v1/review/flags${q}`, status: 400 });
  for (const bad of ['0', '99999999', 'abc', '-3'])
    await expectCase({ as: as.mgr, method: 'POST', path: `/api/v1/review/flags/${bad}/dismiss`, body: { note: 'x' }, status: 404 });
});

test('records deleted soon after creation are flagged from the third on a day', async () => {
  const quick = async () => (await flags('mgr')).find((f) => f.user_id === id('quick') && f.kind === 'quick_deletes');
  for (let i = 0; i < 3; i++) {
    const c = await as.quick.create('/api/v1/contacts', { first_name: 'Quick', last_name: `Delete ${i}` });
    await expectCase({ as: as.quick, method: 'DELETE', path: `/api/v1/contacts/${c.id}`, status: 204 });
    if (i === 1) assert.equal(await quick(), undefined, 'two are a mistake anyone makes');
  }
  const f = await quick();
  assert.ok(f && f.n === 3, JSON.stringify(f));
  assert.deepEqual(f.reasons, { contact: 3 });
});
