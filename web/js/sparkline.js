// SPDX-License-Identifier: MIT
// A small inline SVG line of a few values (active days per week); the label says the values
// in words, since the shape alone tells a screen reader nothing. With partial set, the last
// value is a week still under way: drawn apart (a dotted step to a hollow dot) so the line does
// not seem to fall when the week has only begun.
import { html } from './lib.js';

export function Sparkline({ values, max, label, partial = false, width = 84, height = 24 }) {
  const n = values.length;
  if (!n) return null;
  const top = Math.max(1, max ?? Math.max(...values));
  const x = (i) => (n > 1 ? 2 + (i * (width - 4)) / (n - 1) : width / 2);
  const y = (v) => height - 2 - (Math.min(v, top) / top) * (height - 4);
  const pt = (i) => `${x(i).toFixed(1)},${y(values[i]).toFixed(1)}`;
  const whole = partial && n > 1 ? n - 1 : n; // the complete values
  const pts = values.slice(0, whole).map((_, i) => pt(i));
  const area = `2,${height - 2} ${pts.join(' ')} ${x(whole - 1).toFixed(1)},${height - 2}`;
  const end = whole - 1;
  return html`<svg class=${`spark${partial ? ' spark-partial' : ''}`} width=${width} height=${height} viewBox=${`0 0 ${width} ${height}`} role="img" aria-label=${label}>
    <polygon class="spark-area" points=${area} />
    <polyline class="spark-line" points=${pts.join(' ')} />
    <circle class="spark-end" cx=${x(end).toFixed(1)} cy=${y(values[end]).toFixed(1)} r="2.5" />
    ${partial && n > 1 ? html`<polyline class="spark-line spark-so-far" points=${`${pt(n - 2)} ${pt(n - 1)}`} stroke-dasharray="2 2" opacity="0.6" />
      <circle class="spark-so-far-end" cx=${x(n - 1).toFixed(1)} cy=${y(values[n - 1]).toFixed(1)} r="2.5" fill="white" stroke="currentColor" stroke-width="1.2" opacity="0.7" />` : null}
  </svg>`;
}

// Whether a period ending on `to` (YYYY-MM-DD, UTC) ends inside a calendar week (Monday to
// Sunday): it ends before a Sunday, or is today (the day is not over).
export function endsInPartialWeek(to, today = new Date().toISOString().slice(0, 10)) {
  if (!to) return false;
  return new Date(`${to}T00:00:00Z`).getUTCDay() !== 0 || to >= today;
}
