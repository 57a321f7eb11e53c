// SPDX-License-Identifier: MIT
// Sign-in: email and password; the API sets the session cookie and returns the CSRF token.
import { html } from '../lib.js';
import { api } from '../api.js';
import { Field, FormError, useForm } from '../ui.js';

export default function Login({ onSignedIn }) {
  const form = useForm({ email: '', password: '' });
  async function onSubmit(e) {
    e.preventDefault();
    const s = await form.submit((v) => api.post('/session', { email: v.email.trim(), password: v.password }));
    if (s) onSignedIn(s);
  }
  return html`<main class="login" id="main">
    <form class="card" onSubmit=${onSubmit} novalidate>
      <h1><span class="brand">uptake</span> Sign in</h1>
      <${Field} label="Email" name="email" type="email" form=${form} autocomplete="username" required autofocus />
      <${Field} label="Password" name="password" type="password" form=${form} autocomplete="current-password" required />
      <${FormError} form=${form} />
      <button class="primary" type="submit" disabled=${form.busy}>${form.busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </main>`;
}
