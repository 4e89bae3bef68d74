// The running timer in the app bar, on every screen, with its stop button.
import {api, ApiError} from '../api.js';
import {h, fill, toast} from '../dom.js';
import {icon} from '../icons.js';
import {clock, mins, sum} from '../dates.js';
import {state, events, emit, loadMe, loadTasks, taskName} from '../store.js';

function show(el) {
  el.textContent = clock((Date.now() - Date.parse(el.dataset.since)) / 1000);
  return el;
}
setInterval(() => document.querySelectorAll('[data-since]').forEach(show), 1000);

/** The time since the timer started, kept current. */
export const elapsed = (t, id) => show(h('span.elapsed', {id, role: 'timer', dataset: {since: t.started_at}}));

/** GET /timer into state.timer (null when none runs); announced as 'timer'. */
export async function loadTimer() {
  const t = await api('GET', '/timer');
  if (t) await loadTasks().catch(() => {});
  state.timer = t;
  emit('timer');
}

/** DELETE /timer: its time becomes entries, announced with them as 'timer'. */
export async function stopTimer() {
  const t = state.timer;
  let made = [];
  try {
    made = (await api('DELETE', '/timer'))?.items || [];
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) return toast(err.message, {kind: 'error'});
  }
  state.timer = null;
  if (t) sessionStorage.setItem('timestreak.pick', t.task_id);
  toast(made.length ? `Timer stopped: logged ${mins(sum(made))}.` : 'Timer stopped. Under half a minute, so nothing was logged.');
  emit('timer', made);
  loadMe().catch(() => {});
}

export function timerBar(el) {
  events.addEventListener('timer', () => {
    const t = state.timer;
    el.hidden = !t;
    fill(el, t && [h('span.pulse', {'aria-hidden': 'true'}), h('span.bar-task', taskName(t.task_id)), elapsed(t, 'timer-elapsed'),
      h('button#timer-stop.btn.danger', {'aria-label': 'Stop the timer and log its time', onclick: stopTimer}, icon('stop'), 'Stop')]);
  });
}
