// SPDX-License-Identifier: MIT
// Pieces both adoption pages use: the score's colour band and bar, the trend arrow, the period
// filter kept in the URL, and number formatting.
import { html, useState } from './lib.js';
import { fmtDate } from './ui.js';

export const COMPONENTS = [['access', 'Access'], ['process', 'Process'], ['quality', 'Quality']];

// Lagging (the API's rule) is under 50, so the red band starts there.
export function band(score) {
  if (score === null || score === undefined) return 'none';
  return score >= 75 ? 'ok' : score >= 50 ? 'warn' : 'bad';
}

export function fmtInt(n) {
  if (n === null || n === undefined) return '–';
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
export function fmtPct(share, digits = 0) {
  return share === null || share === undefined ? '–' : `${(share * 100).toFixed(digits)}%`;
}
// 'Nov 4 – Dec 1, 2026' (the year once when both days share it).
export function fmtPeriod(from, to) {
  if (!from || !to) return '';
  const a = fmtDate(from), b = fmtDate(to);
  return from.slice(0, 4) === to.slice(0, 4) ? `${a.replace(/, \d{4}$/, '')} – ${b}` : `${a} – ${b}`;
}

// The number and a bar; the colour repeats what the number says.
export function ScoreBar({ score }) {
  return html`<span class="score-cell"><strong class=${`score-num b-${band(score)}`}>${score ?? '–'}</strong>
    <span class=${`bar score-bar b-${band(score)}`} aria-hidden="true"><span style=${{ width: `${score || 0}%` }}></span></span></span>`;
}

// ▲ +3 / ▼ -4 / – 0, with words for screen readers (the arrows are decoration).
export function Trend({ trend, previous }) {
  if (trend === null || trend === undefined) {
    return html`<span class="trend none" title="No score for the previous period"><span aria-hidden="true">–</span><span class="sr">no previous score</span></span>`;
  }
  const dir = trend > 0 ? 'up' : trend < 0 ? 'down' : 'flat';
  const words = trend === 0 ? `unchanged from ${previous}` : `${dir} ${Math.abs(trend)} from ${previous}`;
  return html`<span class=${`trend ${dir}`} title=${`Previous period: ${previous}`}>
    <span aria-hidden="true">${trend > 0 ? '▲' : trend < 0 ? '▼' : '–'} ${trend > 0 ? '+' : ''}${trend}</span><span class="sr">${words}</span></span>`;
}

export function LaggingBadge() {
  return html`<span class="badge bad lagging-badge" title="Score under 50, or 20 points or more under the team's median">lagging</span>`;
}

// ---- period ---------------------------------------------------------------------------------
// The URL keeps the period: ?period=28 (default, the server's 28 days), 91 (13 weeks ending
// today), or custom with from and to (YYYY-MM-DD, UTC days like the API).
export const PERIODS = [['28', 'Last 4 weeks'], ['91', 'Last 13 weeks (quarter)'], ['custom', 'Custom dates']];

const utcDay = (offset = 0) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

// The period's part of the URL query, to carry from page to page.
export function periodQuery(query) {
  const period = query.get('period') || '28';
  return period === 'custom' ? { period, from: query.get('from'), to: query.get('to') } : { period: period === '28' ? null : period };
}
// The API's from/to for the URL query ({} for the server's default).
export function periodParams(query) {
  const period = query.get('period') || '28';
  if (period === '91') return { from: utcDay(-90), to: utcDay() };
  if (period === 'custom') return { from: query.get('from'), to: query.get('to') };
  return {};
}

// Period select; custom dates apply with the button so a half-typed date sends no request.
// shown: the period the API answered for, to start the date fields from.
export function PeriodFilter({ query, shown, onChange, idPrefix = 'pf' }) {
  const period = query.get('period') || '28';
  const [choice, setChoice] = useState(period);
  const [from, setFrom] = useState(query.get('from') || '');
  const [to, setTo] = useState(query.get('to') || '');
  function pick(e) {
    const v = e.target.value;
    setChoice(v);
    if (v !== 'custom') onChange({ period: v === '28' ? null : v, from: null, to: null });
    else {
      if (!from && shown) setFrom(shown.from);
      if (!to && shown) setTo(shown.to);
    }
  }
  function apply(e) {
    e.preventDefault();
    onChange({ period: 'custom', from, to });
  }
  return html`<div class="field"><label for=${`${idPrefix}-period`}>Period</label>
      <select id=${`${idPrefix}-period`} value=${choice} onChange=${pick}>
        ${PERIODS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></div>
    ${choice === 'custom' ? html`<form class="custom-period" onSubmit=${apply}>
      <div class="field"><label for=${`${idPrefix}-from`}>From</label>
        <input id=${`${idPrefix}-from`} type="date" required value=${from} onInput=${(e) => setFrom(e.target.value)} /></div>
      <div class="field"><label for=${`${idPrefix}-to`}>To</label>
        <input id=${`${idPrefix}-to`} type="date" required value=${to} onInput=${(e) => setTo(e.target.value)} /></div>
      <button type="submit">Apply</button>
    </form>` : null}`;
}
