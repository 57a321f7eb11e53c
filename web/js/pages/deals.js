// SPDX-License-Identifier: MIT
// Deals list: filters (stage, owner, open/closed), sorting, infinite scroll, and "New deal".
import { html, useContext, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { Session, InfiniteList, Dialog, fmtDate, fmtMoney, toast } from '../ui.js';
import { useStages, stageOf, useUsers, userName, RecordLink, getSorted, revealError } from '../lookup.js';
import { DealFields, useDealForm, dealBody } from '../dealform.js';

const SORTS = [
  ['', 'Newest first'], ['-amount_minor', 'Largest amount'], ['close_date', 'Closing soonest'],
  ['name', 'Name A–Z'], ['-updated_at', 'Recently updated'],
];

export function NewDeal({ onClose, defaults = {} }) {
  const stages = useStages();
  const users = useUsers();
  const form = useDealForm(null, defaults);
  async function save(e) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const b = dealBody(form, null);
    if (!b) { revealError(formEl); return; }
    const d = await form.submit(() => api.post('/deals', b));
    if (d) { toast(`Deal “${d.name}” created`); onClose(d); } else revealError(formEl);
  }
  return html`<form onSubmit=${save} novalidate>
    <${DealFields} form=${form} stages=${stages} users=${users} />
    <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : 'Create deal'}</button>
      <button type="button" onClick=${() => onClose(null)}>Cancel</button></div>
  </form>`;
}

export default function Deals({ query }) {
  const { user } = useContext(Session);
  const stages = useStages();
  const users = useUsers();
  const f = {
    stage: query.get('stage') || '', owner: query.get('owner') || (user.role === 'rep' ? 'me' : ''),
    status: query.get('status') || 'open', sort: query.get('sort') || '', q: query.get('q') || '',
    lost: query.get('lost') || '', // lost deals with this reason ('-': none given), from the Team view
  };
  const [creating, setCreating] = useState(query.get('new') === '1');
  const [badSort, setBadSort] = useState(''); // the sort the server refused, if any
  const [q, setQ] = useState(f.q);
  const set = (k) => (e) => {
    const next = { ...f, [k]: e.target.value };
    navigate(`/deals${qs({ ...next, owner: next.owner || 'any' })}`, { replace: true });
  };
  const owner = f.owner === 'any' ? '' : f.owner;

  function load(cursor) {
    const p = { limit: 40, cursor, stage_id: f.stage, owner, q: f.q };
    if (f.status === 'open') p.closed_at = 'null';
    if (f.status === 'closed') p.closed_at_after = '2000-01-01';
    if (f.lost) p.lost_reason = f.lost === '-' ? 'null' : f.lost;
    return getSorted('/deals', { ...p, sort: f.sort }, setBadSort);
  }
  function onSearch(e) { e.preventDefault(); navigate(`/deals${qs({ ...f, q, owner: f.owner || 'any' })}`, { replace: true }); }

  return html`
    <div class="page-head"><h1>Deals</h1>
      <div class="actions"><a class="trash-link" href="/trash?kind=deals">Deleted</a><a class="button" href="/pipeline">Board view</a>
        <button class="primary" onClick=${() => setCreating(true)}>New deal</button></div></div>
    <form class="filters" onSubmit=${onSearch} role="search" aria-label="Filter deals">
      <div class="field"><label for="df-q">Search</label><input id="df-q" type="search" value=${q} onInput=${(e) => setQ(e.target.value)} placeholder="Name or organization" /></div>
      <div class="field"><label for="df-stage">Stage</label>
        <select id="df-stage" value=${f.stage} onChange=${set('stage')}><option value="">Any stage</option>
          ${(stages || []).map((s) => html`<option value=${s.id}>${s.name}</option>`)}</select></div>
      <div class="field"><label for="df-owner">Owner</label>
        <select id="df-owner" value=${owner ? 'me' : 'any'} onChange=${set('owner')}><option value="me">Me</option><option value="any">Anyone</option></select></div>
      <div class="field"><label for="df-status">Status</label>
        <select id="df-status" value=${f.status} onChange=${set('status')}><option value="open">Open</option><option value="closed">Closed (won or lost)</option><option value="all">All</option></select></div>
      <div class="field"><label for="df-sort">Sort</label>
        <select id="df-sort" value=${f.sort} onChange=${set('sort')}>${SORTS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></div>
    </form>
    ${badSort && badSort === f.sort ? html`<p class="hint small" role="status">This list cannot be sorted that way; showing newest first.</p>` : null}
    ${f.lost ? html`<p class="filter-chip">Lost because: <strong>${f.lost === '-' ? 'no reason given' : f.lost}</strong>
      <a href=${`/deals${qs({ ...f, lost: '', owner: f.owner || 'any' })}`} aria-label="Show all deals again">✕</a></p>` : null}
    <${InfiniteList} deps=${[f.stage, owner, f.status, f.sort, f.q, f.lost]} load=${load} className="rows deal-rows"
      empty="No deals match these filters."
      render=${(d) => {
        const st = stageOf(stages, d.stage_id);
        const overdue = d.close_date && !d.closed_at && d.close_date < new Date().toISOString().slice(0, 10);
        return html`<li key=${d.id}>
          <div class="main-col"><a class="title" href=${`/deals/${d.id}`}>${d.name}</a>
            <small>${d.org_id ? html`<${RecordLink} kind="organizations" id=${d.org_id} /> · ` : null}${userName(users, d.owner_id)}</small></div>
          <span class=${`badge${st && st.is_won ? ' ok' : st && st.is_lost ? ' bad' : ''}`}>${st ? st.name : ''}</span>
          <span class="amount">${d.amount_minor != null ? fmtMoney(d.amount_minor, d.currency) : ''}</span>
          <span class=${`right${overdue ? ' overdue' : ''}`}>${d.close_date ? `${overdue ? 'was due ' : 'closes '}${fmtDate(d.close_date)}` : ''}</span>
        </li>`;
      }} />
    <${Dialog} title="New deal" open=${creating} onClose=${() => setCreating(false)}>
      <${NewDeal} onClose=${(d) => { setCreating(false); if (d) navigate(`/deals/${d.id}`); }} />
    </${Dialog}>`;
}
