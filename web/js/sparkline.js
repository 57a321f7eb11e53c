// SPDX-License-Identifier: MIT
// A small inline SVG line of a few values (active days per week); the label says the values
// in words, since the shape alone tells a screen reader nothing.
import { html } from './lib.js';

export function Sparkline({ values, max, label, width = 84, height = 24 }) {
  const n = values.length;
  if (!n) return null;
  const top = Math.max(1, max ?? Math.max(...values));
  const x = (i) => (n > 1 ? 2 + (i * (width - 4)) / (n - 1) : width / 2);
  const y = (v) => height - 2 - (Math.min(v, top) / top) * (height - 4);
  const pts = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  const area = `2,${height - 2} ${pts.join(' ')} ${x(n - 1).toFixed(1)},${height - 2}`;
  return html`<svg class="spark" width=${width} height=${height} viewBox=${`0 0 ${width} ${height}`} role="img" aria-label=${label}>
    <polygon class="spark-area" points=${area} />
    <polyline class="spark-line" points=${pts.join(' ')} />
    <circle class="spark-end" cx=${x(n - 1).toFixed(1)} cy=${y(values[n - 1]).toFixed(1)} r="2.5" />
  </svg>`;
}
