// SPDX-License-Identifier: MIT
// Today: placeholder until the home page lands (overdue and due tasks, deals needing care,
// recently viewed records, quick-log).
import { html, useContext } from '../lib.js';
import { Session } from '../ui.js';

export default function Today() {
  const { user } = useContext(Session);
  return html`<div class="page-head"><h1>Good day, ${user.name.split(' ')[0]}</h1></div>`;
}
