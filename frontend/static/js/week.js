// Week: the ISO week's entries by day, with totals; edit, delete, add.
import {api, url, ApiError} from './api.js';
import {h, fill, field, alertBox, toast, onSubmit, select, dot, link} from './dom.js';
import {entryRow} from './ui/entry.js';
import {icon} from './icons.js';
import {mins, label, short, addDays, weekStart, isoWeek, WEEKDAYS, hm, sum} from './dates.js';
import {state, events, ensureMe, today, loadEntries, ensureTasks, taskName, loadMe, loadProjects, cached} from './store.js';
import {logEntry, pending} from './outbox.js';

export const title = 'Week';

export function render(root, {navigate}) {
  const head = h('div.week-head');
  const body = h('div.days', {'aria-live': 'polite'});
  const alert = alertBox();
  const dlg = entryDialog(() => load());
  const screen = h('div.screen.week', head, alert, body, dlg.el);
  root.append(screen);
  let start, seq = 0;
  // Wide screens get the timesheet too; crossing the width draws the week again.
  const wide = matchMedia('(min-width: 1024px)');
  wide.addEventListener('change', load);
  // What the outbox sent is stored now: drawn again, it can be edited.
  events.addEventListener('synced', load);

  const go = (ws) => navigate(ws === weekStart(today()) ? '/week' : `/week?start=${ws}`);

  async function load() {
    const mine = ++seq; // the last load wins
    alert.show('');
    try {
      await ensureMe();
      const now = today();
      const current = weekStart(now);
      const asked = new URLSearchParams(location.search).get('start');
      start = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? weekStart(asked) : current;
      const end = addDays(start, 6);
      fill(head,
        h('button.icon-btn', {'aria-label': 'Previous week', onclick: () => go(addDays(start, -7))}, icon('left')),
        h('div.week-title',
          h('h1', start === current ? 'This week' : `Week ${isoWeek(start)}`),
          h('p.muted', `${short(start)} – ${short(end)} · `, link('/reports', 'Reports'))),
        h('button.icon-btn', {'aria-label': 'Next week', disabled: start >= current, onclick: () => go(addDays(start, 7))}, icon('right')));
      // Kept on this device: offline, the week still shows, with what waits to sync.
      const [items] = await Promise.all([cached(`week.${start}`, () => loadEntries(start, end)), loadProjects().catch(() => [])]);
      await ensureTasks(items);
      const waiting = (await pending().catch(() => [])).filter((i) => i.body.date >= start && i.body.date <= end);
      if (mine === seq) show(items, waiting, now);
    } catch (err) {
      alert.show(err.message);
    }
  }

  function show(items, waiting, now) {
    const byDay = new Map();
    for (const e of items) byDay.set(e.date, [...(byDay.get(e.date) || []), e]);
    const total = sum(items);
    const workdays = state.me.workdays || [];
    const days = [];
    for (let i = 0; i < 7; i++) {
      const d = addDays(start, i);
      const list = (byDay.get(d) || []).sort((a, b) => (a.created_at || '').localeCompare(b.created_at || ''));
      const n = sum(list);
      const wait = waiting.filter((w) => w.body.date === d);
      const isWork = workdays.includes(WEEKDAYS[i]);
      const hid = `day-${d}`;
      days.push(h('section', {class: `day${d === now ? ' is-today' : ''}${isWork ? '' : ' off'}`, 'aria-labelledby': hid, dataset: {date: d}},
        h('div.day-head',
          h('h2', {id: hid}, label(d, {weekday: 'long', day: 'numeric', month: 'short'}), d === now ? h('span.tag.accent', 'Today') : null),
          h('span.day-total', n ? mins(n) : '')),
        h('ul.entries',
          list.map(row),
          wait.map((w) => entryRow(w.body, {waiting: true})),
          !list.length && !wait.length ? h('li.empty', d > now ? 'Still ahead.' : isWork ? 'Nothing logged.' : 'Day off.') : null),
        d <= now ? h('button.btn.link.add', {onclick: () => dlg.add(d)}, icon('plus'), h('span', 'Add time', h('span.sr-only', ` on ${label(d)}`))) : null));
    }
    const target = (state.me.daily_target_minutes || 0) * workdays.length;
    fill(body,
      h('p.week-total', h('strong', mins(total)), ' logged this week', target ? h('span.nowrap', ` · target ${mins(target)}`) : null),
      wide.matches ? sheet(start, items, waiting, now, alert, load) : null,
      days);
  }

  function row(e) {
    const what = `${taskName(e.task_id)}, ${mins(e.minutes)}`;
    return entryRow(e, {
      tags: [
        e.on_time === false ? h('span.tag.late', {title: 'Logged after the day closed: counts in reports, not toward the streak'}, 'Late') : null,
        e.billable ? h('span.tag', 'Billable') : null,
        e.source === 'timer' ? h('span.tag', 'Timer') : null],
      actions: h('span.entry-actions',
        h('button.icon-btn', {'aria-label': `Edit ${what}`, onclick: () => dlg.edit(e)}, icon('edit')),
        h('button.icon-btn', {'aria-label': `Delete ${what}`, onclick: () => remove(e)}, icon('trash'))),
    });
  }

  async function remove(e) {
    if (!confirm(`Delete ${mins(e.minutes)} on “${taskName(e.task_id)}”?`)) return;
    try {
      await api('DELETE', url`/entries/${e.id}`);
      toast('Entry deleted.');
      loadMe().catch(() => {});
      load();
    } catch (err) {
      alert.show(why(err));
    }
  }

  load();
  return () => {
    wide.removeEventListener('change', load);
    events.removeEventListener('synced', load);
  };
}

const why = (err) => (err instanceof ApiError && err.status === 423 ? 'This entry is locked: it is older than the edit window.' : err.message);

function entryDialog(done) {
  const alert = alertBox();
  const task = h('select', {name: 'task_id', required: true});
  const date = h('input', {type: 'date', name: 'date', required: true});
  const minutes = h('input', {type: 'number', name: 'minutes', min: 1, max: 1440, step: 1, required: true, inputmode: 'numeric'});
  const note = h('textarea', {name: 'note', maxlength: 2000, rows: 3});
  const billable = h('input', {type: 'checkbox', name: 'billable'});
  const heading = h('h2#entry-dlg-h');
  const save = h('button.btn.primary', {type: 'submit', text: 'Save'});
  const form = h('form.stack', {method: 'dialog'},
    heading,
    field('Task', task).wrap,
    h('div.row2', field('Date', date).wrap, field('Minutes', minutes, '60 = 1 hour').wrap),
    field('Note', note).wrap,
    h('label.check', billable, ' Billable'),
    alert,
    h('div.actions', h('button.btn', {text: 'Cancel', onclick: () => el.close()}), save));
  const el = h('dialog.dialog', {'aria-labelledby': 'entry-dlg-h'}, form);
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

  onSubmit(form, async () => {
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
          await api('PATCH', url`/entries/${current.id}`, {body: patch});
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
      alert.show(why(err));
      save.disabled = false;
    }
  });

  return {el, edit: (e) => open(e), add: (d) => open(null, d)};
}

/**
 * The timesheet: a row per task, a column per day; a cell holding several entries is edited in the list below.
 * Time still in the outbox counts, marked as waiting and not editable, so that nobody logs it twice.
 */
function sheet(start, stored, waiting, now, alert, done) {
  const items = [...stored, ...waiting.map((w) => ({...w.body, waiting: true}))];
  const days = WEEKDAYS.map((_, i) => addDays(start, i));
  const at = (task, d) => items.filter((e) => (!task || e.task_id === task) && (!d || e.date === d));
  const tasks = [...new Set(items.map((e) => e.task_id))].sort((a, b) => taskName(a).localeCompare(taskName(b)));
  const target = state.me.daily_target_minutes || 0;
  const tbody = h('tbody', tasks.map(row));
  const pick = select({'aria-label': 'Add a row for a task', onchange: () => {
    if (!pick.value) return;
    tbody.append(row(pick.value));
    pick.selectedOptions[0].remove();
  }}, [['', 'Add a task…'], ...[...state.tasks.values()].filter((t) => !t.archived && !tasks.includes(t.id)).map((t) => [t.id, t.name])]);

  function row(task) {
    return h('tr', h('th', {scope: 'row'}, dot(state.tasks.get(task)?.project_color), taskName(task)),
      days.map((d) => cell(task, d)), h('td.sum', hm(sum(at(task)))));
  }

  function cell(task, d) {
    const list = at(task, d);
    const late = list.some((e) => e.on_time === false) ? 'late' : null;
    if (list.some((e) => e.waiting)) return h('td', {class: late ? 'waiting late' : 'waiting', title: 'Waiting to sync'}, icon('sync'), hm(sum(list)), h('span.sr-only', ' (waiting to sync)'));
    if (list.length > 1 || d > now) return h('td', {class: late}, list.length ? hm(sum(list)) : '');
    const input = h('input', {inputmode: 'decimal', size: 4, value: list.length ? hm(list[0].minutes) : '',
      'aria-label': `${taskName(task)}, ${label(d)}${late ? ', logged late' : ''}`, onchange: () => save(list[0], task, d, input)});
    return h('td', {class: late}, input);
  }

  async function save(entry, task, date, input) {
    const m = readTime(input.value);
    const refuse = (msg) => (input.setAttribute('aria-invalid', 'true'), alert.show(msg));
    if (m === null || m > 1440) return refuse('Type hours as 1:30 or 1.5, or minutes as 90m: at most 24 h.');
    const next = document.activeElement?.getAttribute('aria-label');
    try {
      if (entry && !m) await api('DELETE', url`/entries/${entry.id}`);
      else if (entry) await api('PATCH', url`/entries/${entry.id}`, {body: {minutes: m}});
      else if (m) await logEntry({task_id: task, date, minutes: m});
      loadMe().catch(() => {});
      await done();
      // The grid is drawn anew: the cursor stays where Tab took it.
      if (next) document.querySelector(`table.sheet [aria-label="${CSS.escape(next)}"]`)?.focus();
    } catch (err) {
      refuse(why(err));
    }
  }

  return h('div.table-wrap', h('table.sheet',
    h('caption.sr-only', 'Timesheet: hours per task and day'),
    h('thead', h('tr', h('th', {scope: 'col'}, 'Task'),
      days.map((d) => h('th', {scope: 'col', class: d === now ? 'is-today' : null}, label(d, {weekday: 'short', day: 'numeric'}))),
      h('th', {scope: 'col'}, 'Total'))),
    tbody,
    h('tfoot',
      h('tr', h('th', {scope: 'row'}, pick), days.map((d) => h('td.sum', hm(sum(at(null, d))))), h('td.sum', hm(sum(items)))),
      h('tr.muted', h('th', {scope: 'row'}, 'Target'), days.map((d, i) => h('td', (state.me.workdays || []).includes(WEEKDAYS[i]) ? hm(target) : '–')), h('td')))));
}

/** "1:30", "1.5", "1.5h", "90m" → minutes; "" → 0; anything else → null. */
export function readTime(text) {
  const s = text.trim().toLowerCase().replace(',', '.');
  let m;
  if (!s) return 0;
  if ((m = /^(\d{1,2}):([0-5]\d)$/.exec(s))) return m[1] * 60 + Number(m[2]);
  if ((m = /^(\d+)\s*m$/.exec(s))) return Number(m[1]);
  if ((m = /^(\d+(?:\.\d+)?)\s*h?$/.exec(s))) return Math.round(m[1] * 60) || (+m[1] ? null : 0);
  return null;
}
