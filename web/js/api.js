// SPDX-License-Identifier: MIT
// The API client: JSON in and out, the CSRF token on unsafe methods, errors as ApiError.
let csrf = null;
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `request failed (${status})`);
    this.status = status;
    this.code = e.code || 'error';
    this.field = e.field || null;
  }
}

export function setCsrf(token) { csrf = token; }
export function whenSignedOut(fn) { onSignedOut = fn; }

export async function request(method, path, body, { headers = {} } = {}) {
  const h = { ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
  let r;
  try {
    r = await fetch(`/api/v1${path}`, {
      method, headers: h, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { error: { message: 'cannot reach the server; check your connection' } });
  }
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (r.status === 401 && path !== '/session') onSignedOut();
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

// Answers asked for early (boot.js starts them for the page being opened, before its modules
// have arrived): the page's first api.get of the same path takes the answer over, once, if it
// is recent. A failure is left for that get to report. prefetch returns the answer's promise.
const early = new Map();
const EARLY_MS = 10000;
export function prefetch(path) {
  if (!early.has(path)) {
    const answer = request('GET', path);
    answer.catch(() => {});
    early.set(path, { answer, at: Date.now() });
  }
  return early.get(path).answer;
}
function takeEarly(path) {
  const e = early.get(path);
  if (!e) return null;
  early.delete(path);
  return Date.now() - e.at < EARLY_MS ? e.answer : null;
}

export const api = {
  get: (p) => takeEarly(p) || request('GET', p),
  post: (p, b) => request('POST', p, b === undefined ? {} : b),
  patch: (p, b, version) => request('PATCH', p, b, version ? { headers: { 'If-Match': `"${version}"` } } : {}),
  del: (p) => request('DELETE', p),
};

// Builds a query string from an object, leaving out empty values.
export function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
