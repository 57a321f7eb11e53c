// SPDX-License-Identifier: MIT
// RecordPicker: a labelled search box that picks one organization or contact (or none).
// Typing searches the API; arrows move, Enter picks, Escape closes; "×" clears.
// useRecordSearch and pickerEnter hold what every picker shares: results are known to be for the
// text typed (so "No matches" shows only once that search answered), and Enter picks the
// highlighted result of that search or does nothing, never submitting the surrounding form.
import { html, useEffect, useRef, useState } from './lib.js';
import { api, qs } from './api.js';
import { recordOf, titleOf } from './lookup.js';

let seq = 0;

// Searches kind for q (debounced): {hits, answered, busy, active, setActive, clear}. answered:
// the hits are the answer for the current q (not for an earlier text, not before any answer).
export function useRecordSearch(kind, q) {
  const [res, setRes] = useState({ q: '', hits: [] });
  const [active, setActive] = useState(0);
  const n = useRef(0);
  const words = q.trim();
  useEffect(() => {
    const k = ++n.current;
    if (!words) { setRes({ q: '', hits: [] }); return undefined; }
    const t = setTimeout(() => {
      api.get(`/${kind}${qs({ q: words, limit: 8 })}`).then(
        (r) => { if (k === n.current) { setRes({ q: words, hits: r.items }); setActive(0); } },
        () => { if (k === n.current) setRes({ q: words, hits: [] }); });
    }, 120);
    return () => clearTimeout(t);
  }, [words, kind]);
  const answered = !!words && res.q === words;
  return { hits: answered ? res.hits : [], answered, busy: !!words && !answered, active, setActive,
    clear: () => { n.current++; setRes({ q: '', hits: [] }); } };
}

// Enter in a picker's box: picks the highlighted result when the results answer the text typed,
// otherwise nothing happens. Either way the form around the picker is not submitted.
export function pickerEnter(e, search, pick) {
  e.preventDefault();
  const hit = search.answered && search.hits[search.active];
  if (hit) pick(hit);
}

export function RecordPicker({ kind, value, onChange, label: text, error, hint }) {
  const id = useRef(`pk${++seq}`).current;
  const [q, setQ] = useState('');
  const [name, setName] = useState('');
  const [open, setOpen] = useState(false);
  const search = useRecordSearch(kind, q);
  const { hits, active, setActive } = search;

  useEffect(() => {
    if (!value) { setName(''); return; }
    recordOf(kind, value).then((r) => setName(titleOf(kind, r)));
  }, [kind, value]);

  function pick(r) { onChange(r ? r.id : null); setName(r ? titleOf(kind, r) : ''); setQ(''); search.clear(); setOpen(false); }
  function onKeyDown(e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, hits.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (e.key === 'Enter') pickerEnter(e, search, pick);
    else if (e.key === 'Escape' && open) { e.preventDefault(); e.stopPropagation(); setOpen(false); }
  }
  const show = open && q.trim();
  return html`<div class=${`field picker${error ? ' has-error' : ''}`}>
    <label for=${id}>${text}</label>
    <div class="picker-box">
      <input id=${id} type="search" autocomplete="off" role="combobox" aria-expanded=${show ? 'true' : 'false'}
        aria-controls=${`${id}-list`} aria-activedescendant=${show && hits[active] ? `${id}-o${active}` : undefined}
        aria-invalid=${error ? 'true' : undefined} aria-busy=${search.busy ? 'true' : undefined}
        class=${value && name ? 'has-value' : ''} placeholder=${name || `Search ${kind}…`} value=${q}
        onInput=${(e) => { setQ(e.target.value); setOpen(true); }} onKeyDown=${onKeyDown}
        onBlur=${() => setTimeout(() => setOpen(false), 150)} />
      ${value ? html`<button type="button" class="icon" aria-label=${`Clear ${text}`} onClick=${() => pick(null)}>×</button>` : null}
      ${show ? html`<ul id=${`${id}-list`} class="picker-hits" role="listbox">
        ${hits.length ? hits.map((r, i) => html`<li id=${`${id}-o${i}`} role="option" aria-selected=${i === active} class=${i === active ? 'active' : ''}
            onMouseDown=${(e) => { e.preventDefault(); pick(r); }}>${titleOf(kind, r)}${kind === 'contacts' && r.email ? html` <small>${r.email}</small>` : null}</li>`)
          : html`<li class="none">${search.answered ? 'No matches' : 'Searching…'}</li>`}
      </ul>` : null}
    </div>
    ${value && name ? html`<small class="hint">Selected: <strong>${name}</strong></small>` : hint ? html`<small class="hint">${hint}</small>` : null}
    ${error ? html`<small class="error" role="alert">${error}</small>` : null}
  </div>`;
}
