// SPDX-License-Identifier: MIT
// Shared UI pieces: formatting, async data, forms that keep what was typed, fields with their
// errors, lists that load more on scroll, toasts, dialogs.
import { html, useEffect, useRef, useState, useCallback, createContext } from './lib.js';
import { ApiError } from './api.js';

export const Session = createContext(null);

// ---- formatting -----------------------------------------------------------------------------
const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const timeFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function fmtDate(iso) { return iso ? dateFmt.format(new Date(iso.length === 10 ? `${iso}T00:00:00` : iso)) : ''; }
export function fmtTime(iso) { return iso ? timeFmt.format(new Date(iso)) : ''; }
export function fmtMoney(minor, currency) {
  if (minor === null || minor === undefined) return '';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'USD', maximumFractionDigits: 0 }).format(minor / 100);
  } catch { return `${(minor / 100).toFixed(0)} ${currency || ''}`; }
}
export function fmtAgo(iso) {
  if (!iso) return '';
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  const fut = s < 0, a = Math.abs(s);
  const v = a < 60 ? 'just now' : a < 3600 ? `${Math.round(a / 60)} min` : a < 86400 ? `${Math.round(a / 3600)} h`
    : a < 86400 * 30 ? `${Math.round(a / 86400)} d` : fmtDate(iso);
  if (v === 'just now' || v === fmtDate(iso)) return v;
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
    setState((s) => ({ ...s, loading: true, error: null }));
    Promise.resolve().then(fn).then(
      (data) => { if (n === seq.current) setState({ data, error: null, loading: false }); },
      (error) => { if (n === seq.current) setState({ data: null, error, loading: false }); });
  }, deps);
  useEffect(run, [run]);
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
  useEffect(() => { setDone(false); setCursor(null); more(true); }, deps);
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

// ---- feedback -------------------------------------------------------------------------------
const toastListeners = new Set();
export function toast(message, kind = 'ok') { toastListeners.forEach((fn) => fn({ message, kind, id: Math.random() })); }
export function Toasts() {
  const [list, setList] = useState([]);
  useEffect(() => {
    const fn = (t) => { setList((l) => l.concat(t)); setTimeout(() => setList((l) => l.filter((x) => x.id !== t.id)), 3500); };
    toastListeners.add(fn);
    return () => toastListeners.delete(fn);
  }, []);
  return html`<div class="toasts" role="status" aria-live="polite">
    ${list.map((t) => html`<div class=${`toast ${t.kind}`} key=${t.id}>${t.message}</div>`)}</div>`;
}

export function Loading({ what = '' }) { return html`<p class="loading" aria-busy="true">Loading${what ? ` ${what}` : ''}…</p>`; }
export function ErrorBox({ error }) { return error ? html`<p class="error" role="alert">${error.message}</p>` : null; }

// A modal dialog (the native <dialog>): Escape and the close button close it.
let dlgSeq = 0;
export function Dialog({ title, open, onClose, children }) {
  const ref = useRef(null);
  const tid = useRef(`dlg-title-${++dlgSeq}`).current;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return html`<dialog ref=${ref} onClose=${onClose} aria-labelledby=${tid}>
    <header class="dlg-head"><h2 id=${tid}>${title}</h2>
      <button type="button" class="icon" aria-label="Close" onClick=${onClose}>×</button></header>
    ${open ? children : null}
  </dialog>`;
}
