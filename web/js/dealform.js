// SPDX-License-Identifier: MIT
// The deal form, for "New deal" and for editing: eight fields in view, the rest behind "More".
// Amounts are typed in major units ("12,500.50") and sent as minor units.
import { html } from './lib.js';
import { useForm, Field, FormError } from './ui.js';
import { RecordPicker } from './picker.js';

export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CAD', 'AUD', 'JPY'];

export function majorFromMinor(minor) { return minor === null || minor === undefined ? '' : String(minor / 100); }
export function minorFromMajor(s) {
  const t = String(s ?? '').trim().replace(/[\s,']/g, '');
  if (!t) return null;
  if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return undefined;
  return Math.round(Number(t) * 100);
}

export function dealValues(d, defaults = {}) {
  return {
    name: d ? d.name : '', amount: d ? majorFromMinor(d.amount_minor) : '', currency: (d && d.currency) || defaults.currency || 'USD',
    stage_id: String((d && d.stage_id) || defaults.stage_id || ''), close_date: (d && d.close_date) || '',
    org_id: (d && d.org_id) || defaults.org_id || null, contact_id: (d && d.contact_id) || defaults.contact_id || null,
    next_step: (d && d.next_step) || '', owner_id: String((d && d.owner_id) || defaults.owner_id || ''), external_id: (d && d.external_id) || '',
  };
}

// Turns form values into a body; returns null and sets a field error when the amount is not a number.
export function dealBody(form, original) {
  const v = form.values;
  const amount = minorFromMajor(v.amount);
  if (amount === undefined) { form.setErrors({ amount_minor: 'Type an amount like 12500 or 12500.50' }); return null; }
  const b = {
    name: v.name.trim() || null, amount_minor: amount, currency: amount === null && !original ? null : v.currency || null,
    stage_id: v.stage_id ? Number(v.stage_id) : null, close_date: v.close_date || null, org_id: v.org_id || null,
    contact_id: v.contact_id || null, next_step: v.next_step.trim() || null,
    owner_id: v.owner_id ? Number(v.owner_id) : null, external_id: v.external_id.trim() || null,
  };
  if (!b.stage_id) delete b.stage_id;
  if (!b.owner_id) delete b.owner_id;
  if (original) {
    // Send only what changed, so a save never touches fields someone else just edited.
    for (const k of Object.keys(b)) {
      const was = original[k] ?? null;
      if (b[k] === was) delete b[k];
    }
  } else if (b.currency === null) delete b.currency;
  return b;
}

export function useDealForm(deal, defaults) { return useForm(dealValues(deal, defaults)); }

export function DealFields({ form, stages, users, moreOpen }) {
  const e = form.errors;
  const stageOpts = (form.values.stage_id ? [] : [['', 'First stage (default)']]).concat((stages || []).map((s) => [String(s.id), s.name]));
  const userOpts = [['', '(me)']].concat((users || []).filter((u) => u.active && !u.is_integration).map((u) => [String(u.id), u.name]));
  return html`
    <${Field} label="Name" name="name" form=${form} required autofocus />
    <div class="form-row">
      <div class=${`field${e.amount_minor ? ' has-error' : ''}`}>
        <label for="deal-amount">Amount</label>
        <input id="deal-amount" inputmode="decimal" value=${form.values.amount} onInput=${form.set('amount')}
          onBlur=${() => form.setErrors((es) => ({ ...es, amount_minor: null }))}
          aria-invalid=${e.amount_minor ? 'true' : undefined} aria-describedby=${e.amount_minor ? 'deal-amount-err' : undefined} />
        ${e.amount_minor ? html`<small class="error" id="deal-amount-err" role="alert">${e.amount_minor}</small>` : null}
      </div>
      <${Field} label="Currency" name="currency" type="select" form=${form} options=${CURRENCIES.map((c) => [c, c])} />
    </div>
    <div class="form-row">
      <${Field} label="Stage" name="stage_id" type="select" form=${form} options=${stageOpts} />
      <${Field} label="Expected close" name="close_date" type="date" form=${form} />
    </div>
    <${RecordPicker} kind="organizations" label="Organization" value=${form.values.org_id} error=${e.org_id}
      onChange=${(id) => form.set('org_id')(id)} />
    <${RecordPicker} kind="contacts" label="Contact" value=${form.values.contact_id} error=${e.contact_id}
      onChange=${(id) => form.set('contact_id')(id)} />
    <${Field} label="Next step" name="next_step" form=${form} hint="What happens next, e.g. “send proposal Friday”" />
    <details class="more" open=${moreOpen || !!(e.owner_id || e.external_id)}>
      <summary>More</summary>
      <${Field} label="Owner" name="owner_id" type="select" form=${form} options=${userOpts} />
      <${Field} label="External ID" name="external_id" form=${form} hint="Id in another system, for integrations" />
    </details>
    <${FormError} form=${form} />`;
}

// Why a deal was lost or a lead disqualified: a few common reasons a click away, or the user's
// own words. Asked when a deal moves to a lost stage (deal page, board) or a lead is
// disqualified, and to correct it later; onSubmit(reason) gets the text, or null when left
// empty (the reason is optional).
export const LOST_REASONS = ['Price', 'Timing', 'Went with a competitor', 'No budget', 'No decision', 'Lost touch'];
export const DISQUALIFY_REASONS = ['Not a fit', 'No budget', 'No response', 'Already a customer', 'Duplicate', 'Went with a competitor'];
export function ReasonForm({ reasons = LOST_REASONS, reason = '', action = 'Mark lost', label = 'Why it was lost', onSubmit, onCancel }) {
  const form = useForm({ reason: reason || '' });
  return html`<form onSubmit=${(e) => { e.preventDefault(); onSubmit(form.values.reason.trim() || null); }} novalidate aria-label=${label}>
    <div class="quick-due" role="group" aria-label="Common reasons">
      ${reasons.map((r) => html`<button type="button" class=${`chip${form.values.reason === r ? ' on' : ''}`}
        aria-pressed=${form.values.reason === r} onClick=${() => form.set('reason')(r)}>${r}</button>`)}
    </div>
    <${Field} label="Reason" name="reason" form=${form} maxlength="200" autofocus
      hint="Optional, but it tells the team what to change." />
    <div class="form-actions"><button class="primary">${action}</button>
      <button type="button" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}
