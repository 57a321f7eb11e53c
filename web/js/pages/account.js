// SPDX-License-Identifier: MIT
// My account: who I am here (name, email, role, team) and changing my password, which ends my
// other sessions.
import { html, useContext, useEffect, useState } from '../lib.js';
import { api } from '../api.js';
import { Session, Field, FormError, useForm, toast } from '../ui.js';
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
      <${ChangePassword} />
    </div>`;
}
