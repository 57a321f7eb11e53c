// SPDX-License-Identifier: MIT
// One person's adoption: the score, the three components with what each counts and the
// person's figures, the three changes worth the most points, and every part of the score with
// the records that pull it down. Serves /me/adoption (the session user) and
// /adoption/users/:id (managers and admins; reps only themselves, the API says 404 otherwise),
// with where the person stands in their team (rank and quarter, no peer's own figures).
import { html, useContext, useEffect } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { Session, useAsync, Loading, fmtDate } from '../ui.js';
import {
  COMPONENTS, band, ScoreBar, Trend, LaggingBadge, PeriodFilter, periodParams, periodQuery, fmtPeriod, fmtPct, fmtInt,
} from '../score.js';
import { Sparkline, endsInPartialWeek } from '../sparkline.js';

const EXPLAIN = {
  access: 'Days active in uptake, out of the working days in the period.',
  process: 'Activities with notes of 40 or more characters against the team\'s median, the share of activities that have such notes, tasks done by their due date, and how many of the six core features are in use.',
  quality: 'Expected fields filled on owned contacts, organizations and open deals; open deals with a close date ahead, a next step and recent activity; open deals and leads touched recently.',
};
const PARTS = {
  attendance: 'Days active', volume: 'Activities with notes', notes: 'Notes on activities', tasks_on_time: 'Tasks on time',
  breadth: 'Features used', completion: 'Fields filled', pipeline_hygiene: 'Pipeline hygiene', freshness: 'Freshness',
};
// The API's feature identifiers, as people call them (the sentences the API sends say so too).
const FEATURES = {
  search: 'search', timeline: 'contact and organization timelines', log_activity: 'logging activities',
  tasks: 'tasks', pipeline: 'the pipeline', reports: 'reports',
};
const ORDINAL = (n) => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : { 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th';
  return `${n}${s}`;
};
const QUARTERS = { 1: 'top quarter', 2: 'second quarter', 3: 'third quarter', 4: 'bottom quarter' };
const plural = (n, one, many = `${one}s`) => `${fmtInt(n)} ${n === 1 ? one : many}`;

function recordHref(r) {
  if (r.entity === 'contact') return `/contacts/${r.id}`;
  if (r.entity === 'deal') return `/deals/${r.id}`;
  if (r.entity === 'lead') return `/leads/${r.id}`;
  if (r.entity === 'task') return '/tasks';
  return null; // an activity has no page of its own
}

function Figures({ rows }) {
  return html`<dl class="props figures">${rows.filter(Boolean).map(([t, v]) => html`<dt>${t}</dt><dd>${v}</dd>`)}</dl>`;
}

function AccessFigures({ m, weekly, to }) {
  const a = m.access;
  const partial = endsInPartialWeek(to);
  return html`<${Figures} rows=${[
    ['Days active', `${a.active_days} of ${plural(a.expected_days, 'working day')}`],
    ['Sign-ins', fmtInt(a.logins)],
    ['Last active', !a.ever_logged_in ? 'never signed in' : a.last_active
      ? `${fmtDate(a.last_active)}${a.days_since_active ? ` (${plural(a.days_since_active, 'day')} ago)` : ' (today)'}` : '–'],
    ['Per week', html`<${Sparkline} values=${weekly} max=${7} width=${120} height=${28} partial=${partial}
      label=${partial ? `Active days per week over the last 8 weeks, oldest first: ${weekly.slice(0, -1).join(', ')}; this week so far: ${weekly[weekly.length - 1]}`
        : `Active days per week over the last 8 weeks, oldest first: ${weekly.join(', ')}`} />
      <small class="spark-note">${partial ? 'last 8 weeks; this week so far dotted' : 'last 8 weeks'}</small>`],
  ]} />`;
}

function ProcessFigures({ m }) {
  const p = m.process, k = p.activities_by_kind;
  const kinds = [['call', 'call'], ['meeting', 'meeting'], ['email', 'email'], ['note', 'note']]
    .filter(([x]) => k[x]).map(([x, w]) => plural(k[x], w)).join(', ');
  return html`<${Figures} rows=${[
    ['Activities', html`${fmtInt(p.activities)}${kinds ? html` <small>(${kinds})</small>` : null}`],
    ['With notes', html`${fmtInt(p.meaningful_activities)} <small>(team median ${fmtInt(Math.round(p.team_median_meaningful))})</small>`],
    ['Tasks done on time', p.tasks_due ? `${p.tasks_on_time} of ${p.tasks_due}` : 'no tasks were due'],
    ['Deal updates', `${fmtInt(p.deal_updates)} (${plural(p.stage_changes, 'stage change')})`],
    ['Features used', p.features_used.length ? p.features_used.map((f) => FEATURES[f] || f).join(', ') : 'none yet'],
  ]} />`;
}

function QualityFigures({ m, staleDays }) {
  const q = m.quality;
  return html`<${Figures} rows=${[
    ['Expected fields filled', q.fields_expected ? `${fmtInt(q.fields_filled)} of ${fmtInt(q.fields_expected)} (${fmtPct(q.fields_filled / q.fields_expected)})` : 'nothing owned yet'],
    ['Open deals', fmtInt(q.open_deals)],
    q.open_deals ? ['Close date passed', fmtInt(q.deals_past_close_date)] : null,
    q.open_deals ? ['No next step', fmtInt(q.deals_without_next_step)] : null,
    q.open_deals ? ['No activity in 14 days', fmtInt(q.deals_without_recent_activity)] : null,
    [`Untouched for ${staleDays} days`, `${fmtInt(q.stale)} of ${plural(q.open_deals_and_leads, 'open deal or lead', 'open deals and leads')}`],
  ]} />`;
}

function Component({ k, label, d }) {
  const v = d.components[k];
  const Fig = { access: AccessFigures, process: ProcessFigures, quality: QualityFigures }[k];
  return html`<section class=${`panel component c-${band(v)}`} aria-labelledby=${`au-${k}`}>
    <div class="comp-head"><h2 id=${`au-${k}`}>${label}</h2><${ScoreBar} score=${v} /></div>
    <p class="hint">${EXPLAIN[k]} <span class="weight">${d.weights[k]}% of the score.</span></p>
    ${v === null ? html`<p class="muted">Nothing to measure in this period.</p>` : null}
    <${Fig} m=${d.metrics} weekly=${d.weekly_active_days} to=${d.to} staleDays=${d.stale_days} />
  </section>`;
}

function Raise({ items, self, name }) {
  return html`<section class="panel raise" aria-labelledby="au-raise">
    <h2 id="au-raise">${items.length === 1 ? 'One thing' : items.length === 2 ? 'Two things' : 'Three things'} that would raise ${self ? 'your' : `${name}'s`} score</h2>
    ${items.length ? html`<ol class="raise-list">${items.map((r) => html`<li key=${r.part}>
      <div class="raise-main"><strong class="advice">${r.advice}</strong><small class="now">Now: ${r.now}</small></div>
      <span class="badge ok points">+${r.points} ${r.points === 1 ? 'point' : 'points'}</span>
    </li>`)}</ol>` : html`<p class="empty">Nothing to raise: every part of the score is at full marks.</p>`}
  </section>`;
}

function Part({ p }) {
  const records = p.records || [];
  const lost = p.points_lost;
  return html`<li class=${`part${lost > 0 ? '' : ' full'}`}>
    <div class="part-head">
      <span class=${`kind-tag k-${p.component}`}>${p.component}</span>
      <strong>${PARTS[p.part] || p.part}</strong>
      <span class="part-lost">${!p.measured ? 'not measured' : lost > 0 ? `−${lost.toFixed(1)} points` : 'full marks'}</span>
    </div>
    <p class="part-text">${p.text}</p>
    ${records.length ? html`<ul class="part-records" aria-label=${`Records behind ${PARTS[p.part] || p.part}`}>
      ${records.map((r) => {
        const href = recordHref(r);
        return html`<li key=${`${r.entity}${r.id}`}><span class="rec-kind">${r.entity}</span> ${href ? html`<a href=${href}>${r.title}</a>` : html`<q>${r.title}</q>`}</li>`;
      })}</ul>` : null}
  </li>`;
}

// Where the person stands among those they are compared with: their rank, quarter and the
// median score, never a peer's own figures (docs/ADOPTION.md, "Who sees what").
function Standing({ d, self }) {
  const st = d.standing;
  if (d.left_on) return html`<p class="standing muted">Left on ${fmtDate(d.left_on)}: not on the scorecard for this period.</p>`;
  if (!st) return null;
  const among = st.compared_with === 'team' ? `in team ${d.team_name}` : 'in the organization';
  return html`<p class="standing">
    <strong>${ORDINAL(st.rank)} of ${st.of}</strong> ${among} <span class="muted">(${QUARTERS[st.quartile]}; median score ${st.median_score})</span>
    ${d.new ? html`<br /><small class="muted">${self ? 'You joined' : 'Joined'} less than two weeks ago: scored, but not yet compared with the team or marked as lagging.</small>` : null}
  </p>`;
}

function Person({ d, self, back }) {
  const first = d.name.split(' ')[0];
  return html`
    <section class="panel hero" aria-label="Score">
      <div class=${`big-score b-${band(d.score)}`}><span class="hero-label">Adoption score</span><strong>${d.score}</strong><small>/ 100</small></div>
      <div class="hero-side">
        <p class="hero-trend"><${Trend} trend=${d.trend} previous=${d.previous_score} />
          <span class="muted">${d.previous_score === null ? ' no score for the previous period' : ` against ${fmtPeriod(d.previous.from, d.previous.to)}`}</span></p>
        <${Standing} d=${d} self=${self} />
        ${d.lagging ? html`<p><${LaggingBadge} /> <small>A score under 50, or 20 points or more under the team's median.</small></p>` : null}
        <ul class="mini-comps">${COMPONENTS.map(([k, l]) => html`<li><span>${l}</span> <${ScoreBar} score=${d.components[k]} /></li>`)}</ul>
      </div>
    </section>
    <${Raise} items=${d.raise} self=${self} name=${first} />
    <div class="grid comps">${COMPONENTS.map(([k, l]) => html`<${Component} key=${k} k=${k} label=${l} d=${d} />`)}</div>
    <section class="panel parts" aria-labelledby="au-parts">
      <h2 id="au-parts">Every part of the score</h2>
      <p class="hint">Largest loss first, with the records that pull each part down.</p>
      <ul class="part-list">${d.parts.map((p) => html`<${Part} key=${p.part} p=${p} />`)}</ul>
    </section>
    <section class="panel outcome" aria-labelledby="au-out">
      <h2 id="au-out">Results in the period</h2>
      <p class="hint">Not part of the score.</p>
      <${Figures} rows=${[
        ['Deals won / lost', `${d.metrics.outcome.deals_won} / ${d.metrics.outcome.deals_lost}`],
        ['Win rate', fmtPct(d.metrics.outcome.win_rate)],
        ['Leads converted', fmtInt(d.metrics.outcome.leads_converted)],
        ['First activity', d.metrics.rollout.first_activity_day
          ? `${fmtDate(d.metrics.rollout.first_activity_day)} (${plural(d.metrics.rollout.days_to_first_activity, 'day')} after joining)` : 'none yet'],
      ]} />
    </section>
    ${back ? html`<p><a href=${back}>‹ Back to the scorecard</a></p>` : null}`;
}

export default function AdoptionUser({ params, query, path }) {
  const { user } = useContext(Session);
  const mine = path.replace(/\/$/, '') === '/me/adoption';
  const id = mine ? user.id : Number(params.id);
  const self = id === user.id;
  const period = periodParams(query);
  const pq = periodQuery(query);
  const r = useAsync(() => api.get(`/adoption/users/${encodeURIComponent(id)}${qs(period)}`), [id, qs(period)]);
  const d = r.data;
  useEffect(() => { document.title = `${self ? 'My adoption' : d ? `${d.name} · adoption` : 'Adoption'} · uptake`; }, [self, d && d.name]);

  const back = user.role !== 'rep' ? `/adoption${qs(pq)}` : null;
  const go = (patch) => navigate(`${path}${qs({ ...pq, ...patch })}`, { replace: true });
  return html`
    ${back ? html`<p class="crumbs"><a href=${back}>Adoption</a></p>` : null}
    <div class="page-head">
      <div class="title-block"><h1>${self ? 'My adoption' : d ? d.name : 'Adoption'}</h1>
        ${d ? html`<p class="subtitle">${self ? d.name : d.email}${d.team_name ? ` · team ${d.team_name}` : ''} · ${d.role} · ${fmtPeriod(d.from, d.to)}</p>` : null}</div>
      <div class="filters actions" role="group" aria-label="Period"><${PeriodFilter} query=${query} shown=${d} onChange=${go} idPrefix="au" /></div>
    </div>
    ${r.error ? html`<p class="error form-error" role="alert">Cannot show the score: ${r.error.message}</p>
      ${r.error.status === 404 && !self ? html`<p><a href="/me/adoption">See my own adoption</a></p>` : null}` : null}
    ${d ? html`<div class=${r.loading ? 'stale' : ''} aria-busy=${r.loading ? 'true' : 'false'}><${Person} d=${d} self=${self} back=${back} /></div>`
      : r.loading ? html`<${Loading} what="the score" />` : null}`;
}
