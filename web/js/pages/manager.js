// SPDX-License-Identifier: MIT
// Manager view: the team's pipeline by stage, activity per rep this week against last week,
// the deals at risk with the reasons, and the review flags of the team's people (junk notes,
// bursts, quick deletes) to talk about and dismiss with a note. Reads /reports/pipeline,
// /reports/team and /review/flags.
import { html, useContext, useEffect, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { Session, useAsync, Loading, ErrorBox, Dialog, fmtDate, fmtMoney, toast } from '../ui.js';
import { useTeams, sumAmounts } from '../lookup.js';
import { Amounts } from './pipeline.js';
import { TargetsTable } from './targets.js';

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

const FLAG_KINDS = { junk_notes: 'Notes without real content', burst: 'Burst of activities', quick_deletes: 'Quick deletes' };

/* The open review flags of the team's people (docs/ADOPTION.md, "Review flags"): what was
 * seen, on which day; the manager dismisses one with a note once it has been talked about. */
function ReviewFlags({ memberIds }) {
  const flags = useAsync(() => api.get('/review/flags?status=open&limit=200'), []);
  const [open, setOpen] = useState(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const items = flags.data ? flags.data.items.filter((f) => memberIds.has(f.user_id)) : [];
  async function dismiss(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/review/flags/${open.id}/dismiss`, { note: note.trim() });
      toast(`Dismissed the flag of ${open.user_name} on ${fmtDate(open.day)}`);
      setOpen(null);
      flags.reload();
    } catch (err) {
      setError(err);
    } finally { setBusy(false); }
  }
  return html`<section class="panel" aria-labelledby="mg-flags"><h2 id="mg-flags">${flags.data ? `${items.length} review flag${items.length === 1 ? '' : 's'}` : 'Review flags'}</h2>
    <p class="hint">Days on which someone logged notes without real content, far more activities than usual, or deleted records soon after making them. Junk already earns nothing; talk it through, then dismiss the flag with a note.</p>
    ${flags.error ? html`<${ErrorBox} error=${flags.error} />` : !flags.data ? html`<${Loading} />` : items.length ? html`<div class="table-wrap"><table class="data flags">
      <thead><tr><th scope="col">Person</th><th scope="col">Day</th><th scope="col">What</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
      <tbody>${items.map((f) => html`<tr key=${f.id}>
        <td>${f.user_name}</td><td class="nowrap">${fmtDate(f.day)}</td>
        <td><span class="badge warn">${FLAG_KINDS[f.kind] || f.kind}</span> ${f.sentence}</td>
        <td><button type="button" onClick=${() => { setOpen(f); setNote(''); setError(null); }} aria-label=${`Dismiss the flag of ${f.user_name} on ${fmtDate(f.day)}`}>Dismiss…</button></td></tr>`)}</tbody>
    </table></div>` : html`<p class="empty">Nothing to review.</p>`}
    <${Dialog} title="Dismiss a review flag" open=${!!open} onClose=${() => setOpen(null)}>
      ${open ? html`<form onSubmit=${dismiss} novalidate>
        <p>${open.user_name}, ${fmtDate(open.day)}: ${open.sentence}</p>
        <div class="field"><label for="flag-note">Note (why it is fine, or what you agreed)</label>
          <textarea id="flag-note" rows="3" maxlength="500" required value=${note} onInput=${(e) => setNote(e.target.value)}></textarea></div>
        <${ErrorBox} error=${error} />
        <div class="form-actions"><button class="primary" disabled=${busy || !note.trim()}>${busy ? 'Dismissing…' : 'Dismiss the flag'}</button>
          <button type="button" onClick=${() => setOpen(null)}>Cancel</button></div>
      </form>` : null}
    </${Dialog}>
  </section>`;
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
    ${team.data ? html`<${ReviewFlags} key=${teamId} memberIds=${new Set(team.data.reps.map((r) => r.user_id))} />` : null}
    <section class="panel risk-panel" aria-labelledby="mg-risk"><h2 id="mg-risk">${team.data ? `${team.data.at_risk_total} deal${team.data.at_risk_total === 1 ? '' : 's'} at risk` : 'Deals at risk'}</h2>
      <p class="hint">Open deals whose close date has passed, that have no next step, or with no activity in the last 14 days.</p>
      ${team.loading ? html`<${Loading} />` : team.error ? html`<${ErrorBox} error=${team.error} />` : team.data ? html`<${AtRisk} teamId=${team.data.team.id} first=${team.data.at_risk} total=${team.data.at_risk_total} cursor=${team.data.at_risk_next_cursor} />` : null}
    </section>
    <section class="panel" aria-label="Points targets"><${TargetsTable} /></section>
`;
}
