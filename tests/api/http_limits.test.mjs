// SPDX-License-Identifier: MIT
// The HTTP layer under hostile clients: thousands of idle or slow connections, per-address
// limits, the request-header deadline, bodies refused before they are read (auth, size, memory),
// too many arguments or headers, ambiguous framing, trusted proxies, log lines and the headers
// of every answer. Raw sockets where the bytes on the wire matter; several loopback source
// addresses (127.0.0.x) where per-address limits do. A test that waits on the server fails by
// its timeout (what used to hang), never by a measured time.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';
import { CAST, PASSWORD, Server } from './lib/server.mjs';

/* A raw connection: write bytes, read answers as they come. */
class Raw {
  constructor(port, localAddress = '127.0.0.1') {
    this.data = Buffer.alloc(0);
    this.closed = false;
    this.waiters = [];
    this.sock = net.connect({ port, host: '127.0.0.1', localAddress });
    this.connected = new Promise((resolve) => this.sock.once('connect', resolve));
    this.sock.on('data', (d) => { this.data = Buffer.concat([this.data, d]); this.poke(); });
    this.sock.on('error', () => {});
    this.sock.on('close', () => { this.closed = true; this.poke(); });
  }
  poke() { for (const w of this.waiters.splice(0)) w(); }
  send(text) { this.sock.write(text); return this; }
  /* Resolves when cond() holds, re-checked on every event of the socket. */
  until(cond) {
    return new Promise((resolve) => {
      const check = () => (cond() ? resolve() : this.waiters.push(check));
      check();
    });
  }
  /* The next complete answer (status line, headers, Content-Length body), or null when the
   * server closed first. Interim "100 Continue" answers count as answers. */
  async answer() {
    let parsed = null;
    await this.until(() => {
      const text = this.data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end >= 0) {
        const head = text.slice(0, end).split('\r\n');
        const headers = {};
        for (const line of head.slice(1)) {
          const i = line.indexOf(':');
          headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        const len = Number(headers['content-length'] || 0);
        if (this.data.length >= end + 4 + len) {
          const body = this.data.subarray(end + 4, end + 4 + len).toString('utf8');
          this.data = this.data.subarray(end + 4 + len);
          parsed = { status: Number(head[0].split(' ')[1]), headers, text: body };
          try { parsed.body = JSON.parse(body); } catch { parsed.body = undefined; }
          return true;
        }
      }
      return this.closed;
    });
    return parsed;
  }
  closedByServer() { return this.until(() => this.closed); }
  end() { this.sock.destroy(); }
}

function assertJsonError(a, status, what) {
  assert.ok(a, `${what}: no answer`);
  assert.equal(a.status, status, `${what}: ${a.status} ${a.text}`);
  const type = a.headers.get ? a.headers.get('content-type') : a.headers['content-type'];
  assert.equal(type, 'application/json', what);
  assert.equal(typeof a.body.error.code, 'string', `${what}: ${a.text}`);
  assert.equal(typeof a.body.error.message, 'string', `${what}: ${a.text}`);
}

/* One GET on a new connection (as a browser opens them): resolves to the status. */
function getFresh(url, headers = {}, localAddress = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false, headers, localAddress }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
}

test('5,000 idle and slow connections: signed-in requests are all served', { timeout: 120000 }, async () => {
  const srv = await Server.start({
    users: CAST.slice(0, 3),
    env: { UPTAKE_CONNECTIONS_PER_ADDRESS: '200', UPTAKE_REQUEST_HEADER_TIMEOUT: '300' },
  });
  const rep = await srv.login(srv.users.repN1.email);
  const held = [];
  for (let i = 0; i < 5000; i++) {
    const c = new Raw(srv.port, `127.0.0.${2 + (i % 50)}`);
    held.push(c);
    /* Half send nothing, half a request line and part of a header. */
    if (i % 2) c.connected.then(() => c.send('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: '));
  }
  await Promise.all(held.map((c) => c.connected));
  /* Every held connection got past libmicrohttpd's accept: a last one from each address is
   * answered, so the ones before it were taken in. */
  for (let a = 2; a < 52; a++) assert.equal(await getFresh(`${srv.url}/api/v1/health`, {}, `127.0.0.${a}`), 200);
  const ms = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    assert.equal(await getFresh(`${srv.url}/api/v1/contacts?limit=5`, { Cookie: rep.cookie }), 200);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`signed-in GET with 5000 held: median ${ms[20].toFixed(1)} ms, max ${ms[39].toFixed(1)} ms`);
  assert.equal(held.filter((c) => c.closed).length, 0, 'held connections were closed');
  for (const c of held) c.end();
});

test('one address past its connection limit is refused while others are served', { timeout: 30000 }, async () => {
  const srv = await Server.start({
    users: CAST.slice(0, 1),
    env: { UPTAKE_CONNECTIONS_PER_ADDRESS: '5', UPTAKE_REQUEST_HEADER_TIMEOUT: '300' },
  });
  /* Five keep-alive connections from 127.0.0.2, each answered once, so the server holds them. */
  const holders = [];
  for (let i = 0; i < 5; i++) {
    const c = new Raw(srv.port, '127.0.0.2');
    c.send('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await c.answer()).status, 200);
    holders.push(c);
  }
  const sixth = new Raw(srv.port, '127.0.0.2');
  sixth.send('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(await sixth.answer(), null, 'the sixth connection was served');
  assert.equal(await getFresh(`${srv.url}/api/v1/health`, {}, '127.0.0.3'), 200);
  /* A held one still works, and once one closes the address may connect again. */
  holders[0].send('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal((await holders[0].answer()).status, 200);
  holders[1].end();
  let served = false;
  while (!served) { /* the server sees the close a moment later */
    const c = new Raw(srv.port, '127.0.0.2');
    c.send('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    served = (await c.answer())?.status === 200;
    c.end();
  }
  for (const c of holders) c.end();
});

test('connections that do not send a complete request in time are closed', { timeout: 30000 }, async () => {
  const srv = await Server.start({ users: CAST.slice(0, 3), env: { UPTAKE_REQUEST_HEADER_TIMEOUT: '1' } });
  const rep = await srv.login(srv.users.repN1.email);
  const idle = new Raw(srv.port);
  /* Slowloris: a header line every 200 ms would keep an idle timeout from ever firing. */
  const slow = new Raw(srv.port);
  slow.send('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n');
  const drip = setInterval(() => { if (!slow.closed) slow.send('X-Drip: 1\r\n'); }, 200);
  /* An anonymous body dribbled in is under the deadline too. */
  const body = new Raw(srv.port);
  body.send('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"em');
  const bodyDrip = setInterval(() => { if (!body.closed) body.send(' '); }, 200);
  /* A keep-alive connection after its answer waits for its next request under the deadline. */
  const kept = new Raw(srv.port);
  kept.send('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal((await kept.answer()).status, 200);
  await Promise.all([idle, slow, body, kept].map((c) => c.closedByServer()));
  clearInterval(drip);
  clearInterval(bodyDrip);
  assert.equal(slow.data.length, 0, 'the slow request got an answer');
  /* A signed-in upload may take longer than the header deadline. */
  const up = new Raw(srv.port);
  const json = JSON.stringify({ last_name: 'Slow upload' });
  up.send(`POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nCookie: ${rep.cookie}\r\nX-CSRF-Token: ${rep.csrf}\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n`);
  for (const ch of json) {
    up.send(ch);
    await new Promise((r) => setTimeout(r, 100)); /* 2.5 s in all, past the 1 s deadline */
  }
  assert.equal((await up.answer()).status, 201);
  await srv.assertAlive();
});

test('bodies are refused on their headers: no session, too large, out of body memory', { timeout: 30000 }, async () => {
  const srv = await Server.start({ users: CAST.slice(0, 3), env: { UPTAKE_BODY_MEMORY_LIMIT: '16384' } });
  const rep = await srv.login(srv.users.repN1.email);
  const auth = `Cookie: ${rep.cookie}\r\nX-CSRF-Token: ${rep.csrf}\r\n`;
  const post = (path, length, extra = '') =>
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;
  /* Anonymous, 1 MB announced: 401 at once, without "100 Continue" and without the body. */
  for (const expect of ['Expect: 100-continue\r\n', '']) {
    const c = new Raw(srv.port);
    c.send(post('/api/v1/contacts', 1048576, expect) + (expect ? '' : '{"last_name":'));
    assertJsonError(await c.answer(), 401, `anonymous ${expect || 'no expect'}`);
    c.end();
  }
  /* A sign-in body is small: more than 16 KiB announced is 413 before it is read. */
  let c = new Raw(srv.port);
  c.send(post('/api/v1/session', 20000, 'Expect: 100-continue\r\n'));
  assertJsonError(await c.answer(), 413, 'big sign-in');
  c.end();
  /* Signed in, past body-limit: 413 instead of "100 Continue". */
  c = new Raw(srv.port);
  c.send(post('/api/v1/contacts', 2 * 1048576, `${auth}Expect: 100-continue\r\n`));
  assertJsonError(await c.answer(), 413, 'past body-limit');
  c.end();
  /* Without Expect, a signed-in client sending a body too large is answered once it is sent
   * (and dropped): closing on its unread bytes could reset the connection before it reads. */
  c = new Raw(srv.port);
  c.send(post('/api/v1/contacts', 2 * 1048576, auth) + ' '.repeat(2 * 1048576));
  assertJsonError(await c.answer(), 413, 'past body-limit, no Expect');
  c.end();
  /* A CSRF failure is known before the body too. */
  c = new Raw(srv.port);
  c.send(post('/api/v1/contacts', 500, `Cookie: ${rep.cookie}\r\nExpect: 100-continue\r\n`));
  assertJsonError(await c.answer(), 403, 'no CSRF token');
  c.end();
  /* Body memory: one unfinished 10 KB body holds most of the 16 KiB; a second is 503 now. */
  const first = new Raw(srv.port);
  first.send(post('/api/v1/contacts', 10000, `${auth}Expect: 100-continue\r\n`));
  assert.equal((await first.answer()).status, 100);
  c = new Raw(srv.port);
  c.send(post('/api/v1/contacts', 10000, `${auth}Expect: 100-continue\r\n`));
  const busy = await c.answer();
  assertJsonError(busy, 503, 'body memory spent');
  assert.equal(busy.headers['retry-after'], '1');
  c.end();
  const json = JSON.stringify({ last_name: 'Held' }).padEnd(10000, ' ');
  assert.equal(json.length, 10000);
  first.send(json);
  assert.equal((await first.answer()).status, 201);
  /* Released: the next one goes through. */
  assert.equal((await rep.post('/api/v1/contacts', { last_name: 'After' })).status, 201);
  await srv.assertAlive();
});

test('too many query arguments or headers are refused, never cut short', { timeout: 30000 }, async () => {
  const srv = await Server.start({ users: CAST.slice(0, 3) });
  const rep = await srv.login(srv.users.repN1.email);
  const pad = Array(64).fill('limit=50').join('&');
  assertJsonError(await rep.get(`/api/v1/contacts?${pad}&owner=me`), 400, '65 arguments');
  const ok = await rep.get(`/api/v1/contacts?${Array(63).fill('limit=50').join('&')}&owner=me`);
  assert.equal(ok.status, 200, ok.text);
  const headers = (n) => Array.from({ length: n }, (_, i) => `X-Pad-${i}: 1\r\n`).join('');
  let c = new Raw(srv.port);
  c.send(`GET /api/v1/contacts HTTP/1.1\r\nHost: x\r\nCookie: ${rep.cookie}\r\n${headers(62)}\r\n`);
  assert.equal((await c.answer()).status, 200, '64 headers');
  c.end();
  c = new Raw(srv.port);
  c.send(`GET /api/v1/contacts HTTP/1.1\r\nHost: x\r\n${headers(64)}Cookie: ${rep.cookie}\r\n\r\n`);
  assertJsonError(await c.answer(), 431, '66 headers');
  c.end();
});

test('ambiguous framing is refused at once with a JSON error', { timeout: 30000 }, async () => {
  const srv = await Server.start({ users: CAST.slice(0, 3) });
  const rep = await srv.login(srv.users.repN1.email);
  const head = `POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nCookie: ${rep.cookie}\r\nX-CSRF-Token: ${rep.csrf}\r\nContent-Type: application/json\r\n`;
  const cases = [
    ['two Content-Length', 'Content-Length: 5\r\nContent-Length: 50\r\n\r\n{"a":', 400],
    ['Transfer-Encoding and Content-Length', 'Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\n{"a":\r\n', 400],
    ['gzip, chunked', 'Transfer-Encoding: gzip, chunked\r\n\r\n5\r\n{"a":\r\n', 400],
    ['a huge chunk', 'Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n{"last_name":"x"}\r\n0\r\n\r\n', 411],
    ['chunked', 'Transfer-Encoding: chunked\r\n\r\n11\r\n{"last_name":"x"}\r\n0\r\n\r\n', 411],
  ];
  for (const [what, rest, status] of cases) {
    /* The connection stays open on our side: an answer that waited for more bytes never comes. */
    const c = new Raw(srv.port);
    c.send(head + rest);
    assertJsonError(await c.answer(), status, what);
    c.end();
  }
  /* The same Content-Length twice is one length. */
  const c = new Raw(srv.port);
  const json = '{"last_name":"Twice"}';
  c.send(`${head}Content-Length: ${json.length}\r\nContent-Length: ${json.length}\r\n\r\n${json}`);
  assert.equal((await c.answer()).status, 201);
  c.end();
  /* An error quoting bytes that are not UTF-8 still has its body. */
  for (const p of ['/api/v1/%ff%fe', '/api/v1/contacts/%c3', '/%ff.js']) {
    const r = await rep.get(p);
    assert.equal(r.status, 404, p);
    assert.ok(r.body.error.message.includes('\ufffd'), `${p}: ${r.text}`);
  }
  await srv.assertAlive();
});

test('trusted-proxies: X-Forwarded-For names the client only behind a trusted proxy', { timeout: 30000 }, async () => {
  const srv = await Server.start({ users: CAST.slice(2, 4), env: { UPTAKE_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' } });
  const signIn = (from, xff, email, password) => srv.raw('POST', '/api/v1/session', {
    localAddress: from,
    headers: { 'Content-Type': 'application/json', ...(xff ? { 'X-Forwarded-For': xff } : {}) },
    chunks: [JSON.stringify({ email, password })],
  });
  /* Behind the proxy (127.0.0.1), ten failures of one user lock out that user's address only. */
  for (let i = 0; i < 10; i++)
    assert.equal((await signIn('127.0.0.1', `1.2.3.4, 203.0.113.1, 10.0.0.7`, `nobody${i}@acme.test`, 'wrong')).status, 401);
  assert.equal((await signIn('127.0.0.1', '203.0.113.1', CAST[2].email, PASSWORD)).status, 429);
  assert.equal((await signIn('127.0.0.1', '203.0.113.2', CAST[2].email, PASSWORD)).status, 200);
  /* Not a proxy we trust: its X-Forwarded-For is ignored, so changing it does not help. */
  for (let i = 0; i < 10; i++)
    assert.equal((await signIn('127.0.0.9', `198.51.100.${i}`, `nobody${i}@acme.test`, 'wrong')).status, 401);
  assert.equal((await signIn('127.0.0.9', '198.51.100.99', CAST[3].email, PASSWORD)).status, 429);
  /* A bad setting stops serve with a message naming it. */
  const bad = new Server();
  Object.assign(bad, { dir: srv.dir, db: srv.db, env: { UPTAKE_TRUSTED_PROXIES: '10.0.0.0/40' } });
  await assert.rejects(bad.spawn([]), /trusted-proxies: '10.0.0.0\/40'/);
});

test('log lines cannot be forged; every answer has its safety headers', { timeout: 30000 }, async () => {
  const srv = await Server.start({ users: CAST.slice(0, 3), env: { UPTAKE_LOG_LEVEL: 'debug' } });
  const rep = await srv.login(srv.users.repN1.email);
  await rep.get('/api/v1/contacts%0amsg=%22forged%22%20status=200');
  await rep.get('/api/v1/contacts?q=a%0d%0amsg=forged');
  await new Promise((r) => setTimeout(r, 200)); /* let stderr arrive */
  for (const line of srv.stderr.split('\n'))
    assert.ok(!/^msg="?forged/.test(line), `forged line: ${line}`);
  assert.ok(srv.stderr.includes('path="/api/v1/contacts\\x0amsg=\\x22forged\\x22 status=200"'), srv.stderr.slice(-2000));
  const api = await rep.get('/api/v1/contacts');
  const err = await rep.get('/api/v1/nothing');
  for (const r of [api, err]) {
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
  }
  const page = await srv.anon().get('/');
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  const asset = /src="(\/[^"]+\.js)"/.exec(page.text)[1];
  const js = await srv.anon().get(asset);
  assert.equal(js.status, 200, asset);
  assert.equal(js.headers.get('cache-control'), 'public, max-age=3600');
  assert.equal(js.headers.get('x-content-type-options'), 'nosniff');
});
