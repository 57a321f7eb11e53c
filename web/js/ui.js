// SPDX-License-Identifier: MIT
// Shared UI pieces: formatting, async data, forms that keep what was typed, fields with their
// errors, lists that load more on scroll, toasts, dialogs.
import { html, useEffect, useLayoutEffect, useRef, useState, useCallback, createContext } from './lib.js';
import { ApiError } from './api.js';

export const Session = createContext(null);

// ---- formatting -----------------------------------------------------------------------------
// Dates and amounts are written in English, like the rest of the UI, without Intl: the first
// Intl formatter in a page loads ICU data, 30-60 ms of a cold page load on a small machine.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const CURRENCY_SIGNS = { USD: '$', EUR: '€', GBP: '£', JPY: '¥', CAD: 'CA$', AUD: 'A$', CHF: 'CHF ', INR: '₹' };
const two = (n) => String(n).padStart(2, '0');
const dateOf = (iso) => new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);

// 'Nov 18, 2026' (a date-only value is read as a local date).
export function fmtDate(iso) {
  if (!iso) return '';
  const d = dateOf(iso);
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}`;
}
// 'Nov 18, 14:04', with the year when it is not this year.
export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const year = d.getFullYear() === new Date().getFullYear() ? '' : ` ${d.getFullYear()}`;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}${year}, ${two(d.getHours())}:${two(d.getMinutes())}`;
}
// 'Tuesday, December 1'
export function fmtDay(d = new Date()) { return `${WEEKDAYS[d.getDay()]}, ${MONTHS_LONG[d.getMonth()]} ${d.getDate()}`; }
// Whole units with thousands separators: '$12,500', 'SEK 3,000'; exact: cents when there are
// any ('$12,500.50').
export function fmtMoney(minor, currency, exact = false) {
  if (minor === null || minor === undefined) return '';
  const code = (currency || 'USD').toUpperCase();
  const abs = Math.abs(minor), cents = exact && abs % 100 ? `.${two(abs % 100)}` : '';
  const n = (cents ? Math.floor(abs / 100) : Math.round(abs / 100)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') + cents;
  const sign = minor < 0 ? '-' : '';
  return code in CURRENCY_SIGNS ? `${sign}${CURRENCY_SIGNS[code]}${n}` : `${sign}${code} ${n}`;
}
export function fmtAgo(iso) {
  if (!iso) return '';
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  const fut = s < 0, a = Math.abs(s);
  const v = a < 60 ? 'just now' : a < 3600 ? `${Math.round(a / 60)} min` : a < 86400 ? `${Math.round(a / 3600)} h`
    : a < 86400 * 30 ? `${Math.round(a / 86400)} d` : fmtDate(iso);
  if (v === 'just now' || a >= 86400 * 30) return v;
  return fut ? `in ${v}` : `${v} ago`;
}
export function personName(c) {
  if (!c) return '';
  return [c.first_name, c.last_name].filter(Boolean).join(' ') || c.email || `#${c.id}`;
}
// datetime-local value from ISO, and back.
export function toLocalInput(iso) {
  const d = iso ? new Date(iso) : new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
export function fromLocalInput(v) { return v ? new Date(v).toISOString() : null; }

// ---- data -----------------------------------------------------------------------------------
// Runs fn() when deps change: {data, error, loading, reload, setData}.
export function useAsync(fn, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const seq = useRef(0);
  const run = useCallback(() => {
    const n = ++seq.current;
    setState((s) => (s.loading && !s.error ? s : { ...s, loading: true, error: null }));
    Promise.resolve().then(fn).then(
      (data) => { if (n === seq.current) setState({ data, error: null, loading: false }); },
      (error) => { if (n === seq.current) setState({ data: null, error, loading: false }); });
  }, deps);
  // A layout effect: the request leaves right after the render, not after the next paint.
  useLayoutEffect(run, [run]);
  return { ...state, reload: run, setData: (data) => setState((s) => ({ ...s, data })) };
}

// ---- forms ----------------------------------------------------------------------------------
// Form state that survives a failed save: errors from the API land on their field.
export function useForm(initial) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  const set = (name) => (e) => {
    const v = e && e.target ? (e.target.type === 'checkbox' ? e.target.checked : e.target.value) : e;
    setValues((vs) => ({ ...vs, [name]: v }));
    setErrors((es) => (es[name] ? { ...es, [name]: null } : es));
  };
  async function submit(fn) {
    setBusy(true);
    setErrors({});
    try {
      return await fn(values);
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.field ? { [e.field]: e.message } : { _form: e.message });
      else setErrors({ _form: String(e.message || e) });
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { values, setValues, errors, setErrors, set, submit, busy };
}

let fieldSeq = 0;
// A labelled input with its error shown next to it. type 'textarea' and 'select' work too.
export function Field({ label, name, form, type = 'text', options, hint, ...rest }) {
  const id = useRef(`f${++fieldSeq}`).current;
  const err = form.errors[name];
  const common = {
    id, name, 'aria-invalid': err ? 'true' : undefined, 'aria-describedby': err ? `${id}-err` : undefined,
    onInput: form.set(name), ...rest,
  };
  let input;
  if (type === 'textarea') input = html`<textarea ...${common} value=${form.values[name] ?? ''}></textarea>`;
  else if (type === 'select') input = html`<select ...${common} onChange=${form.set(name)} value=${form.values[name] ?? ''}>
      ${options.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>`;
  else if (type === 'checkbox') input = html`<input type="checkbox" ...${common} onChange=${form.set(name)} checked=${!!form.values[name]} />`;
  else input = html`<input type=${type} ...${common} value=${form.values[name] ?? ''} />`;
  return html`<div class=${`field${err ? ' has-error' : ''}${type === 'checkbox' ? ' check' : ''}`}>
    <label for=${id}>${label}</label>${input}
    ${hint && !err ? html`<small class="hint">${hint}</small>` : null}
    ${err ? html`<small class="error" id=${`${id}-err`} role="alert">${err}</small>` : null}
  </div>`;
}

export function FormError({ form }) {
  return form.errors._form ? html`<p class="error form-error" role="alert">${form.errors._form}</p>` : null;
}

// Turns form values into an API body: '' becomes null, numbers stay numbers.
export function body(values, keys) {
  const out = {};
  for (const k of keys) {
    if (!(k in values)) continue;
    const v = values[k];
    out[k] = v === '' ? null : v;
  }
  return out;
}

// ---- lists ----------------------------------------------------------------------------------
// Loads the first page at once and the next when the end comes into view.
// as='table' with head (a <thead>) renders a data table; items stay shown while a reload runs.
export function InfiniteList({ load, deps = [], render, empty = 'Nothing here yet.', as = 'ul', className = 'rows', head = null, label }) {
  const [items, setItems] = useState([]);
  const [cursor, setCursor] = useState(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const sentinel = useRef(null);
  const gen = useRef(0);

  async function more(reset) {
    const g = reset ? ++gen.current : gen.current;
    setBusy(true);
    try {
      const page = await load(reset ? null : cursor);
      if (g !== gen.current) return;
      setItems((xs) => (reset ? page.items : xs.concat(page.items)));
      setCursor(page.next_cursor);
      setDone(!page.next_cursor);
      setError(null);
    } catch (e) {
      if (g === gen.current) { setError(e); if (reset) setItems([]); }
    } finally {
      if (g === gen.current) setBusy(false);
    }
  }
  // A layout effect, as in useAsync: the first page is asked for right after the render.
  useLayoutEffect(() => { setDone(false); setCursor(null); more(true); }, deps);
  useEffect(() => {
    if (done || busy || !sentinel.current) return undefined;
    const io = new IntersectionObserver((es) => { if (es.some((e) => e.isIntersecting)) more(false); }, { rootMargin: '400px' });
    io.observe(sentinel.current);
    return () => io.disconnect();
  }, [done, busy, cursor]);

  const Tag = as;
  const list = as === 'table'
    ? html`<table class=${className} aria-label=${label}>${head}<tbody>${items.map(render)}</tbody></table>`
    : html`<${Tag} class=${className} aria-label=${label}>${items.map(render)}</${Tag}>`;
  return html`<div class=${`list${busy && items.length && !cursor ? ' stale' : ''}`} aria-busy=${busy ? 'true' : 'false'}>
    ${items.length ? list : null}
    ${!items.length && done && !error ? html`<p class="empty">${empty}</p>` : null}
    ${error ? html`<p class="error" role="alert">${error.message}</p>` : null}
    ${!done ? html`<div ref=${sentinel} class="more">${busy ? 'Loading…' : ''}</div>` : null}
  </div>`;
}

// ---- keyboard -------------------------------------------------------------------------------
// Runs fn on a plain key press (no modifier), unless the user is typing or a dialog is open.
export function useShortcut(key, fn) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const onKey = (e) => {
      if (e.key !== key || e.metaKey || e.ctrlKey || e.altKey || e.defaultPrevented) return;
      const t = e.target;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (document.querySelector('dialog[open]')) return;
      e.preventDefault();
      ref.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [key]);
}

// ---- feedback -------------------------------------------------------------------------------
const toastListeners = new Set();
// action: { label, run } adds a button (an Undo); such a toast stays long enough to be used.
export function toast(message, kind = 'ok', action = null) {
  toastListeners.forEach((fn) => fn({ message, kind, action, id: Math.random() }));
}
export function Toasts() {
  const [list, setList] = useState([]);
  const drop = (id) => setList((l) => l.filter((x) => x.id !== id));
  useEffect(() => {
    const fn = (t) => { setList((l) => l.concat(t)); setTimeout(() => drop(t.id), t.action ? 10000 : 3500); };
    toastListeners.add(fn);
    return () => toastListeners.delete(fn);
  }, []);
  return html`<div class="toasts" role="status" aria-live="polite">
    ${list.map((t) => html`<div class=${`toast ${t.kind}`} key=${t.id}>${t.message}
      ${t.action ? html` <button type="button" class="toast-action" onClick=${() => { drop(t.id); t.action.run(); }}>${t.action.label}</button>` : null}</div>`)}</div>`;
}

export function Loading({ what = '' }) { return html`<p class="loading" aria-busy="true">Loading${what ? ` ${what}` : ''}…</p>`; }
export function ErrorBox({ error }) { return error ? html`<p class="error" role="alert">${error.message}</p>` : null; }

// A modal dialog (the native <dialog>). Escape and the close button close it; once the user has
// typed into it (call notes, a new contact, a new deal), they first ask "Discard what you typed?"
// inside the dialog, so a stray Escape never throws work away. Every dialog of the app is this one.
let dlgSeq = 0;
const TYPED = 'input:not([type]), input[type=text], input[type=search], input[type=email], input[type=tel], input[type=url], input[type=number], textarea';
export function Dialog({ title, open, onClose, children }) {
  const ref = useRef(null);
  const tid = useRef(`dlg-title-${++dlgSeq}`).current;
  const typed = useRef(false);
  const back = useRef(null); // what had focus before the question, to return to on "Keep editing"
  const [asking, setAsking] = useState(false);
  // Set while a close() made here awaits its 'close' event. That event arrives a task later,
  // possibly after the owner has opened the dialog again (Cancel, then at once Lost again), and
  // must not be reported: only a close the browser made itself is news to the owner.
  const closedHere = useRef(false);
  useEffect(() => {
    const d = ref.current;
    typed.current = false;
    setAsking(false);
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) { closedHere.current = true; d.close(); }
  }, [open]);
  function onNativeClose() {
    if (closedHere.current) { closedHere.current = false; return; }
    onClose();
  }
  function requestClose() {
    if (!typed.current) { onClose(); return; }
    back.current = document.activeElement;
    setAsking(true);
  }
  function keepEditing() {
    setAsking(false);
    const el = back.current;
    setTimeout(() => { if (el && el.isConnected) el.focus(); }, 0);
  }
  function discard() { typed.current = false; setAsking(false); onClose(); }
  // Escape: handled here, before the browser turns it into a close (a picker's list or an open
  // question takes it first).
  function onKeyDown(e) {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    if (asking) keepEditing(); else requestClose();
  }
  return html`<dialog ref=${ref} onClose=${onNativeClose} onCancel=${(e) => { e.preventDefault(); if (!asking) requestClose(); }}
      onKeyDown=${onKeyDown} onInput=${(e) => { if (e.target.matches && e.target.matches(TYPED)) typed.current = true; }} aria-labelledby=${tid}>
    <header class="dlg-head"><h2 id=${tid}>${title}</h2>
      <button type="button" class="icon" aria-label="Close" onClick=${requestClose}>×</button></header>
    ${asking ? html`<${DiscardQuestion} onDiscard=${discard} onKeep=${keepEditing} />` : null}
    ${open ? children : null}
  </dialog>`;
}

function DiscardQuestion({ onDiscard, onKeep }) {
  const keep = useRef(null);
  useEffect(() => { if (keep.current) keep.current.focus(); }, []);
  return html`<div class="discard-ask" role="alertdialog" aria-labelledby="discard-q" aria-modal="false">
    <p id="discard-q"><strong>Discard what you typed?</strong></p>
    <div class="form-actions"><button type="button" ref=${keep} onClick=${onKeep}>Keep editing</button>
      <button type="button" class="danger" onClick=${onDiscard}>Discard</button></div>
  </div>`;
}
