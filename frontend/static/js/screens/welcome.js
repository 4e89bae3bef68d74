// First run: the admin names the team, adds a project with tasks and invites
// people, each step skippable, and lands on Today with a task picked.
import {api, url} from '../api.js';
import {h, fill, alertBox, onSubmit} from '../dom.js';
import {ensureMe, addTasks} from '../store.js';
import {errField, showErrors, clearErrors, fieldError, zoneSelect, hereZone, PALETTE} from '../ui/form.js';
import {shareLink} from '../ui/share.js';
import {short} from '../dates.js';

export const title = 'Welcome';

const STEPS = ['Your team', 'First project', 'Invite people'];

export function render(root, {navigate}) {
  const card = h('section.card.welcome', {'aria-labelledby': 'step-h'});
  root.append(h('div.screen.narrow', card));
  let team = null;
  let project = null;
  const made = [];

  function frame(i, head, lead, body, next, skip) {
    const h1 = h('h1#step-h', {tabindex: '-1', text: head});
    fill(card,
      h('ol.steps', {'aria-label': 'Setup'}, STEPS.map((s, j) => h('li', {class: j < i ? 'done' : '', 'aria-current': j === i ? 'step' : null, text: s}))),
      h1, h('p.muted', lead), body,
      h('div.actions', h('button#skip.btn.link', {text: skip, onclick: () => (i < 2 ? steps[i + 1]() : finish())}), next));
    // After the shell has focused <main>: the step's first field is ready to type in.
    setTimeout(() => (body.querySelector('input:not([type=checkbox])') || h1).focus(), 0);
  }

  function form(fields, onsubmit, label) {
    const btn = h('button.btn.primary', {type: 'submit', id: 'next', text: label});
    const f = h('form.stack', {novalidate: true}, fields);
    onSubmit(f, async () => {
      btn.disabled = true;
      try { await onsubmit(); } finally { btn.disabled = false; }
    });
    btn.setAttribute('form', f.id = 'step-form');
    return [f, btn];
  }

  function teamStep() {
    const alert = alertBox();
    const name = errField('Team name', h('input', {type: 'text', name: 'name', maxlength: 200, required: true, placeholder: 'e.g. Remote Crew', autocomplete: 'off'}));
    const zone = errField('Time zone', zoneSelect(hereZone()), 'Leaderboard days and weeks follow this zone.');
    const inputs = {name: name.input, timezone: zone.input};
    const [f, btn] = form([name.wrap, zone.wrap, alert], async () => {
      clearErrors(inputs, alert);
      if (!name.input.value.trim()) return fieldError(name.input, 'Give your team a name.');
      try {
        team = await api('POST', '/teams', {body: {name: name.input.value.trim(), timezone: zone.input.value}});
        const me = await ensureMe();
        await api('PUT', url`/teams/${team.id}/members/${me.id}`, {body: {role: 'lead'}});
        projectStep();
      } catch (err) { showErrors(err, inputs, alert); }
    }, 'Next');
    frame(0, 'Welcome! Set up your team', 'Name the team you work with. You will be its lead, and its leaderboard starts today.', f, btn, 'Skip');
  }

  function projectStep() {
    const alert = alertBox();
    const name = errField('Project name', h('input', {type: 'text', name: 'name', maxlength: 200, placeholder: 'e.g. Website', autocomplete: 'off'}));
    const tasks = errField('Tasks, one per line', h('textarea', {name: 'tasks', rows: 3, placeholder: 'Design\nBuild'}), 'Anyone can add more tasks later while logging time.');
    if (project) name.input.value = project.name;
    const inputs = {name: name.input, tasks: tasks.input};
    const [f, btn] = form([name.wrap, tasks.wrap, alert], async () => {
      clearErrors(inputs, alert);
      if (!name.input.value.trim()) return fieldError(name.input, 'Give your project a name.');
      const lines = tasks.input.value.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 20);
      try {
        if (!project) project = await api('POST', '/projects', {body: {name: name.input.value.trim(), color: PALETTE[0][0]}});
      } catch (err) { return showErrors(err, inputs, alert); }
      for (const [n, line] of lines.entries()) {
        if (made.some((t) => t.name === line)) continue;
        try {
          made.push(await api('POST', url`/projects/${project.id}/tasks`, {body: {name: line}}));
        } catch (err) {
          return fieldError(tasks.input, `Line ${n + 1}: ${err.fields?.[0]?.message || err.message}`);
        }
      }
      inviteStep();
    }, 'Next');
    frame(1, 'Add your first project', 'Time is logged on tasks, and tasks belong to projects.', f, btn, 'Skip');
  }

  function inviteStep() {
    const alert = alertBox();
    const out = h('div#invite-out.stack');
    const email = errField('Their email (optional)', h('input', {type: 'email', name: 'email', autocomplete: 'off', spellcheck: 'false'}), 'Leave it empty for a link anyone can use once.');
    const join = team ? h('label.check', h('input', {type: 'checkbox', name: 'team', checked: true}), h('span', 'They join ', h('strong', team.name))) : null;
    const inputs = {email: email.input};
    const [f] = form([email.wrap, join, alert, h('button.btn', {type: 'submit', id: 'make-invite', text: 'Create invite link'}), out], async () => {
      clearErrors(inputs, alert);
      const body = {};
      if (email.input.value.trim()) body.email = email.input.value.trim();
      if (join?.querySelector('input').checked) body.team_id = team.id;
      try {
        const inv = await api('POST', '/invites', {body});
        email.input.value = '';
        out.prepend(h('div.invite-made', shareLink(location.origin + url`/register?invite=${inv.code}`, {label: 'Invite link'}),
          h('p.hint', `${inv.email ? `Only for ${inv.email}. ` : ''}Works once, until ${short(inv.expires_at.slice(0, 10))}.`)));
      } catch (err) { showErrors(err, inputs, alert); }
    }, '');
    const done = h('button#finish.btn.primary', {text: 'Finish', onclick: finish});
    frame(2, 'Invite your people', 'Each link lets one person create an account. Send it however you like.', f, done, 'Skip');
  }

  function finish() {
    if (made.length) {
      addTasks(made.map((t) => ({project_name: project.name, project_color: project.color, ...t})));
      sessionStorage.setItem('timestreak.pick', made[0].id);
    }
    navigate('/', {replace: true});
  }

  const steps = [teamStep, projectStep, inviteStep];
  teamStep();
}
