// SPDX-License-Identifier: MIT
// Consent on public boards (docs/POINTS.md; core/consent.c, api/consent.c): each public answer
// (the leaderboards, the draws and their check, the live stream's deal.won and ticker) honours
// each choice (name, initials, hidden, the admin's default, hiding forbidden); amounts reach
// the stream only when peers may see them; hidden people still earn and count in their team's
// total; hostile bodies are 400 or 422 naming the field.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';
import { Server, expectCase } from './lib/server.mjs';

const srv = await Server.start();
const as = await srv.loginAll();
const U = srv.users;
const stages = Object.fromEntries((await as.repN1.get('/api/v1/stages')).body.items.map((s) => [s.name, s.id]));

const NOTES = [
  'Spoke with Maria about the renewal; budget approved for the third quarter, security review first.',
  'Jonas walked through the pricing sheet, procurement insists on two competing quotes.',
  'Warehouse manager Priya described scanner failures during night shifts in Leeds.',
  'Hiroshi confirmed legal signed the data processing addendum yesterday afternoon.',
];
let note = 0;
const contact = await as.repN1.create('/api/v1/contacts', { first_name: 'Pat' });
const call = (who) => who.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, body: NOTES[note++ % NOTES.length] + ` (${note})` });

async function choose(who, visibility, status = 200) {
  const r = await who.patch('/api/v1/me/board', { visibility });
  assert.equal(r.status, status, r.text);
  return r.body;
}
async function settings(body) {
  const r = await as.admin.patch('/api/v1/settings/boards', body);
  assert.equal(r.status, 200, r.text);
  return r.body;
}
async function board(who, by = 'person') {
  const r = await who.get(`/api/v1/leaderboards?period=week&by=${by}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}
const rita = (items) => items.filter((i) => i.user_id === U.repN1.id);

/* An open stream of server-sent events. */
function openStream(client) {
  return new Promise((resolve, reject) => {
    const rq = http.get(`${srv.url}/api/v1/stream`, { headers: { Accept: 'text/event-stream', Cookie: client.cookie } }, (res) => {
      const s = { events: [], waiters: new Set() };
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        pending += d;
        let i;
        while ((i = pending.indexOf('\n\n')) >= 0) {
          const ev = {};
          for (const line of pending.slice(0, i).split('\n')) {
            const c = line.indexOf(':');
            if (c > 0) ev[line.slice(0, c)] = line.slice(c + 1).replace(/^ /, '');
          }
          pending = pending.slice(i + 2);
          if (ev.data) ev.data = JSON.parse(ev.data);
          if (ev.event) s.events.push(ev);
        }
        for (const w of s.waiters) w();
      });
      s.next = (type, dealId) => new Promise((ok) => {
        const w = () => {
          const e = s.events.find((x) => x.event === type && x.data.deal_id === dealId);
          if (e) { s.waiters.delete(w); ok(e.data); }
        };
        s.waiters.add(w);
        w();
      });
      s.close = () => rq.destroy();
      after(() => s.close());
      resolve(s);
    });
    rq.on('error', reject);
  });
}
const stream = await openStream(as.repN2);
async function winAndWatch(who, name, amount = 1250000) {
  const d = await who.create('/api/v1/deals', { name, stage_id: stages.Won, amount_minor: amount, currency: 'EUR' });
  return { won: await stream.next('deal.won', d.id), ticker: await stream.next('ticker', d.id), deal: d };
}

test('defaults: everyone by name, hiding allowed, amounts not shown to peers', async () => {
  const s = await as.repN1.get('/api/v1/settings/boards');
  assert.equal(s.status, 200, s.text);
  assert.deepEqual(s.body, { default_visibility: 'name', allow_hiding: true, peers_see_amounts: false });
  const me = await as.repN1.get('/api/v1/me/board');
  assert.deepEqual(me.body, { visibility: null, effective: 'name', shown_as: 'Rita One', settings: s.body });
  await call(as.repN1);
  await call(as.repN2);
  const items = await board(as.repN2);
  assert.equal(rita(items)[0].name, 'Rita One');
  const { won, ticker } = await winAndWatch(as.repN1, 'Default win');
  assert.equal(won.owner_name, 'Rita One');
  assert.equal(won.owner_id, U.repN1.id);
  assert.equal(won.amount_minor, null);
  assert.equal(ticker.text, 'Rita One won Default win');
});

test('initials: on the board and the stream', async () => {
  const me = await choose(as.repN1, 'initials');
  assert.equal(me.visibility, 'initials');
  assert.equal(me.shown_as, 'R. O.');
  assert.equal(rita(await board(as.repN2))[0].name, 'R. O.');
  assert.equal(rita(await board(as.repN1))[0].name, 'R. O.'); // she sees what others see
  assert.equal(rita(await board(as.repN1))[0].you, true);
  const { won, ticker } = await winAndWatch(as.repN1, 'Initials win');
  assert.equal(won.owner_name, 'R. O.');
  assert.equal(ticker.text, 'R. O. won Initials win');
});

test('peers see amounts on the stream only when the admin allows it; managers still see the deal', async () => {
  await settings({ peers_see_amounts: true });
  const { won, ticker, deal } = await winAndWatch(as.repN1, 'Amount win');
  assert.equal(won.amount_minor, 1250000);
  assert.equal(ticker.text, 'R. O. won Amount win (12,500.00 EUR)');
  await settings({ peers_see_amounts: false });
  const w2 = await winAndWatch(as.repN1, 'Quiet win');
  assert.equal(w2.won.amount_minor, null);
  assert.equal(w2.ticker.text, 'R. O. won Quiet win');
  // the records themselves are not a public board: the owner, the manager and the admin read the amount
  for (const who of [as.repN1, as.mgrN, as.admin]) {
    const r = await who.get(`/api/v1/deals/${deal.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.amount_minor, 1250000);
  }
});

test('hidden: left out of person boards, counted in the team, still earning; marked for herself', async () => {
  const before = (await as.repN1.get('/api/v1/points/ledger')).body.total;
  const teamBefore = (await board(as.repN2, 'team')).find((t) => t.name === 'north').points;
  const me = await choose(as.repN1, 'hidden');
  assert.equal(me.shown_as, null);
  await call(as.repN1);
  const after = (await as.repN1.get('/api/v1/points/ledger')).body.total;
  assert.equal(after, before + 5);
  const team = (await board(as.repN2, 'team')).find((t) => t.name === 'north');
  assert.equal(team.points, teamBefore + 5);
  for (const who of [as.repN2, as.repS, as.mgrN, as.admin]) {
    const items = await board(who);
    assert.equal(rita(items).length, 0);
    assert.ok(!items.some((i) => /Rita|R\. O\./.test(i.name)), JSON.stringify(items));
    assert.ok(items.every((i, j) => j === 0 || i.rank >= items[j - 1].rank));
  }
  const own = rita(await board(as.repN1));
  assert.equal(own.length, 1);
  assert.equal(own[0].name, 'You (hidden from others)');
  assert.equal(own[0].you, true);
  const { won, ticker } = await winAndWatch(as.repN1, 'Hidden win');
  assert.equal(won.owner_name, 'A teammate');
  assert.equal(won.owner_id, null);
  assert.equal(ticker.text, 'A teammate won Hidden win');
});

test('contests: a hidden person keeps her place as "A teammate" in standings and live items; admins see her', async () => {
  const now = Date.now();
  const c = await as.admin.create('/api/v1/contests', {
    name: 'Consent cup', format: 'top_n', top_n: 2,
    starts_at: new Date(now - 3600e3).toISOString(), ends_at: new Date(now + 3600e3).toISOString(),
  });
  const seen = stream.events.length;
  await call(as.repN1); // Rita is hidden since the test above
  const standings = async (who) => {
    const r = await who.get(`/api/v1/contests/${c.id}`);
    assert.equal(r.status, 200, r.text);
    return r.body.standings;
  };
  for (const who of [as.repN2, as.mgrN]) {
    const st = await standings(who);
    assert.ok(!st.some((i) => /Rita|R\. O\./.test(i.name) || i.user_id === U.repN1.id), JSON.stringify(st));
    const anon = st.filter((i) => i.name === 'A teammate');
    assert.ok(anon.length >= 1 && anon.every((i) => i.user_id === null), JSON.stringify(st));
    assert.ok(st.every((i, j) => j === 0 || i.rank >= st[j - 1].rank));
  }
  assert.equal((await standings(as.repN1)).find((i) => i.user_id === U.repN1.id).name, 'You (hidden from others)');
  assert.equal((await standings(as.admin)).find((i) => i.user_id === U.repN1.id).name, 'Rita One');
  // The live items of her call are the public form: contest.updated's top, badges, ranks.
  await new Promise((ok) => {
    const w = () => { if (stream.events.slice(seen).some((e) => e.event === 'contest.updated' && e.data.contest_id === c.id)) { stream.waiters.delete(w); ok(); } };
    stream.waiters.add(w);
    w();
  });
  const live = stream.events.slice(seen).filter((e) => ['contest.updated', 'badge.earned', 'rank.changed'].includes(e.event));
  assert.doesNotMatch(JSON.stringify(live.map((e) => e.data)), /Rita|R\. O\.|"user_id":${U.repN1.id}\b/);
  assert.ok(live.find((e) => e.event === 'contest.updated').data.top.some((i) => i.name === 'A teammate'));
  // By initials she is back under them.
  await choose(as.repN1, 'initials');
  assert.equal((await standings(as.repN2)).find((i) => i.user_id === U.repN1.id).name, 'R. O.');
  await choose(as.repN1, 'hidden');
  assert.equal((await as.admin.post(`/api/v1/contests/${c.id}/cancel`, {})).status, 200);
});

test('badge holders: a hidden person is left out for others, shown to herself and to admins', async () => {
  const holders = async (who) => {
    const r = await who.get('/api/v1/points/badges');
    assert.equal(r.status, 200, r.text);
    return r.body.items.find((b) => b.key === 'first_call').holders;
  };
  assert.ok(!(await holders(as.repN2)).some((h) => h.user_id === U.repN1.id || /Rita|R\. O\./.test(h.name)));
  assert.equal((await holders(as.repN1)).find((h) => h.user_id === U.repN1.id).name, 'You (hidden from others)');
  assert.equal((await holders(as.admin)).find((h) => h.user_id === U.repN1.id).name, 'Rita One');
  await choose(as.repN1, 'initials');
  assert.equal((await holders(as.repN2)).find((h) => h.user_id === U.repN1.id).name, 'R. O.');
  await choose(as.repN1, 'hidden');
});

test('draws name the winner per consent to everyone but admins', async () => {
  // Rita alone has an open deal: a complete one, so she is the only one eligible.
  await as.repN1.create('/api/v1/deals', { name: 'Clean', close_date: '2999-01-31', next_step: 'Send the quote' });
  const d = await as.admin.post('/api/v1/points/draws', { prize: 'Lunch', criterion: 'pipeline', seed: 'ab'.repeat(32) });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.body.winner_id, U.repN1.id);
  const path = '/api/v1/points/draws';
  const first = async (who) => (await who.get(path)).body.items.find((x) => x.id === d.body.id);
  assert.deepEqual([(await first(as.repN2)).winner_name, (await first(as.repN2)).winner_id], ['A teammate', null]);
  assert.equal((await first(as.admin)).winner_name, 'Rita One');
  assert.equal((await first(as.admin)).winner_id, U.repN1.id);
  assert.equal((await first(as.repN1)).winner_name, 'You (hidden from others)');
  const c = await as.repS.get(`${path}/${d.body.id}/check`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.matches, true);
  assert.equal(c.body.winner_name, 'A teammate');
  assert.equal(c.body.winner_id, null);
  assert.equal(c.body.recorded_winner_id, null);
  await choose(as.repN1, 'initials');
  assert.equal((await first(as.repN2)).winner_name, 'R. O.');
  assert.equal((await as.repS.get(`${path}/${d.body.id}/check`)).body.recorded_winner_name, 'R. O.');
  await choose(as.repN1, 'name');
  assert.equal((await first(as.repN2)).winner_name, 'Rita One');
});

test("the admin's default holds for those who did not choose; the user's choice wins", async () => {
  await choose(as.repN1, null);
  await settings({ default_visibility: 'initials' });
  let items = await board(as.repS);
  assert.equal(rita(items)[0].name, 'R. O.');
  assert.ok(items.some((i) => i.name === 'S. S.'));
  await choose(as.repN1, 'name');
  assert.equal(rita(await board(as.repS))[0].name, 'Rita One');
  await choose(as.repN1, null);
  await settings({ default_visibility: 'hidden' });
  items = await board(as.repS);
  assert.equal(rita(items).length, 0);
  assert.equal(items.length, 1); // only Sue herself
  assert.equal(items[0].name, 'You (hidden from others)');
  await settings({ default_visibility: 'name' });
});

test('when the admin forbids hiding, hidden choices show initials and choosing hidden is 422', async () => {
  await choose(as.repN1, 'hidden');
  await settings({ allow_hiding: false });
  assert.equal(rita(await board(as.repN2))[0].name, 'R. O.');
  const me = await as.repN1.get('/api/v1/me/board');
  assert.equal(me.body.visibility, 'hidden');
  assert.equal(me.body.effective, 'initials');
  const r = await expectCase({ as: as.repN2, method: 'PATCH', path: '/api/v1/me/board', body: { visibility: 'hidden' }, status: 422, field: 'visibility' });
  assert.match(r.body.error.message, /does not allow hiding/);
  await settings({ default_visibility: 'hidden' });
  assert.equal(rita(await board(as.repN2))[0].name, 'R. O.');
  const { won } = await winAndWatch(as.repN1, 'Forbidden hiding win');
  assert.equal(won.owner_name, 'R. O.');
  await settings({ allow_hiding: true, default_visibility: 'name' });
  assert.equal(rita(await board(as.repN2)).length, 0);
  await choose(as.repN1, null);
});

test('hostile bodies: 400 for shape, 422 for values, 403 for non-admins', async () => {
  const me = '/api/v1/me/board', st = '/api/v1/settings/boards';
  for (const [body, status, field] of [
    [{ visibility: 5 }, 400, 'visibility'], [{ visibility: true }, 400, 'visibility'],
    [{ visibility: ['name'] }, 400, 'visibility'], [{ visibility: { a: 1 } }, 400, 'visibility'],
    [{ visibility: 'name', colour: 'red' }, 400, 'colour'], [{ visibility: 'everyone' }, 422, 'visibility'],
    [{ visibility: 'NAME' }, 422, 'visibility'], [{ visibility: '' }, 422, 'visibility'],
    [{ visibility: 'n'.repeat(100000) }, 422, 'visibility'], [{}, 422, 'visibility'],
  ])
    await expectCase({ as: as.repN1, method: 'PATCH', path: me, body, status, field });
  for (const body of ['', 'null', '[]', '"name"', '{"visibility":', '{"visibility":"name"}x'])
    await expectCase({ as: as.repN1, method: 'PATCH', path: me, body, status: 400 });
  await expectCase({ as: as.repN1, method: 'PATCH', path: me, body: { visibility: 'name' }, opts: { csrf: false }, status: 403 });
  await expectCase({ as: as.repN1, method: 'PATCH', path: st, body: { allow_hiding: false }, status: 403 });
  await expectCase({ as: as.mgrN, method: 'PATCH', path: st, body: { peers_see_amounts: true }, status: 403 });
  for (const [body, status, field] of [
    [{ allow_hiding: 'yes' }, 400, 'allow_hiding'], [{ peers_see_amounts: 1 }, 400, 'peers_see_amounts'],
    [{ allow_hiding: null }, 400, 'allow_hiding'], [{ default_visibility: null }, 400, 'default_visibility'],
    [{ default_visibility: 7 }, 400, 'default_visibility'], [{ default_visibility: 'everyone' }, 422, 'default_visibility'],
    [{ default_visibility: 'x'.repeat(100000) }, 422, 'default_visibility'], [{ rainbow: true }, 400, 'rainbow'],
  ])
    await expectCase({ as: as.admin, method: 'PATCH', path: st, body, status, field });
  for (const body of ['', 'null', '[1]', '{'])
    await expectCase({ as: as.admin, method: 'PATCH', path: st, body, status: 400 });
  const s = await as.repS.get(st);
  assert.deepEqual(s.body, { default_visibility: 'name', allow_hiding: true, peers_see_amounts: false });
  assert.equal((await as.repN1.get(me)).body.visibility, null);
  await srv.assertAlive();
});
