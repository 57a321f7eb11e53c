// SPDX-License-Identifier: MIT
// Pipeline board: a column per stage with its deals; drag a card to another column (or use its
// "Move to…" select) to change the stage; a card the user may not change has neither. Totals per
// stage come from /reports/pipeline, or are summed from the loaded cards until it answers. Won and
// Lost hold only deals closed recently (the last 30 days unless widened), so the board shows the
// work in flight; every column fits a 1280 px screen.
import { html, useContext, useEffect, useRef, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { navigate } from '../router.js';
import { Session, Dialog, ErrorBox, Loading, fmtDate, fmtMoney, toast } from '../ui.js';
import { ReasonForm } from '../dealform.js';
import { loadStages, useUsers, userName, RecordLink, sumAmounts } from '../lookup.js';

const PAGE = 25;
const DAY = 86400000;
// How far back the Won and Lost columns reach (?closed=): days, or all.
export const CLOSED_WINDOWS = [['30', 'Last 30 days'], ['90', 'Last 90 days'], ['365', 'Last 12 months'], ['all', 'All time']];
function closedAfter(closed) { return closed === 'all' ? null : new Date(Date.now() - Number(closed) * DAY).toISOString(); }

export function Amounts({ amounts }) {
  if (!amounts || !amounts.length) return html`<span class="muted">—</span>`;
  return amounts.map((a, i) => html`${i ? ' + ' : ''}${fmtMoney(a.amount_minor, a.currency)}`);
}

function scopeParams(scope, user) {
  if (scope === 'mine') return { owner_id: user.id };
  if (scope === 'team' && user.team_id) return { team_id: user.team_id };
  return {};
}

function DealCard({ deal, stages, users, onMove, today }) {
  const movable = !!deal.may_change;
  const overdue = deal.close_date && deal.close_date < today && !deal.closed_at;
  return html`<li class=${`deal-card${movable ? '' : ' fixed'}`} draggable=${movable} data-id=${deal.id}
      onDragStart=${(e) => { e.dataTransfer.setData('text/plain', String(deal.id)); e.dataTransfer.effectAllowed = 'move'; e.currentTarget.classList.add('dragging'); }}
      onDragEnd=${(e) => e.currentTarget.classList.remove('dragging')}>
    <a class="deal-name" href=${`/deals/${deal.id}`}>${deal.name}</a>
    ${deal.org_id ? html`<div class="deal-org"><${RecordLink} kind="organizations" id=${deal.org_id} /></div>` : null}
    <div class="deal-meta">
      <strong>${deal.amount_minor != null ? fmtMoney(deal.amount_minor, deal.currency) : html`<span class="muted">no amount</span>`}</strong>
      ${deal.close_date ? html`<span class=${overdue ? 'overdue' : ''} title="Expected close date">${overdue ? 'was due ' : ''}${fmtDate(deal.close_date)}</span>` : null}
    </div>
    <div class="deal-foot">
      <span class="owner" title="Owner">${userName(users, deal.owner_id)}</span>
      ${movable ? html`<label class="sr" for=${`mv-${deal.id}`}>Move ${deal.name} to stage</label>
      <select id=${`mv-${deal.id}`} class="move" value="" onChange=${(e) => { const v = e.target.value; e.target.value = ''; if (v) onMove(deal, Number(v)); }}>
        <option value="">Move to…</option>
        ${stages.filter((s) => s.id !== deal.stage_id).map((s) => html`<option value=${s.id}>${s.name}</option>`)}
      </select>` : null}
    </div>
  </li>`;
}

function Column({ stage, col, total, users, stages, onMove, onMore, today, closedLabel }) {
  const [over, setOver] = useState(false);
  const sentinel = useRef(null);
  useEffect(() => {
    if (!col || col.done || col.busy || !sentinel.current) return undefined;
    const io = new IntersectionObserver((es) => { if (es.some((e) => e.isIntersecting)) onMore(stage.id); }, { rootMargin: '200px' });
    io.observe(sentinel.current);
    return () => io.disconnect();
  }, [col && col.done, col && col.busy, col && col.cursor]);
  const items = col ? col.items : [];
  const count = total ? total.count : items.length;
  const amounts = total ? total.amounts : sumAmounts(items);
  const partial = !total && col && !col.done;
  const headId = `stage-${stage.id}`;
  return html`<section class=${`column${over ? ' over' : ''}${stage.is_won ? ' won' : ''}${stage.is_lost ? ' lost' : ''}`}
      aria-labelledby=${headId}
      onDragOver=${(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; if (!over) setOver(true); }}
      onDragLeave=${(e) => { if (!e.currentTarget.contains(e.relatedTarget)) setOver(false); }}
      onDrop=${(e) => { e.preventDefault(); setOver(false); const id = Number(e.dataTransfer.getData('text/plain')); if (id) onMove(id, stage.id); }}>
    <header class="col-head">
      <h2 id=${headId}>${stage.name} <span class="count">${count}${partial ? '+' : ''}</span></h2>
      <div class="col-total"><${Amounts} amounts=${amounts} />${partial ? html` <small>(loaded)</small>` : null}
        ${!stage.is_won && !stage.is_lost ? html` <small>· ${stage.probability}%</small>` : html` <small>· ${closedLabel}</small>`}</div>
    </header>
    <ul class="cards">
      ${items.map((d) => html`<${DealCard} key=${d.id} deal=${d} stages=${stages} users=${users} onMove=${onMove} today=${today} />`)}
      ${!col || !col.done ? html`<li ref=${sentinel} class="more" aria-hidden=${col && col.busy ? undefined : 'true'}>${!col || col.busy ? 'Loading…' : ''}</li>` : null}
      ${col && col.done && !items.length ? html`<li class="empty">No deals</li>` : null}
    </ul>
    ${col && col.error ? html`<p class="error" role="alert">${col.error}</p>` : null}
  </section>`;
}

export default function Pipeline({ query }) {
  const { user } = useContext(Session);
  const defScope = user.role === 'rep' ? 'mine' : user.role === 'manager' && user.team_id ? 'team' : 'all';
  const scope = query.get('scope') || defScope;
  const closed = CLOSED_WINDOWS.some(([v]) => v === query.get('closed')) ? query.get('closed') : '30';
  const closedLabel = CLOSED_WINDOWS.find(([v]) => v === closed)[1].replace(/^L/, 'l').replace(/^All time$/, 'all time');
  const users = useUsers();
  const [stages, setStages] = useState(null);
  const [error, setError] = useState(null);
  const [cols, setCols] = useState({});
  const [totals, setTotals] = useState(null);
  const [losing, setLosing] = useState(null); // { deal, to } while asking why it was lost
  const colsRef = useRef(cols);
  colsRef.current = cols;
  const stagesRef = useRef(null);
  const gen = useRef(0);
  const today = new Date().toISOString().slice(0, 10);

  const teamIds = users && user.team_id ? new Set(users.filter((u) => u.team_id === user.team_id).map((u) => u.id)) : null;

  async function loadColumn(stageId, reset, g) {
    const prev = colsRef.current[stageId];
    if (!reset && (!prev || prev.done || prev.busy)) return;
    setCols((c) => ({ ...c, [stageId]: { ...(reset ? { items: [] } : c[stageId]), busy: true, error: null } }));
    try {
      const params = { stage_id: stageId, limit: PAGE, cursor: reset ? null : prev.cursor };
      if (scope === 'mine') params.owner = 'me';
      const st = (stagesRef.current || []).find((x) => x.id === stageId);
      if (st && (st.is_won || st.is_lost) && closedAfter(closed)) params.closed_at_after = closedAfter(closed);
      const page = await api.get(`/deals${qs(params)}`);
      if (g !== gen.current) return;
      let items = page.items;
      if (scope === 'team' && teamIds) items = items.filter((d) => teamIds.has(d.owner_id));
      setCols((c) => ({ ...c, [stageId]: { items: (reset ? [] : c[stageId].items).concat(items), cursor: page.next_cursor, done: !page.next_cursor, busy: false } }));
    } catch (e) {
      if (g !== gen.current) return;
      setCols((c) => ({ ...c, [stageId]: { ...c[stageId], busy: false, done: true, error: e.message } }));
    }
  }

  async function loadTotals(g) {
    try {
      const r = await api.get(`/reports/pipeline${qs({ ...scopeParams(scope, user), closed_after: closedAfter(closed) })}`);
      if (g === gen.current) setTotals(new Map(r.stages.map((s) => [s.id, s])));
    } catch {
      if (g === gen.current) setTotals(null);
    }
  }

  function reloadAll() {
    const g = ++gen.current;
    setCols({});
    loadStages(true).then((ss) => {
      if (g !== gen.current) return;
      setStages(ss);
      stagesRef.current = ss;
      ss.forEach((s) => loadColumn(s.id, true, g));
    }, setError);
    loadTotals(g);
  }
  // "team" filters by owner on the client, so wait until the users are known.
  useEffect(() => { if (scope !== 'team' || users) reloadAll(); }, [scope, closed, scope === 'team' && !!users]);

  // Moves a deal to toStage; into a lost stage only once the user has said why (lost: {lost_reason}).
  async function move(dealOrId, toStage, lost) {
    let from = null, deal = null;
    for (const [sid, col] of Object.entries(colsRef.current)) {
      const d = col.items && col.items.find((x) => x.id === (typeof dealOrId === 'number' ? dealOrId : dealOrId.id));
      if (d) { deal = d; from = Number(sid); break; }
    }
    if (!deal || from === toStage) return;
    const target = stages.find((s) => s.id === toStage);
    if (target.is_lost && !lost) { setLosing({ deal, to: toStage }); return; }
    const moved = { ...deal, stage_id: toStage };
    setCols((c) => ({
      ...c,
      [from]: { ...c[from], items: c[from].items.filter((x) => x.id !== deal.id) },
      [toStage]: { ...c[toStage], items: [moved].concat(c[toStage].items) },
    }));
    try {
      const saved = await api.patch(`/deals/${deal.id}`, { stage_id: toStage, ...lost }, deal.version);
      setCols((c) => ({ ...c, [toStage]: { ...c[toStage], items: c[toStage].items.map((x) => (x.id === saved.id ? saved : x)) } }));
      toast(`Moved “${deal.name}” to ${target.name}`);
      loadTotals(gen.current);
    } catch (e) {
      if (e.status === 409) toast(`“${deal.name}” was changed by someone else meanwhile; the board is reloaded, please try again.`, 'bad');
      else toast(`Could not move “${deal.name}”: ${e.message}`, 'bad');
      reloadAll();
    }
  }

  const go = (p) => navigate(`/pipeline${qs({ scope: scope === defScope ? '' : scope, closed: closed === '30' ? '' : closed, ...p })}`, { replace: true });
  const setScope = (s) => go({ scope: s === defScope ? '' : s });
  const scopes = [['mine', 'Mine'], ...(user.team_id ? [['team', 'My team']] : []), ['all', user.role === 'rep' ? 'Everyone I can see' : 'Everyone']];

  return html`<div class="pipeline-page">
    <div class="page-head">
      <h1>Pipeline</h1>
      <div class="seg" role="group" aria-label="Whose deals">
        ${scopes.map(([v, l]) => html`<button type="button" aria-pressed=${scope === v} class=${scope === v ? 'on' : ''} onClick=${() => setScope(v)}>${l}</button>`)}
      </div>
      <div class="field inline"><label for="pl-closed">Won and lost</label>
        <select id="pl-closed" value=${closed} onChange=${(e) => go({ closed: e.target.value === '30' ? '' : e.target.value })}>
          ${CLOSED_WINDOWS.map(([v, l]) => html`<option value=${v}>${v === 'all' ? 'Closed any time' : `Closed in the ${l.toLowerCase()}`}</option>`)}</select></div>
      <div class="actions"><a class="button" href="/deals">List view</a><a class="button primary" href="/deals?new=1">New deal</a></div>
    </div>
    <p class="hint board-hint">Drag a card to another stage, or use its “Move to…” menu.</p>
    <${ErrorBox} error=${error} />
    ${!stages && !error ? html`<${Loading} what="pipeline" />` : null}
    ${stages ? html`<nav class="stage-jump" aria-label="Jump to stage">
      ${stages.map((s) => html`<button type="button" onClick=${() => {
        const col = document.getElementById(`stage-${s.id}`);
        if (col) col.closest('.col-wrap').scrollIntoView({ inline: 'start', block: 'nearest', behavior: 'smooth' });
      }}>${s.name} <span class="count">${totals && totals.get(s.id) ? totals.get(s.id).count : cols[s.id] ? cols[s.id].items.length : ''}</span></button>`)}
    </nav>` : null}
    ${stages ? html`<div class="board" role="list" aria-label="Stages">
      ${stages.map((s) => html`<div role="listitem" class="col-wrap" key=${s.id}><${Column} stage=${s} col=${cols[s.id]} total=${totals && totals.get(s.id)}
          users=${users} stages=${stages} onMove=${move} onMore=${(id) => loadColumn(id, false, gen.current)} today=${today} closedLabel=${closedLabel} /></div>`)}
    </div>` : null}
    <${Dialog} title=${losing ? `Why was “${losing.deal.name}” lost?` : ''} open=${!!losing} onClose=${() => setLosing(null)}>
      ${losing ? html`<${ReasonForm} onCancel=${() => setLosing(null)}
        onSubmit=${(reason) => { const { deal, to } = losing; setLosing(null); move(deal, to, { lost_reason: reason }); }} />` : null}
    </${Dialog}>
  </div>`;
}
