// SPDX-License-Identifier: MIT
// The adoption scorecard for managers and admins: everyone they can see ranked by score, with
// the components, trend, weekly activity and the main reason (and apart, who left); team and
// period filters in the URL; the teams side by side with their trends, and for admins the
// organization's key figures, trend and rollout cohort.
import { html, useContext, useEffect } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { Session, useAsync, Loading, ErrorBox, fmtDate } from '../ui.js';
import {
  COMPONENTS, ScoreBar, Trend, LaggingBadge, PeriodFilter, periodParams, periodQuery, fmtPeriod, fmtPct,
} from '../score.js';
import { Sparkline, endsInPartialWeek } from '../sparkline.js';
import { LineChart } from '../charts.js';

const weekLabel = (iso) => fmtDate(iso).replace(/, \d{4}$/, '');
const NEW_DAYS = 14; // docs/ADOPTION.md: new for the first 14 days

// rank: the row's place among the rows shown (the API ranks within what it returns too).
function Row({ u, rank, link, partial }) {
  const weeks = u.weekly_active_days;
  const words = partial
    ? `Active days per week, oldest first: ${weeks.slice(0, -1).join(', ')}; this week so far: ${weeks[weeks.length - 1]}`
    : `Active days per week, oldest first: ${weeks.join(', ')}`;
  return html`<tr class=${u.lagging ? 'lagging' : ''} key=${u.user_id}>
    <td class="rank">${rank}</td>
    <th scope="row" class="name"><a href=${link(u.user_id)}>${u.name}</a>${u.lagging ? html` <${LaggingBadge} />` : null}${u.new ? html` <${NewBadge} />` : null}</th>
    <td class="team">${u.team_name || html`<span class="muted">No team</span>`}</td>
    <td><${ScoreBar} score=${u.score} /></td>
    ${COMPONENTS.map(([k]) => html`<td class="comp">${u.components[k] ?? html`<span class="muted" title="Not measured">–</span>`}</td>`)}
    <td class="nowrap"><${Trend} trend=${u.trend} previous=${u.previous_score} /></td>
    <td><${Sparkline} values=${weeks} max=${7} partial=${partial} label=${words} /></td>
    <td class="reason">${u.reasons[0] || html`<span class="muted">Nothing to fix</span>`}</td>
  </tr>`;
}

function NewBadge() {
  return html`<span class="badge new-badge" title=${`Joined less than ${NEW_DAYS} days ago: scored, but not yet compared with the team`}>new</span>`;
}

function Scorecard({ data, link }) {
  if (!data.items.length) return html`<p class="empty">No one to show for this team and period.</p>`;
  const partial = endsInPartialWeek(data.to);
  return html`<div class="table-wrap scroll-own"><table class="data scorecard" aria-labelledby="ad-table">
    <thead><tr>
      <th scope="col"><span aria-hidden="true">#</span><span class="sr">Rank</span></th><th scope="col">Name</th><th scope="col">Team</th><th scope="col">Score</th>
      ${COMPONENTS.map(([, l]) => html`<th scope="col" class="comp">${l}</th>`)}
      <th scope="col">Trend</th><th scope="col">Active days<span class="sr"> per week</span><small class="sub">${partial ? '8 weeks, this one so far dotted' : '8 weeks'}</small></th><th scope="col">Main reason</th>
    </tr></thead>
    <tbody>${data.items.map((u, i) => html`<${Row} key=${u.user_id} u=${u} rank=${i + 1} link=${link} partial=${partial} />`)}</tbody>
  </table></div>`;
}

// People who left before the period's end: off the scorecard, listed with the score of their
// last days.
function Left({ items }) {
  if (!items || !items.length) return null;
  return html`<div class="left-people"><h3 id="ad-left">Left during the period</h3>
    <ul aria-labelledby="ad-left">${items.map((l) => html`<li key=${l.user_id}>${l.name}${l.team_name ? html` <span class="muted">(${l.team_name})</span>` : null}
      <span class="muted"> · left ${fmtDate(l.left_on)} · score ${l.score} before leaving</span></li>`)}</ul></div>`;
}

// The teams side by side: score and components, people, lagging, and the weekly share of
// people active, ranked by score within the teams shown.
function TeamTable({ teams }) {
  if (!teams.length) return null;
  const rows = [...teams].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name));
  return html`<div class="table-wrap"><table class="data team-compare" aria-labelledby="ad-teams-h">
    <thead><tr>
      <th scope="col"><span aria-hidden="true">#</span><span class="sr">Rank</span></th><th scope="col">Team</th><th scope="col">Score</th>
      ${COMPONENTS.map(([, l]) => html`<th scope="col" class="comp">${l}</th>`)}
      <th scope="col">People</th><th scope="col">Lagging</th><th scope="col">Active per week<br /><small class="sub">share of the team</small></th>
    </tr></thead>
    <tbody>${rows.map((t, i) => {
      const shares = t.weekly.map((w) => Math.round((w.active_share ?? 0) * 100));
      return html`<tr key=${t.team_id}>
        <td class="rank">${i + 1}</td>
        <th scope="row" class="name">${t.name}</th>
        <td><${ScoreBar} score=${t.score} /></td>
        ${COMPONENTS.map(([k]) => html`<td class="comp">${t.components[k] ?? html`<span class="muted" title="Not measured">–</span>`}</td>`)}
        <td>${t.users}${t.new_users ? html` <small class="muted">(${t.new_users} new)</small>` : null}</td>
        <td>${t.lagging_users}</td>
        <td class="nowrap"><${Sparkline} values=${shares} max=${100}
          label=${`Share of ${t.name} active per week, oldest first: ${shares.map((v) => `${v}%`).join(', ')}`} />
          <small>${shares.length ? `${shares[shares.length - 1]}%` : '–'}</small></td>
      </tr>`;
    })}</tbody>
  </table></div>`;
}

function OrgStats({ org }) {
  const a = org.access;
  const days = org.rollout.median_days_to_first_activity;
  const stats = [
    ['Score', org.score, `${org.users} people`],
    ['DAU / WAU / MAU', `${a.dau.toFixed(1)} / ${a.wau} / ${a.mau}`, 'daily, weekly, monthly active'],
    ['Stickiness', fmtPct(a.stickiness), 'daily of monthly active'],
    ['Never signed in', a.never_logged_in, `${fmtPct(a.logged_in_share)} have signed in`],
    ['Inactive 14 / 30 days', `${a.inactive_14_days} / ${a.inactive_30_days}`, 'people'],
    ['Lagging', org.lagging_users, 'people'],
    ['Win rate', fmtPct(org.outcome.win_rate), `${org.outcome.deals_won} won, ${org.outcome.deals_lost} lost`],
    ['Days to first activity', days === null || days === undefined ? '–' : days.toFixed(days % 1 ? 1 : 0), 'median'],
  ];
  return html`<dl class="stat-strip" aria-label="Organization key figures">
    ${stats.map(([t, v, s]) => html`<div><dt>${t}</dt><dd><strong>${v}</strong><small>${s}</small></dd></div>`)}
  </dl>`;
}

function TeamCharts({ teams }) {
  if (!teams.length) return html`<p class="empty">No team figures for this period.</p>`;
  const labels = teams[0].weekly.map((w) => weekLabel(w.week_ending));
  const line = (unit, pick) => teams.map((t) => ({ label: t.name, unit, values: t.weekly.map(pick) }));
  return html`<div class="grid charts">
    <${LineChart} caption="Weekly active users by team" labels=${labels} series=${line('share', (w) => w.active_share)}
      note="Share of the team's people who used uptake in the week." />
    <${LineChart} caption="Activities logged per week by team" labels=${labels} series=${line('count', (w) => w.activities)}
      note="Calls, meetings, emails and notes." />
  </div>`;
}

function OrgCharts({ org }) {
  const labels = org.weekly.map((w) => weekLabel(w.week_ending));
  const days = org.cohort.since_go_live.map((_, i) => String(i));
  return html`<div class="grid charts">
    <${LineChart} caption="Organization: weekly active users and activities" labels=${labels} series=${[
      { label: 'Active users', unit: 'share', values: org.weekly.map((w) => w.active_share) },
      { label: 'Activities', unit: 'count', values: org.weekly.map((w) => w.activities), dash: [6, 4] },
    ]} />
    <${LineChart} caption="Rollout: share of people active by day" labels=${days} xTitle="Day" series=${[
      { label: 'Since go-live', unit: 'share', values: org.cohort.since_go_live },
      { label: 'Since joining', unit: 'share', values: org.cohort.since_joining, dash: [6, 4] },
    ]} note=${`Days 0–44 counted from the go-live (${fmtDate(org.cohort.go_live)}) and from each person's first day.`} />
  </div>`;
}

export default function Adoption({ query }) {
  const { user } = useContext(Session);
  const admin = user.role === 'admin';
  const team = query.get('team') || '';
  const period = periodParams(query);
  const pq = periodQuery(query);
  const usersQ = qs({ ...period, team });
  const users = useAsync(() => api.get(`/adoption/users${usersQ}`), [usersQ]);
  const teams = useAsync(() => api.get(`/adoption/teams${qs(period)}`), [qs(period)]);
  const org = useAsync(() => (admin ? api.get(`/adoption/org${qs(period)}`) : null), [qs(period), admin]);
  useEffect(() => { document.title = 'Adoption · uptake'; }, []);

  const go = (patch) => navigate(`/adoption${qs({ ...pq, team, ...patch })}`, { replace: true });
  const link = (id) => `/adoption/users/${id}${qs(pq)}`;
  const d = users.data;
  const teamItems = (teams.data && teams.data.items) || [];
  const shownTeams = team ? teamItems.filter((t) => String(t.team_id) === team) : teamItems;
  const lagging = d ? d.items.filter((u) => u.lagging).length : 0;

  return html`
    <div class="page-head"><h1>Adoption</h1>
      <div class="actions">
        <a class="button" href=${`/api/v1/adoption/users${qs({ ...period, team, format: 'csv' })}`} download>Download CSV</a>
        <a class="button" href=${`/me/adoption${qs(pq)}`}>My adoption</a>
      </div>
    </div>
    <div class="filters" role="group" aria-label="Filters">
      <div class="field"><label for="ad-team">Team</label>
        <select id="ad-team" value=${team} onChange=${(e) => go({ team: e.target.value })}>
          <option value="">All ${admin ? 'teams' : 'my teams'}</option>
          ${teamItems.map((t) => html`<option value=${String(t.team_id)}>${t.name}</option>`)}
          ${team && !teamItems.some((t) => String(t.team_id) === team) ? html`<option value=${team}>Team ${team}</option>` : null}
        </select></div>
      <${PeriodFilter} query=${query} shown=${d} onChange=${(p) => go(p)} idPrefix="ad" />
    </div>
    ${users.error ? html`<p class="error form-error" role="alert">Cannot show the scores: ${users.error.message}</p>` : null}
    ${d ? html`<p class="period-line">${`${fmtPeriod(d.from, d.to)} `}<span class="muted">${`(trend against ${fmtPeriod(d.previous.from, d.previous.to)})`}</span>${
      ` · ${d.items.length} ${d.items.length === 1 ? 'person' : 'people'}`}${lagging ? html` · <strong class="lag-count">${lagging} lagging</strong>` : null}</p>` : null}

    ${users.error ? null /* a bad period fails the other requests alike: one message is enough */ : html`
    ${admin ? html`<section aria-labelledby="ad-org-h" class="org-figures"><h2 id="ad-org-h" class="sr">Organization key figures</h2>
      ${org.error ? html`<${ErrorBox} error=${org.error} />` : org.data ? html`<${OrgStats} org=${org.data} />` : html`<${Loading} what="key figures" />`}
    </section>` : null}

    <section class="panel" aria-labelledby="ad-table">
      <h2 id="ad-table">Scorecard</h2>
      <p class="hint">Score 0–100 from access (${d ? d.weights.access : 25}%), process (${d ? d.weights.process : 45}%) and quality (${d ? d.weights.quality : 30}%).
        Lagging: a score under 50, or 20 points or more under the median of the team's established members. New people (their first ${NEW_DAYS} days) are scored but not compared. Open a name for the details.</p>
      ${d ? html`<div class=${users.loading ? 'stale' : ''} aria-busy=${users.loading ? 'true' : 'false'}><${Scorecard} data=${d} link=${link} /><${Left} items=${d.left} /></div>`
        : users.loading ? html`<${Loading} what="scores" />` : null}
    </section>

    <section class="panel" aria-labelledby="ad-teams-h">
      <h2 id="ad-teams-h">Teams side by side</h2>
      ${teams.error ? html`<${ErrorBox} error=${teams.error} />` : teams.data ? html`<${TeamTable} teams=${shownTeams} /><${TeamCharts} teams=${shownTeams} />` : html`<${Loading} />`}
    </section>

    ${admin ? html`<section class="panel" aria-labelledby="ad-orgc-h">
      <h2 id="ad-orgc-h">Organization trend and rollout</h2>
      ${org.error ? html`<${ErrorBox} error=${org.error} />` : org.data ? html`<${OrgCharts} org=${org.data} />` : html`<${Loading} />`}
    </section>` : null}`}`;
}
