// SPDX-License-Identifier: MIT
// Manager view: the team's pipeline by stage, activity per rep this week against last week,
// and the deals at risk with the reasons. Reads /reports/pipeline and /reports/team.
import { html, useContext, useEffect, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { Session, useAsync, Loading, ErrorBox, fmtDate, fmtMoney } from '../ui.js';
import { useTeams, sumAmounts } from '../lookup.js';
import { Amounts } from './pipeline.js';

const REASONS = {
  past_close_date: ['Close date passed', 'bad'],
  no_next_step: ['No next step', 'warn'],
  no_recent_activity: ['No activity in 14 days', 'warn'],
};

function PipelineBars({ report }) {
  const stages = report.stages.filter((s) => !s.is_won && !s.is_lost);
  const val = (s) => (s.amounts || []).reduce((n, a) => n + a.amount_minor, 0);
  const max = Math.max(1, ...stages.map(val));
  const total = sumAmounts(stages.flatMap((s) => s.amounts || []));
  const weighted = sumAmounts(stages.flatMap((s) => (s.amounts || []).map((a) => ({ ...a, amount_minor: Math.round(a.amount_minor * (s.probability || 0) / 100) }))));
  return html`<div class="summary-line"><span>Open: <strong><${Amounts} amounts=${total} /></strong></span>
      <span>Weighted: <strong><${Amounts} amounts=${weighted} /></strong></span>
      <span>${stages.reduce((n, s) => n + s.count, 0)} open deals</span></div>
    <table class="bars" aria-label="Open pipeline by stage">
      <thead><tr><th scope="col">Stage</th><th scope="col">Deals</th><th scope="col">Amount</th><th scope="col" class="bar-col"><span class="sr">Share</span></th></tr></thead>
      <tbody>${stages.map((s) => html`<tr key=${s.id}>
        <th scope="row">${s.name} <small>${s.probability}%</small></th><td>${s.count}</td><td><${Amounts} amounts=${s.amounts} /></td>
        <td class="bar-col"><div class="bar"><span style=${{ width: `${(val(s) / max) * 100}%` }}></span></div></td></tr>`)}</tbody>
    </table>`;
}

function Activity({ reps }) {
  const max = Math.max(1, ...reps.map((r) => Math.max(r.activities_this_week, r.activities_last_week)));
  const sorted = reps.slice().sort((a, b) => b.activities_this_week - a.activities_this_week || a.name.localeCompare(b.name));
  return html`<table class="bars reps" aria-label="Activities per rep">
    <thead><tr><th scope="col">Rep</th><th scope="col">This week</th><th scope="col">Last week</th><th scope="col" class="bar-col"><span class="sr">Chart</span>
      <span class="legend" aria-hidden="true"><i class="k-this"></i>this week <i class="k-last"></i>last week</span></th><th scope="col" class="opt">Open deals</th></tr></thead>
    <tbody>${sorted.map((r) => {
      /* A week in progress is compared with last week up to the same time of the week. */
      const diff = r.activities_this_week - r.activities_last_week_to_date;
      const pace = `${r.activities_last_week_to_date} by this time last week`;
      return html`<tr key=${r.user_id}>
        <th scope="row"><a href=${`/adoption/users/${r.user_id}`} title=${`${r.name}: adoption`}>${r.name}</a></th>
        <td title=${pace}><strong>${r.activities_this_week}</strong> ${diff ? html`<small class=${diff > 0 ? 'up' : 'down'}>${diff > 0 ? '▲' : '▼'}${Math.abs(diff)}<span class="sr"> against ${pace}</span></small>` : null}</td>
        <td>${r.activities_last_week}</td>
        <td class="bar-col"><div class="bar two" aria-hidden="true"><span class="this" style=${{ width: `${(r.activities_this_week / max) * 100}%` }}></span>
          <span class="last" style=${{ width: `${(r.activities_last_week / max) * 100}%` }}></span></div></td>
        <td class="opt nowrap">${r.open_deals} · <${Amounts} amounts=${r.open_amounts} /></td>
      </tr>`;
    })}</tbody></table>`;
}

// Why the team's deals were lost in the last 90 days, as the reps said when they marked them.
function LostReasons({ reasons }) {
  const max = Math.max(1, ...reasons.map((r) => r.deals));
  const total = reasons.reduce((n, r) => n + r.deals, 0);
  return html`<section class="panel" aria-labelledby="mg-lost"><h2 id="mg-lost">Why deals were lost <span class="count">${total}</span></h2>
    <p class="hint">Deals marked lost in the last 90 days, by the reason given.</p>
    ${reasons.length ? html`<table class="bars" aria-label="Lost deals by reason"><tbody>${reasons.map((r) => html`<tr key=${r.reason}>
      <th scope="row"><a href=${`/deals${qs({ owner: 'any', status: 'closed', lost: r.reason || '-' })}`}>${r.reason || 'no reason given'}</a></th><td>${r.deals}</td>
      <td class="bar-col"><div class="bar"><span style=${{ width: `${(r.deals / max) * 100}%` }}></span></div></td></tr>`)}</tbody></table>`
      : html`<p class="empty">No deal was lost in the last 90 days.</p>`}
  </section>`;
}

// The team's deals at risk: the report's first page, then "Show more" asks for the next pages
// (GET /reports/at_risk) until every one of the total is shown.
function AtRisk({ teamId, first, total, cursor: firstCursor }) {
  const [more, setMore] = useState({ items: [], cursor: firstCursor, busy: false, error: null });
  useEffect(() => setMore({ items: [], cursor: firstCursor, busy: false, error: null }), [first]);
  if (!first.length) return html`<p class="empty">No deals at risk. 🎉</p>`;
  const seen = new Set(first.map((d) => d.id));
  const deals = first.concat(more.items.filter((d) => !seen.has(d.id)));
  async function next() {
    setMore((m) => ({ ...m, busy: true, error: null }));
    try {
      const page = await api.get(`/reports/at_risk${qs({ team_id: teamId, cursor: more.cursor })}`);
      setMore((m) => ({ items: m.items.concat(page.items), cursor: page.next_cursor, busy: false, error: null }));
    } catch (e) {
      setMore((m) => ({ ...m, busy: false, error: e }));
    }
  }
  return html`<ul class="rows risk">${deals.map((d) => html`<li key=${d.id}>
    <div class="main-col"><a class="title" href=${`/deals/${d.id}`}>${d.name}</a>
      <small>${d.owner_name}${d.amount_minor != null ? ` · ${fmtMoney(d.amount_minor, d.currency)}` : ''}${d.close_date ? ` · closes ${fmtDate(d.close_date)}` : ''}</small></div>
    <span class="reasons">${d.reasons.map((r) => html`<span class=${`badge ${(REASONS[r] || [r, ''])[1]}`}>${(REASONS[r] || [r])[0]}</span> `)}</span>
  </li>`)}</ul>
  <p class="hint" role="status">Showing ${deals.length} of ${total} deals at risk.</p>
  <${ErrorBox} error=${more.error} />
  ${more.cursor ? html`<button type="button" class="show-all" disabled=${more.busy} onClick=${next}>${more.busy ? 'Loading…' : `Show more (${total - deals.length} left)`}</button>` : null}`;
}

export default function Manager({ query }) {
  const { user } = useContext(Session);
  const teams = useTeams();
  const mine = teams ? teams.filter((t) => user.role === 'admin' || t.manager_id === user.id || t.id === user.team_id) : [];
  const teamId = Number(query.get('team')) || user.team_id || (mine[0] && mine[0].id) || null;
  useEffect(() => { document.title = 'Team · uptake'; }, []);

  const pipe = useAsync(() => (teamId ? api.get(`/reports/pipeline${qs({ team_id: teamId })}`) : null), [teamId]);
  const team = useAsync(() => (teamId ? api.get(`/reports/team${qs({ team_id: teamId })}`) : null), [teamId]);

  if (!teams) return html`<${Loading} />`;
  if (!teamId) return html`<h1>Team</h1><p class="empty">You do not manage a team yet. An admin can make you a team's manager.</p>`;
  const name = (teams.find((t) => t.id === teamId) || {}).name;
  return html`
    <div class="page-head"><h1>Team ${name}</h1>
      ${mine.length > 1 ? html`<div class="field inline"><label for="mg-team">Team</label>
        <select id="mg-team" value=${String(teamId)} onChange=${(e) => navigate(`/manager${qs({ team: e.target.value })}`, { replace: true })}>
          ${mine.map((t) => html`<option value=${t.id}>${t.name}</option>`)}</select></div>` : null}
      <div class="actions"><a class="button" href=${`/pipeline?scope=${user.team_id === teamId ? 'team' : 'all'}`}>Open the board</a></div>
    </div>
    <div class="grid mgr">
      <div class="stack">
      <section class="panel" aria-labelledby="mg-pipe"><h2 id="mg-pipe">Team pipeline</h2>
        ${pipe.loading ? html`<${Loading} />` : pipe.error ? html`<${ErrorBox} error=${pipe.error} />` : pipe.data ? html`<${PipelineBars} report=${pipe.data} />` : null}
      </section>
      ${team.data ? html`<${LostReasons} reasons=${team.data.lost_reasons || []} />` : null}
      </div>
      <section class="panel" aria-labelledby="mg-act"><h2 id="mg-act">Activities per rep</h2>
        <p class="hint">Calls, meetings, emails and notes this week (since Monday) and last week; the arrow compares with last week by this time.</p>
        ${team.loading ? html`<${Loading} />` : team.error ? html`<${ErrorBox} error=${team.error} />` : team.data ? html`<${Activity} reps=${team.data.reps} />` : null}
      </section>
    </div>
    <section class="panel risk-panel" aria-labelledby="mg-risk"><h2 id="mg-risk">${team.data ? `${team.data.at_risk_total} deal${team.data.at_risk_total === 1 ? '' : 's'} at risk` : 'Deals at risk'}</h2>
      <p class="hint">Open deals whose close date has passed, that have no next step, or with no activity in the last 14 days.</p>
      ${team.loading ? html`<${Loading} />` : team.error ? html`<${ErrorBox} error=${team.error} />` : team.data ? html`<${AtRisk} teamId=${team.data.team.id} first=${team.data.at_risk} total=${team.data.at_risk_total} cursor=${team.data.at_risk_next_cursor} />` : null}
    </section>
`;
}
