// ClickUp (admin): connect with a personal token and pick lists by name,
// see the workspace, the last sync and its error, sync now, disconnect.
import {api} from '../api.js';
import {h, fill, alertBox, toast, act, onSubmit} from '../dom.js';
import {relTime, count} from '../dates.js';
import {errField, showErrors, clearErrors, fieldError} from '../ui/form.js';
import {confirmOnce} from '../ui/dialog.js';
import {consoleNav, emptyState} from '../ui/console.js';

export const title = 'ClickUp';

export function render(root, {path, role}) {
  const card = h('section.card.stack', {'aria-labelledby': 'clickup-h'});
  root.append(h('div.screen.console', consoleNav(path, role), card));

  async function load() {
    try {
      const [st, jobs] = await Promise.all([api('GET', '/integrations/clickup'), api('GET', '/admin/jobs').catch(() => [])]);
      const sync = (jobs || []).find((j) => j.name === 'clickup-sync');
      if (st.connected) connected(st, sync); else connect();
    } catch (err) {
      fill(card, h('h1#clickup-h', 'ClickUp'), h('p.alert.error', err.message));
    }
  }

  function connected(st, sync) {
    const when = (t) => t ? h('time', {datetime: t, text: relTime(t)}) : 'never';
    const now = h('button.btn.primary', {text: 'Sync now', onclick: async () => {
      now.disabled = true;
      now.textContent = 'Syncing…';
      act(() => api('POST', '/admin/jobs/clickup-sync/run'), 'ClickUp synced.', load);
    }});
    const off = h('button.btn.danger', {text: 'Disconnect', onclick: async () => {
      if (!await confirmOnce('Disconnect ClickUp?', 'Syncing and time pushing stop, and the webhook is deleted in ClickUp. The projects and tasks it made stay, with their time; you can connect again later.', 'Disconnect')) return;
      act(() => api('DELETE', '/integrations/clickup'), 'ClickUp disconnected.', load);
    }});
    fill(card, h('h1#clickup-h', 'ClickUp'),
      h('p', h('strong', `Connected to ${st.team_name || st.team_id}`), ` · ${count(st.list_ids.length, 'list')} · ${count(st.members, 'member')}`),
      h('ul#clickup-facts.plain',
        h('li', 'Last sync ', when(st.last_sync_at), sync?.next_run ? ' · next ' : '', sync?.next_run ? when(sync.next_run) : ''),
        h('li', st.webhook ? 'Changes in ClickUp arrive at once (webhook).' : 'No webhook: changes arrive with each sync.'),
        st.queued_events ? h('li', `${st.queued_events} ClickUp events wait to be applied.`) : null),
      st.webhook_error ? h('p.alert.error', `Webhook: ${st.webhook_error}`) : null,
      sync?.last_error ? h('p.alert.error', `Last sync failed: ${sync.last_error}`) : null,
      h('p.muted', 'Tasks of the chosen lists appear in Projects, marked ClickUp; people opt in to pushing their time under Profile.'),
      h('div.actions', off, now));
  }

  function connect() {
    const alert = alertBox();
    const token = errField('Personal token', h('input', {type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false', maxlength: 500}), 'In ClickUp: Settings → Apps → API Token (starts with pk_). It is stored encrypted and never shown again.');
    const lists = h('fieldset.field', {hidden: true, id: 'clickup-lists'}, h('legend', 'Lists to sync'));
    const listErr = h('p.field-error', {hidden: true});
    const look = h('button.btn', 'Show my lists');
    const go = h('button.btn.primary', {type: 'submit', text: 'Connect', hidden: true});
    const form = h('form.stack', {novalidate: true, id: 'clickup-connect'}, token.wrap, look, lists, listErr, alert, go);
    const inputs = {token: token.input};
    look.addEventListener('click', async () => {
      clearErrors(inputs, alert);
      if (!token.input.value.trim()) return fieldError(token.input, 'Paste your ClickUp token.');
      look.disabled = true;
      try {
        const ws = await api('POST', '/integrations/clickup/lists', {body: {token: token.input.value.trim()}});
        fill(lists, h('legend', `Lists to sync from ${ws.team_name}`),
          ws.lists.length ? ws.lists.map((l) => h('label.check', h('input', {type: 'checkbox', name: 'list_ids', value: l.id}),
            h('span', [l.space, l.folder, l.name].filter(Boolean).join(' / ')))) : emptyState('This workspace has no lists.', 'Make one in ClickUp, then look again.'));
        lists.hidden = false;
        go.hidden = !ws.lists.length;
      } catch (err) { showErrors(err, inputs, alert); }
      look.disabled = false;
    });
    onSubmit(form, async () => {
      clearErrors(inputs, alert);
      listErr.hidden = true;
      const ids = [...lists.querySelectorAll('input:checked')].map((i) => i.value);
      if (!ids.length) {
        listErr.textContent = 'Pick at least one list.';
        listErr.hidden = false;
        return;
      }
      go.disabled = true;
      try {
        await api('POST', '/integrations/clickup', {body: {token: token.input.value.trim(), list_ids: ids}});
        toast('ClickUp connected; the first sync runs now.');
        await api('POST', '/admin/jobs/clickup-sync/run').catch(() => {});
        load();
      } catch (err) {
        showErrors(err, inputs, alert);
        go.disabled = false;
      }
    });
    fill(card, h('h1#clickup-h', 'Connect ClickUp'),
      h('p.muted', 'Tasks of the lists you pick become tasks here and stay in step; time people log can be pushed back to ClickUp.'), form);
  }
  load();
}
