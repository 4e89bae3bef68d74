// Week: the ISO week's entries by day, with totals; edit, delete, add.
import {api, ApiError} from './api.js';
import {h, fill, field, alertBox, toast} from './dom.js';
import {icon} from './icons.js';
import {mins, label, short, addDays, weekStart, isoWeek} from './dates.js';
import {state, ensureMe, today, loadEntries, ensureTasks, taskName, loadMe, loadProjects} from './store.js';
import {logEntry, pending} from './outbox.js';
import {colorDot} from './today.js';

export const title = 'Week';

export function render(root, {navigate}) {
  const head = h('div', {class: 'week-head'});
  const body = h('div', {class: 'days', 'aria-live': 'polite'});
  const alert = alertBox();
  const dlg = entryDialog(() => load());
  const screen = h('div', {class: 'screen week'}, head, alert, body, dlg.el);
  root.append(screen);
  let start;

  function go(ws) {
    const url = ws === weekStart(today()) ? '/week' : `/week?start=${ws}`;
    navigate(url);
  }

  async function load() {
    alert.show('');
    try {
      await ensureMe();
      const now = today();
      const current = weekStart(now);
      const asked = new URLSearchParams(location.search).get('start');
      start = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? weekStart(asked) : current;
      const end = addDays(start, 6);
      fill(head,
        h('button', {type: 'button', class: 'icon-btn', 'aria-label': 'Previous week', onclick: () => go(addDays(start, -7))}, icon('left')),
        h('div', {class: 'week-title'},
          h('h1', {text: start === current ? 'This week' : `Week ${isoWeek(start)}`}),
          h('p', {class: 'muted'}, `${short(start)} – ${short(end)} · `, h('a', {href: '/reports', 'data-link': '', text: 'Reports'}))),
        h('button', {type: 'button', class: 'icon-btn', 'aria-label': 'Next week', disabled: start >= current, onclick: () => go(addDays(start, 7))}, icon('right')));
      const [items] = await Promise.all([loadEntries(start, end), loadProjects().catch(() => [])]);
      await ensureTasks(items);
      const waiting = (await pending().catch(() => [])).filter((i) => i.body.date >= start && i.body.date <= end);
      show(items, waiting, now);
    } catch (err) {
      alert.show(err.message);
    }
  }

  function show(items, waiting, now) {
    const byDay = new Map();
    for (const e of items) byDay.set(e.date, [...(byDay.get(e.date) || []), e]);
    const total = items.reduce((s, e) => s + e.minutes, 0);
    const workdays = state.me.workdays || [];
    const days = [];
    for (let i = 0; i < 7; i++) {
      const d = addDays(start, i);
      const list = (byDay.get(d) || []).sort((a, b) => (a.created_at || '').localeCompare(b.created_at || ''));
      const sum = list.reduce((s, e) => s + e.minutes, 0);
      const wait = waiting.filter((w) => w.body.date === d);
      const isWork = workdays.includes(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][i]);
      const hid = `day-${d}`;
      days.push(h('section', {class: `day${d === now ? ' is-today' : ''}${isWork ? '' : ' off'}`, 'aria-labelledby': hid, dataset: {date: d}},
        h('div', {class: 'day-head'},
          h('h2', {id: hid}, label(d, {weekday: 'long', day: 'numeric', month: 'short'}), d === now ? h('span', {class: 'tag accent', text: 'Today'}) : null),
          h('span', {class: 'day-total', text: sum ? mins(sum) : ''})),
        h('ul', {class: 'entries'},
          list.map((e) => row(e)),
          wait.map((w) => h('li', {class: 'entry'}, h('div', {class: 'entry-main'}, h('span', {class: 'entry-task', text: taskName(w.body.task_id)}), w.body.note ? h('span', {class: 'entry-note', text: w.body.note}) : null, h('span', {class: 'tag warn'}, icon('sync'), 'Waiting to sync')), h('span', {class: 'entry-min', text: mins(w.body.minutes)}))),
          !list.length && !wait.length ? h('li', {class: 'empty', text: d > now ? 'Still ahead.' : isWork ? 'Nothing logged.' : 'Day off.'}) : null),
        d <= now ? h('button', {type: 'button', class: 'btn link add', onclick: () => dlg.add(d)}, icon('plus'), h('span', {}, 'Add time', h('span', {class: 'sr-only', text: ` on ${label(d)}`}))) : null));
    }
    const target = (state.me.daily_target_minutes || 0) * workdays.length;
    fill(body,
      h('p', {class: 'week-total'}, h('strong', {text: mins(total)}), ' logged this week', target ? h('span', {class: 'nowrap', text: ` · target ${mins(target)}`}) : null),
      days);
  }

  function row(e) {
    const name = taskName(e.task_id);
    return h('li', {class: 'entry', dataset: {id: e.id}},
      h('div', {class: 'entry-main'},
        h('span', {class: 'entry-task'}, colorDot(h('span', {class: 'dot'}), state.tasks.get(e.task_id)?.project_color), name),
        e.note ? h('span', {class: 'entry-note', text: e.note}) : null,
        h('span', {class: 'tags'},
          e.on_time === false ? h('span', {class: 'tag late', title: 'Logged after the day closed: counts in reports, not toward the streak'}, 'Late') : null,
          e.billable ? h('span', {class: 'tag', text: 'Billable'}) : null,
          e.source === 'timer' ? h('span', {class: 'tag', text: 'Timer'}) : null)),
      h('span', {class: 'entry-min', text: mins(e.minutes)}),
      h('span', {class: 'entry-actions'},
        h('button', {type: 'button', class: 'icon-btn', 'aria-label': `Edit ${name}, ${mins(e.minutes)}`, onclick: () => dlg.edit(e)}, icon('edit')),
        h('button', {type: 'button', class: 'icon-btn', 'aria-label': `Delete ${name}, ${mins(e.minutes)}`, onclick: () => remove(e)}, icon('trash'))));
  }

  async function remove(e) {
    if (!confirm(`Delete ${mins(e.minutes)} on “${taskName(e.task_id)}”?`)) return;
    try {
      await api('DELETE', `/entries/${encodeURIComponent(e.id)}`);
      toast('Entry deleted.');
      loadMe().catch(() => {});
      load();
    } catch (err) {
      alert.show(err instanceof ApiError && err.status === 423 ? 'This entry is locked: it is older than the edit window.' : err.message);
    }
  }

  load();
}

/** The edit / add dialog. */
function entryDialog(done) {
  const alert = alertBox();
  const task = h('select', {name: 'task_id', required: true});
  const date = h('input', {type: 'date', name: 'date', required: true});
  const minutes = h('input', {type: 'number', name: 'minutes', min: 1, max: 1440, step: 1, required: true, inputmode: 'numeric'});
  const note = h('textarea', {name: 'note', maxlength: 2000, rows: 3});
  const billable = h('input', {type: 'checkbox', name: 'billable'});
  const heading = h('h2', {id: 'entry-dlg-h'});
  const save = h('button', {type: 'submit', class: 'btn primary', text: 'Save'});
  const form = h('form', {class: 'stack', method: 'dialog'},
    heading,
    field('Task', task).wrap,
    h('div', {class: 'row2'}, field('Date', date).wrap, field('Minutes', minutes, '60 = 1 hour').wrap),
    field('Note', note).wrap,
    h('label', {class: 'check'}, billable, ' Billable'),
    alert,
    h('div', {class: 'actions'}, h('button', {type: 'button', class: 'btn', text: 'Cancel', onclick: () => el.close()}), save));
  const el = h('dialog', {class: 'dialog', 'aria-labelledby': 'entry-dlg-h'}, form);
  let current = null;

  function options(selectedId) {
    const groups = new Map();
    for (const t of state.tasks.values()) {
      if (t.archived && t.id !== selectedId) continue;
      const key = t.project_name || 'Other';
      groups.set(key, [...(groups.get(key) || []), t]);
    }
    fill(task, [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, list]) =>
      h('optgroup', {label: name}, list.sort((a, b) => a.name.localeCompare(b.name)).map((t) => h('option', {value: t.id, text: t.name})))));
    if (selectedId) task.value = selectedId;
  }

  function open(entry, day) {
    current = entry;
    alert.show('');
    options(entry?.task_id || localStorage.getItem('timestreak.lastTask'));
    heading.textContent = entry ? 'Edit entry' : `Add time · ${label(day)}`;
    date.max = today();
    date.value = entry ? entry.date : day;
    minutes.value = entry ? entry.minutes : '';
    note.value = entry?.note || '';
    billable.checked = !!entry?.billable;
    save.disabled = false;
    el.showModal();
    (entry ? minutes : task).focus();
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    alert.show('');
    const m = Number(minutes.value);
    if (!task.value) return alert.show('Pick a task.');
    if (!Number.isInteger(m) || m < 1 || m > 1440) {
      minutes.focus();
      return alert.show('Minutes: enter a whole number from 1 to 1440.');
    }
    if (!date.value || date.value > today()) return alert.show('Date: pick today or an earlier day.');
    const body = {task_id: task.value, date: date.value, minutes: m, note: note.value.trim(), billable: billable.checked};
    save.disabled = true;
    try {
      if (current) {
        // Send only what changed: a date left alone is not a move.
        const patch = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== (current[k] ?? (k === 'note' ? '' : k === 'billable' ? false : undefined))));
        if (Object.keys(patch).length) {
          await api('PATCH', `/entries/${encodeURIComponent(current.id)}`, {body: patch});
          toast('Entry saved.');
        }
      } else {
        localStorage.setItem('timestreak.lastTask', body.task_id);
        const res = await logEntry(body);
        toast(res.queued ? 'No connection: saved on this device, it will sync.' : `Logged ${mins(m)}.`, {kind: res.queued ? 'warn' : 'info'});
      }
      el.close();
      loadMe().catch(() => {});
      done();
    } catch (err) {
      alert.show(err instanceof ApiError && err.status === 423 ? 'This entry is locked: it is older than the edit window.' : err.message);
      save.disabled = false;
    }
  });

  return {el, edit: (e) => open(e), add: (d) => open(null, d)};
}
