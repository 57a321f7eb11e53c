// SPDX-License-Identifier: MIT
// Live events (GET /api/v1/stream, server-sent events; http/stream.c, store/live.c): a won deal
// reaches every stream as "deal.won" and "ticker" once its write commits and never for a failed
// one; keep-alives; Last-Event-ID resumes from the ring or answers "reset" (also for ids that
// are not numbers); a client that stops reading is dropped while others and the API go on; on
// PostgreSQL a deal won through one instance reaches the streams of another.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { after, test } from 'node:test';
import { ENGINE, Server, Client, tmpDir } from './lib/server.mjs';

const srv = await Server.start({ env: { UPTAKE_STREAM_KEEPALIVE_MS: '200' } });
const as = await srv.loginAll();
const rep = as.repN1;
const stages = Object.fromEntries((await rep.get('/api/v1/stages')).body.items.map((s) => [s.name, s.id]));

/* An open stream: events as they arrive ({id, event, data, comment}), until closed. */
function openStream(server, client, headers = {}) {
  return new Promise((resolve, reject) => {
    const h = { Accept: 'text/event-stream', ...headers };
    if (client && client.cookie) h.Cookie = client.cookie;
    if (client && client.token) h.Authorization = `Bearer ${client.token}`;
    const rq = http.get(`${server.url}/api/v1/stream`, { headers: h }, (res) => {
      const s = { status: res.statusCode, headers: res.headers, events: [], text: '', ended: false, res, rq };
      const waiters = new Set();
      const check = () => { for (const w of waiters) w(); };
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        s.text += d;
        pending += d;
        let i;
        while ((i = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, i);
          pending = pending.slice(i + 2);
          const ev = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) ev.comment = line.slice(1).trim();
            else {
              const c = line.indexOf(':');
              const k = line.slice(0, c), v = line.slice(c + 1).replace(/^ /, '');
              ev[k] = k === 'data' ? JSON.parse(v) : v;
            }
          }
          s.events.push(ev);
        }
        check();
      });
      res.on('end', () => { s.ended = true; check(); });
      res.on('error', () => { s.ended = true; check(); });
      /* Resolves with the events so far once pred(events) holds; fails after ms. */
      s.until = (pred, ms = 5000, what = 'events') => new Promise((ok, fail) => {
        const w = () => {
          if (pred(s.events)) { waiters.delete(w); clearTimeout(t); ok(s.events); }
        };
        const t = setTimeout(() => { waiters.delete(w); fail(new Error(`timed out waiting for ${what}: ${s.text.slice(-600)}`)); }, ms);
        waiters.add(w);
        w();
      });
      s.close = () => { rq.destroy(); };
      after(() => s.close());
      resolve(s);
    });
    rq.on('error', reject);
  });
}

const named = (events, type) => events.filter((e) => e.event === type);

/* Wins a new deal in one request (created straight into Won). */
async function win(client, name, extra = {}) {
  return client.create('/api/v1/deals', { name, stage_id: stages.Won, ...extra });
}

test('a signed-in stream gets deal.won and a ticker item for a won deal, and keep-alives', async () => {
  const s = await openStream(srv, rep);
  assert.equal(s.status, 200);
  assert.match(s.headers['content-type'], /^text\/event-stream/);
  assert.equal(s.headers['cache-control'], 'no-store');
  await s.until((e) => e.some((x) => x.comment === 'keep-alive'), 3000, 'a keep-alive');

  // Amounts go to the stream (a broadcast) only when peers may see them (docs/POINTS.md,
  // "Consent on public boards"; consent.test.mjs tries the other settings).
  const set = await as.admin.patch('/api/v1/settings/boards', { peers_see_amounts: true });
  assert.equal(set.status, 200, set.text);
  // Moved into Won by an update, as people do.
  const d = await rep.create('/api/v1/deals', { name: 'Stream walk', amount_minor: 1250000, currency: 'EUR' });
  const r = await rep.patch(`/api/v1/deals/${d.id}`, { stage_id: stages.Won });
  assert.equal(r.status, 200, r.text);
  const events = await s.until((e) => named(e, 'ticker').length >= 1, 5000, 'deal.won and ticker');
  const won = named(events, 'deal.won');
  assert.equal(won.length, 1);
  assert.deepEqual(won[0].data, {
    deal_id: d.id, name: 'Stream walk', amount_minor: 1250000, currency: 'EUR',
    owner_id: rep.user.id, owner_name: rep.user.name, visibility: 'name',
  });
  const ticker = named(events, 'ticker')[0];
  assert.equal(ticker.data.deal_id, d.id);
  assert.equal(ticker.data.text, `${rep.user.name} won Stream walk (12,500.00 EUR)`);
  assert.ok(Number(ticker.id) > Number(won[0].id), 'ids count up');

  // A deal without an amount: the fields are there, null.
  await win(as.repS, 'No amount');
  const e2 = await s.until((e) => named(e, 'deal.won').length >= 2);
  assert.deepEqual(named(e2, 'deal.won')[1].data, {
    deal_id: named(e2, 'deal.won')[1].data.deal_id, name: 'No amount', amount_minor: null, currency: null,
    owner_id: as.repS.user.id, owner_name: as.repS.user.name, visibility: 'name',
  });
  s.close();
});

test('an API token opens a stream; no sign-in is 401', async () => {
  const r = await openStream(srv, null);
  assert.equal(r.status, 401);
  const t = await as.admin.post('/api/v1/tokens', { name: 'board' });
  assert.equal(t.status, 201, t.text);
  const s = await openStream(srv, new Client(srv.url, { token: t.body.token }));
  assert.equal(s.status, 200);
  await s.until((e) => e.some((x) => x.comment === 'keep-alive'), 3000, 'a keep-alive');
  s.close();
});

test('a failed write publishes nothing', async () => {
  const s = await openStream(srv, rep);
  const d = await rep.create('/api/v1/deals', { name: 'Conflicted' });
  // A stale version: refused before anything is written.
  let r = await rep.patch(`/api/v1/deals/${d.id}`, { stage_id: stages.Won }, { headers: { 'If-Match': '"7"' } });
  assert.equal(r.status, 409, r.text);
  // Invalid input into a won stage.
  r = await rep.post('/api/v1/deals', { name: 'Bad', stage_id: stages.Won, amount_minor: 'lots' });
  assert.ok(r.status >= 400 && r.status < 500, r.text);
  // Then one that succeeds: the first deal.won the stream sees is it.
  const ok = await win(rep, 'After failures');
  const events = await s.until((e) => named(e, 'deal.won').length >= 1);
  assert.deepEqual(named(events, 'deal.won').map((e) => e.data.deal_id), [ok.id]);
  s.close();
});

test('Last-Event-ID resumes from the ring; unknown, old or malformed ids get a reset', async () => {
  const s = await openStream(srv, rep);
  const first = await win(rep, 'Resume one');
  const second = await win(rep, 'Resume two');
  const events = await s.until((e) => named(e, 'ticker').length >= 2);
  s.close();
  const firstWon = named(events, 'deal.won').find((e) => e.data.deal_id === first.id);
  const last = events.filter((e) => e.id).at(-1);

  // After the first deal.won: its ticker and the second deal's two items, then live ones.
  const b = await openStream(srv, rep, { 'Last-Event-ID': firstWon.id });
  let got = await b.until((e) => e.filter((x) => x.event).length >= 3);
  assert.deepEqual(got.filter((x) => x.event).map((x) => [x.event, x.data.deal_id]),
    [['ticker', first.id], ['deal.won', second.id], ['ticker', second.id]]);
  const third = await win(rep, 'Resume three');
  got = await b.until((e) => named(e, 'deal.won').length >= 2);
  assert.equal(named(got, 'deal.won')[1].data.deal_id, third.id);
  b.close();

  // The latest id: nothing to catch up, no reset.
  const c = await openStream(srv, rep, { 'Last-Event-ID': last.id });
  await c.until((e) => e.filter((x) => x.event).length >= 1 || e.some((x) => x.comment === 'keep-alive'), 3000);
  const early = c.events.filter((x) => x.event);
  assert.ok(early.every((x) => x.event !== 'reset'), JSON.stringify(early));
  c.close();

  // Too old, in the future, or not a number at all: "reset" first, named by the latest id.
  for (const bad of ['5', '99999999999999999', '-3', 'abc', '12abc', ' 1', '1e9', '+7', '0x10',
    '99999999999999999999999999', '9223372036854775808', 'x'.repeat(4000)]) {
    const h = await openStream(srv, rep, { 'Last-Event-ID': bad });
    assert.equal(h.status, 200, `Last-Event-ID ${bad.slice(0, 20)}`);
    const e = await h.until((x) => x.some((y) => y.event), 3000, `reset for ${bad.slice(0, 20)}`);
    const ev = e.find((y) => y.event);
    assert.equal(ev.event, 'reset', `Last-Event-ID ${bad.slice(0, 20)}`);
    assert.ok(Number(ev.id) >= Number(last.id));
    h.close();
  }
  await srv.assertAlive();
});

test('a client that stops reading is dropped; other streams and the API go on', async () => {
  // A raw socket that asks for the stream and never reads what comes.
  const stuck = net.connect(srv.port, '127.0.0.1');
  await new Promise((ok) => stuck.on('connect', ok));
  stuck.write(`GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nCookie: ${rep.cookie}\r\n\r\n`);
  stuck.pause();
  let stuckClosed = false;
  stuck.on('close', () => { stuckClosed = true; });
  stuck.on('error', () => {});
  const good = await openStream(srv, as.mgrN);

  // Enough long-named wins to fill the stuck client's socket buffers and its bound.
  const name = 'Fill '.padEnd(190, 'x');
  const n = 700;
  for (let i = 0; i < n; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, j) => win(rep, `${name}${i + j}`)));
    // Reads keep answering while the stuck client is behind.
    assert.equal((await as.mgrN.get('/api/v1/deals?limit=1')).status, 200);
  }
  await good.until((e) => named(e, 'ticker').length >= n, 20000, 'every event on the reading stream');
  assert.equal(good.ended, false);

  // Reading now, the stuck client finds its stream ended short of everything.
  let text = '';
  stuck.on('data', (d) => { text += d; });
  stuck.resume();
  for (let i = 0; i < 250 && !stuckClosed; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(stuckClosed, 'the stuck client was dropped');
  const seen = (text.match(/event: ticker/g) || []).length;
  assert.ok(seen < n, `the stuck client got ${seen} of ${n}`);
  good.close();
  await srv.assertAlive();
});

test('closed streams are noticed and their connections freed', async () => {
  const fds = () => fs.readdirSync(`/proc/${srv.proc.pid}/fd`).length;
  const before = fds();
  const streams = await Promise.all(Array.from({ length: 20 }, () => openStream(srv, rep)));
  await Promise.all(streams.map((s) => s.until((e) => e.length >= 1)));
  assert.ok(fds() >= before + 20, `${fds()} descriptors with 20 streams, ${before} before`);
  for (const s of streams) s.close();
  // Idle streams are suspended; the next keep-alive (200 ms here) finds each gone.
  let now = fds();
  for (let i = 0; i < 150 && now > before; i++) {
    await new Promise((r) => setTimeout(r, 20));
    now = fds();
  }
  assert.ok(now <= before, `${now} descriptors after closing, ${before} before`);
});

/* A second instance on a's database (as instances.test.mjs). */
async function twin(a) {
  const b = new Server();
  b.dir = tmpDir('srv-');
  b.db = a.db;
  b.env = a.env;
  b.users = a.users;
  await b.spawn([]);
  after(() => b.stop());
  return b;
}

test('on PostgreSQL a deal won through one instance reaches streams on another', {
  skip: ENGINE !== 'postgresql' && 'one server per SQLite file',
}, async () => {
  const b = await twin(srv);
  const onB = new Client(b.url, { cookie: as.mgrS.cookie, csrf: as.mgrS.csrf, user: as.mgrS.user });
  const sb = await openStream(b, onB);
  const sa = await openStream(srv, as.mgrS);
  const d = await win(rep, 'Across instances', { amount_minor: 700, currency: 'USD' });
  for (const s of [sa, sb]) {
    const e = await s.until((x) => named(x, 'ticker').some((y) => y.data.deal_id === d.id), 5000, 'the win');
    assert.equal(named(e, 'deal.won').filter((y) => y.data.deal_id === d.id).length, 1, 'once');
  }
  // And the other way round.
  const d2 = await win(onB, 'Back again');
  await sa.until((x) => named(x, 'deal.won').some((y) => y.data.deal_id === d2.id), 5000, 'the win from b');
  sa.close();
  sb.close();
});
