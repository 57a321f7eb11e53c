// SPDX-License-Identifier: MIT
// Today: my overdue and due-soon tasks (check to complete), my deals that need care and my leads
// gone quiet (GET /me/attention: the definition of deals at risk; each fixed in place or a call
// logged on it), recently viewed records, and a quick-log box.
import { html, useContext, useEffect, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { ErrorBox, Field, FormError, Session, useAsync, useForm, fmtAgo, fmtDate, fmtDay, fmtTime, toast } from '../ui.js';
import { useNames } from '../lookup.js';
import { TaskRow, DealRow } from '../record.js';
import { LogActivityForm, LogActivityDialog } from '../logcall.js';
import { StatusBadge, leadName } from './leads.js';

const DAY = 86400000;
function isoDay(d) { const p = (n) => String(n).padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }

function Tasks({ refresh }) {
  const [moved, setMoved] = useState(0); // bumped when a task is rescheduled from its row
  const again = () => setMoved((n) => n + 1);
  const { data, error, loading } = useAsync(async () => {
    const now = new Date();
    const soon = new Date(now.getTime() + 7 * DAY);
    const [over, due] = await Promise.all([
      api.get(`/tasks${qs({ owner: 'me', done: 'false', due_at_before: now.toISOString(), limit: 100 })}`),
      api.get(`/tasks${qs({ owner: 'me', done: 'false', due_at_after: now.toISOString(), due_at_before: soon.toISOString(), limit: 100 })}`)]);
    const byDue = (a, b) => a.due_at.localeCompare(b.due_at);
    return { over: over.items.sort(byDue), due: due.items.sort(byDue), moreOver: !!over.next_cursor };
  }, [refresh, moved]);
  const all = data ? data.over.concat(data.due) : [];
  const names = useNames('contacts', all.map((t) => t.contact_id));
  return html`<section class="panel p-tasks" aria-labelledby="t-h">
    <div class="panel-head"><h2 id="t-h">My tasks</h2><a href="/tasks" class="small">All tasks</a></div>
    ${loading && !data ? html`<p class="muted">Loading…</p>` : null}
    <${ErrorBox} error=${error} />
    ${data ? html`
      <h3 class="sub-h">Overdue <span class=${`count${data.over.length ? ' bad' : ''}`}>${data.over.length}${data.moreOver ? '+' : ''}</span></h3>
      ${data.over.length ? html`<ul class="tasks">${data.over.map((t) => html`<${TaskRow} key=${t.id} task=${t} contactName=${names[t.contact_id]} onEdited=${again} />`)}</ul>`
        : html`<p class="muted">Nothing overdue. Well done.</p>`}
      <h3 class="sub-h">Due in the next 7 days <span class="count">${data.due.length}</span></h3>
      ${data.due.length ? html`<ul class="tasks">${data.due.map((t) => html`<${TaskRow} key=${t.id} task=${t} contactName=${names[t.contact_id]} onEdited=${again} />`)}</ul>`
        : html`<p class="muted">Nothing due this week.</p>`}` : null}
  </section>`;
}

// How Today names each reason the API gives for a deal at risk (GET /me/attention).
const REASON = {
  past_close_date: ['bad', 'close date passed'],
  no_next_step: ['warn', 'no next step'],
  no_recent_activity: ['warn', null], // 'no activity in N days', N from the answer
};

// What needs care, by the same definition as the team's deals at risk and the score: my open
// deals at risk and my new and working leads that nothing happened to in the window.
function useAttention(refresh) {
  return useAsync(() => api.get('/me/attention?limit=50'), [refresh]);
}

function Deals({ att }) {
  const { data, error, loading } = att;
  const deals = data ? data.deals : null;
  return html`<section class="panel p-deals" aria-labelledby="d-h">
    <div class="panel-head"><h2 id="d-h">My deals that need care ${data ? html`<span class="count">${data.deals_total}</span>` : null}</h2>
      <a href="/pipeline" class="small">Pipeline</a></div>
    ${loading && !data ? html`<p class="muted">Loading…</p>` : null}
    <${ErrorBox} error=${error} />
    ${deals && !deals.length ? html`<p class="muted">Every open deal has a next step, a close date ahead and activity in the last ${data.window_days} days.</p>` : null}
    ${deals && deals.length ? html`<ul class="deals">${deals.map((d) => html`<${DealCare} key=${d.id} deal=${d} days=${data.window_days} />`)}</ul>` : null}
    ${deals && data.deals_total > deals.length ? html`<p class="hint">Showing ${deals.length} of ${data.deals_total}.</p>` : null}
  </section>`;
}

// A deal that needs care, fixed where it stands: a next step, a new expected close date, or a
// call logged on it.
function DealCare({ deal: first, days }) {
  const [deal, setDeal] = useState(first);
  const [codes, setCodes] = useState(first.reasons || []);
  const [fixing, setFixing] = useState(null); // 'next_step' | 'close_date'
  const [logging, setLogging] = useState(false);
  useEffect(() => { setDeal(first); setCodes(first.reasons || []); }, [first]);
  const form = useForm({ next_step: '', close_date: '' });
  const reasons = codes.map((c) => [REASON[c] ? REASON[c][0] : 'warn', c === 'no_recent_activity' ? `no activity in ${days} days` : REASON[c] ? REASON[c][1] : c]);
  const drop = (c) => setCodes((cs) => cs.filter((x) => x !== c));
  async function save(e) {
    e.preventDefault();
    const v = form.values[fixing].trim();
    if (!v) { form.setErrors({ [fixing]: fixing === 'next_step' ? 'Say what happens next' : 'Pick a date' }); return; }
    const d = await form.submit(() => api.patch(`/deals/${deal.id}`, { [fixing]: v }, deal.version));
    if (!d) return;
    setDeal(d);
    if (fixing === 'next_step' && d.next_step) drop('no_next_step');
    if (fixing === 'close_date' && d.close_date >= isoDay(new Date())) drop('past_close_date');
    setFixing(null);
    toast(fixing === 'next_step' ? 'Next step set' : 'Close date moved');
  }
  const open = (what) => { form.setValues({ next_step: '', close_date: '' }); form.setErrors({}); setFixing(what); };
  return html`<${DealRow} deal=${deal} reasons=${reasons}>
    ${!fixing && reasons.length ? html`<span class="care-actions">
      ${codes.includes('no_next_step') ? html`<button type="button" class="link small" onClick=${() => open('next_step')}>Set next step</button>` : null}
      ${codes.includes('past_close_date') ? html`<button type="button" class="link small" onClick=${() => open('close_date')}>Move close date</button>` : null}
      ${codes.includes('no_recent_activity') ? html`<button type="button" class="link small" onClick=${() => setLogging(true)}>Log call</button>` : null}
    </span>` : null}
    ${!reasons.length ? html`<span class="care-actions muted small">✓ Looks good now</span>` : null}
    ${fixing ? html`<form class="care-fix" onSubmit=${save} novalidate aria-label=${`Fix ${deal.name}`}>
      ${fixing === 'next_step' ? html`<${Field} label="Next step" name="next_step" form=${form} placeholder="e.g. send the proposal Friday" maxlength="200" autofocus />`
        : html`<${Field} label="Expected close" name="close_date" type="date" form=${form} min=${isoDay(new Date())} />`}
      <${FormError} form=${form} />
      <div class="form-actions"><button class="primary" disabled=${form.busy}>Save</button>
        <button type="button" onClick=${() => setFixing(null)}>Cancel</button></div>
    </form>` : null}
    <${LogActivityDialog} open=${logging} onClose=${() => setLogging(false)} deal=${deal} onLogged=${() => drop('no_recent_activity')} />
  </${DealRow}>`;
}

function Leads({ att }) {
  const { data, error, loading } = att;
  const leads = data ? data.leads : null;
  return html`<section class="panel p-leads" aria-labelledby="l-h">
    <div class="panel-head"><h2 id="l-h">My leads gone quiet ${data ? html`<span class="count">${data.leads_total}</span>` : null}</h2>
      <a href="/leads" class="small">All leads</a></div>
    ${loading && !data ? html`<p class="muted">Loading…</p>` : null}
    <${ErrorBox} error=${error} />
    ${leads && !leads.length ? html`<p class="muted">Every new and working lead was worked in the last ${data.window_days} days.</p>` : null}
    ${leads && leads.length ? html`<ul class="deals">${leads.map((l) => html`<${LeadCare} key=${l.id} lead=${l} />`)}</ul>` : null}
    ${leads && data.leads_total > leads.length ? html`<p class="hint">Showing ${leads.length} of ${data.leads_total}.</p>` : null}
  </section>`;
}

function LeadCare({ lead }) {
  const [logging, setLogging] = useState(false);
  const [worked, setWorked] = useState(false);
  const name = leadName(lead);
  return html`<li class="deal-row">
    <a href=${`/leads/${lead.id}`} class="deal-name">${name}</a>
    <${StatusBadge} status=${lead.status} />
    <small class="deal-meta">${[lead.company && lead.company !== name ? lead.company : '', `nothing since ${fmtDate(lead.updated_at)}`].filter(Boolean).join(' · ')}</small>
    ${worked ? html`<span class="care-actions muted small">✓ Worked today</span>`
      : html`<span class="care-actions"><button type="button" class="link small" onClick=${() => setLogging(true)}>Log call</button></span>`}
    <${LogActivityDialog} open=${logging} onClose=${() => setLogging(false)} lead=${lead} leadName=${name} onLogged=${() => setWorked(true)} />
  </li>`;
}

const ENTITY = { contact: ['contacts', 'Contact'], organization: ['organizations', 'Organization'], deal: ['deals', 'Deal'],
  lead: ['leads', 'Lead'], task: ['tasks', 'Task'] };
function Recent() {
  const { data, error, loading } = useAsync(() => api.get('/me/recent?limit=10'), []);
  const items = data ? data.items || [] : [];
  return html`<section class="panel p-recent" aria-labelledby="r-h">
    <h2 id="r-h">Recently viewed</h2>
    ${loading && !data ? html`<p class="muted">Loading…</p>` : null}
    ${error ? html`<p class="muted">${error.message}</p>` : null}
    ${data && !items.length ? html`<p class="muted">Records you open will show here.</p>` : null}
    ${items.length ? html`<ul class="recent">${items.map((r) => {
      const e = ENTITY[String(r.entity).replace(/s$/, '')] || [r.entity, r.entity];
      return html`<li key=${`${r.entity}${r.id}`}><span class="kind">${e[1]}</span>
        <a href=${`/${e[0]}/${r.id}`} title=${r.title || null}>${r.title || `#${r.id}`}</a>
        <small class="right"><time datetime=${r.viewed_at} title=${fmtTime(r.viewed_at)}>${fmtAgo(r.viewed_at)}</time></small></li>`;
    })}</ul>` : null}
  </section>`;
}

export default function Today() {
  const { user } = useContext(Session);
  const [refresh, setRefresh] = useState(0);
  const att = useAttention(refresh);
  useEffect(() => { document.title = 'Today · uptake'; }, []);
  const h = new Date().getHours();
  const hello = h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
  return html`<div class="page-head"><h1>${hello}, ${user.name.split(' ')[0]}</h1>
      <p class="muted today-date">${fmtDay()}</p></div>
    <div class="today">
      <div class="stack">
        <${Tasks} refresh=${refresh} />
        <${Deals} att=${att} />
        <${Leads} att=${att} />
      </div>
      <div class="stack">
        <section class="panel quicklog" aria-labelledby="q-h">
          <h2 id="q-h">Quick log</h2>
          <${LogActivityForm} pickContact=${true} compact=${true} autofocus=${false} onLogged=${(a, t) => { if (t || a.completed || a.deal_id) setRefresh((n) => n + 1); }} />
        </section>
        <${Recent} />
      </div>
    </div>`;
}
