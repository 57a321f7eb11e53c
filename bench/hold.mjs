// SPDX-License-Identifier: MIT
// Hostile-client figures for docs/BENCHMARKS.md: the latency of signed-in requests while one
// client holds thousands of idle or slow connections, and the server's RSS while anonymous
// connections hold unfinished 1 MB bodies. Usage: UPTAKE_BIN=build/uptake node bench/hold.mjs
// [held connections, default 5000] [body connections, default 400].
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { Server } from '../tests/api/lib/server.mjs';

const HELD = Number(process.argv[2] || 5000);
const BODIES = Number(process.argv[3] || 400);
const ADDRESSES = 50; /* 127.0.0.2 .. 127.0.0.51: the held connections' sources */

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(m[1]) / 1024);
}

/* Opens n sockets (from several loopback sources); each gets `first` written once connected. */
async function openMany(port, n, first) {
  const socks = [];
  await Promise.all(Array.from({ length: n }, (_, i) => new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress: `127.0.0.${2 + (i % ADDRESSES)}` });
    s.on('error', () => resolve());
    s.on('data', () => {});
    s.on('connect', () => { if (first) s.write(first(i)); resolve(); });
    socks.push(s);
  })));
  return socks;
}

/* One signed-in GET on a new connection (as a browser opens them): its status, or 0. */
function get(client) {
  return new Promise((resolve) => {
    const rq = http.get(`${client.base}/api/v1/contacts?limit=5`, { agent: false, headers: { Cookie: client.cookie }, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    rq.on('timeout', () => { rq.destroy(); resolve(0); });
    rq.on('error', () => resolve(0));
  });
}

async function timed(client, n) {
  const ms = [];
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    if (await get(client) !== 200) failed++;
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(n / 2)].toFixed(1), max: ms[n - 1].toFixed(1), failed };
}

const env = { UPTAKE_CONNECTIONS_PER_ADDRESS: '200' };
const srv = await Server.start({ env });
const rep = await srv.login(srv.users.repN1.email);
await rep.create('/api/v1/contacts', { last_name: 'Bench' });
const quiet = await timed(rep, 50);
console.log(`signed-in GET, nothing held: median ${quiet.median} ms, max ${quiet.max} ms, failed ${quiet.failed}/50`);

/* Half idle (connected, nothing sent), half slow (a request line and part of a header). */
const held = await openMany(srv.port, HELD, (i) => (i % 2 ? 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n' : ''));
const busy = await timed(rep, Number(process.env.BENCH_REQUESTS || 50));
console.log(`signed-in GET, ${HELD} idle/slow held: median ${busy.median} ms, max ${busy.max} ms, failed ${busy.failed}/${process.env.BENCH_REQUESTS || 50}, RSS ${rssMiB(srv.proc.pid)} MiB`);
for (const s of held) s.destroy();

const before = rssMiB(srv.proc.pid);
const mb = 1024 * 1024;
const bodies = await openMany(srv.port, BODIES, () =>
  `POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${mb}\r\n\r\n`);
const chunk = Buffer.alloc(64 * 1024, 'x');
/* 960 KiB of each 1 MiB body, then nothing; measured once the bytes are out (or refused). */
await Promise.all(bodies.map(async (s) => {
  for (let k = 0; k < 15 && !s.destroyed; k++)
    if (!s.write(chunk)) await new Promise((r) => { s.once('drain', r); s.once('close', r); });
}));
await new Promise((r) => setTimeout(r, 1000));
console.log(`RSS: ${before} MiB before, ${rssMiB(srv.proc.pid)} MiB with ${BODIES} anonymous unfinished 1 MB bodies`);
for (const s of bodies) s.destroy();
await srv.stop();
