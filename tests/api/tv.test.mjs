// SPDX-License-Identifier: MIT
// The live TV board (api/tv.c, store/tv.c, display tokens in http/auth.c): admins manage
// channels, display tokens and announcements; a display token is read-only and opens only its
// own channel and the stream; a revoked one stops at once (its open stream by the next
// keep-alive); hostile tokens, slugs and bodies are refused with the usual codes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, test } from 'node:test';
import { Server, Client, CODE } from './lib/server.mjs';

const srv = await Server.start({ env: { UPTAKE_STREAM_KEEPALIVE_MS: '200', UPTAKE_LOG_LEVEL: 'debug' } });
after(() => srv.stop());
const as = await srv.loginAll();
const admin = as.admin;
const stages = Object.fromEntries((await admin.get('/api/v1/stages')).body.items.map((s) => [s.name, s.id]));

const SLIDES = [
  { kind: 'leaderboard', seconds: 10, options: { period: 'week', by: 'person', metric: 'points' } },
  { kind: 'recent_wins', seconds: 8 },
  { kind: 'team_goal', seconds: 8, options: { target: 500, period: 'month' } },
  { kind: 'adoption', seconds: 8 },
  { kind: 'contest', seconds: 8, options: { contest_id: 1 } },
];

/* A display client: the token in the Authorization header, or in the query string. */
function display(token, viaQuery = false) {
  return {
    get(p) {
      if (viaQuery) return new Client(srv.url).get(`${p}${p.includes('?') ? '&' : '?'}display_token=${encodeURIComponent(token)}`);
      return new Client(srv.url).get(p, { headers: { Authorization: `Display ${token}` } });
    },
    req(method, p, body) {
      return new Client(srv.url).req(method, p, body, { headers: { Authorization: `Display ${token}` } });
    },
  };
}

function openStream(query) {
  return new Promise((resolve, reject) => {
    const rq = http.get(`${srv.url}/api/v1/stream${query}`, { headers: { Accept: 'text/event-stream' } }, (res) => {
      const s = { status: res.statusCode, text: '', ended: false };
      const waiters = new Set();
      res.setEncoding('utf8');
      res.on('data', (d) => { s.text += d; for (const w of waiters) w(); });
      res.on('end', () => { s.ended = true; for (const w of waiters) w(); });
      res.on('error', () => { s.ended = true; for (const w of waiters) w(); });
      s.until = (pred, ms = 5000, what = 'stream') => new Promise((ok, fail) => {
        const w = () => { if (pred(s)) { waiters.delete(w); clearTimeout(t); ok(s); } };
        const t = setTimeout(() => { waiters.delete(w); fail(new Error(`timed out: ${what}: ${s.text.slice(-300)}`)); }, ms);
        waiters.add(w);
        w();
      });
      s.close = () => rq.destroy();
      after(() => s.close());
      resolve(s);
    });
    rq.on('error', reject);
  });
}

let channel, other, token, otherToken;

test('admins create channels; the slides come back as sent, with defaults', async () => {
  let r = await admin.post('/api/v1/tv/channels', { slug: 'sales-floor', name: 'Sales floor', slides: SLIDES, sound: true });
  assert.equal(r.status, 201, r.text);
  channel = r.body;
  assert.equal(channel.slug, 'sales-floor');
  assert.equal(channel.ticker, true);
  assert.equal(channel.sound, true);
  assert.equal(channel.slides.length, 5);
  assert.deepEqual(channel.slides[1], { kind: 'recent_wins', seconds: 8, options: {} });
  other = (await admin.create('/api/v1/tv/channels', { slug: 'board-2', name: 'Second' }));
  assert.deepEqual(other.slides, []);
  r = await admin.post('/api/v1/tv/channels', { slug: 'board-2', name: 'Again' });
  assert.equal(r.status, 409, r.text);
  r = await admin.patch(`/api/v1/tv/channels/${other.id}`, { name: 'Second board', ticker: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.name, 'Second board');
  assert.equal(r.body.ticker, false);
  assert.equal(r.body.slug, 'board-2');
  r = await admin.get('/api/v1/tv/channels');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((c) => c.slug), ['sales-floor', 'board-2']);
});

test('only admins manage channels and tokens, writes need the CSRF header', async () => {
  for (const c of [as.mgrN, as.repN1]) {
    assert.equal((await c.get('/api/v1/tv/channels')).status, 403);
    assert.equal((await c.post('/api/v1/tv/channels', { slug: 'x', name: 'x' })).status, 403);
    assert.equal((await c.get('/api/v1/tv/tokens')).status, 403);
  }
  assert.equal((await new Client(srv.url).get('/api/v1/tv/channels')).status, 401);
  assert.equal((await admin.post('/api/v1/tv/channels', { slug: 'nocsrf', name: 'x' }, { csrf: false })).status, 403);
});

test('hostile channel bodies: 400 for the wrong shape, 422 naming the field for bad values', async () => {
  const cases = [
    [{ slug: 'a', name: 'A', slides: [{ kind: 'weather', seconds: 10 }] }, 422, 'slides'],
    [{ slug: 'a', name: 'A', slides: [{ kind: 'leaderboard', seconds: 1 }] }, 422, 'slides'],
    [{ slug: 'a', name: 'A', slides: [{ kind: 'leaderboard', seconds: 601 }] }, 422, 'slides'],
    [{ slug: 'a', name: 'A', slides: [{ kind: 'leaderboard', seconds: '10' }] }, 400, 'seconds'],
    [{ slug: 'a', name: 'A', slides: [{ kind: 'leaderboard', seconds: 10, options: { period: 'year' } }] }, 422, 'slides'],
    [{ slug: 'a', name: 'A', slides: [{ kind: 'leaderboard', seconds: 10, options: { evil: 1 } }] }, 400, 'evil'],
    [{ slug: 'a', name: 'A', slides: [{ kind: 'leaderboard', seconds: 10, extra: 1 }] }, 400, 'extra'],
    [{ slug: 'a', name: 'A', slides: [{ kind: 'leaderboard', seconds: 10, options: [] }] }, 400, 'slides'],
    [{ slug: 'a', name: 'A', slides: ['x'] }, 400, 'slides'],
    [{ slug: 'a', name: 'A', slides: {} }, 400, 'slides'],
    [{ slug: 'a', name: 'A', slides: Array(21).fill({ kind: 'adoption', seconds: 10 }) }, 422, 'slides'],
    [{ slug: 'Bad Slug', name: 'A' }, 422, 'slug'],
    [{ slug: 'channels', name: 'A' }, 422, 'slug'],
    [{ slug: 'x'.repeat(41), name: 'A' }, 422, 'slug'],
    [{ slug: '../etc', name: 'A' }, 422, 'slug'],
    [{ slug: 'a', name: '' }, 422, 'name'],
    [{ slug: 'a' }, 422, 'name'],
    [{ slug: 'a', name: 'A', ticker: 'yes' }, 400, 'ticker'],
    [{ slug: 'a', name: 'A', colour: 'red' }, 400, 'colour'],
  ];
  for (const [body, status, field] of cases) {
    const r = await admin.post('/api/v1/tv/channels', body);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 120)}: ${r.text}`);
    assert.equal(r.body.error.code, CODE[status]);
    assert.match(JSON.stringify(r.body.error), new RegExp(field), r.text);
  }
  for (const raw of ['', '{', '[]', '"x"', 'null', '{"slug":"a","name":"A","slides":' + '['.repeat(5000) + ']'.repeat(5000) + '}']) {
    const r = await admin.post('/api/v1/tv/channels', raw);
    assert.equal(r.status, 400, `${raw.slice(0, 40)}: ${r.text}`);
  }
  // A huge body is refused before it is parsed, or as too long a value.
  const huge = await admin.post('/api/v1/tv/channels', { slug: 'huge', name: 'A', slides: Array(20).fill({ kind: 'contest', seconds: 10, options: { contest_id: 1, pad: 'x'.repeat(100000) } }) });
  assert.ok([400, 413, 422].includes(huge.status), huge.text);
  assert.equal((await admin.patch('/api/v1/tv/channels/999999', { name: 'x' })).status, 404);
  assert.ok([400, 404].includes((await admin.patch('/api/v1/tv/channels/abc', { name: 'x' })).status));
  assert.equal((await admin.del('/api/v1/tv/channels/999999')).status, 404);
});

test('a display token is shown once, listed without it, and reads only its own channel', async () => {
  let r = await admin.post('/api/v1/tv/tokens', { name: 'Lobby TV', channel_id: channel.id });
  assert.equal(r.status, 201, r.text);
  token = r.body.token;
  assert.equal(r.body.url, `/tv/sales-floor?token=${token}`);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  otherToken = (await admin.create('/api/v1/tv/tokens', { name: 'Other TV', channel_id: other.id })).token;
  r = await admin.get('/api/v1/tv/tokens');
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 2);
  assert.ok(!r.text.includes(token), 'the token is never listed');
  assert.equal(r.body.items[0].channel_slug, 'sales-floor');
  for (const [body, status] of [[{ name: 'x', channel_id: 999999 }, 422], [{ name: '', channel_id: channel.id }, 422],
    [{ name: 'x', channel_id: 'one' }, 400], [{ name: 'x', channel_id: channel.id, role: 'admin' }, 400]]) {
    assert.equal((await admin.post('/api/v1/tv/tokens', body)).status, status, JSON.stringify(body));
  }

  for (const viaQuery of [false, true]) {
    const d = display(token, viaQuery);
    r = await d.get('/api/v1/tv/sales-floor');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.channel.name, 'Sales floor');
    assert.deepEqual(r.body.channel.slides.map((s) => s.kind), SLIDES.map((s) => s.kind));
    const data = Object.fromEntries(r.body.channel.slides.map((s) => [s.kind, s.data]));
    assert.ok(Array.isArray(data.leaderboard.items));
    assert.ok(Array.isArray(data.recent_wins.items));
    assert.equal(data.team_goal.target, 500);
    assert.ok(Array.isArray(data.adoption.teams));
    for (const t of data.adoption.teams) assert.deepEqual(Object.keys(t).sort(), ['active_share', 'name', 'score']);
    assert.equal(data.contest, null);
    // Another channel, or anything else: refused.
    assert.equal((await d.get('/api/v1/tv/board-2')).status, 403);
    for (const p of ['/api/v1/tv/channels', '/api/v1/tv/tokens', '/api/v1/contacts', '/api/v1/users', '/api/v1/leaderboards', '/api/v1/deals'])
      assert.equal((await d.get(p)).status, 403, p);
  }
  const d = display(token);
  for (const [m, p, body] of [['POST', '/api/v1/contacts', { first_name: 'x' }], ['POST', '/api/v1/tv/channels', { slug: 'z', name: 'z' }],
    ['PATCH', `/api/v1/tv/channels/${channel.id}`, { name: 'z' }], ['DELETE', '/api/v1/tv/tokens/1'], ['POST', '/api/v1/tv/tokens', { name: 'x', channel_id: 1 }],
    ['POST', '/api/v1/session', { email: 'admin@acme.test', password: 'x' }]]) {
    r = await d.req(m, p, body);
    assert.ok([401, 403].includes(r.status), `${m} ${p}: ${r.status}`);
  }
  // Even with an admin's session cookie alongside, a display token stays read-only.
  r = await new Client(srv.url).req('POST', '/api/v1/tv/channels', { slug: 'mix', name: 'Mix' },
    { headers: { Authorization: `Display ${token}`, Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf } });
  assert.equal(r.status, 403);
  // A signed-in person may preview a board; nobody else.
  assert.equal((await as.repN1.get('/api/v1/tv/sales-floor')).status, 200);
  assert.equal((await new Client(srv.url).get('/api/v1/tv/sales-floor')).status, 401);
});

test('hostile display tokens and slugs', async () => {
  for (const t of ['', 'x', 'a'.repeat(5000), `${token}x`, token.slice(1), "' OR 1=1 --", '%00', otherToken.toUpperCase()]) {
    const r = await new Client(srv.url).get(`/api/v1/tv/sales-floor?display_token=${encodeURIComponent(t)}`);
    assert.equal(r.status, 401, `${t.slice(0, 20)}: ${r.text}`);
    const h = await new Client(srv.url).get('/api/v1/stream', { headers: { Authorization: `Display ${t}` } });
    assert.ok([400, 401].includes(h.status), `${t.slice(0, 20)}: ${h.status}`);
  }
  const d = display(token);
  for (const slug of ['nope', 'SALES-FLOOR', '..', '%2e%2e', 'a'.repeat(300), 'sales floor', "x'--"])
    assert.ok([403, 404].includes((await d.get(`/api/v1/tv/${encodeURIComponent(slug)}`)).status), slug);
  assert.equal((await admin.get('/api/v1/tv/nope')).status, 404);
  assert.equal((await admin.get(`/api/v1/tv/${'a'.repeat(300)}`)).status, 404);
});

test('a display stream gets deal.won and announcements; an announcement is validated', async () => {
  const s = await openStream(`?display_token=${encodeURIComponent(token)}`);
  assert.equal(s.status, 200);
  await s.until((x) => x.text.includes('keep-alive'), 5000, 'a keep-alive');
  const d = await as.repN1.create('/api/v1/deals', { name: 'TV walk', amount_minor: 990000, currency: 'EUR' });
  assert.equal((await as.repN1.patch(`/api/v1/deals/${d.id}`, { stage_id: stages.Won })).status, 200);
  await s.until((x) => x.text.includes('event: deal.won') && x.text.includes('TV walk'), 5000, 'deal.won');
  let r = await admin.post(`/api/v1/tv/channels/${channel.id}/announcements`, { text: 'Pizza at 5 🍕' });
  assert.equal(r.status, 202, r.text);
  await s.until((x) => x.text.includes('event: announcement'), 5000, 'announcement');
  assert.match(s.text, /"slug":"sales-floor","text":"Pizza at 5 🍕"/);
  // The board lists the win, with the rep's name; the amount only once peers may see amounts.
  const wins = async () => (await display(token).get('/api/v1/tv/sales-floor')).body.channel.slides.find((x) => x.kind === 'recent_wins').data.items;
  let w = await wins();
  assert.equal(w[0].name, 'TV walk');
  assert.equal(w[0].owner_name, 'Rita One');
  assert.equal(w[0].amount_minor, null);
  assert.equal(w[0].board_visibility, undefined);
  assert.equal((await admin.patch('/api/v1/settings/boards', { peers_see_amounts: true })).status, 200);
  w = await wins();
  assert.equal(w[0].amount_minor, 990000);
  assert.equal((await admin.patch('/api/v1/settings/boards', { peers_see_amounts: false })).status, 200);
  for (const [body, status] of [[{ text: '' }, 422], [{ text: 'x'.repeat(281) }, 422], [{}, 422], [{ text: 5 }, 400], [{ text: 'x', y: 1 }, 400]])
    assert.equal((await admin.post(`/api/v1/tv/channels/${channel.id}/announcements`, body)).status, status, JSON.stringify(body));
  assert.equal((await admin.post('/api/v1/tv/channels/999999/announcements', { text: 'x' })).status, 404);
  assert.equal((await display(token).req('POST', `/api/v1/tv/channels/${channel.id}/announcements`, { text: 'x' })).status, 403);
});

test('a revoked display token stops at once, and its open stream ends by the next keep-alive', async () => {
  const t = (await admin.create('/api/v1/tv/tokens', { name: 'Soon gone', channel_id: channel.id }));
  const s = await openStream(`?display_token=${encodeURIComponent(t.token)}`);
  assert.equal(s.status, 200);
  await s.until((x) => x.text.includes('keep-alive'), 5000, 'a keep-alive');
  assert.equal((await display(t.token).get('/api/v1/tv/sales-floor')).status, 200);
  assert.equal((await admin.del(`/api/v1/tv/tokens/${t.id}`)).status, 204);
  assert.equal((await display(t.token).get('/api/v1/tv/sales-floor')).status, 401);
  assert.equal((await display(t.token, true).get('/api/v1/stream')).status, 401);
  await s.until((x) => x.ended, 5000, 'the stream to end');
  assert.equal((await admin.del(`/api/v1/tv/tokens/${t.id}`)).status, 404);
  const listed = (await admin.get('/api/v1/tv/tokens')).body.items.find((x) => x.id === t.id);
  assert.ok(listed.revoked_at);
  assert.ok(listed.last_seen_at);
});

test('deleting a channel ends its tokens; a token in a query string is never logged', async () => {
  assert.equal((await admin.del(`/api/v1/tv/channels/${other.id}`)).status, 204);
  assert.equal((await display(otherToken).get('/api/v1/tv/board-2')).status, 401);
  await srv.stop();
  const logs = fs.readdirSync(srv.dir).filter((f) => f.endsWith('.log')).map((f) => fs.readFileSync(`${srv.dir}/${f}`, 'utf8')).join('')
    + (srv.stderr || '');
  assert.ok(!logs.includes(token), 'the display token is in a log');
});
