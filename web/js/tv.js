// SPDX-License-Identifier: MIT
// The live TV board (/tv/{slug}): loops the channel's slides, interrupts for a won deal with
// confetti and an optional beep, shows the ticker and announcements, and reconnects by itself.
// Built to run for days: the DOM is replaced, never appended to, and every list is capped.
import confetti from '/vendor/confetti.js';

const slug = decodeURIComponent(location.pathname.split('/')[2] || '');
const KEY = `uptake-tv:${slug}`;
const $ = (id) => document.getElementById(id);

/* The display token: read from the URL once, then kept out of the address bar (and so out of
 * screenshots and history); the tab keeps it for a reload. */
const params = new URLSearchParams(location.search);
let token = params.get('token') || sessionStorage.getItem(KEY) || '';
if (params.has('token')) {
  sessionStorage.setItem(KEY, token);
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : ''));
}

const TICKER_MAX = 20;
const WIN_QUEUE_MAX = 5;
// How long a win stays up; ?win_ms= shortens it for bench/tv.sh (0.5 s to 30 s).
const WIN_MS = Math.min(30000, Math.max(500, Number(params.get('win_ms')) || 7000));
let channel = null;
let slideIndex = 0;
let slideTimer = 0;
let loadTimer = 0;
let backoff = 1000;
let celebrating = false;
const wins = [];
const ticker = [];

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
};

function money(minor, currency) {
  if (minor === null || minor === undefined) return '';
  try {
    return new Intl.NumberFormat(undefined, currency ? { style: 'currency', currency, maximumFractionDigits: 0 } : { maximumFractionDigits: 0 }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(0)} ${currency || ''}`.trim();
  }
}
const num = (n) => new Intl.NumberFormat().format(n || 0);
/* "ends in 2 d 4 h", "starts in 35 min", "ended": as of when the figures were read (each loop
 * reads them again), less the time the slide has waited since. */
function countdown(d, s) {
  const left = d.seconds_left - Math.round((Date.now() - (s.loadedAt || Date.now())) / 1000);
  if (d.state === 'ended' || d.state === 'cancelled') return d.state;
  const t = Math.max(0, left);
  const days = Math.floor(t / 86400), hours = Math.floor((t % 86400) / 3600), mins = Math.floor((t % 3600) / 60);
  const span = days ? `${days} d ${hours} h` : hours ? `${hours} h ${mins} min` : `${Math.max(1, mins)} min`;
  return `${d.state === 'upcoming' ? 'starts' : 'ends'} in ${span}`;
}

const PERIOD = { today: 'Today', week: 'This week', month: 'This month', quarter: 'This quarter' };

function setStatus(text) {
  const s = $('tv-status');
  s.hidden = !text;
  s.textContent = text || '';
}

function tick() {
  $('tv-clock').textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/* ---- slides ---- */

function row(rank, name, sub, big, extraClass) {
  const r = el('div', `tv-row${rank && rank <= 3 ? ` r${rank}` : ''}${extraClass ? ` ${extraClass}` : ''}`);
  r.append(el('div', 'rank', rank || ''));
  const n = el('div', 'name', name || '—');
  if (sub) n.append(el('span', 'sub', sub));
  r.append(n, el('div', 'big', big));
  return r;
}

function heading(text, small) {
  const h = el('h2', null, text);
  if (small) h.append(el('small', null, small));
  return h;
}

const render = {
  leaderboard(s, d) {
    const out = [heading(d.by === 'team' ? 'Team leaderboard' : 'Leaderboard', PERIOD[d.period] || '')];
    const rows = el('div', 'tv-rows');
    for (const it of d.items) rows.append(row(it.rank, it.name, it.improvement > 0 ? `▲ ${num(it.improvement)} vs last period` : '', `${num(it.points)} pts`));
    if (!d.items.length) rows.append(el('p', 'tv-empty', 'No points yet this period'));
    out.push(rows);
    return out;
  },
  recent_wins(s, d) {
    const rows = el('div', 'tv-rows');
    for (const it of d.items) rows.append(row('★', it.owner_name || 'Someone', it.name, money(it.amount_minor, it.currency)));
    if (!d.items.length) rows.append(el('p', 'tv-empty', 'The next win shows here'));
    return [heading('Recent wins'), rows];
  },
  team_goal(s, d) {
    const rows = el('div', 'tv-rows');
    for (const t of d.teams) {
      const goal = t.target ?? d.target;
      const r = row('', t.name, goal ? `${num(t.points)} of ${num(goal)} points` : `${num(t.points)} points`,
        t.percent == null ? '' : `${Math.round(t.percent)}%`, 'goal');
      const bar = el('div', 'tv-bar');
      const fill = el('span');
      fill.style.width = `${Math.max(0, Math.min(100, t.percent || 0))}%`;
      bar.append(fill);
      r.append(bar);
      rows.append(r);
    }
    if (!d.teams.length) rows.append(el('p', 'tv-empty', 'No team points yet'));
    return [heading('Team goals', PERIOD[d.period] || ''), rows];
  },
  adoption(s, d) {
    const rows = el('div', 'tv-rows');
    const teams = [...d.teams].sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
    teams.forEach((t, i) => rows.append(row(i + 1, t.name, t.active_share === null ? '' : `${Math.round(t.active_share * 100)}% active`, t.score === null ? '—' : `${t.score}`)));
    if (!teams.length) rows.append(el('p', 'tv-empty', 'No teams yet'));
    return [heading('Adoption scorecard', 'by team'), rows];
  },
  contest(s, d) {
    if (!d) return [heading('Contest'), el('p', 'tv-empty', 'No contest running')];
    const rows = el('div', 'tv-rows');
    for (const it of d.standings) {
      const sub = d.format === 'race' ? (it.reached_at ? 'reached the target' : `${num(Math.max(0, d.target - it.total))} to go`) : '';
      rows.append(row(it.rank, `${it.winner ? '🏆 ' : ''}${it.name}`, sub, num(it.total)));
    }
    if (!d.standings.length) rows.append(el('p', 'tv-empty', 'Nobody has scored yet'));
    const out = [heading(d.name || 'Contest', countdown(d, s)), rows];
    if (d.prize) out.push(el('p', 'tv-prize', `Prize: ${d.prize}`));
    return out;
  },
};

function showSlide() {
  clearTimeout(slideTimer);
  const box = $('tv-slide');
  const slides = channel ? channel.slides : [];
  if (!slides.length) {
    box.replaceChildren(el('p', 'tv-empty', channel ? 'This channel has no slides yet' : 'Loading…'));
    $('tv-dots').replaceChildren();
    return;
  }
  slideIndex %= slides.length;
  const s = slides[slideIndex];
  let parts;
  try {
    parts = (render[s.kind] || render.contest)(s, s.data);
  } catch {
    parts = [el('p', 'tv-empty', '')];
  }
  box.replaceChildren(...parts);
  box.dataset.kind = s.kind;
  $('tv-dots').replaceChildren(...slides.map((_, i) => el('i', i === slideIndex ? 'on' : '')));
  slideTimer = setTimeout(() => {
    slideIndex += 1;
    // A full loop reads the figures again.
    if (slideIndex >= slides.length) load();
    else showSlide();
  }, s.seconds * 1000);
}

/* ---- data ---- */

async function load() {
  clearTimeout(loadTimer);
  try {
    const r = await fetch(`/api/v1/tv/${encodeURIComponent(slug)}`, { headers: { Authorization: `Display ${token}` }, cache: 'no-store' });
    if (!r.ok) throw Object.assign(new Error(`HTTP ${r.status}`), { status: r.status });
    channel = (await r.json()).channel;
    const at = Date.now();
    for (const sl of channel.slides) sl.loadedAt = at;
    backoff = 1000;
    setStatus('');
    document.title = `${channel.name} · uptake TV`;
    $('tv-title').textContent = channel.name;
    showTicker();
    if (!celebrating) showSlide();
  } catch (e) {
    setStatus(e.status === 401 || e.status === 403 ? 'display token not valid' : 'reconnecting…');
    loadTimer = setTimeout(load, backoff);
    backoff = Math.min(backoff * 2, 30000);
  }
}

/* ---- celebrations ---- */

const canvas = $('tv-confetti');
const burst = confetti.create(canvas, { resize: true, useWorker: false, disableForReducedMotion: true });
let audio = null;

function beep() {
  try {
    audio = audio || new AudioContext();
    if (audio.state === 'suspended') audio.resume();
    const t = audio.currentTime;
    for (const [i, f] of [523.25, 659.25, 783.99].entries()) {
      const o = audio.createOscillator();
      const g = audio.createGain();
      o.type = 'triangle';
      o.frequency.value = f;
      g.gain.setValueAtTime(0.0001, t + i * 0.12);
      g.gain.exponentialRampToValueAtTime(0.3, t + i * 0.12 + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.12 + 0.3);
      o.connect(g).connect(audio.destination);
      o.start(t + i * 0.12);
      o.stop(t + i * 0.12 + 0.32);
    }
  } catch {
    /* no sound on this screen */
  }
}

function celebrate() {
  const w = wins.shift();
  if (!w) {
    celebrating = false;
    $('tv-win').hidden = true;
    load(); // the boards moved with the win
    return;
  }
  celebrating = true;
  clearTimeout(slideTimer);
  $('tv-win-rep').textContent = w.owner_name || 'Someone';
  $('tv-win-deal').textContent = w.name || '';
  $('tv-win-amount').textContent = money(w.amount_minor, w.currency);
  const box = $('tv-win');
  box.hidden = false;
  box.dataset.deal = String(w.deal_id);
  // The moment it is on screen: a marker tests and bench/tv.sh read (one value, not a list).
  requestAnimationFrame((ts) => {
    window.tvLastWin = { deal_id: w.deal_id, at: performance.timeOrigin + ts };
    document.body.dataset.celebrated = String(w.deal_id);
  });
  burst({ particleCount: 160, spread: 100, origin: { y: 0.6 } });
  setTimeout(() => burst({ particleCount: 90, angle: 60, spread: 70, origin: { x: 0, y: 0.7 } }), 250);
  setTimeout(() => burst({ particleCount: 90, angle: 120, spread: 70, origin: { x: 1, y: 0.7 } }), 400);
  if (channel && channel.sound) beep();
  setTimeout(celebrate, WIN_MS);
}

function onWin(data) {
  if (wins.length >= WIN_QUEUE_MAX) wins.shift();
  wins.push(data);
  if (!celebrating) celebrate();
}

/* ---- ticker and announcements ---- */

function showTicker() {
  $('tv-ticker-wrap').hidden = !channel || !channel.ticker || !ticker.length;
}

function addTicker(text) {
  ticker.push(text);
  if (ticker.length > TICKER_MAX) ticker.splice(0, ticker.length - TICKER_MAX);
  $('tv-ticker').replaceChildren(...ticker.slice().reverse().map((t) => el('span', null, t)));
  showTicker();
}

let bannerTimer = 0;
function announce(text) {
  const b = $('tv-banner');
  b.textContent = text;
  b.hidden = false;
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => { b.hidden = true; }, 60000);
}

/* ---- the stream ---- */

let source = null;
let streamBackoff = 1000;
let hadError = false;
let retryTimer = 0;

function connect() {
  // One source and at most one pending retry, however the errors come: a TV runs for days.
  clearTimeout(retryTimer);
  if (source) source.close();
  source = new EventSource(`/api/v1/stream?display_token=${encodeURIComponent(token)}`);
  const parse = (e) => { try { return JSON.parse(e.data); } catch { return null; } };
  source.addEventListener('open', () => {
    streamBackoff = 1000;
    if (hadError) load(); // missed events while away: read the boards again
    hadError = false;
    setStatus('');
  });
  source.addEventListener('deal.won', (e) => { const d = parse(e); if (d) onWin(d); });
  source.addEventListener('ticker', (e) => { const d = parse(e); if (d && d.text) addTicker(d.text); });
  source.addEventListener('announcement', (e) => { const d = parse(e); if (d && d.slug === slug) announce(d.text); });
  source.addEventListener('reset', () => load());
  source.addEventListener('error', () => {
    hadError = true;
    setStatus('reconnecting…');
    // EventSource retries by itself, except after an answer that is not a stream (401, 503).
    if (source.readyState === EventSource.CLOSED) {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, streamBackoff);
      streamBackoff = Math.min(streamBackoff * 2, 30000);
    }
  });
}

tick();
setInterval(tick, 10000);
if (!token) {
  setStatus('open this page with ?token= from the admin page');
} else {
  load();
  connect();
}
