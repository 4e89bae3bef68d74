// Invites (admin): make a link, optionally for one email and into a team;
// list the open ones; revoke one.
import {api, url} from '../api.js';
import {h, fill, alertBox, act, onSubmit, titled} from '../dom.js';
import {short} from '../dates.js';
import {errField, showErrors, clearErrors} from '../ui/form.js';
import {shareLink} from '../ui/share.js';
import {confirmOnce} from '../ui/dialog.js';
import {consoleNav, emptyState} from '../ui/console.js';

export const title = 'Invites';

const day = (t) => short(t.slice(0, 10));

export function render(root, {path, role}) {
  const alert = alertBox();
  const made = h('div#invite-out.stack');
  const list = h('ul#invite-list.rows', {'aria-labelledby': 'open-h'});
  const email = errField('Email (optional)', h('input', {type: 'email', name: 'email', autocomplete: 'off', spellcheck: 'false'}), 'Only this address can use the link. Leave empty for anyone.');
  const team = errField('Team', h('select', {name: 'team_id'}, h('option', {value: '', text: 'No team'})), 'They join it as a member when they sign up.');
  const inputs = {email: email.input, team_id: team.input};
  const btn = h('button.btn.primary', {type: 'submit', text: 'Create invite link'});
  const form = h('form.stack', {novalidate: true}, email.wrap, team.wrap, alert, btn);
  onSubmit(form, async () => {
    clearErrors(inputs, alert);
    const body = {};
    if (email.input.value.trim()) body.email = email.input.value.trim();
    if (team.input.value) body.team_id = team.input.value;
    btn.disabled = true;
    try {
      const inv = await api('POST', '/invites', {body});
      email.input.value = '';
      const who = inv.email ? `for ${inv.email}` : 'for anyone';
      const into = team.input.value ? `, joining ${team.input.selectedOptions[0].textContent}` : '';
      fill(made, h('div.invite-made',
        h('p', h('strong', `New invite ${who}${into}.`), ' Send this link; it is shown only now.'),
        shareLink(location.origin + url`/register?invite=${inv.code}`, {label: 'Invite link', title: 'Join us on timestreak'}),
        h('p.hint', `Works once, until ${day(inv.expires_at)}.`)));
      load();
    } catch (err) {
      showErrors(err, inputs, alert);
    }
    btn.disabled = false;
  });

  root.append(h('div.screen.console', consoleNav(path, role),
    titled('section.card', 'h1#new-h', 'Invite people', form, made),
    titled('section.card', 'h2#open-h', 'Open invites', list)));

  async function load() {
    try {
      const open = (await api('GET', '/invites')) || [];
      fill(list, open.length ? open.map(row) : h('li', emptyState('No open invites.', 'Create a link above and send it to a colleague.')));
    } catch (err) {
      fill(list, h('li.alert.error', err.message));
    }
  }

  function row(inv) {
    const who = inv.email || 'Anyone with the link';
    return h('li.row',
      h('div.row-main', h('strong', who),
        h('span.muted', `${inv.team_name ? `Joins ${inv.team_name} · ` : ''}expires ${day(inv.expires_at)}`)),
      h('button.btn.danger', {'aria-label': `Revoke the invite for ${who}`, text: 'Revoke', onclick: async () => {
        if (!await confirmOnce('Revoke this invite?', `The link for ${who} will stop working. You can make a new one any time.`, 'Revoke')) return;
        act(() => api('DELETE', url`/invites/${inv.id}`), 'Invite revoked.', load);
      }}));
  }

  (async () => {
    try {
      const teams = (await api('GET', '/teams')) || [];
      team.input.append(...teams.map((t) => h('option', {value: t.id, text: t.name})));
      if (teams.length === 1) team.input.value = teams[0].id;
    } catch { /* the list below says what went wrong */ }
    load();
  })();
}
