// People (admin): find someone, add a person, change a role, deactivate and
// reactivate (the consequences said before confirming).
import {api} from '../api.js';
import {h, fill, alertBox, toast} from '../dom.js';
import {state} from '../store.js';
import {errField, showErrors, clearErrors, zoneSelect, hereZone} from '../ui/form.js';
import {confirmOnce} from '../ui/dialog.js';
import {consoleNav, emptyState} from '../ui/console.js';

export const title = 'People';

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function render(root, {path, role}) {
  const list = h('ul', {class: 'rows', id: 'people-list', 'aria-labelledby': 'people-h'});
  const search = h('input', {type: 'search', name: 'q', autocomplete: 'off', 'aria-label': 'Find a person by name or email', placeholder: 'Find by name or email'});
  const alert = alertBox();
  const f = {
    name: errField('Name', h('input', {type: 'text', name: 'name', maxlength: 100, autocomplete: 'off'})),
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
  search.addEventListener('input', show);
  root.append(h('div', {class: 'screen console'}, consoleNav(path, role),
    h('section', {class: 'card', 'aria-labelledby': 'people-h'}, h('h1', {id: 'people-h', text: 'People'}), search, list),
    h('section', {class: 'card', 'aria-labelledby': 'add-h'}, h('h2', {id: 'add-h', text: 'Add a person'}), form)));

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
    return h('li', {class: `row${u.active ? '' : ' archived'}`, dataset: {user: u.id}},
      h('div', {class: 'row-main'}, h('strong', {text: `${u.name}${me ? ' (you)' : ''}`}), h('span', {class: 'muted', text: u.email}),
        u.active ? null : h('span', {class: 'tags'}, h('span', {class: 'tag warn', text: 'deactivated'}))),
      sel,
      me ? null : h('button', {type: 'button', class: u.active ? 'btn danger' : 'btn', 'aria-label': `${u.active ? 'Deactivate' : 'Reactivate'} ${u.name}`, text: u.active ? 'Deactivate' : 'Reactivate', onclick: async () => {
        const ok = u.active
          ? await confirmOnce(`Deactivate ${u.name}?`, `${u.name} can no longer sign in; their sessions and personal tokens stop working at once. Their time, points and team history stay, and you can reactivate them later (old tokens stay revoked).`, 'Deactivate')
          : await confirmOnce(`Reactivate ${u.name}?`, `${u.name} can sign in again with their password. Their old sessions and tokens do not come back.`, 'Reactivate');
        if (ok) patch(u, {active: !u.active}, u.active ? `${u.name} is deactivated.` : `${u.name} can sign in again.`);
      }}));
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
  }
  load();
}
