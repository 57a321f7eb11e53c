// SPDX-License-Identifier: MIT
// Admin › TV boards: channels (an ordered loop of slides, each shown for its seconds), display
// tokens for the screens (shown once, with the TV's address; listed and revoked) and
// announcements sent to a channel's screens.
import { html, useState } from '../lib.js';
import { api } from '../api.js';
import { useAsync, Loading, ErrorBox, fmtDate, toast } from '../ui.js';
import { useTeams } from '../lookup.js';

const KINDS = [['leaderboard', 'Leaderboard'], ['recent_wins', 'Recent wins'], ['team_goal', 'Team goal'],
  ['adoption', 'Adoption scorecard (teams)'], ['contest', 'Contest standings']];
const KIND_LABEL = Object.fromEntries(KINDS);
const PERIODS = [['today', 'Today'], ['week', 'This week'], ['month', 'This month'], ['quarter', 'This quarter']];
const DEFAULT_OPTIONS = { leaderboard: { period: 'week', by: 'person', metric: 'points' }, team_goal: { period: 'month', target: 1000 }, recent_wins: { limit: 5 }, adoption: {}, contest: {} };

/* The options of one slide as form controls (the API's slide options, docs/API.md "TV board"). */
function SlideOptions({ slide, n, contests, setOption }) {
  const teams = useTeams() || [];
  const o = slide.options;
  const pick = (key, label, choices, value) => html`<label class="tv-opt">${label}
    <select aria-label=${`Slide ${n} ${label.toLowerCase()}`} value=${value ?? ''} onChange=${(e) => setOption(key, e.target.value)}>
      ${choices.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select></label>`;
  const number = (key, label, min, max, value) => html`<label class="tv-opt">${label}
    <input aria-label=${`Slide ${n} ${label.toLowerCase()}`} type="number" min=${min} max=${max} value=${value ?? ''}
      onInput=${(e) => setOption(key, e.target.value === '' ? '' : Number(e.target.value))} /></label>`;
  switch (slide.kind) {
    case 'leaderboard':
      return html`${pick('period', 'Period', PERIODS, o.period || 'week')}
        ${pick('by', 'By', [['person', 'Person'], ['team', 'Team']], o.by || 'person')}
        ${pick('metric', 'Ranked by', [['points', 'Points'], ['improved', 'Most improved'], ['percent', 'Percent of target']], o.metric || 'points')}
        ${number('limit', 'Rows', 1, 10, o.limit ?? 5)}`;
    case 'recent_wins':
      return number('limit', 'Rows', 1, 10, o.limit ?? 5);
    case 'team_goal':
      return html`${pick('period', 'Period', PERIODS, o.period || 'month')}
        ${number('target', 'Target points', 1, 100000000, o.target ?? 1000)}
        <label class="tv-opt">Team <select aria-label=${`Slide ${n} team`} value=${String(o.team_id || '')}
          onChange=${(e) => setOption('team_id', e.target.value ? Number(e.target.value) : '')}>
          <option value="">Every team</option>${teams.map((t) => html`<option value=${String(t.id)}>${t.name}</option>`)}</select></label>`;
    case 'contest':
      return html`<label class="tv-opt">Contest <select aria-label=${`Slide ${n} contest`} value=${String(o.contest_id || '')}
        onChange=${(e) => setOption('contest_id', e.target.value ? Number(e.target.value) : '')}>
        <option value="">The running contest that ends first</option>
        ${(contests || []).filter((c) => c.state !== 'cancelled').map((c) => html`<option value=${String(c.id)}>${c.name} (${c.state})</option>`)}</select></label>`;
    default:
      return html`<span class="muted">Teams' adoption scores</span>`;
  }
}

function ChannelForm({ channel, onDone }) {
  const contestList = useAsync(() => api.get('/contests'), []);
  const contests = contestList.data ? contestList.data.items : [];
  const [v, setV] = useState(() => ({
    name: channel ? channel.name : '', slug: channel ? channel.slug : '',
    ticker: channel ? channel.ticker : true, sound: channel ? channel.sound : false,
    slides: (channel ? channel.slides : [{ kind: 'leaderboard', seconds: 15, options: DEFAULT_OPTIONS.leaderboard }])
      .map((s) => ({ kind: s.kind, seconds: s.seconds, options: { ...(s.options || {}) } })),
  }));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k, x) => setV((o) => ({ ...o, [k]: x }));
  const setSlide = (i, k, x) => set('slides', v.slides.map((s, j) => (j === i ? { ...s, [k]: x } : s)));
  const pickKind = (i, kind) => set('slides', v.slides.map((s, j) => (j === i ? { ...s, kind, options: { ...(DEFAULT_OPTIONS[kind] || {}) } } : s)));
  const setOption = (i, k, x) => set('slides', v.slides.map((s, j) => {
    if (j !== i) return s;
    const options = { ...s.options };
    if (x === '' || x === null || x === undefined) delete options[k];
    else options[k] = x;
    return { ...s, options };
  }));
  const move = (i, d) => { const s = v.slides.slice(); const [x] = s.splice(i, 1); s.splice(i + d, 0, x); set('slides', s); };
  async function save(e) {
    e.preventDefault();
    setError(null);
    const slides = v.slides.map((s) => ({ kind: s.kind, seconds: Number(s.seconds), options: s.options }));
    setBusy(true);
    try {
      const b = { name: v.name.trim(), slug: v.slug.trim(), ticker: v.ticker, sound: v.sound, slides };
      const c = channel ? await api.patch(`/tv/channels/${channel.id}`, b) : await api.post('/tv/channels', b);
      toast(`Saved ${c.name}`);
      onDone(c);
    } catch (err) {
      setError(err);
    } finally { setBusy(false); }
  }
  return html`<form class="tv-channel-form" onSubmit=${save} novalidate aria-label=${channel ? `Edit ${channel.name}` : 'New channel'}>
    <div class="form-row">
      <label>Name <input value=${v.name} onInput=${(e) => set('name', e.target.value)} required /></label>
      <label>Address (slug) <input value=${v.slug} onInput=${(e) => set('slug', e.target.value)} placeholder="sales-floor" required /></label>
    </div>
    <div class="form-row">
      <label><input type="checkbox" checked=${v.ticker} onChange=${(e) => set('ticker', e.target.checked)} /> Ticker</label>
      <label><input type="checkbox" checked=${v.sound} onChange=${(e) => set('sound', e.target.checked)} /> Sound on a won deal</label>
    </div>
    <table class="data"><thead><tr><th scope="col">Slide</th><th scope="col">Seconds</th><th scope="col">Shows</th><th scope="col">Order</th></tr></thead>
      <tbody>${v.slides.map((s, i) => html`<tr key=${i}>
        <td><select aria-label=${`Slide ${i + 1} kind`} value=${s.kind} onChange=${(e) => pickKind(i, e.target.value)}>
          ${KINDS.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select></td>
        <td><input aria-label=${`Slide ${i + 1} seconds`} type="number" min="5" max="600" value=${s.seconds} onInput=${(e) => setSlide(i, 'seconds', e.target.value)} /></td>
        <td><${SlideOptions} slide=${s} n=${i + 1} contests=${contests} setOption=${(k, x) => setOption(i, k, x)} /></td>
        <td><button type="button" disabled=${i === 0} onClick=${() => move(i, -1)} aria-label="Move up">↑</button>
          <button type="button" disabled=${i === v.slides.length - 1} onClick=${() => move(i, 1)} aria-label="Move down">↓</button>
          <button type="button" onClick=${() => set('slides', v.slides.filter((_, j) => j !== i))} aria-label=${`Remove slide ${i + 1}`}>✕</button></td>
      </tr>`)}</tbody></table>
    <p><button type="button" onClick=${() => set('slides', v.slides.concat([{ kind: 'recent_wins', seconds: 10, options: { ...DEFAULT_OPTIONS.recent_wins } }]))}>Add a slide</button></p>
    <${ErrorBox} error=${error} />
    <div class="form-actions"><button class="primary" disabled=${busy}>${busy ? 'Saving…' : channel ? 'Save channel' : 'Create channel'}</button>
      <button type="button" onClick=${() => onDone(null)}>Cancel</button></div>
  </form>`;
}

function Tokens({ channels }) {
  const list = useAsync(() => api.get('/tv/tokens'), []);
  const [name, setName] = useState('');
  const [channelId, setChannelId] = useState('');
  const [made, setMade] = useState(null);
  const [error, setError] = useState(null);
  async function create(e) {
    e.preventDefault();
    setError(null);
    try {
      const t = await api.post('/tv/tokens', { name: name.trim(), channel_id: Number(channelId || (channels[0] && channels[0].id)) });
      setMade({ ...t, full: `${location.origin}${t.url}` });
      setName('');
      list.reload();
    } catch (err) { setError(err); }
  }
  async function revoke(t) {
    try {
      await api.del(`/tv/tokens/${t.id}`);
      toast(`Revoked ${t.name}: that screen stops at once`);
      list.reload();
    } catch (err) { toast(err.message, 'bad'); }
  }
  return html`<h2>Display tokens</h2>
    <p class="hint">A display token opens one channel on a TV, read-only, with nobody signed in. It is shown once.</p>
    <form class="inline-form" onSubmit=${create} aria-label="New display token">
      <label>Screen name <input value=${name} onInput=${(e) => setName(e.target.value)} placeholder="Lobby TV" /></label>
      <label>Channel <select value=${channelId || String(channels[0] ? channels[0].id : '')} onChange=${(e) => setChannelId(e.target.value)}>
        ${channels.map((c) => html`<option value=${String(c.id)}>${c.name}</option>`)}</select></label>
      <button class="primary" disabled=${!channels.length}>Create token</button>
    </form>
    <${ErrorBox} error=${error} />
    ${made ? html`<div class="notice" role="status"><p>Open this address on the TV (shown only now):</p>
      <p><code class="tv-url">${made.full}</code></p><button type="button" onClick=${() => setMade(null)}>Done</button></div>` : null}
    ${list.loading && !list.data ? html`<${Loading} what="tokens" />` : null}
    ${list.data ? html`<table class="data"><thead><tr><th scope="col">Screen</th><th scope="col">Channel</th><th scope="col">Created</th><th scope="col">Last seen</th><th scope="col">Actions</th></tr></thead>
      <tbody>${list.data.items.map((t) => html`<tr key=${t.id}><td>${t.name}</td><td>${t.channel_slug}</td><td>${fmtDate(t.created_at)}</td>
        <td>${t.last_seen_at ? fmtDate(t.last_seen_at) : '—'}</td>
        <td>${t.revoked_at ? html`<span class="badge">revoked</span>` : html`<button type="button" onClick=${() => revoke(t)}>Revoke ${t.name}</button>`}</td></tr>`)}</tbody></table>` : null}`;
}

function Announce({ channels }) {
  const [text, setText] = useState('');
  const [channelId, setChannelId] = useState('');
  async function send(e) {
    e.preventDefault();
    try {
      await api.post(`/tv/channels/${channelId || channels[0].id}/announcements`, { text: text.trim() });
      toast('Announcement sent');
      setText('');
    } catch (err) { toast(err.message, 'bad'); }
  }
  return html`<h2>Announcement</h2>
    <form class="inline-form" onSubmit=${send} aria-label="Send an announcement">
      <label>Channel <select value=${channelId || String(channels[0] ? channels[0].id : '')} onChange=${(e) => setChannelId(e.target.value)}>
        ${channels.map((c) => html`<option value=${String(c.id)}>${c.name}</option>`)}</select></label>
      <label>Text <input value=${text} maxlength="280" onInput=${(e) => setText(e.target.value)} /></label>
      <button class="primary" disabled=${!channels.length || !text.trim()}>Send</button>
    </form>`;
}

export default function TvAdmin() {
  const channels = useAsync(() => api.get('/tv/channels'), []);
  const [editing, setEditing] = useState(null); // a channel, 'new' or null
  const [deleting, setDeleting] = useState(null); // asked once, deleted on the second click
  async function remove(c) {
    if (deleting !== c.id) { setDeleting(c.id); return; }
    setDeleting(null);
    try {
      await api.del(`/tv/channels/${c.id}`);
      toast(`Deleted ${c.name}`);
      channels.reload();
    } catch (err) { toast(err.message, 'bad'); }
  }
  if (channels.loading && !channels.data) return html`<${Loading} what="channels" />`;
  if (channels.error) return html`<${ErrorBox} error=${channels.error} />`;
  const items = channels.data.items;
  return html`<h2>Channels</h2>
    ${editing ? html`<${ChannelForm} key=${editing === 'new' ? 'new' : editing.id} channel=${editing === 'new' ? null : editing}
        onDone=${(c) => { setEditing(null); if (c) channels.reload(); }} />`
      : html`<p><button class="primary" onClick=${() => setEditing('new')}>New channel</button></p>`}
    <table class="data"><thead><tr><th scope="col">Channel</th><th scope="col">Address</th><th scope="col">Slides</th><th scope="col">Actions</th></tr></thead>
      <tbody>${items.map((c) => html`<tr key=${c.id}><td>${c.name}</td><td><code>/tv/${c.slug}</code></td>
        <td>${c.slides.map((s) => `${KIND_LABEL[s.kind] || s.kind} ${s.seconds} s`).join(' · ') || '—'}</td>
        <td><button type="button" onClick=${() => setEditing(c)}>Edit ${c.name}</button> <button type="button" class=${deleting === c.id ? 'danger' : ''} onClick=${() => remove(c)}>${deleting === c.id ? `Really delete ${c.name}? Its screens stop` : `Delete ${c.name}`}</button></td></tr>`)}</tbody></table>
    <${Tokens} channels=${items} />
    <${Announce} channels=${items} />`;
}
