// SPDX-License-Identifier: MIT
// Line charts with uPlot. The library and its stylesheet load on the first chart, so pages
// without charts never fetch them. Each chart keeps its figures in a table under a disclosure:
// the canvas says nothing to a screen reader or a keyboard.
import { html, useEffect, useRef, useState } from './lib.js';

const PALETTE = ['#2456d6', '#16794a', '#a15c00', '#6b2fb3', '#b42318', '#0e7490', '#5b6675'];
const INK = '#5b6675', GRID = '#e9edf2';

let uplot = null;
export function loadUplot() {
  if (!uplot) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/vendor/uplot.css';
    document.head.appendChild(link);
    uplot = import('/vendor/uplot.js').then((m) => m.default, (e) => { uplot = null; link.remove(); throw e; });
  }
  return uplot;
}

// Units a series can have: the share is 0..1 from the API, drawn as a percentage.
const UNITS = {
  share: { scale: 'share', fmt: (v) => `${Math.round(v)}%`, conv: (v) => v * 100, range: () => [0, 100] },
  count: { scale: 'count', fmt: (v) => String(Math.round(v)), conv: (v) => v, range: (u, min, max) => [0, max > 0 ? Math.ceil(max * 1.1) : 1] },
};
const shown = (unit, v) => (v === null || v === undefined ? '–' : UNITS[unit].fmt(UNITS[unit].conv(v)));

function options({ labels, series, xTitle, width, height }) {
  const units = [...new Set(series.map((s) => s.unit))];
  const axisBase = { stroke: INK, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 }, font: '12px system-ui, sans-serif' };
  const scales = { x: { time: false, range: () => (labels.length > 1 ? [0, labels.length - 1] : [-1, 1]) } };
  for (const u of units) scales[u] = { range: UNITS[u].range };
  return {
    width, height,
    scales,
    legend: { live: true },
    cursor: { points: { size: 7 } },
    axes: [
      { ...axisBase, space: 56, incrs: [1, 2, 3, 4, 7, 14, 28],
        values: (u, splits) => splits.map((i) => (Number.isInteger(i) && labels[i] !== undefined ? labels[i] : '')) },
      ...units.map((u, k) => ({ ...axisBase, scale: u, side: k ? 1 : 3, size: 48, grid: { ...axisBase.grid, show: k === 0 },
        values: (p, splits) => splits.map(UNITS[u].fmt) })),
    ],
    series: [
      { label: xTitle, value: (u, i) => (i === null || labels[i] === undefined ? '–' : labels[i]) },
      ...series.map((s, k) => ({
        label: s.label, scale: s.unit, stroke: s.color || PALETTE[k % PALETTE.length], width: 2, dash: s.dash,
        spanGaps: true, points: { show: labels.length <= 16, size: 5 },
        value: (u, v) => (v === null || v === undefined ? '–' : UNITS[s.unit].fmt(v)),
      })),
    ],
  };
}

// series: [{ label, values (one per label, null for none), unit: 'share'|'count', dash, color }].
export function LineChart({ caption, labels, series, xTitle = 'Week ending', height = 220, note }) {
  const box = useRef(null);
  const [error, setError] = useState(null);
  const [ready, setReady] = useState(false);
  const key = JSON.stringify([labels, series]);
  useEffect(() => {
    let chart = null, ro = null, gone = false;
    loadUplot().then((UPlot) => {
      const el = box.current;
      if (gone || !el) return;
      const data = [labels.map((_, i) => i), ...series.map((s) => s.values.map((v) => (v === null || v === undefined ? null : UNITS[s.unit].conv(v))))];
      chart = new UPlot(options({ labels, series, xTitle, width: el.clientWidth || 300, height }), data, el);
      setReady(true);
      // The chart follows its box (window resize, a phone turned sideways).
      ro = new ResizeObserver(() => { if (el.clientWidth) chart.setSize({ width: el.clientWidth, height }); });
      ro.observe(el);
    }, (e) => { if (!gone) setError(e); });
    return () => { gone = true; if (ro) ro.disconnect(); if (chart) chart.destroy(); };
  }, [key]);
  return html`<figure class="chart">
    <figcaption>${caption}</figcaption>
    ${note ? html`<p class="hint small">${note}</p>` : null}
    ${error ? html`<p class="error" role="alert">Cannot draw the chart: ${error.message}</p>` : null}
    <div class=${`chart-box${ready ? '' : ' pending'}`} ref=${box} aria-hidden="true"></div>
    <details class="chart-data"><summary>Figures as a table</summary>
      <div class="table-wrap scroll-own"><table class="data compact">
        <thead><tr><th scope="col">${xTitle}</th>${series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
        <tbody>${labels.map((l, i) => html`<tr><th scope="row">${l}</th>${series.map((s) => html`<td>${shown(s.unit, s.values[i])}</td>`)}</tr>`)}</tbody>
      </table></div>
    </details>
  </figure>`;
}
