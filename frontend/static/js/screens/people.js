// People (admin): find someone, add a person, change a role, deactivate and
// reactivate (the consequences said before confirming), send a password
// reset link.
import {api, url} from '../api.js';
import {h, fill, alertBox, toast, act, onSubmit, select, titled} from '../dom.js';
import {state} from '../store.js';
import {errField, showErrors, clearErrors, zoneSelect, hereZone} from '../ui/form.js';
import {confirmOnce} from '../ui/dialog.js';
import {consoleNav, emptyState} from '../ui/console.js';
import {shareLink} from '../ui/share.js';
import {short} from '../dates.js';

export const title = 'People';

const ROLES = [['member', 'Member'], ['admin', 'Admin']];
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function render(root, {path, role}) {
  const list = h('ul#people-list.rows', {'aria-labelledby': 'people-h'});
  const search = h('input', {type: 'search', name: 'q', autocomplete: 'off', 'aria-label': 'Find a person by name or email', placeholder: 'Find by name or email'});
  const alert = alertBox();
  const f = {
    name: errField('Name', h('input', {type: 'text', name: 'name', maxlength: 200, autocomplete: 'off'})),
    email: errField('Email', h('input', {type: 'email', name: 'email', autocomplete: 'off', spellcheck: 'false'})),
    password: errField('First password', h('input', {type: 'password', name: 'password', autocomplete: 'new-password', minlength: 8, maxlength: 128}), 'Tell them to change it in Profile. Or send an invite instead.'),
    role: errField('Role', select({name: 'role'}, ROLES)),
    timezone: errField('Time zone', zoneSelect(hereZone())),
  };
  const inputs = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.input]));
  const form = h('form.stack', {novalidate: true, id: 'new-person'}, h('div.row2', f.name.wrap, f.email.wrap), h('div.row2', f.password.wrap, f.role.wrap), f.timezone.wrap, alert,
    h('button.btn.primary', {type: 'submit', text: 'Add person'}));
  onSubmit(form, async () => {
    clearErrors(inputs, alert);
    const body = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, k === 'password' ? el.value : el.value.trim()]));
    try {
      const u = await api('POST', '/users', {body});
      form.reset();
      toast(`${u.name} can now sign in as ${u.email}.`);
      load();
    } catch (err) { showErrors(err, inputs, alert); }
  });
  let people = [];
  const made = h('div#reset-out.stack');
  search.addEventListener('input', show);
  // Shown once the list is in, so the form below it does not jump.
  const screen = h('div.screen.console', {hidden: true}, consoleNav(path, role),
    titled('section.card', 'h1#people-h', 'People', search, made, list),
    titled('section.card', 'h2#add-h', 'Add a person', form));
  root.append(screen);

  function show() {
    const q = fold(search.value.trim());
    const hits = people.filter((u) => !q || fold(`${u.name} ${u.email}`).includes(q));
    fill(list, hits.length ? hits.map(row) : h('li', q ? emptyState('Nobody matches.', 'Try part of a name or an email.') : emptyState('Nobody here yet.', 'Add a person below or send an invite.')));
  }

  function row(u) {
    const me = u.id === state.me?.id;
    const sel = select({name: 'role', 'aria-label': `Role of ${u.name}`, disabled: me}, ROLES);
    sel.value = u.role;
    sel.addEventListener('change', () => patch(u, {role: sel.value}, `${u.name} is now ${sel.value === 'admin' ? 'an admin' : 'a member'}.`));
    const teams = (u.teams || []).map((t) => t.role === 'lead' ? `${t.name} (lead)` : t.name).join(', ');
    return h('li', {class: `row${u.active ? '' : ' archived'}`, dataset: {user: u.id}},
      h('div.row-main', h('strong', `${u.name}${me ? ' (you)' : ''}`), h('span.muted', u.email),
        h('span.muted', `${teams || 'No team'} · ${u.last_entry_on ? `last entry ${short(u.last_entry_on)}` : 'no entries yet'}`),
        u.active ? null : h('span.tags', h('span.tag.warn', 'deactivated'))),
      sel,
      me || !u.active ? null : h('button.btn', {'aria-label': `Password reset link for ${u.name}`, text: 'Reset link', onclick: () => resetLink(u)}),
      me ? null : h('button', {class: u.active ? 'btn danger' : 'btn', 'aria-label': `${u.active ? 'Deactivate' : 'Reactivate'} ${u.name}`, text: u.active ? 'Deactivate' : 'Reactivate', onclick: async () => {
        const ok = u.active
          ? await confirmOnce(`Deactivate ${u.name}?`, `${u.name} can no longer sign in; their sessions and personal tokens stop working at once. Their time, points and team history stay, and you can reactivate them later (old tokens stay revoked).`, 'Deactivate')
          : await confirmOnce(`Reactivate ${u.name}?`, `${u.name} can sign in again with their password. Their old sessions and tokens do not come back.`, 'Reactivate');
        if (ok) patch(u, {active: !u.active}, u.active ? `${u.name} is deactivated.` : `${u.name} can sign in again.`);
      }}));
  }

  async function resetLink(u) {
    if (!await confirmOnce(`Reset ${u.name}'s password?`, `You get a link for ${u.name} that sets a new password, once, within 24 hours; it ends their other sessions. Their current password works until they use it. An earlier link stops working.`, 'Make link')) return;
    try {
      const r = await api('POST', url`/users/${u.id}/password-reset`);
      fill(made, h('div.invite-made',
        h('p', h('strong', `Reset link for ${u.name}.`), ' Send it to them privately; it is shown only now.'),
        shareLink(location.origin + url`/reset#code=${r.code}`, {label: 'Password reset link', title: 'Set your timestreak password'}),
        h('p.hint', `Works once, until ${new Date(r.expires_at).toLocaleString([], {dateStyle: 'medium', timeStyle: 'short'})}.`)));
      made.scrollIntoView({block: 'nearest'});
    } catch (err) {
      toast(err.message, {kind: 'error'});
    }
  }

  function patch(u, body, done) {
    act(() => api('PATCH', url`/users/${u.id}`, {body}), done, load);
  }

  async function load() {
    try {
      people = (await api('GET', '/users')) || [];
      people.sort((a, b) => b.active - a.active || a.name.localeCompare(b.name));
      show();
    } catch (err) {
      fill(list, h('li.alert.error', err.message));
    }
    screen.hidden = false;
  }
  load();
}
