// SPDX-License-Identifier: MIT
// The cost of the points step's live items (docs/POINTS.md, "Live events"): POST
// /api/v1/activities N times (genuine call notes, caps lifted) with one stream client connected,
// on SQLite; prints ms per POST. Usage: node bench/points_live.mjs BIN N [running contests]
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
const [bin, nStr, contests] = process.argv.slice(2);
const N = Number(nStr);
const dir = fs.mkdtempSync(`${process.env.TMPDIR || '/tmp'}/uptake-bench-`);
const db = `${dir}/u.db`;
const run = (args, input = '') => { const r = spawnSync(bin, args, { input, cwd: dir }); if (r.status) throw new Error(r.stderr.toString()); return r.stdout.toString(); };
run(['init', '--db', db]);
run(['user', 'add', '--db', db, '--email', 'a@x.test', '--name', 'Ada', '--role', 'admin', '--team', 'north'], 'correct horse battery\n');
for (let i = 0; i < 20; i++) run(['user', 'add', '--db', db, '--email', `r${i}@x.test`, '--name', `Rep ${i}`, '--role', 'rep', '--team', i % 2 ? 'north' : 'south'], 'correct horse battery\n');
const p = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { cwd: dir, env: { ...process.env, UPTAKE_LOG_LEVEL: 'warn' } });
const port = await new Promise((res) => { let o = ''; p.stdout.on('data', (d) => { o += d; const m = /127\.0\.0\.1:(\d+)/.exec(o); if (m) res(Number(m[1])); }); });
const base = `http://127.0.0.1:${port}`;
const s = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'a@x.test', password: 'correct horse battery' }) });
const cookie = s.headers.get('set-cookie').split(';')[0], csrf = (await s.json()).csrf_token;
const req = async (m, path, b) => { const r = await fetch(base + path, { method: m, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' }, body: b && JSON.stringify(b) }); const t = await r.text(); if (r.status >= 300) throw new Error(`${path} ${r.status} ${t}`); return JSON.parse(t); };
await req('PATCH', '/api/v1/points/rules/1', { cap_day: 0, cap_week: 0 });
if (contests) for (let i = 0; i < Number(contests); i++) await req('POST', '/api/v1/contests', { name: `C${i}`, starts_at: new Date(Date.now() - 3600e3).toISOString(), ends_at: new Date(Date.now() + 86400e3).toISOString(), format: 'top_n', top_n: 3 });
let events = 0;
http.get(`${base}/api/v1/stream`, { headers: { Cookie: cookie, Accept: 'text/event-stream' } }, (res) => res.on('data', (d) => { events += (String(d).match(/^event:/gm) || []).length; }));
const c = await req('POST', '/api/v1/contacts', { first_name: 'Pat' });
const V = 'renewal budget warehouse scanners pricing procurement legal addendum payroll vendor invoicing onboarding trainers webinars shipments customs quarter security review Maria Jonas Priya Hiroshi Olga Samuel Grace Mateo Aisha Leeds Rotterdam Lisbon Krakow Dublin freight forklift audit compliance tender migration rollout pilot contract discount licence seats dashboard reporting integration exports invoices warranty support escalation churn upsell'.split(' ');
let seed = 12345;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed >> 8; };
const note = (i) => { const w = []; for (let k = 0; k < 14; k++) w.push(V[rnd() % V.length]); return `Call ${i} with ${w[0]}: ${w.slice(1, 7).join(' ')}, then ${w.slice(7).join(' ')} agreed for next week.`; };
for (let i = 0; i < 20; i++) await req('POST', '/api/v1/activities', { kind: 'call', contact_id: c.id, body: note(i + 1000) }); // warm-up
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) await req('POST', '/api/v1/activities', { kind: 'call', contact_id: c.id, body: note(i) });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const led = await req('GET', '/api/v1/points/ledger?limit=1');
console.log(JSON.stringify({ bin, N, contests: Number(contests || 0), ms_per_post: +(ms / N).toFixed(3), total_points: led.total, events }));
p.kill('SIGTERM');
p.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
