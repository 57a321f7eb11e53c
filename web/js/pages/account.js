// SPDX-License-Identifier: MIT
// My account: who I am here (name, email, role, team), how I show on public boards
// (docs/POINTS.md, "Consent on public boards") and changing my password, which ends my other
// sessions.
import { html, useContext, useEffect, useState } from '../lib.js';
import { api } from '../api.js';
import { Session, Field, FormError, useForm, useAsync, Loading, ErrorBox, toast } from '../ui.js';
import { useTeams } from '../lookup.js';

function ChangePassword() {
  const form = useForm({ current_password: '', new_password: '', repeat: '' });
  const [done, setDone] = useState(false);
  async function save(e) {
    e.preventDefault();
    const v = form.values;
    if (v.new_password !== v.repeat) { form.setErrors({ repeat: 'The two new passwords differ' }); return; }
    const ok = await form.submit(async () => {
      await api.post('/me/password', { current_password: v.current_password, new_password: v.new_password });
      return true;
    });
    if (ok) {
      form.setValues({ current_password: '', new_password: '', repeat: '' });
      setDone(true);
      toast('Password changed');
    }
  }
  return html`<section class="panel" aria-labelledby="pw-h">
    <h2 id="pw-h">Change password</h2>
    <form onSubmit=${save} novalidate aria-labelledby="pw-h">
      <${Field} label="Current password" name="current_password" type="password" form=${form} autocomplete="current-password" required />
      <${Field} label="New password" name="new_password" type="password" form=${form} autocomplete="new-password" required
        hint="At least 8 characters; a few words you will remember work well." />
      <${Field} label="New password again" name="repeat" type="password" form=${form} autocomplete="new-password" required />
      <${FormError} form=${form} />
      ${done ? html`<p class="hint" role="status">Your password is changed. You stay signed in here; other browsers and devices are signed out.</p>` : null}
      <div class="form-actions"><button class="primary" disabled=${form.busy}>${form.busy ? 'Changing…' : 'Change password'}</button></div>
    </form>
  </section>`;
}

const BOARD_LABEL = { name: 'my name', initials: 'my initials', hidden: 'not at all' };

/* The choice is saved as soon as it is picked: one radio group, no form to submit. */
function BoardConsent() {
  const me = useAsync(() => api.get('/me/board'), []);
  const [busy, setBusy] = useState(false);
  if (me.loading && !me.data) return html`<${Loading} what="your board choice" />`;
  if (me.error) return html`<${ErrorBox} error=${me.error} />`;
  const b = me.data;
  const noHiding = !b.settings.allow_hiding;
  async function choose(visibility) {
    setBusy(true);
    try {
      me.setData(await api.patch('/me/board', { visibility }));
      toast(visibility ? `Public boards show you as ${BOARD_LABEL[visibility]}` : 'Public boards follow the default for you');
    } catch (e) {
      toast(e.message, 'bad');
    } finally { setBusy(false); }
  }
  const opt = (v, label, extra = {}) => html`<label class=${`kind-opt${b.visibility === v ? ' on' : ''}`}>
      <input type="radio" name="board-visibility" checked=${b.visibility === v} disabled=${busy || extra.disabled}
        onChange=${() => choose(v)} aria-describedby=${extra.describedby} /> ${label}</label>`;
  return html`<section class="panel" aria-labelledby="board-h">
    <h2 id="board-h">Public boards</h2>
    <fieldset class="kinds board-choice">
      <legend>On public boards, show me as:</legend>
      ${opt('name', 'my name')}
      ${opt('initials', 'my initials')}
      ${opt('hidden', 'not at all', { disabled: noHiding, describedby: noHiding ? 'board-nohide' : undefined })}
      ${opt(null, `the default (${BOARD_LABEL[b.settings.default_visibility]})`)}
    </fieldset>
    ${noHiding ? html`<p class="hint small" id="board-nohide">“Not at all” is off: your admin asks everyone to appear on boards. A hidden choice shows your initials instead.</p>` : null}
    <p class="hint small" role="status">${b.shown_as ? html`Others see you as <strong>${b.shown_as}</strong>${b.shown_as.endsWith('.') ? '' : '.'}` : 'Others do not see you on boards; you still earn points and count in your team’s total.'}</p>
  </section>`;
}

export default function Account() {
  const { user } = useContext(Session);
  const teams = useTeams();
  useEffect(() => { document.title = 'My account · uptake'; }, []);
  const team = teams && user.team_id ? (teams.find((t) => t.id === user.team_id) || {}).name : null;
  return html`<div class="page-head"><h1>My account</h1></div>
    <div class="cols account">
      <section class="panel" aria-labelledby="me-h">
        <h2 id="me-h">You</h2>
        <dl class="props">
          <dt>Name</dt><dd>${user.name}</dd>
          <dt>Email</dt><dd>${user.email}</dd>
          <dt>Role</dt><dd>${user.role}</dd>
          <dt>Team</dt><dd>${team || (user.team_id ? '…' : 'none')}</dd>
        </dl>
        <p class="hint small">An admin changes names, roles and teams. <a href="/me/adoption">My adoption</a> shows how you use uptake.</p>
      </section>
      <${BoardConsent} />
      <${ChangePassword} />
    </div>`;
}
