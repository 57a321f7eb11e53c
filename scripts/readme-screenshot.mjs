// SPDX-License-Identifier: MIT
// Refreshes the README's screenshot of a contact page (docs/screenshots/contact.png) from a
// running demo server (`make run`): signs in as the first demo rep, opens the contact of the
// rep's open deal whose contact has the most timeline entries, and saves the first screen.
//   node scripts/readme-screenshot.mjs [http://127.0.0.1:8080]
import path from 'node:path';
import { chromium } from 'playwright-core';

const URL_ = process.argv[2] || 'http://127.0.0.1:8080';
const REP = process.env.UPTAKE_REP || 'priya.raman@demo.uptake.test';
const PASSWORD = process.env.UPTAKE_PASSWORD || 'demo-password';
const OUT = path.resolve('docs/screenshots/contact.png');

async function get(cookie, p) {
  const r = await fetch(`${URL_}/api/v1${p}`, { headers: { Cookie: cookie } });
  if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
  return r.json();
}

const signin = await fetch(`${URL_}/api/v1/session`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ email: REP, password: PASSWORD }),
});
if (signin.status !== 200) throw new Error(`sign-in as ${REP}: ${signin.status} ${await signin.text()}`);
const cookie = signin.headers.get('set-cookie').split(';')[0];
const me = (await signin.json()).user;

/* The contact of one of the rep's open deals with the fullest timeline: a page that shows
 * every panel filled. */
const deals = await get(cookie, `/deals?owner_id=${me.id}&closed_at=null&limit=20`);
let best = null;
for (const d of deals.items.filter((x) => x.contact_id)) {
  const t = await get(cookie, `/contacts/${d.contact_id}/timeline?limit=100`);
  if (!best || t.items.length > best.n) best = { id: d.contact_id, n: t.items.length };
}
if (!best) throw new Error(`${REP} has no open deal with a contact`);

const browser = await chromium.launch({
  executablePath: process.env.UPTAKE_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const [name, value] = cookie.split('=');
  await ctx.addCookies([{ name, value, url: URL_ }]);
  const page = await ctx.newPage();
  await page.goto(`${URL_}/contacts/${best.id}`);
  await page.locator('ol.timeline > li').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: OUT });
  console.log(`saved ${OUT} (contact ${best.id}, ${best.n} timeline entries)`);
} finally {
  await browser.close();
}
