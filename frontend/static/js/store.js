// Shared state for the screens: the signed-in user (GET /me), tasks and
// projects by id. Screens listen on `events` for changes.
import {api, url, OfflineError, session} from './api.js';
import {todayIn, addDays, parse} from './dates.js';

export const events = new EventTarget();
export const state = {me: null, meAt: 0, meLocal: null, tasks: new Map(), projects: new Map(), tasksLoaded: false, timer: null};

export function emit(name, detail) {
  events.dispatchEvent(new CustomEvent(name, {detail}));
}

export function reset() {
  Object.assign(state, {me: null, meAt: 0, meLocal: null, tasksLoaded: false, timer: null});
  state.tasks.clear();
  state.projects.clear();
}

const CACHE = 'timestreak.cache.';

/**
 * Run a GET and keep its answer on this device, so that the app can start
 * and log time with no network; offline, the kept answer is returned.
 */
export async function cached(name, fetcher) {
  return (await keep(name, fetcher)).value;
}

async function keep(name, fetcher) {
  const key = `${CACHE}${userId() || 'anon'}.${name}`;
  try {
    const value = await fetcher();
    try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage full: fine */ }
    return {value, live: true};
  } catch (err) {
    const raw = err instanceof OfflineError ? localStorage.getItem(key) : null;
    if (raw === null) throw err;
    return {value: JSON.parse(raw), live: false};
  }
}

/** Forget what this device kept (on sign-out). */
export function clearCache() {
  for (const k of Object.keys(localStorage)) if (k.startsWith(CACHE)) localStorage.removeItem(k);
}

/** GET /me; announces new badges (compared with what this device saw). */
export async function loadMe() {
  const asked = new Date();
  const {value: me, live} = await keep('me', () => api('GET', '/me'));
  state.me = me;
  if (live) {
    state.meAt = Date.now();
    // The device's date when the server told its own (see today()); unknown
    // when the device's midnight passed while the request was out.
    const tz = me.timezone || 'UTC';
    const before = todayIn(tz, asked);
    state.meLocal = before === todayIn(tz) ? before : null;
  }
  checkBadges(me);
  emit('me', me);
  return me;
}

export async function ensureMe() {
  return state.me || loadMe();
}

function checkBadges(me) {
  const key = `timestreak.badges.${me.id}`;
  const codes = (me.badges || []).map((b) => b.code);
  const seen = localStorage.getItem(key);
  localStorage.setItem(key, JSON.stringify(codes));
  if (seen === null) return; // first look on this device: nothing is "new"
  let old = [];
  try { old = JSON.parse(seen) || []; } catch { /* ignore */ }
  const fresh = codes.filter((c) => !old.includes(c));
  if (fresh.length) emit('badges', fresh);
}

let resynced = 0;

/**
 * The user's date in their zone, from the device's clock at each call (a
 * tap just after midnight logs to the new day), moved by the days the
 * server's date differed when /me was read; /me is read again on a new day.
 */
export function today() {
  const me = state.me;
  const local = todayIn(me?.timezone || 'UTC');
  const server = me?.stats?.today?.date;
  if (!server || !state.meLocal) return local;
  if (local === state.meLocal) return server;
  if (Date.now() - resynced > 60 * 1000) {
    resynced = Date.now();
    loadMe().catch(() => {});
  }
  return addDays(server, Math.round((parse(local) - parse(state.meLocal)) / 864e5));
}

export function userId() {
  return state.me?.id || session()?.userId || null;
}

/** Apply a POST /entries `day` (or a fresh /me) to today's stats at once. */
export function applyDay(day) {
  const t = state.me?.stats?.today;
  if (!day || !t || day.date !== t.date) return;
  t.minutes = day.minutes;
  t.pending_points = day.pending_points;
  if (day.target_minutes != null) t.target_minutes = day.target_minutes;
  emit('me', state.me);
}

export async function loadProjects() {
  const list = await cached('projects', () => api('GET', '/projects'));
  state.projects.clear();
  for (const p of list || []) state.projects.set(p.id, p);
  return list || [];
}

export function addTasks(list) {
  for (const t of list || []) state.tasks.set(t.id, t);
}

/** All tasks the picker knows; loaded once, topped up per project when needed. */
export async function loadTasks() {
  if (state.tasksLoaded) return state.tasks;
  addTasks(await cached('tasks', () => api('GET', '/tasks?limit=100')));
  state.tasksLoaded = true;
  return state.tasks;
}

/** Make sure the tasks behind these entries are known (archived ones too). */
export async function ensureTasks(entries) {
  await loadTasks().catch(() => {});
  const missing = new Set(entries.filter((e) => !state.tasks.has(e.task_id)).map((e) => e.project_id).filter(Boolean));
  await Promise.all([...missing].map((pid) => loadProjectTasks(pid, entries).catch(() => {})));
}

/** A project's tasks (archived ones too), a page at a time, until the entries' tasks are known. */
function loadProjectTasks(pid, entries) {
  return pages(url`/projects/${pid}/tasks`, {}, (items) => {
    addTasks(items);
    return entries.every((e) => e.project_id !== pid || state.tasks.has(e.task_id));
  });
}

/** GET a listing 1000 at a time (10 pages at most), following next_cursor; enough(page items) may stop it early. */
async function pages(path, params, enough = () => false) {
  let items = [];
  let cursor = '';
  for (let page = 0; page < 10; page++) {
    const q = new URLSearchParams({...params, limit: '1000'});
    if (cursor) q.set('cursor', cursor);
    const res = await api('GET', `${path}?${q}`);
    items = items.concat(res?.items || []);
    cursor = res?.next_cursor || '';
    if (enough(res?.items) || !cursor) break;
  }
  return items;
}

export function taskName(id) {
  return state.tasks.get(id)?.name || 'Unknown task';
}

export function searchTasks(q, limit = 8) {
  return api('GET', url`/tasks?q=${q}&limit=${limit}`).then((list) => {
    addTasks(list);
    return list || [];
  });
}

export function loadEntries(from, to) {
  return pages('/entries', {from, to});
}

/** Newest first: by date, then by creation time. */
export function newestFirst(a, b) {
  return (b.date || '').localeCompare(a.date || '') || (b.created_at || '').localeCompare(a.created_at || '');
}
