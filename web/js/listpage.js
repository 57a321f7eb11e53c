// SPDX-License-Identifier: MIT
// The contacts and organizations lists: search, filters and sorting kept in the address (so
// Back and shared links work), a data table that loads more on scroll, and the "New …" form.
import { html, useEffect, useRef, useState } from './lib.js';
import { api, qs } from './api.js';
import { getSorted, rememberName } from './lookup.js';
import { Dialog, FormError, InfiniteList, useForm } from './ui.js';
import { navigate } from './router.js';
import { RecordFields, bodyOf, useFields } from './forms.js';

// Reads the list's state from the address; set(patch) writes it back (replacing the entry).
export function useListState(path, query, keys) {
  const state = Object.fromEntries(keys.map((k) => [k, query.get(k) || '']));
  const set = (patch) => {
    if (location.pathname !== path) return; // a late event after leaving the list
    const next = { ...state, ...patch };
    navigate(`${path}${qs(next)}`, { replace: true });
  };
  return [state, set];
}

// A search box that writes q after a short pause; Escape clears it.
export function SearchBox({ value, onChange, label }) {
  const [v, setV] = useState(value);
  const first = useRef(true);
  useEffect(() => { setV(value); }, [value]);
  useEffect(() => {
    if (first.current) { first.current = false; return undefined; }
    const t = setTimeout(() => { if (v !== value) onChange(v); }, 250);
    return () => clearTimeout(t);
  }, [v]);
  return html`<div class="field grow"><label for="list-q">${label}</label>
    <input id="list-q" type="search" value=${v} autocomplete="off" placeholder="Name, email, phone…"
      onInput=${(e) => setV(e.target.value)}
      onKeyDown=${(e) => { if (e.key === 'Enter') { e.preventDefault(); onChange(v); } else if (e.key === 'Escape' && v) { e.preventDefault(); setV(''); onChange(''); } }} /></div>`;
}

// The loader of a sorted list page (see getSorted: a refused sort is dropped, onBadSort told).
export function sortedLoader(plural, params, onBadSort) {
  return (cursor) => getSorted(`/${plural}`, { ...params, limit: 50, cursor }, onBadSort);
}

// A header cell that sorts by its field: first click ascending, then descending, then back.
export function SortTh({ field, label, sort, onSort, className }) {
  const dir = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : null;
  const next = dir === 'ascending' ? `-${field}` : dir === 'descending' ? '' : field;
  return html`<th scope="col" class=${className} aria-sort=${dir || undefined}>
    <button type="button" onClick=${() => onSort(next)} title=${`Sort by ${label.toLowerCase()}`}>
      ${label}<span class="sort-mark" aria-hidden="true">${dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''}</span></button></th>`;
}

// The "New contact"/"New organization" form: eight fields, the rest behind "More".
export function NewRecordDialog({ kind, plural, title, open, onClose, initial = {} }) {
  return html`<${Dialog} title=${title} open=${open} onClose=${onClose}>
    <${NewRecordForm} kind=${kind} plural=${plural} initial=${initial} onCancel=${onClose} />
  </${Dialog}>`;
}
function NewRecordForm({ kind, plural, initial, onCancel }) {
  const fields = useFields(kind);
  const form = useForm({ ...initial });
  async function onSubmit(e) {
    e.preventDefault();
    const rec = await form.submit(() => api.post(`/${plural}`, bodyOf(fields, form.values)));
    if (rec) {
      rememberName(plural, rec);
      // Back from the new record returns to the list, not to this form.
      const u = new URL(location.href);
      u.searchParams.delete('new');
      history.replaceState(null, '', u.pathname + u.search);
      navigate(`/${plural}/${rec.id}`);
    }
  }
  return html`<form onSubmit=${onSubmit} novalidate>
    <${RecordFields} fields=${fields} form=${form} first=${8} autoFocusFirst=${true} />
    <${FormError} form=${form} />
    <div class="form-actions">
      <button class="primary" type="submit" disabled=${form.busy || !fields}>${form.busy ? 'Creating…' : 'Create'}</button>
      <button type="button" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

export function ListTable({ load, deps, head, row, empty }) {
  return html`<${InfiniteList} as="table" className="data" head=${head} deps=${deps} load=${load} render=${row} empty=${empty} />`;
}
