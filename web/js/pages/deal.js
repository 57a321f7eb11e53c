// SPDX-License-Identifier: MIT
// One deal: details and edit (If-Match; a failed save keeps what was typed), stage history,
// linked contact and organization, open tasks and the activities on the deal.
import { html, useEffect, useState } from '../lib.js';
import { api, qs } from '../api.js';
import { Dialog, useAsync, useShortcut, Loading, ErrorBox, InfiniteList, fmtDate, fmtTime, fmtAgo, fmtMoney, toast } from '../ui.js';
import { useStages, useUsers, userName, RecordLink, rememberName, revealError } from '../lookup.js';
import { DealFields, useDealForm, dealBody, ReasonForm } from '../dealform.js';
import { DeleteRecord } from '../deleterecord.js';
import { LogActivityDialog } from '../logcall.js';

function EditDeal({ deal, stages, users, onSaved, onCancel }) {
  const form = useDealForm(deal);
  const [latest, setLatest] = useState(null);
  async function save(e, over) {
    if (e) e.preventDefault();
    const formEl = e && e.currentTarget;
    // Only the fields the user changed from what they started with are sent, so saving over a
    // concurrent change keeps the other person's edits to other fields.
    const b = dealBody(form, deal);
    if (!b) return;
    if (!Object.keys(b).length) { onCancel(); return; }
    const version = (over || deal).version;
    const d = await form.submit(async () => {
      try {
        return await api.patch(`/deals/${deal.id}`, b, version);
      } catch (err) {
        if (err.status === 409) {
          api.get(`/deals/${deal.id}`).then(setLatest, () => {});
          err.message = 'Someone else changed this deal while you were editing. Your changes are still here: save again to apply them on top of theirs (their other edits are kept), or cancel to see their version.';
          err.field = null;
        }
        throw err;
      }
    });
    if (d) { setLatest(null); onSaved(d); } else revealError(formEl);
  }
  return html`<form class="panel deal-edit" onSubmit=${(e) => save(e, latest)} novalidate aria-label="Edit deal">
    <h2>Edit deal</h2>
    <${DealFields} form=${form} stages=${stages} users=${users} />
    <div class="form-actions">
      <button class="primary" disabled=${form.busy}>${form.busy ? 'Saving…' : latest ? 'Save over their change' : 'Save'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
      <${DeleteRecord} plural="deals" noun="deal" id=${deal.id} name=${deal.name} />
    </div>
  </form>`;
}

function History({ id, stages, version }) {
  const h = useAsync(() => api.get(`/deals/${id}/history`), [id, version]);
  if (h.loading && !h.data) return html`<${Loading} />`;
  if (h.error) return html`<${ErrorBox} error=${h.error} />`;
  const items = h.data.items;
  if (!items.length) return html`<p class="muted">No stage changes yet.</p>`;
  return html`<ol class="timeline">${items.slice().reverse().map((x) => html`<li key=${x.id}>
    <div>${x.from_stage ? html`${x.from_stage} → ` : 'Created in '}<strong>${x.to_stage}</strong></div>
    <div class="when">${x.changed_by_name || 'system'} · <time datetime=${x.changed_at} title=${fmtTime(x.changed_at)}>${fmtAgo(x.changed_at)}</time></div>
  </li>`)}</ol>`;
}


export default function Deal({ params, path }) {
  // While the shell swaps to the next page's module it may still render this one with the next
  // route's params; never fetch a deal by an id that belongs to another kind of record.
  const stale = !!path && !path.startsWith('/deals/');
  const id = Number(params.id);
  const stages = useStages();
  const users = useUsers();
  const r = useAsync(() => (stale ? new Promise(() => {}) : api.get(`/deals/${id}`)), [id, stale]);
  const [editing, setEditing] = useState(false);
  const [logOpen, setLogOpen] = useState(false);
  const [logged, setLogged] = useState(0); // bumped after a log, to reload activities and tasks
  const [losing, setLosing] = useState(null); // { to: stage id } while asking why it was lost
  const deal = r.data;
  useShortcut('c', () => { if (deal) setLogOpen(true); });
  useEffect(() => { if (deal) document.title = `${deal.name} · uptake`; }, [deal && deal.name]);

  if (stale) return null;
  if (r.loading && !deal) return html`<${Loading} what="deal" />`;
  if (r.error) return html`<h1>Deal</h1><${ErrorBox} error=${r.error} /><p><a href="/deals">Back to deals</a></p>`;
  const stage = stages && stages.find((s) => s.id === deal.stage_id);
  const overdue = deal.close_date && !deal.closed_at && deal.close_date < new Date().toISOString().slice(0, 10);

  // Moves the deal (and, into a lost stage, records why: body.lost_reason).
  async function saveStage(body) {
    try {
      const d = await api.patch(`/deals/${deal.id}`, body, deal.version);
      r.setData(d);
      toast(body.stage_id ? `Moved to ${stages.find((s) => s.id === body.stage_id).name}` : 'Reason saved');
    } catch (err) {
      toast(err.status === 409 ? 'This deal was changed by someone else; reloaded it, please try again.' : err.message, 'bad');
      r.reload();
    }
  }
  function quickStage(e) {
    const to = Number(e.target.value);
    const target = stages.find((s) => s.id === to);
    if (target && target.is_lost) {
      e.target.value = String(deal.stage_id); // stays put until the user says why (or cancels)
      setLosing({ to });
    } else saveStage({ stage_id: to });
  }

  return html`
    <nav class="crumbs deal-crumbs" aria-label="Back to"><a href="/deals">Deals</a><a href="/pipeline">Pipeline</a></nav>
    <div class="page-head">
      <h1>${deal.name}</h1>
      ${stage ? html`<span class=${`badge${stage.is_won ? ' ok' : stage.is_lost ? ' bad' : ''}`}>${stage.name}</span>` : null}
      <div class="actions">
        ${!editing && deal.may_change ? html`<button onClick=${() => setEditing(true)}>Edit</button>` : null}
        <button type="button" class="primary" onClick=${() => setLogOpen(true)} aria-keyshortcuts="c">Log call <kbd>c</kbd></button>
      </div>
    </div>
    <div class="cols">
      <div>
        ${editing ? html`<${EditDeal} deal=${deal} stages=${stages} users=${users} onCancel=${() => { setEditing(false); r.reload(); }}
            onSaved=${(d) => { r.setData(d); setEditing(false); rememberName('deals', d); toast('Deal saved'); }} />`
          : html`<section class="panel" aria-labelledby="deal-details">
          <h2 id="deal-details">Details</h2>
          <dl class="props">
            <dt>Amount</dt><dd class="big">${deal.amount_minor != null ? fmtMoney(deal.amount_minor, deal.currency, true) : html`<span class="muted">not set</span>`}</dd>
            <dt>Stage</dt><dd>${deal.may_change ? html`
              <label class="sr" for="deal-stage">Stage</label>
              <select id="deal-stage" value=${String(deal.stage_id)} onChange=${quickStage}>
                ${(stages || []).map((s) => html`<option value=${s.id}>${s.name}${s.is_won || s.is_lost ? '' : ` (${s.probability}%)`}</option>`)}
              </select>` : stage ? stage.name : ''}</dd>
            <dt>Expected close</dt><dd class=${overdue ? 'overdue' : ''}>${deal.close_date ? fmtDate(deal.close_date) : html`<span class="muted">not set</span>`}${overdue ? ' (past)' : ''}</dd>
            ${deal.closed_at ? html`<dt>Closed</dt><dd>${fmtDate(deal.closed_at)}</dd>` : null}
            ${stage && stage.is_lost ? html`<dt>Lost because</dt><dd>${deal.lost_reason || html`<span class="muted">not given</span>`}
              ${deal.may_change ? html` <button type="button" class="link small" onClick=${() => setLosing({ to: null })}>${deal.lost_reason ? 'Change' : 'Add why'}</button>` : null}</dd>` : null}
            <dt>Next step</dt><dd>${deal.next_step || html`<span class="muted">none — add one so the deal keeps moving</span>`}</dd>
            <dt>Organization</dt><dd><${RecordLink} kind="organizations" id=${deal.org_id} fallback="none" /></dd>
            <dt>Contact</dt><dd><${RecordLink} kind="contacts" id=${deal.contact_id} fallback="none" /></dd>
            <dt>Owner</dt><dd>${userName(users, deal.owner_id)}</dd>
            <dt>Updated</dt><dd>${fmtAgo(deal.updated_at)}</dd>
          </dl>
        </section>`}
        <section class="panel" aria-labelledby="deal-history">
          <h2 id="deal-history">Stage history</h2>
          <${History} id=${id} stages=${stages} version=${deal.version} />
        </section>
      </div>
      <div>
        <section class="panel" aria-labelledby="deal-tasks">
          <h2 id="deal-tasks">Open tasks</h2>
          <${InfiniteList} deps=${[id, logged]} load=${(c) => api.get(`/tasks${qs({ deal_id: id, done: 'false', limit: 20, cursor: c })}`)}
            empty="No open tasks on this deal." className="rows flat"
            render=${(t) => html`<li key=${t.id}><span>${t.title}</span><span class=${`right${t.due_at && t.due_at < new Date().toISOString() ? ' overdue' : ''}`}>${t.due_at ? fmtTime(t.due_at) : ''} · ${userName(users, t.owner_id)}</span></li>`} />
        </section>
        <section class="panel" aria-labelledby="deal-acts">
          <h2 id="deal-acts">Activities</h2>
          <${InfiniteList} deps=${[id, logged]} load=${(c) => api.get(`/activities${qs({ deal_id: id, limit: 20, cursor: c })}`)}
            empty="No activities logged on this deal yet." as="ol" className="timeline acts"
            render=${(a) => html`<li key=${a.id}>
              <div><span class=${`kind-tag k-${a.kind}`}>${a.kind}</span> <strong>${a.subject || ''}</strong>
                ${a.direction ? html` <small>${a.direction}</small>` : null}</div>
              ${a.body ? html`<p class="act-body">${a.body}</p>` : null}
              <div class="when">${userName(users, a.owner_id)} · <time datetime=${a.occurred_at} title=${fmtTime(a.occurred_at)}>${fmtAgo(a.occurred_at)}</time>
                ${a.contact_id ? html` · <${RecordLink} kind="contacts" id=${a.contact_id} />` : null}</div>
            </li>`} />
        </section>
      </div>
    </div>
    <${Dialog} title=${`Why was “${deal.name}” lost?`} open=${!!losing} onClose=${() => setLosing(null)}>
      ${losing ? html`<${ReasonForm} reason=${losing.to ? '' : deal.lost_reason} action=${losing.to ? 'Mark lost' : 'Save'}
        onCancel=${() => setLosing(null)}
        onSubmit=${(reason) => { const to = losing.to; setLosing(null); saveStage(to ? { stage_id: to, lost_reason: reason } : { lost_reason: reason }); }} />` : null}
    </${Dialog}>
    <${LogActivityDialog} open=${logOpen} onClose=${() => setLogOpen(false)} deal=${deal} onLogged=${() => setLogged((n) => n + 1)} />`;
}
