// Today: log time in at most three taps, the timer, progress, streak, points.
import {api, url, ApiError} from './api.js';
import {loadTimer} from './ui/timer.js';
import {why} from './ui/points.js';
import {h, fill, field, alertBox, debounce, toast, dot, select, titled, link} from './dom.js';
import {entryRow} from './ui/entry.js';
import {icon, ring} from './icons.js';
import {countUp, celebrate} from './anim.js';
import {mins, label, addDays, count} from './dates.js';
import {state, events, emit, loadMe, ensureMe, today, applyDay, loadProjects, ensureTasks, searchTasks, addTasks, loadEntries, newestFirst, cached} from './store.js';
import {logEntry, pending} from './outbox.js';

export const title = 'Today';

const QUICK = [[15, '15 m'], [30, '30 m'], [60, '1 h'], [120, '2 h']];

/** What to do next, in a friendly voice. */
export function nextStep(t) {
  if (!t) return '';
  const left = t.target_minutes - t.minutes;
  if (!t.workday) return t.minutes ? 'Time logged on a day off. It all counts in reports.' : 'A day off. Enjoy it — log time only if you worked.';
  if (!t.minutes) return 'Log today\'s time';
  if (left > 0) return `${mins(left)} to a full day`;
  return 'Full day logged. Nice work!';
}

export function render(root, {navigate}) {
  const off = [];
  const listen = (target, name, fn) => { target.addEventListener(name, fn); off.push(() => target.removeEventListener(name, fn)); };
  let selected = null;
  let entries = []; // last 30 days, newest first

  // ---- hero: progress ring, next step, streak, pending points
  const r = ring();
  const ringMinutes = h('span.ring-value', {dataset: {value: '0'}});
  const ringTarget = h('span.ring-sub');
  const progress = h('div.ring-wrap', {role: 'img'}, r.svg, h('div.ring-label', ringMinutes, ringTarget));
  const next = h('p#next-step.next-step');
  const streakNum = h('strong.streak-num', {dataset: {value: '0'}});
  const flame = icon('flame', 'flame');
  const freezes = h('span.freezes');
  const points = h('strong#pending-points.points-num', {dataset: {value: '0'}});
  const dateLine = h('p.date-line');
  const hero = h('section.card.hero', {'aria-labelledby': 'today-h'},
    h('div.hero-head', h('h1#today-h', 'Today'), dateLine),
    h('div.hero-body',
      progress,
      h('div.hero-stats',
        next,
        h('p.stat.streak', flame, h('span', streakNum, ' ', h('span.unit', 'day streak')), freezes))));

  function showStats(me, animate = true) {
    const t = me?.stats?.today;
    if (!t) return;
    const prev = Number(ringMinutes.dataset.value);
    const shown = ringMinutes.dataset.shown === '1';
    ringMinutes.dataset.shown = '1';
    r.set(t.target_minutes ? t.minutes / t.target_minutes : 0);
    const fmt = animate ? countUp : (el, v, f) => { el.dataset.value = String(v); el.textContent = f(v); };
    fmt(ringMinutes, t.minutes, mins);
    ringTarget.textContent = `of ${mins(t.target_minutes)}`;
    of.textContent = `${mins(t.minutes)} of ${mins(t.target_minutes)}`;
    progress.setAttribute('aria-label', `${of.textContent} logged today`);
    next.textContent = nextStep(t);
    dateLine.textContent = label(t.date);
    fmt(streakNum, me.stats.streak.current, String);
    flame.classList.toggle('unlit', !me.stats.streak.current);
    fmt(points, t.pending_points, (v) => `+${v}`);
    fill(freezes);
    const n = me.stats.streak.freezes || 0;
    if (n) {
      freezes.append(...Array.from({length: n}, () => icon('snowflake', 'snow')), h('span.sr-only', `${n} streak ${n === 1 ? 'freeze' : 'freezes'}`));
      freezes.title = `${count(n, 'freeze')}: a missed workday will not break your streak`;
    }
    if (animate && shown && t.workday && prev < t.target_minutes && t.minutes >= t.target_minutes) {
      celebrate('Full day! That is +5 points when the day closes.', progress);
    }
  }

  // ---- log time
  const alert = alertBox();
  const chosen = h('div.chosen', {hidden: true});
  const recent = h('div#recent-tasks.chips', {role: 'group', 'aria-label': 'Recent tasks'});
  const recentWrap = h('div.recent', h('h3.sub', 'Recent'), recent);
  const search = h('input', {type: 'search', name: 'task-search', autocomplete: 'off', placeholder: 'Type to find or add a task', enterkeyhint: 'search'});
  const results = h('ul.results', {'aria-live': 'polite'});
  const creator = h('div.creator', {hidden: true});
  const note = h('input', {type: 'text', name: 'note', maxlength: 2000, placeholder: 'What did you do? (optional)'});
  const minutesIn = h('input', {type: 'number', name: 'minutes', min: 1, max: 1440, step: 1, inputmode: 'numeric'});
  const of = h('span');
  const line = h('p#progress-line.progress-line', of, ' · ', points, ' pending');
  const done = h('p.done', {role: 'status'});
  const quick = h('div.quick', {role: 'group', 'aria-label': 'Log time'},
    QUICK.map(([m, text]) => h('button.btn.quick-btn', {dataset: {minutes: String(m)}, 'aria-label': `Log ${mins(m)}`, text, onclick: () => submit(m)})));
  const startBtn = h('button#timer-start.btn', {onclick: start}, icon('play'), 'Start timer');
  const custom = h('form.custom', {onsubmit: (e) => { e.preventDefault(); submit(Number(minutesIn.value)); }},
    field('Minutes', minutesIn).wrap, h('button.btn', {type: 'submit', text: 'Log'}), startBtn);

  const logCard = titled('section.card.log', 'h2#log-h', 'Log time',
    h('p.step', '1. Pick a task'),
    chosen, recentWrap,
    field('Find a task', search).wrap,
    results, creator,
    h('p.step', '2. Note, then the time'),
    field('Note', note).wrap,
    quick, line, done, custom, alert);

  function choose(task) {
    selected = task;
    alert.show('');
    fill(chosen, task ? [
      dot(task.project_color),
      h('span.chosen-name', h('span.sr-only', 'Selected task: '), task.name, h('span.muted', ` · ${task.project_name || ''}`)),
      h('button.btn.link', {text: 'Change', onclick: () => { choose(null); search.focus(); }}),
    ] : []);
    chosen.hidden = !task;
    for (const b of [...recent.querySelectorAll('button'), ...results.querySelectorAll('button')]) b.setAttribute('aria-pressed', String(b.dataset.task === task?.id));
    showStart();
  }

  function taskButton(t) {
    return h('button.chip', {dataset: {task: t.id}, 'aria-pressed': String(selected?.id === t.id), onclick: () => choose(t)},
      dot(t.project_color), h('span.chip-name', t.name), h('span.chip-project', t.project_name || ''));
  }

  function showRecent() {
    const seen = new Set();
    const list = [];
    for (const e of entries) {
      if (seen.has(e.task_id)) continue;
      seen.add(e.task_id);
      const t = state.tasks.get(e.task_id);
      if (t && !t.archived) list.push(t);
      if (list.length >= 6) break;
    }
    // The row keeps its place, empty or not: nothing below it moves.
    fill(recent, list.length ? list.map(taskButton) : h('span.muted', 'Tasks you log show here.'));
  }

  const runSearch = debounce(async () => {
    const q = search.value.trim();
    fill(creator);
    creator.hidden = true;
    if (!q) { fill(results); return; }
    try {
      const list = (await searchTasks(q, 8)).filter((t) => !t.archived);
      if (search.value.trim() !== q) return;
      fill(results, list.map((t) => h('li', taskButton(t))));
      if (!list.some((t) => t.name.toLowerCase() === q.toLowerCase())) showCreator(q, !list.length);
    } catch (err) {
      fill(results, h('li.muted', err.message));
    }
  }, 200);
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      results.querySelector('button')?.click();
    }
  });

  async function showCreator(name, none) {
    let projects = [...state.projects.values()].filter((p) => !p.archived);
    if (!projects.length) projects = (await loadProjects().catch(() => [])).filter((p) => !p.archived);
    if (search.value.trim() !== name) return;
    if (!projects.length) {
      fill(creator, state.me?.role === 'admin'
        ? h('p.muted', 'No projects yet. ', link('/admin/projects', 'Add your first project'), '; then anyone can add tasks.')
        : h('p.muted', none ? 'No task by that name, and there are no projects yet. An admin adds projects; then anyone can add tasks.' : ''));
      creator.hidden = !none;
      return;
    }
    const project = select({name: 'project'}, projects.map((p) => [p.id, p.name]));
    const last = localStorage.getItem('timestreak.project');
    if (last && projects.some((p) => p.id === last)) project.value = last;
    const btn = h('button.btn.primary', {type: 'submit'}, icon('plus'), h('span', 'Add task “', name, '”'));
    const form = h('form.create-task', {onsubmit: async (e) => {
      e.preventDefault();
      btn.disabled = true;
      try {
        const t = await api('POST', url`/projects/${project.value}/tasks`, {body: {name}});
        localStorage.setItem('timestreak.project', project.value);
        const p = state.projects.get(t.project_id);
        const task = {project_name: p?.name, project_color: p?.color, ...t};
        addTasks([task]);
        search.value = '';
        fill(results);
        fill(creator);
        creator.hidden = true;
        choose(task);
        toast(`Added task “${task.name}”. Now tap the time.`);
        quick.querySelector('button').focus();
      } catch (err) {
        alert.show(err.message);
        btn.disabled = false;
      }
    }}, projects.length > 1 ? field('In project', project).wrap : h('p.muted', 'In project ', h('strong', projects[0].name)), btn);
    fill(creator, form);
    creator.hidden = false;
  }

  async function submit(minutes) {
    alert.show('');
    if (!selected) {
      alert.show('Pick a task first: tap a recent one or search above.');
      search.focus();
      return;
    }
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      alert.show('Minutes: enter a whole number from 1 to 1440.');
      minutesIn.focus();
      return;
    }
    const body = {task_id: selected.id, date: today(), minutes, note: note.value.trim() || undefined};
    const task = selected;
    const lock = (on) => { for (const b of quick.querySelectorAll('button')) b.disabled = on; };
    lock(true);
    try {
      const res = await logEntry(body);
      note.value = '';
      minutesIn.value = '';
      if (res.queued) {
        toast(`No connection: ${mins(minutes)} on “${task.name}” is saved on this device and will sync.`, {kind: 'warn'});
      } else {
        const entry = res.entry;
        entries.unshift(entry);
        applyDay(entry.day);
        fill(done, `Logged ${mins(minutes)} on “${task.name}”. ${why(state.me)} `, h('button.btn.link', {text: 'Undo', onclick: () => { fill(done); undo(entry); }}));
        loadMe().catch(() => {});
      }
      refreshList();
      showRecent();
    } catch (err) {
      alert.show(err.message);
    } finally {
      lock(false);
    }
  }

  async function undo(entry) {
    try {
      await api('DELETE', url`/entries/${entry.id}`);
      entries = entries.filter((e) => e.id !== entry.id);
      refreshList();
      showRecent();
      await loadMe();
      toast('Entry removed.');
    } catch (err) {
      toast(err.message, {kind: 'error'});
    }
  }

  // ---- the timer: started here, shown and stopped in the app bar
  async function start() {
    alert.show('');
    try {
      state.timer = await api('POST', '/timer', {body: {task_id: selected.id, note: note.value.trim() || undefined}});
      note.value = '';
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) await loadTimer().catch(() => {});
      else alert.show(err.message);
    }
    emit('timer');
  }
  function showStart() {
    startBtn.disabled = !selected;
    startBtn.hidden = !!state.timer;
  }

  // The task of a stopped timer stays picked, as does the one first-run setup picked.
  function pickSaved() {
    const pick = sessionStorage.getItem('timestreak.pick');
    sessionStorage.removeItem('timestreak.pick');
    if (pick && state.tasks.has(pick)) choose(state.tasks.get(pick));
  }

  // ---- today's entries (with what waits in the outbox)
  const list = h('ul#today-entries.entries');
  const listCard = h('section.card', {'aria-labelledby': 'list-h'},
    h('div.card-head', h('h2#list-h', 'Logged today'), link('/week', 'Edit in week view', 'btn link')),
    list);

  async function refreshList() {
    const day = today();
    const todays = entries.filter((e) => e.date === day);
    const waiting = (await pending().catch(() => [])).filter((i) => i.body.date === day);
    const rows = [
      ...waiting.map((i) => entryRow(i.body, {waiting: true})),
      ...todays.map((e) => entryRow(e)),
    ];
    fill(list, rows.length ? rows : h('li.empty', 'Nothing yet. Pick a task and tap the time it took.'));
  }

  root.append(h('div.screen.today', hero, logCard, listCard));
  showStart();

  listen(events, 'me', (e) => showStats(e.detail));
  listen(events, 'outbox', () => refreshList());
  listen(events, 'timer', (e) => {
    if (e.detail) {
      entries = e.detail.concat(entries);
      refreshList();
      showRecent();
      pickSaved();
    }
    showStart();
  });
  listen(events, 'synced', async (e) => {
    if (e.detail.sent.length) {
      entries = e.detail.sent.concat(entries);
      for (const s of e.detail.sent) if (s.day) applyDay(s.day);
      refreshList();
    }
  });

  (async () => {
    try {
      const me = await ensureMe();
      showStats(me, false);
      const day = today();
      const [list30] = await Promise.all([
        cached('recent', () => loadEntries(addDays(day, -30), day)),
        loadTimer().catch(() => {}),
        loadProjects().catch(() => []),
      ]);
      entries = list30.sort(newestFirst);
      await ensureTasks(entries);
      pickSaved();
      showRecent();
      refreshList();
      showStart();
    } catch (err) {
      alert.show(err.message);
    }
  })();

  return () => off.forEach((f) => f());
}
