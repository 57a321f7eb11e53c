// SPDX-License-Identifier: MIT
// Deleting a record from its page: a confirmation, a soft delete, and Undo in the toast.
import { html, useState } from './lib.js';
import { api } from './api.js';
import { Dialog, ErrorBox, toast } from './ui.js';
import { navigate } from './router.js';

// "Delete <noun>" with a confirmation. The record goes to the trash (a soft delete): the user
// lands on the list, and the toast's Undo restores it and brings them back to it.
export function DeleteRecord({ plural, noun, id, name }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const Noun = noun[0].toUpperCase() + noun.slice(1);
  async function undo() {
    try {
      await api.post(`/${plural}/${id}/restore`);
      navigate(`/${plural}/${id}`);
      toast(`${Noun} restored`);
    } catch (e) { toast(`Could not restore: ${e.message}`, 'bad'); }
  }
  async function remove() {
    setBusy(true); setError(null);
    try {
      await api.del(`/${plural}/${id}`);
      navigate(`/${plural}`);
      toast(`${Noun} “${name}” deleted`, 'ok', { label: 'Undo', run: undo });
    } catch (e) { setError(e); setBusy(false); }
  }
  return html`<button type="button" class="danger push-right" onClick=${() => setAsking(true)}>Delete ${noun}</button>
    <${Dialog} title=${`Delete ${name}?`} open=${asking} onClose=${() => { setAsking(false); setError(null); }}>
      <p>The ${noun} leaves lists and search; its history stays. You can undo this right after, or later from the <a href=${`/trash?kind=${plural}`}>Trash</a>.</p>
      <${ErrorBox} error=${error} />
      <div class="form-actions"><button type="button" class="primary danger-fill" disabled=${busy} onClick=${remove}>${busy ? 'Deleting…' : `Delete ${noun}`}</button>
        <button type="button" autofocus onClick=${() => setAsking(false)}>Cancel</button></div>
    <//>`;
}
