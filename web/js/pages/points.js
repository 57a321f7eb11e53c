// SPDX-License-Identifier: MIT
// Points (docs/POINTS.md): what the signed-in person has earned (total, streak, badges), the
// leaderboards everyone sees (today, week, month, quarter or custom dates; people or teams;
// points, most improved or percent of a personal target), the running contests, and the
// person's own history with the rule behind each award, so every point can be explained.
// Filters live in the address (?period=&from=&to=&by=&metric=) so a board can be shared.
import { html, useEffect } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { useAsync, Loading, ErrorBox, fmtDate } from '../ui.js';

const PERIODS = [['today', 'Today'], ['week', 'This week'], ['month', 'This month'], ['quarter', 'This quarter'], ['custom', 'Custom dates']];
const BY = [['person', 'People'], ['team', 'Teams']];
const METRICS = [['points', 'Points'], ['improved', 'Most improved'], ['percent', 'Percent of target']];
// Why an award has no points or takes points back (the ledger's reasons, as people say them).
const REASONS = {
  'daily cap': 'over the daily cap', 'weekly cap': 'over the weekly cap', junk: 'notes without real content',
  'record deleted': 'record deleted', 'notes edited into junk': 'notes edited into junk',
  'record restored': 'record restored', adjustment: 'adjustment by an admin',
};
const num = (n) => new Intl.NumberFormat().format(n);
const signed = (n) => (n > 0 ? `+${num(n)}` : num(n));

function recordHref(row) {
  if (row.entity === 'contact') return `/contacts/${row.entity_id}`;
  if (row.entity === 'organization') return `/organizations/${row.entity_id}`;
  if (row.entity === 'deal') return `/deals/${row.entity_id}`;
  if (row.entity === 'lead') return `/leads/${row.entity_id}`;
  return null; // activities and tasks have no page of their own
}

function Me() {
  const s = useAsync(() => api.get('/points/summary'), []);
  if (s.error) return html`<${ErrorBox} error=${s.error} />`;
  if (!s.data) return html`<${Loading} what="your points" />`;
  const d = s.data;
  return html`<section class="grid points-me" aria-label="Your points">
    <div class="card"><div class="muted">Points held</div><div class="stat">${num(d.total)}</div>
      <div class="small muted">${num(d.genuine_calls)} calls with real notes · ${num(d.deals_won)} deals won</div></div>
    <div class="card"><div class="muted">Streak</div><div class="stat">${d.streak.current} ${d.streak.current === 1 ? 'day' : 'days'}</div>
      <div class="small muted">working days in a row with real activity (weekends and holidays skip) · longest ${d.streak.longest}</div></div>
    <div class="card"><div class="muted">Badges</div>
      ${d.badges.length ? html`<ul class="badge-list">${d.badges.map((b) => html`<li><span class="badge ok" title=${b.why}>${b.name}</span></li>`)}</ul>`
        : html`<p class="small muted">None yet: the first call with real notes earns one.</p>`}</div>
  </section>`;
}

function Board({ query }) {
  const period = query.get('period') || 'week';
  const by = query.get('by') || 'person';
  const metric = query.get('metric') || 'points';
  const from = query.get('from') || '', to = query.get('to') || '';
  const params = { period, by, metric, ...(period === 'custom' ? { from, to } : {}) };
  const key = qs(params);
  const board = useAsync(() => (period === 'custom' && !(from && to) ? null : api.get(`/leaderboards${key}`)), [key]);
  const go = (patch) => navigate(`/points${qs({ period, by, metric, from: from || null, to: to || null, ...patch })}`, { replace: true });
  const d = board.data;
  const noTargets = d && metric === 'percent' && d.items.every((i) => i.percent === null);
  // The percent column only where someone has a target (or it is what the board ranks by).
  const showPercent = d && (metric === 'percent' || d.items.some((i) => i.percent !== null && i.percent !== undefined));
  return html`<section class="panel" aria-labelledby="lb-h">
    <div class="panel-head"><h2 id="lb-h">Leaderboard</h2></div>
    <div class="filters" role="group" aria-label="Leaderboard filters">
      <div class="field"><label for="lb-period">Period</label>
        <select id="lb-period" value=${period} onChange=${(e) => go({ period: e.target.value })}>
          ${PERIODS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></div>
      ${period === 'custom' ? html`
        <div class="field"><label for="lb-from">From</label><input id="lb-from" type="date" value=${from} onChange=${(e) => go({ from: e.target.value })} /></div>
        <div class="field"><label for="lb-to">To</label><input id="lb-to" type="date" value=${to} onChange=${(e) => go({ to: e.target.value })} /></div>` : null}
      <div class="field"><label for="lb-by">Show</label>
        <select id="lb-by" value=${by} onChange=${(e) => go({ by: e.target.value })}>${BY.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></div>
      <div class="field"><label for="lb-metric">Ranked by</label>
        <select id="lb-metric" value=${metric} onChange=${(e) => go({ metric: e.target.value })}>${METRICS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></div>
    </div>
    ${period === 'custom' && !(from && to) ? html`<p class="hint">Pick both dates (at most 366 days).</p>` : null}
    ${board.error ? html`<${ErrorBox} error=${board.error} />` : null}
    ${d ? html`<p class="period-line">${fmtDate(d.range.from)} – ${fmtDate(d.range.to)} <span class="muted">(compared with ${fmtDate(d.previous.from)} – ${fmtDate(d.previous.to)})</span></p>
      ${noTargets ? html`<p class="hint">No personal targets are set for this period yet, so nobody has a percent.</p>` : null}
      ${d.items.length ? html`<div class="table-wrap"><table class="data leaderboard">
        <thead><tr><th scope="col">Rank</th><th scope="col">${by === 'team' ? 'Team' : 'Person'}</th><th scope="col" class="num">Points</th>
          <th scope="col" class="num" title="Points against the previous period of the same length">vs before</th>${showPercent ? html`<th scope="col" class="num">Of target</th>` : null}</tr></thead>
        <tbody>${d.items.map((i) => html`<tr key=${i.user_id || i.team_id} class=${i.you ? 'you' : ''}>
          <td>${i.rank}</td><td>${i.name}${i.you ? html` <span class="badge">you</span>` : null}</td>
          <td class="num">${num(i.points)}</td>
          <td class="num">${i.improvement ? signed(i.improvement) : '–'}</td>
          ${showPercent ? html`<td class="num">${i.percent === null || i.percent === undefined ? '–' : `${Math.round(i.percent)}%`}</td>` : null}</tr>`)}</tbody>
      </table></div>` : html`<p class="empty">No points in this period yet.</p>`}`
      : board.loading ? html`<${Loading} what="the leaderboard" />` : null}
    <p class="hint small">Points come from real work: calls and meetings with notes of real content, won deals, complete records and pipelines. Filler earns nothing. How you appear here is yours to choose on your <a href="/me">account</a> page.</p>
  </section>`;
}

function Contests() {
  const list = useAsync(() => api.get('/contests'), []);
  const running = list.data ? list.data.items.filter((c) => c.state === 'running' || c.state === 'upcoming') : [];
  if (list.error || !running.length) return null;
  return html`<section class="panel" aria-labelledby="ct-h"><h2 id="ct-h">Contests</h2>
    <ul class="list">${running.map((c) => html`<li key=${c.id}><strong>${c.name}</strong>
      <span class="muted"> · ${c.state === 'upcoming' ? `starts ${fmtDate(c.starts_at)}` : `ends ${fmtDate(c.ends_at)}`}${c.prize ? ` · prize: ${c.prize}` : ''}</span></li>`)}</ul>
  </section>`;
}

function History() {
  const first = useAsync(() => api.get('/points/ledger?limit=20'), []);
  const more = useAsync(() => null, []);
  if (first.error) return html`<${ErrorBox} error=${first.error} />`;
  if (!first.data) return html`<${Loading} what="your history" />`;
  const rows = first.data.items.concat(more.data ? more.data.items : []);
  const next = more.data ? more.data.next_cursor : first.data.next_cursor;
  async function loadMore() {
    const r = await api.get(`/points/ledger${qs({ limit: 20, cursor: next })}`);
    more.setData({ items: (more.data ? more.data.items : []).concat(r.items), next_cursor: r.next_cursor });
  }
  return html`<section class="panel" aria-labelledby="ph-h"><h2 id="ph-h">Your points history</h2>
    <p class="hint">Every award with the rule behind it; a deleted record or notes edited into filler take their points back.</p>
    ${rows.length ? html`<div class="table-wrap"><table class="data points-history">
      <thead><tr><th scope="col">When</th><th scope="col">Rule</th><th scope="col" class="num">Points</th><th scope="col">Why</th><th scope="col">Record</th></tr></thead>
      <tbody>${rows.map((r) => {
        const href = recordHref(r);
        return html`<tr key=${r.id} class=${r.points < 0 ? 'minus' : r.points === 0 ? 'zero' : ''}>
          <td class="nowrap">${fmtDate(r.at)}</td><td>${r.rule_name || (r.reason === 'adjustment' ? 'Adjustment' : '–')}</td>
          <td class="num">${signed(r.points)}</td>
          <td>${r.reason ? REASONS[r.reason] || r.reason : ''}${r.note ? html`${r.reason ? ': ' : ''}<span class="muted">${r.note}</span>` : null}</td>
          <td>${href ? html`<a href=${href}>${r.entity} ${r.entity_id}</a>` : html`<span class="muted">${r.entity || ''}</span>`}</td></tr>`;
      })}</tbody></table></div>
      ${next ? html`<p><button type="button" onClick=${loadMore}>Show older</button></p>` : null}`
      : html`<p class="empty">No points yet. Log a call with real notes, or win a deal.</p>`}
  </section>`;
}

export default function Points({ query }) {
  useEffect(() => { document.title = 'Points · uptake'; }, []);
  return html`<div class="page-head"><h1>Points</h1></div>
    <${Me} />
    <div class="cols points-cols">
      <div><${Board} query=${query} /><${Contests} /></div>
      <${History} />
    </div>`;
}
