// SPDX-License-Identifier: MIT
// A tiny router over the History API: the current address, navigation, in-place links. The
// routes and their matching live in boot.js, which loads the pages; this module imports only
// lib.js, so every page may import it without a circle.
import { useEffect, useState } from './lib.js';

const listeners = new Set();

export function navigate(to, { replace = false } = {}) {
  if (to === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', to);
  listeners.forEach((fn) => fn());
  window.scrollTo(0, 0);
}

export function useLocation() {
  const [, set] = useState(0);
  useEffect(() => {
    const fn = () => set((n) => n + 1);
    listeners.add(fn);
    window.addEventListener('popstate', fn);
    return () => { listeners.delete(fn); window.removeEventListener('popstate', fn); };
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}


// Same-origin link clicks navigate in place (modifier keys still open new tabs).
export function interceptLinks() {
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/') || a.target) return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
}
