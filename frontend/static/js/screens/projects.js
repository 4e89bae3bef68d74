// Projects and tasks (admin): create, rename, colour from a fixed palette,
// archive and restore; tasks a page at a time, with ClickUp links marked.
import {api, url} from '../api.js';
import {h, fill, alertBox, toast, nextId, debounce, act, dot, onSubmit, titled} from '../dom.js';
import {errField, showErrors, clearErrors, fieldError, PALETTE} from '../ui/form.js';
import {confirmOnce} from '../ui/dialog.js';
import {consoleNav, emptyState} from '../ui/console.js';

export const title = 'Projects';


function swatches(value) {
  const name = nextId('color');
  const set = h('fieldset.swatches', h('legend', 'Colour'), PALETTE.map(([c, label]) => {
    return h('label', {title: label}, h('input', {type: 'radio', name, value: c, checked: c === value}), dot(c, 'swatch'), h('span.sr-only', label));
  }));
  set.value = () => set.querySelector('input:checked')?.value;
  return set;
}

export function render(root, {path, role}) {
  const list = h('div#project-list.stack');
  const alert = alertBox();
  const name = errField('Name', h('input', {type: 'text', name: 'name', maxlength: 200, autocomplete: 'off'}));
  const colors = swatches(PALETTE[0][0]);
  const form = h('form.stack', {novalidate: true, id: 'new-project'}, name.wrap, colors, alert, h('button.btn.primary', {type: 'submit', text: 'Create project'}));
  onSubmit(form, async () => {
    clearErrors({name: name.input}, alert);
    if (!name.input.value.trim()) return fieldError(name.input, 'Give the project a name.');
    try {
      const p = await api('POST', '/projects', {body: {name: name.input.value.trim(), color: colors.value()}});
      name.input.value = '';
      toast(`Project “${p.name}” created. Add its tasks below.`);
      load(p.id);
    } catch (err) { showErrors(err, {name: name.input}, alert); }
  });
  root.append(h('div.screen.console', consoleNav(path, role),
    titled('section.card', 'h1#new-project-h', 'Projects', form), list));

  async function load(openId) {
    try {
      const ps = (await api('GET', '/projects')) || [];
      ps.sort((a, b) => a.archived - b.archived);
      fill(list, ps.length ? ps.map((p) => projectCard(p, p.id === openId)) : emptyState('No projects yet.', 'Create one above; then anyone can add tasks and log time on them.'));
    } catch (err) {
      fill(list, h('p.alert.error', err.message));
    }
  }

  function projectCard(p, open) {
    const body = h('div.stack');
    const d = h('details', {class: `card project${p.archived ? ' archived' : ''}`, dataset: {project: p.id}, open},
      h('summary', dot(p.color), ' ', h('strong', p.name), p.archived ? h('span.tag', 'archived') : null), body);
    d.addEventListener('toggle', () => { if (d.open && !body.childElementCount) showProject(p, body); });
    if (open) showProject(p, body);
    return d;
  }

  function showProject(p, body) {
    const alert = alertBox();
    const pname = errField('Project name', h('input', {type: 'text', name: 'name', maxlength: 200, value: p.name}));
    const colors = swatches(p.color);
    const edit = h('form.stack', {novalidate: true}, pname.wrap, colors, alert,
      h('div.actions.start', h('button.btn', {type: 'submit', text: 'Save project'}),
        h('button', {class: p.archived ? 'btn' : 'btn danger', text: p.archived ? 'Restore project' : 'Archive project', onclick: async () => {
          if (!p.archived && !await confirmOnce(`Archive ${p.name}?`, 'Its tasks leave the task picker and running timers on them stop and are logged. Reports keep its time; you can restore it.', 'Archive')) return;
          act(() => api('PATCH', url`/projects/${p.id}`, {body: {archived: !p.archived}}), p.archived ? 'Project restored.' : 'Project archived.', () => load(p.id));
        }})));
    onSubmit(edit, async () => {
      clearErrors({name: pname.input}, alert);
      try {
        await api('PATCH', url`/projects/${p.id}`, {body: {name: pname.input.value.trim(), color: colors.value()}});
        toast('Project saved.');
        load(p.id);
      } catch (err) { showErrors(err, {name: pname.input}, alert); }
    });
    const tasks = h('ul.rows.tasks');
    const more = h('button.btn.link', {text: 'Show more tasks', hidden: true});
    const find = h('input', {type: 'search', name: 'task_q', autocomplete: 'off', maxlength: 200, 'aria-label': `Find a task in ${p.name}`, placeholder: 'Find a task'});
    let cursor = '';
    let seq = 0;
    async function page(reset) {
      const mine = ++seq;
      const term = find.value.trim();
      if (reset) cursor = '';
      try {
        const q = new URLSearchParams({limit: '50'});
        if (term) q.set('q', term);
        if (cursor) q.set('cursor', cursor);
        const res = await api('GET', url`/projects/${p.id}/tasks?` + q);
        if (mine !== seq) return; // a newer search answered or will
        if (reset) fill(tasks);
        tasks.append(...(res?.items || []).map((t) => taskRow(t, () => page(true))));
        cursor = res?.next_cursor || '';
        more.hidden = !cursor;
        if (!tasks.childElementCount) tasks.append(h('li', term ? emptyState('No task matches.', 'Try part of its name.') : emptyState('No tasks yet.', 'Add the first one below.')));
      } catch (err) {
        tasks.append(h('li.alert.error', err.message));
      }
    }
    more.addEventListener('click', () => page(false));
    find.addEventListener('input', debounce(() => page(true), 250));
    const talert = alertBox();
    const tname = errField('New task', h('input', {type: 'text', name: 'task', maxlength: 300, autocomplete: 'off'}));
    const add = h('form.add-task', {novalidate: true}, tname.wrap, h('button.btn', {type: 'submit', text: 'Add task'}), talert);
    onSubmit(add, async () => {
      clearErrors({name: tname.input}, talert);
      if (!tname.input.value.trim()) return fieldError(tname.input, 'Name the task.');
      try {
        await api('POST', url`/projects/${p.id}/tasks`, {body: {name: tname.input.value.trim()}});
        tname.input.value = '';
        page(true);
      } catch (err) { showErrors(err, {name: tname.input}, talert); }
    });
    fill(body, edit, h('h3', 'Tasks'), find, tasks, more, p.archived ? null : add);
    page(true);
  }

  function taskRow(t, again) {
    const li = h('li', {class: `row${t.archived ? ' archived' : ''}`});
    const view = () => fill(li,
      h('div.row-main', h('strong', t.name),
        h('span.tags', t.archived ? h('span.tag', 'archived') : null, t.external_ref ? h('span.tag.accent', `ClickUp ${t.external_ref}`) : null)),
      h('span.row-acts', h('button.btn.link', {'aria-label': `Rename ${t.name}`, text: 'Rename', onclick: rename}),
      h('button.btn.link', {'aria-label': `${t.archived ? 'Restore' : 'Archive'} ${t.name}`, text: t.archived ? 'Restore' : 'Archive', onclick: async () => {
        if (!t.archived && !await confirmOnce(`Archive ${t.name}?`, 'It leaves the task picker; a timer running on it stops and is logged. Its time stays in reports.', 'Archive')) return;
        act(() => api('PATCH', url`/tasks/${t.id}`, {body: {archived: !t.archived}}), t.archived ? 'Task restored.' : 'Task archived.', again);
      }})));
    function rename() {
      const alert = alertBox();
      const f = errField('Task name', h('input', {type: 'text', name: 'task', maxlength: 300, value: t.name}));
      const form = h('form.add-task', {novalidate: true}, f.wrap, h('button.btn', {type: 'submit', text: 'Save'}),
        h('button.btn.link', {text: 'Cancel', onclick: view}), alert);
      onSubmit(form, async () => {
        try {
          Object.assign(t, await api('PATCH', url`/tasks/${t.id}`, {body: {name: f.input.value.trim()}}));
          view();
        } catch (err) { showErrors(err, {name: f.input}, alert); }
      });
      fill(li, form);
      f.input.focus();
    }
    view();
    return li;
  }

  load();
}
