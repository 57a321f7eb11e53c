// SPDX-License-Identifier: MIT
// Search everywhere: '/' focuses it from any page; results over contacts, organizations,
// deals and leads update as you type; Enter opens the first hit; arrows move between hits.
import { html, useEffect, useRef, useState } from './lib.js';
import { api, qs } from './api.js';
import { navigate } from './router.js';
import { personName } from './ui.js';

const KINDS = [
  ['contacts', 'Contact', (c) => personName(c), (c) => c.email || c.phone || ''],
  ['organizations', 'Organization', (o) => o.name, (o) => o.domain || o.city || ''],
  ['deals', 'Deal', (d) => d.name, () => ''],
  ['leads', 'Lead', (l) => personName(l) || l.company, (l) => l.company || ''],
];

export function GlobalSearch() {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const input = useRef(null);
  const seq = useRef(0);

  useEffect(() => {
    const onKey = (e) => {
      const t = e.target;
      const typing = t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
      if (e.key === '/' && !typing && !e.metaKey && !e.ctrlKey) { e.preventDefault(); input.current.focus(); input.current.select(); }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const words = q.trim();
    if (!words) { setHits([]); return undefined; }
    const n = ++seq.current;
    const timer = setTimeout(async () => {
      const pages = await Promise.all(KINDS.map(([path]) => api.get(`/${path}${qs({ q: words, limit: 5 })}`).catch(() => ({ items: [] }))));
      if (n !== seq.current) return;
      const all = [];
      pages.forEach((p, i) => p.items.forEach((it) => {
        const [path, label, title, sub] = KINDS[i];
        all.push({ href: `/${path}/${it.id}`, label, title: title(it), sub: sub(it) });
      }));
      setHits(all);
      setActive(0);
    }, 60);
    return () => clearTimeout(timer);
  }, [q]);

  function go(hit) {
    if (!hit) return;
    setOpen(false);
    setQ('');
    input.current.blur();
    navigate(hit.href);
  }
  function onKeyDown(e) {
    if (e.key === 'Enter') { e.preventDefault(); go(hits[active]); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, hits.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (e.key === 'Escape') { setOpen(false); input.current.blur(); }
  }
  const show = open && q.trim();
  return html`<div class="search" role="search">
    <label class="sr" for="global-search">Search</label>
    <input id="global-search" ref=${input} type="search" placeholder="Search  /" autocomplete="off"
      role="combobox" aria-expanded=${show ? 'true' : 'false'} aria-controls="search-results"
      aria-activedescendant=${show && hits[active] ? `hit-${active}` : undefined}
      value=${q} onInput=${(e) => { setQ(e.target.value); setOpen(true); }} onFocus=${() => setOpen(true)}
      onBlur=${() => setTimeout(() => setOpen(false), 150)} onKeyDown=${onKeyDown} />
    ${show ? html`<ul id="search-results" class="hits" role="listbox">
      ${hits.length ? hits.map((h, i) => html`<li id=${`hit-${i}`} role="option" aria-selected=${i === active}
          class=${i === active ? 'active' : ''} onMouseDown=${(e) => { e.preventDefault(); go(h); }}>
          <span class="kind">${h.label}</span> <strong>${h.title}</strong> <small>${h.sub}</small></li>`)
        : html`<li class="none">No matches</li>`}
    </ul>` : null}
  </div>`;
}
