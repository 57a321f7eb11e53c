// SPDX-License-Identifier: MIT
// Record forms driven by GET /fields (hidden fields never show), and pickers that find a contact
// or an organization as you type (names of users and linked records: lookup.js).
import { html, useEffect, useLayoutEffect, useRef, useState } from './lib.js';
import { api } from './api.js';
import { Field, personName } from './ui.js';
import { useRecordSearch, pickerEnter } from './picker.js';
import { UNAVAILABLE, recordOf, rememberName, useUsers } from './lookup.js';

// ---- field definitions ----------------------------------------------------------------------
// Used until (or when) the server has no /fields: the fields of docs/API.md.
const T = (name, type = 'text', extra = {}) => ({ name, type, required: false, hidden: false, ...extra });
const ADDRESS = [T('street'), T('city'), T('region'), T('postal_code'), T('country')];
export const DEFAULT_FIELDS = {
  contact: [T('first_name'), T('last_name'), T('title'), T('email'), T('phone'), T('other_emails', 'labelled'),
    T('other_phones', 'labelled'), ...ADDRESS, T('birthday', 'date'), T('org_id', 'ref', { ref: 'organizations' }),
    T('owner_id', 'ref', { ref: 'users' }), T('external_id')],
  organization: [T('name', 'text', { required: true }), T('domain'), T('phone'), T('website'), T('industry'), ...ADDRESS,
    T('owner_id', 'ref', { ref: 'users' }), T('external_id')],
};
// Which fields come first on a form (the rest keep the server's order, behind "More").
const PRIORITY = {
  contact: ['first_name', 'last_name', 'email', 'phone', 'title', 'org_id', 'city', 'country'],
  organization: ['name', 'domain', 'phone', 'website', 'industry', 'city', 'country', 'street'],
};
export const LABELS = {
  first_name: 'First name', last_name: 'Last name', title: 'Job title', email: 'Email', phone: 'Phone',
  org_id: 'Organization', owner_id: 'Owner', external_id: 'External ID', postal_code: 'Postal code',
  domain: 'Domain', website: 'Website', industry: 'Industry', street: 'Street', city: 'City', region: 'Region',
  country: 'Country', birthday: 'Birthday', name: 'Name', other_emails: 'Other emails', other_phones: 'Other phones',
  contact_id: 'Contact', deal_id: 'Deal',
};
export function labelOf(name) {
  return LABELS[name] || (name.replace(/_id$/, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()));
}

let fieldsPromise = null, fieldsAt = 0;
function fetchFields() {
  if (!fieldsPromise || Date.now() - fieldsAt > 60000) { // an admin may hide fields meanwhile
    fieldsAt = Date.now();
    fieldsPromise = api.get('/fields').then((r) => (r && r.kinds) || null, () => { fieldsPromise = null; return null; });
  }
  return fieldsPromise;
}

// The fields of a kind ('contact', 'organization') a user may fill in, best first.
export function useFields(kind) {
  const [fields, setFields] = useState(null);
  useLayoutEffect(() => {
    let live = true;
    fetchFields().then((kinds) => {
      if (!live) return;
      const server = kinds && (kinds[kind] || kinds[`${kind}s`]);
      const list = (server && server.length ? server : DEFAULT_FIELDS[kind] || [])
        .filter((f) => !f.hidden && !f.readonly && !f.read_only && normType(f) !== 'labelled');
      const pri = PRIORITY[kind] || [];
      const rank = (f) => (f.required ? -1 : pri.includes(f.name) ? pri.indexOf(f.name) : 100);
      setFields(list.map((f, i) => ({ ...f, i })).sort((a, b) => rank(a) - rank(b) || a.i - b.i));
    });
    return () => { live = false; };
  }, [kind]);
  return fields;
}

function normType(f) {
  const t = String(f.type || 'text').toLowerCase();
  if (t.startsWith('ref') || f.ref) return 'ref';
  if (t === 'int' || t === 'integer' || t === 'number') return 'number';
  if (t === 'bool' || t === 'boolean') return 'bool';
  if (t === 'time' || t === 'datetime' || t === 'timestamp') return 'time';
  return t;
}
function refKind(f) {
  const r = String(f.ref || '').toLowerCase();
  if (r.startsWith('user')) return 'users';
  if (r.startsWith('org')) return 'organizations';
  if (r.startsWith('contact')) return 'contacts';
  if (r.startsWith('deal')) return 'deals';
  if (f.name === 'owner_id') return 'users';
  if (f.name === 'org_id') return 'organizations';
  if (f.name === 'contact_id') return 'contacts';
  return r;
}

// One input for a field definition, with its error next to it.
export function FieldInput({ f, form, ...rest }) {
  const label = labelOf(f.name) + (f.required ? ' (required)' : '');
  const t = normType(f);
  if (t === 'ref') {
    const kind = refKind(f);
    if (kind === 'users') return html`<${UserSelect} label=${label} name=${f.name} form=${form} />`;
    if (kind === 'organizations' || kind === 'contacts') {
      return html`<${RefPicker} kind=${kind} label=${label} id=${form.values[f.name]} error=${form.errors[f.name]}
        onChange=${(id) => form.set(f.name)(id)} />`;
    }
    return html`<${Field} label=${label} name=${f.name} form=${form} type="number" ...${rest} />`;
  }
  if (t === 'enum' || (f.values && f.values.length)) {
    const opts = [['', '—']].concat((f.values || []).map((v) => [v, v.replace(/_/g, ' ')]));
    return html`<${Field} label=${label} name=${f.name} form=${form} type="select" options=${opts} />`;
  }
  if (t === 'date') return html`<${Field} label=${label} name=${f.name} form=${form} type="date" ...${rest} />`;
  if (t === 'time') return html`<${Field} label=${label} name=${f.name} form=${form} type="datetime-local" ...${rest} />`;
  if (t === 'number') return html`<${Field} label=${label} name=${f.name} form=${form} type="number" ...${rest} />`;
  if (t === 'bool') return html`<${Field} label=${label} name=${f.name} form=${form} type="checkbox" />`;
  const type = f.name === 'email' || t === 'email' ? 'email' : f.name === 'phone' || t === 'phone' ? 'tel'
    : f.name === 'website' || t === 'url' ? 'url' : 'text';
  const ac = { email: 'email', phone: 'tel', first_name: 'given-name', last_name: 'family-name', street: 'street-address',
    postal_code: 'postal-code', city: 'address-level2', region: 'address-level1', country: 'country-name', title: 'organization-title' }[f.name];
  return html`<${Field} label=${label} name=${f.name} form=${form} type=${type} autocomplete=${ac || 'off'}
    required=${f.required || undefined} ...${rest} />`;
}

// The first `first` fields, then the others behind "More" (opened when one of them has an error).
export function RecordFields({ fields, form, first = 8, autoFocusFirst = false }) {
  const [open, setOpen] = useState(false);
  const box = useRef(null);
  useEffect(() => { // the fields come after the dialog opened: focus the first one then
    if (autoFocusFirst && fields && box.current) {
      const el = box.current.querySelector('input, select, textarea');
      if (el) el.focus();
    }
  }, [!!fields]);
  if (!fields) return html`<p class="loading">Loading the form…</p>`;
  const shown = fields.slice(0, first), rest = fields.slice(first);
  const restErr = rest.some((f) => form.errors[f.name]);
  const restFilled = rest.filter((f) => form.values[f.name] !== undefined && form.values[f.name] !== '' && form.values[f.name] !== null).length;
  return html`<div class="form-row" ref=${box}>
      ${shown.map((f, i) => html`<${FieldInput} key=${f.name} f=${f} form=${form} autofocus=${autoFocusFirst && i === 0 ? true : undefined} />`)}
    </div>
    ${rest.length ? html`<details class="more" open=${open || restErr} onToggle=${(e) => setOpen(e.target.open)}>
      <summary>More fields (${rest.length})${restFilled ? ` · ${restFilled} filled` : ''}</summary>
      <div class="form-row">${rest.map((f) => html`<${FieldInput} key=${f.name} f=${f} form=${form} />`)}</div>
    </details>` : null}`;
}

// Form values for a record (null shows as '').
export function valuesOf(fields, rec) {
  const v = {};
  for (const f of fields) {
    const x = rec ? rec[f.name] : null;
    v[f.name] = x === null || x === undefined ? '' : normType(f) === 'time' ? toLocal(x) : x;
  }
  return v;
}
function toLocal(iso) {
  const d = new Date(iso); const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
// API body from form values: '' is null, numbers become numbers; `only` keeps changed fields.
export function bodyOf(fields, values, before) {
  const out = {};
  for (const f of fields) {
    if (!(f.name in values)) continue;
    let v = values[f.name];
    const t = normType(f);
    if (typeof v === 'string') v = v.trim();
    if (v === '' || v === undefined) v = null;
    else if (t === 'number' || t === 'ref') v = Number(v);
    else if (t === 'time') v = new Date(v).toISOString();
    if (before) {
      const b = before[f.name] === undefined ? null : before[f.name];
      if (t === 'time' ? (b ? new Date(b).getTime() : null) === (v ? new Date(v).getTime() : null) : b === v) continue;
    } else if (v === null) continue;
    out[f.name] = v;
  }
  return out;
}

function UserSelect({ label, name, form }) {
  const users = useUsers() || [];
  const list = users.filter((u) => u.active !== false && !u.is_integration || u.id === Number(form.values[name]));
  const opts = [['', '— me —']].concat(list.sort((a, b) => a.name.localeCompare(b.name)).map((u) => [String(u.id), u.name]));
  const f = { ...form, values: { ...form.values, [name]: form.values[name] === '' || form.values[name] == null ? '' : String(form.values[name]) } };
  return html`<${Field} label=${label} name=${name} form=${f} type="select" options=${opts} />`;
}

// ---- pickers --------------------------------------------------------------------------------
let pickSeq = 0;
const PICK = {
  contacts: { title: personName, sub: (c) => [c.title, c.email].filter(Boolean).join(' · ') },
  organizations: { title: (o) => o.name, sub: (o) => [o.city, o.domain].filter(Boolean).join(' · ') },
};

// Find a record by typing: arrows move, Enter picks, the picked one shows with a clear button.
// value: the picked record ({id, …}) or null; onPick(record|null).
export function EntityPicker({ kind, label, value, onPick, error, autofocus, placeholder, hint }) {
  const id = useRef(`pick${++pickSeq}`).current;
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const input = useRef(null);
  const search = useRecordSearch(kind, q);
  const { hits, active, setActive } = search;
  const P = PICK[kind];
  // autofocus only works once per page load: focus by hand when shown later (not in a dialog,
  // where showModal() honours it).
  useEffect(() => { if (autofocus && input.current && !input.current.closest('dialog')) input.current.focus(); }, []);

  function pick(rec) {
    if (!rec) return;
    rememberName(kind, rec);
    onPick(rec); setQ(''); search.clear(); setOpen(false);
  }
  function onKeyDown(e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, hits.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (e.key === 'Enter') pickerEnter(e, search, pick);
    else if (e.key === 'Escape' && open && q) { e.preventDefault(); e.stopPropagation(); setOpen(false); }
  }
  const show = open && q.trim();
  return html`<div class=${`field picker${error ? ' has-error' : ''}`}>
    <label for=${id}>${label}</label>
    ${value ? html`<div class="picked">
        <span>${P.title(value)}${P.sub(value) ? html` <small class="muted">${P.sub(value)}</small>` : null}</span>
        <button type="button" class="link" onClick=${() => { onPick(null); setTimeout(() => input.current && input.current.focus(), 0); }}
          aria-label=${`Clear ${label}`}>Change</button>
      </div>`
    : html`<div class="picker-box">
      <input id=${id} ref=${input} type="search" autocomplete="off" role="combobox" placeholder=${placeholder || 'Type a name…'}
        aria-expanded=${show ? 'true' : 'false'} aria-controls=${`${id}-list`} aria-autocomplete="list"
        aria-activedescendant=${show && hits[active] ? `${id}-o${active}` : undefined}
        aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? `${id}-err` : undefined}
        aria-busy=${search.busy ? 'true' : undefined} autofocus=${autofocus} value=${q} onInput=${(e) => { setQ(e.target.value); setOpen(true); }}
        onFocus=${() => setOpen(true)} onBlur=${() => setTimeout(() => setOpen(false), 150)} onKeyDown=${onKeyDown} />
      ${show ? html`<ul id=${`${id}-list`} class="hits" role="listbox" aria-label=${label}>
        ${hits.length ? hits.map((h, i) => html`<li id=${`${id}-o${i}`} role="option" aria-selected=${i === active}
            class=${i === active ? 'active' : ''} onMouseDown=${(e) => { e.preventDefault(); pick(h); }}>
            <strong>${P.title(h)}</strong> <small>${P.sub(h)}</small></li>`)
          : html`<li class="none">${search.answered ? 'No matches' : 'Searching…'}</li>`}
      </ul>` : null}
    </div>`}
    ${hint && !error ? html`<small class="hint">${hint}</small>` : null}
    ${error ? html`<small class="error" id=${`${id}-err`} role="alert">${error}</small>` : null}
  </div>`;
}

// A picker bound to an id (for org_id and similar form fields).
export function RefPicker({ kind, label, id, onChange, error }) {
  const [rec, setRec] = useState(null);
  useEffect(() => {
    if (!id) { setRec(null); return; }
    if (rec && rec.id === Number(id)) return;
    let live = true;
    const gone = { id: Number(id), name: UNAVAILABLE, first_name: UNAVAILABLE };
    recordOf(kind, id).then((r) => { if (live) setRec(r || gone); });
    return () => { live = false; };
  }, [kind, id]);
  return html`<${EntityPicker} kind=${kind} label=${label} value=${id ? rec : null} error=${error}
    onPick=${(r) => { setRec(r); onChange(r ? r.id : ''); }} />`;
}
