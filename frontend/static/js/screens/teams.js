// Teams: the admin creates teams, renames them, sets their time zone and
// manages members and leads; a lead sees their teams, read-only.
import {api} from '../api.js';
import {h, fill, alertBox, toast} from '../dom.js';
import {state} from '../store.js';
import {errField, showErrors, clearErrors, fieldError, zoneSelect, hereZone} from '../ui/form.js';
import {confirmOnce} from '../ui/dialog.js';
import {consoleNav, emptyState} from '../ui/console.js';

export const title = 'Teams';

const enc = encodeURIComponent;

export function render(root, {path, role}) {
  const admin = role === 'admin';
  const list = h('div', {class: 'stack', id: 'team-list'});
  const top = h('h1', {text: admin ? 'Teams' : 'Your teams'});
  root.append(h('div', {class: 'screen console'}, consoleNav(path, role), top, admin ? createCard() : h('p', {class: 'muted', text: 'Only an admin changes teams and who is in them.'}), list));
  let users = [];

  function createCard() {
    const alert = alertBox();
    const name = errField('Name', h('input', {type: 'text', name: 'name', maxlength: 200, autocomplete: 'off'}));
    const zone = errField('Time zone', zoneSelect(hereZone()));
    const inputs = {name: name.input, timezone: zone.input};
    const form = h('form', {class: 'stack', novalidate: true, id: 'new-team'}, h('div', {class: 'row2'}, name.wrap, zone.wrap), alert, h('button', {type: 'submit', class: 'btn primary', text: 'Create team'}));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(inputs, alert);
      if (!name.input.value.trim()) return fieldError(name.input, 'Give the team a name.');
      try {
        const t = await api('POST', '/teams', {body: {name: name.input.value.trim(), timezone: zone.input.value}});
        name.input.value = '';
        toast(`Team “${t.name}” created. Add its members below.`);
        load(t.id);
      } catch (err) { showErrors(err, inputs, alert); }
    });
    return h('section', {class: 'card', 'aria-labelledby': 'new-team-h'}, h('h2', {id: 'new-team-h', text: 'New team'}), form);
  }

  async function load(openId) {
    try {
      const [teams, us] = await Promise.all([api('GET', '/teams'), admin ? api('GET', '/users') : []]);
      users = (us || []).filter((u) => u.active);
      fill(list, teams?.length ? teams.map((t) => teamCard(t, t.id === openId || teams.length === 1)) : emptyState('No teams yet.', 'Create one above, then add people to it.'));
    } catch (err) {
      fill(list, h('p', {class: 'alert error', text: err.message}));
    }
  }

  function teamCard(t, open) {
    const body = h('div', {class: 'stack'});
    const sum = h('summary', {}, h('strong', {class: 'team-title', text: t.name}), h('span', {class: 'muted', text: ` · ${t.timezone.replaceAll('_', ' ')}`}));
    const d = h('details', {class: 'card team', dataset: {team: t.id}, open}, sum, body);
    const show = () => showTeam(t, body, sum);
    d.addEventListener('toggle', () => { if (d.open && !body.childElementCount) show(); });
    if (open) show();
    return d;
  }

  async function showTeam(t, body, sum) {
    let members = [];
    try {
      members = (await api('GET', `/teams/${enc(t.id)}/members`)) || [];
    } catch (err) {
      return fill(body, h('p', {class: 'alert error', text: err.message}));
    }
    const again = () => showTeam(t, body, sum);
    const rows = members.map((m) => h('li', {class: 'row'},
      h('div', {class: 'row-main'}, h('strong', {text: m.user.name}), m.user.email ? h('span', {class: 'muted', text: m.user.email}) : null),
      admin ? roleSelect(t, m, again) : h('span', {class: 'tag', text: m.role}),
      admin ? h('button', {type: 'button', class: 'btn danger', 'aria-label': `Remove ${m.user.name} from ${t.name}`, text: 'Remove', onclick: async () => {
        if (!await confirmOnce(`Remove ${m.user.name}?`, `${m.user.name} leaves ${t.name}: off its leaderboard from now on. Their time and points stay, and the team keeps the record of when they were in it.`, 'Remove')) return;
        change(() => api('DELETE', `/teams/${enc(t.id)}/members/${enc(m.user.id)}`), `${m.user.name} left ${t.name}.`, again);
      }}) : null));
    fill(body,
      admin ? editForm(t, sum, again) : null,
      h('h3', {text: `Members · ${members.length}`}),
      h('ul', {class: 'rows members'}, rows.length ? rows : h('li', {}, emptyState('Nobody is in this team yet.', admin ? 'Add people below, or send an invite that puts them in it.' : ''))),
      admin ? addForm(t, members, again) : null);
  }

  function roleSelect(t, m, again) {
    const sel = h('select', {name: 'role', 'aria-label': `Role of ${m.user.name} in ${t.name}`},
      h('option', {value: 'member', text: 'Member'}), h('option', {value: 'lead', text: 'Lead'}));
    sel.value = m.role;
    sel.addEventListener('change', () => change(() => api('PUT', `/teams/${enc(t.id)}/members/${enc(m.user.id)}`, {body: {role: sel.value}}),
      `${m.user.name} is now ${sel.value === 'lead' ? 'a lead' : 'a member'} of ${t.name}.`, again));
    return sel;
  }

  async function change(call, done, again) {
    try {
      await call();
      toast(done);
    } catch (err) {
      toast(err.message, {kind: 'error'});
    }
    again();
  }

  function editForm(t, sum, again) {
    const alert = alertBox();
    const name = errField('Team name', h('input', {type: 'text', name: 'name', maxlength: 200, value: t.name}));
    const zone = errField('Time zone', zoneSelect(t.timezone), 'Its leaderboard days and weeks follow this zone.');
    const inputs = {name: name.input, timezone: zone.input};
    const form = h('form', {class: 'stack edit-team', novalidate: true}, h('div', {class: 'row2'}, name.wrap, zone.wrap), alert, h('button', {type: 'submit', class: 'btn', text: 'Save team'}));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(inputs, alert);
      const body = {};
      if (name.input.value.trim() !== t.name) body.name = name.input.value.trim();
      if (zone.input.value !== t.timezone) body.timezone = zone.input.value;
      if (!Object.keys(body).length) return alert.show('Nothing to save: change the name or the zone first.', 'ok');
      try {
        Object.assign(t, await api('PATCH', `/teams/${enc(t.id)}`, {body}));
        fill(sum, h('strong', {class: 'team-title', text: t.name}), h('span', {class: 'muted', text: ` · ${t.timezone.replaceAll('_', ' ')}`}));
        toast(`Saved ${t.name}.`);
        again();
      } catch (err) { showErrors(err, inputs, alert); }
    });
    return form;
  }

  function addForm(t, members, again) {
    const alert = alertBox();
    const inTeam = new Set(members.map((m) => m.user.id));
    const free = users.filter((u) => !inTeam.has(u.id));
    if (!free.length) return h('p', {class: 'muted', text: 'Everyone is in this team. Invite more people from Invites.'});
    const who = errField('Person', h('select', {name: 'user_id'}, free.map((u) => h('option', {value: u.id, text: `${u.name} (${u.email})${u.id === state.me?.id ? ' — you' : ''}`}))));
    const as = errField('As', h('select', {name: 'role'}, h('option', {value: 'member', text: 'Member'}), h('option', {value: 'lead', text: 'Lead'})));
    const form = h('form', {class: 'stack add-member', novalidate: true}, h('h3', {text: 'Add someone'}), h('div', {class: 'row2'}, who.wrap, as.wrap), alert, h('button', {type: 'submit', class: 'btn primary', text: 'Add to team'}));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('PUT', `/teams/${enc(t.id)}/members/${enc(who.input.value)}`, {body: {role: as.input.value}});
        toast(`${who.input.selectedOptions[0].textContent.replace(/ \(.*$/, '')} joined ${t.name}.`);
        again();
      } catch (err) { showErrors(err, {role: as.input}, alert); }
    });
    return form;
  }

  load();
}
