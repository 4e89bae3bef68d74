// Teams: the admin creates teams, renames them, sets their time zone and
// manages members and leads; a lead sees their teams, read-only.
import {api, url} from '../api.js';
import {h, fill, alertBox, toast, act, onSubmit, select, titled} from '../dom.js';
import {state} from '../store.js';
import {errField, showErrors, clearErrors, fieldError, zoneSelect, hereZone} from '../ui/form.js';
import {confirmOnce} from '../ui/dialog.js';
import {consoleNav, emptyState} from '../ui/console.js';

export const title = 'Teams';

const ROLES = [['member', 'Member'], ['lead', 'Lead']];

export function render(root, {path, role}) {
  const admin = role === 'admin';
  const list = h('div#team-list.stack');
  const top = h('h1', admin ? 'Teams' : 'Your teams');
  root.append(h('div.screen.console', consoleNav(path, role), top, admin ? createCard() : h('p.muted', 'Only an admin changes teams and who is in them.'), list));
  let users = [];

  function createCard() {
    const form = teamForm(null, {id: 'new-team'}, h('button.btn.primary', {type: 'submit', text: 'Create team'}), async (name, timezone) => {
      if (!name.value.trim()) return fieldError(name, 'Give the team a name.');
      const t = await api('POST', '/teams', {body: {name: name.value.trim(), timezone}});
      name.value = '';
      toast(`Team “${t.name}” created. Add its members below.`);
      load(t.id);
    });
    return titled('section.card', 'h2#new-team-h', 'New team', form);
  }

  /** A team's name and zone, new (t null) or to change: save(name input, zone, alert) sends them. */
  function teamForm(t, attrs, button, save) {
    const alert = alertBox();
    const name = errField(t ? 'Team name' : 'Name', h('input', {type: 'text', name: 'name', maxlength: 200, autocomplete: 'off', value: t?.name}));
    const zone = errField('Time zone', zoneSelect(t ? t.timezone : hereZone()), t && 'Its leaderboard days and weeks follow this zone.');
    const inputs = {name: name.input, timezone: zone.input};
    const form = h('form.stack', {novalidate: true, ...attrs}, h('div.row2', name.wrap, zone.wrap), alert, button);
    onSubmit(form, async () => {
      clearErrors(inputs, alert);
      try { await save(name.input, zone.input.value, alert); } catch (err) { showErrors(err, inputs, alert); }
    });
    return form;
  }

  async function load(openId) {
    try {
      const [teams, us] = await Promise.all([api('GET', '/teams'), admin ? api('GET', '/users') : []]);
      users = (us || []).filter((u) => u.active);
      fill(list, teams?.length ? teams.map((t) => teamCard(t, t.id === openId || teams.length === 1)) : emptyState('No teams yet.', 'Create one above, then add people to it.'));
    } catch (err) {
      fill(list, h('p.alert.error', err.message));
    }
  }

  const summary = (t, sum) => fill(sum, h('strong.team-title', t.name), h('span.muted', ` · ${t.timezone.replaceAll('_', ' ')}`));

  function teamCard(t, open) {
    const body = h('div.stack');
    const sum = h('summary');
    summary(t, sum);
    const d = h('details.card.team', {dataset: {team: t.id}, open}, sum, body);
    const show = () => showTeam(t, body, sum);
    d.addEventListener('toggle', () => { if (d.open && !body.childElementCount) show(); });
    if (open) show();
    return d;
  }

  async function showTeam(t, body, sum) {
    let members = [];
    try {
      members = (await api('GET', url`/teams/${t.id}/members`)) || [];
    } catch (err) {
      return fill(body, h('p.alert.error', err.message));
    }
    const again = () => showTeam(t, body, sum);
    const rows = members.map((m) => h('li.row',
      h('div.row-main', h('strong', m.user.name), m.user.email ? h('span.muted', m.user.email) : null),
      admin ? roleSelect(t, m, again) : h('span.tag', m.role),
      admin ? h('button.btn.danger', {'aria-label': `Remove ${m.user.name} from ${t.name}`, text: 'Remove', onclick: async () => {
        if (!await confirmOnce(`Remove ${m.user.name}?`, `${m.user.name} leaves ${t.name}: off its leaderboard from now on. Their time and points stay, and the team keeps the record of when they were in it.`, 'Remove')) return;
        act(() => api('DELETE', url`/teams/${t.id}/members/${m.user.id}`), `${m.user.name} left ${t.name}.`, again);
      }}) : null));
    fill(body,
      admin ? editForm(t, sum, again) : null,
      h('h3', `Members · ${members.length}`),
      h('ul.rows.members', rows.length ? rows : h('li', emptyState('Nobody is in this team yet.', admin ? 'Add people below, or send an invite that puts them in it.' : ''))),
      admin ? addForm(t, members, again) : null);
  }

  function roleSelect(t, m, again) {
    const sel = select({name: 'role', 'aria-label': `Role of ${m.user.name} in ${t.name}`}, ROLES);
    sel.value = m.role;
    sel.addEventListener('change', () => act(() => api('PUT', url`/teams/${t.id}/members/${m.user.id}`, {body: {role: sel.value}}),
      `${m.user.name} is now ${sel.value === 'lead' ? 'a lead' : 'a member'} of ${t.name}.`, again));
    return sel;
  }

  function editForm(t, sum, again) {
    return teamForm(t, {class: 'stack edit-team'}, h('button.btn', {type: 'submit', text: 'Save team'}), async (name, timezone, alert) => {
      const body = {};
      if (name.value.trim() !== t.name) body.name = name.value.trim();
      if (timezone !== t.timezone) body.timezone = timezone;
      if (!Object.keys(body).length) return alert.show('Nothing to save: change the name or the zone first.', 'ok');
      Object.assign(t, await api('PATCH', url`/teams/${t.id}`, {body}));
      summary(t, sum);
      toast(`Saved ${t.name}.`);
      again();
    });
  }

  function addForm(t, members, again) {
    const alert = alertBox();
    const inTeam = new Set(members.map((m) => m.user.id));
    const free = users.filter((u) => !inTeam.has(u.id));
    if (!free.length) return h('p.muted', 'Everyone is in this team. Invite more people from Invites.');
    const who = errField('Person', select({name: 'user_id'}, free.map((u) => [u.id, `${u.name} (${u.email})${u.id === state.me?.id ? ' — you' : ''}`])));
    const as = errField('As', select({name: 'role'}, ROLES));
    const form = h('form.stack.add-member', {novalidate: true}, h('h3', 'Add someone'), h('div.row2', who.wrap, as.wrap), alert, h('button.btn.primary', {type: 'submit', text: 'Add to team'}));
    onSubmit(form, async () => {
      try {
        await api('PUT', url`/teams/${t.id}/members/${who.input.value}`, {body: {role: as.input.value}});
        toast(`${who.input.selectedOptions[0].textContent.replace(/ \(.*$/, '')} joined ${t.name}.`);
        again();
      } catch (err) { showErrors(err, {role: as.input}, alert); }
    });
    return form;
  }

  load();
}
