// People (admin): find someone, add a person, change a role, deactivate and
// reactivate (the consequences said before confirming), send a password
// reset link.
import {api} from '../api.js';
import {h, fill, alertBox, toast} from '../dom.js';
import {state} from '../store.js';
import {errField, showErrors, clearErrors, zoneSelect, hereZone} from '../ui/form.js';
import {confirmOnce} from '../ui/dialog.js';
import {consoleNav, emptyState} from '../ui/console.js';
import {shareLink} from '../ui/share.js';
import {short} from '../dates.js';

export const title = 'People';

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function render(root, {path, role}) {
  const list = h('ul', {class: 'rows', id: 'people-list', 'aria-labelledby': 'people-h'});
  const search = h('input', {type: 'search', name: 'q', autocomplete: 'off', 'aria-label': 'Find a person by name or email', placeholder: 'Find by name or email'});
  const alert = alertBox();
  const f = {
    name: errField('Name', h('input', {type: 'text', name: 'name', maxlength: 200, autocomplete: 'off'})),
    email: errField('Email', h('input', {type: 'email', name: 'email', autocomplete: 'off', spellcheck: 'false'})),
    password: errField('First password', h('input', {type: 'password', name: 'password', autocomplete: 'new-password', minlength: 8, maxlength: 128}), 'Tell them to change it in Profile. Or send an invite instead.'),
    role: errField('Role', h('select', {name: 'role'}, h('option', {value: 'member', text: 'Member'}), h('option', {value: 'admin', text: 'Admin'}))),
    timezone: errField('Time zone', zoneSelect(hereZone())),
  };
  const inputs = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.input]));
  const form = h('form', {class: 'stack', novalidate: true, id: 'new-person'}, h('div', {class: 'row2'}, f.name.wrap, f.email.wrap), h('div', {class: 'row2'}, f.password.wrap, f.role.wrap), f.timezone.wrap, alert,
    h('button', {type: 'submit', class: 'btn primary', text: 'Add person'}));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
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
  const made = h('div', {class: 'stack', id: 'reset-out'});
  search.addEventListener('input', show);
  // Shown once the list is in, so the form below it does not jump.
  const screen = h('div', {class: 'screen console', hidden: true}, consoleNav(path, role),
    h('section', {class: 'card', 'aria-labelledby': 'people-h'}, h('h1', {id: 'people-h', text: 'People'}), search, made, list),
    h('section', {class: 'card', 'aria-labelledby': 'add-h'}, h('h2', {id: 'add-h', text: 'Add a person'}), form));
  root.append(screen);

  function show() {
    const q = fold(search.value.trim());
    const hits = people.filter((u) => !q || fold(`${u.name} ${u.email}`).includes(q));
    fill(list, hits.length ? hits.map(row) : h('li', {}, q ? emptyState('Nobody matches.', 'Try part of a name or an email.') : emptyState('Nobody here yet.', 'Add a person below or send an invite.')));
  }

  function row(u) {
    const me = u.id === state.me?.id;
    const sel = h('select', {name: 'role', 'aria-label': `Role of ${u.name}`, disabled: me}, h('option', {value: 'member', text: 'Member'}), h('option', {value: 'admin', text: 'Admin'}));
    sel.value = u.role;
    sel.addEventListener('change', () => patch(u, {role: sel.value}, `${u.name} is now ${sel.value === 'admin' ? 'an admin' : 'a member'}.`));
    const teams = (u.teams || []).map((t) => t.role === 'lead' ? `${t.name} (lead)` : t.name).join(', ');
    return h('li', {class: `row${u.active ? '' : ' archived'}`, dataset: {user: u.id}},
      h('div', {class: 'row-main'}, h('strong', {text: `${u.name}${me ? ' (you)' : ''}`}), h('span', {class: 'muted', text: u.email}),
        h('span', {class: 'muted', text: `${teams || 'No team'} · ${u.last_entry_on ? `last entry ${short(u.last_entry_on)}` : 'no entries yet'}`}),
        u.active ? null : h('span', {class: 'tags'}, h('span', {class: 'tag warn', text: 'deactivated'}))),
      sel,
      me || !u.active ? null : h('button', {type: 'button', class: 'btn', 'aria-label': `Password reset link for ${u.name}`, text: 'Reset link', onclick: () => resetLink(u)}),
      me ? null : h('button', {type: 'button', class: u.active ? 'btn danger' : 'btn', 'aria-label': `${u.active ? 'Deactivate' : 'Reactivate'} ${u.name}`, text: u.active ? 'Deactivate' : 'Reactivate', onclick: async () => {
        const ok = u.active
          ? await confirmOnce(`Deactivate ${u.name}?`, `${u.name} can no longer sign in; their sessions and personal tokens stop working at once. Their time, points and team history stay, and you can reactivate them later (old tokens stay revoked).`, 'Deactivate')
          : await confirmOnce(`Reactivate ${u.name}?`, `${u.name} can sign in again with their password. Their old sessions and tokens do not come back.`, 'Reactivate');
        if (ok) patch(u, {active: !u.active}, u.active ? `${u.name} is deactivated.` : `${u.name} can sign in again.`);
      }}));
  }

  async function resetLink(u) {
    if (!await confirmOnce(`Reset ${u.name}'s password?`, `You get a link for ${u.name} that sets a new password, once, within 24 hours; it ends their other sessions. Their current password works until they use it. An earlier link stops working.`, 'Make link')) return;
    try {
      const r = await api('POST', `/users/${encodeURIComponent(u.id)}/password-reset`);
      fill(made, h('div', {class: 'invite-made'},
        h('p', {}, h('strong', {text: `Reset link for ${u.name}.`}), ' Send it to them privately; it is shown only now.'),
        shareLink(`${location.origin}/reset#code=${encodeURIComponent(r.code)}`, {label: 'Password reset link', title: 'Set your timestreak password'}),
        h('p', {class: 'hint', text: `Works once, until ${new Date(r.expires_at).toLocaleString([], {dateStyle: 'medium', timeStyle: 'short'})}.`})));
      made.scrollIntoView({block: 'nearest'});
    } catch (err) {
      toast(err.message, {kind: 'error'});
    }
  }

  async function patch(u, body, done) {
    try {
      await api('PATCH', `/users/${encodeURIComponent(u.id)}`, {body});
      toast(done);
    } catch (err) {
      toast(err.message, {kind: 'error'});
    }
    load();
  }

  async function load() {
    try {
      people = (await api('GET', '/users')) || [];
      people.sort((a, b) => b.active - a.active || a.name.localeCompare(b.name));
      show();
    } catch (err) {
      fill(list, h('li', {class: 'alert error', text: err.message}));
    }
    screen.hidden = false;
  }
  load();
}
