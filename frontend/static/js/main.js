// The app shell: routing, navigation, sync status, service worker.
import {api, bus, session, OfflineError} from './api.js';
import {h, fill, toast, link} from './dom.js';
import {icon, podiumIcon} from './icons.js';
import {events, state, emit, loadMe, reset, clearCache} from './store.js';
import {timerBar, loadTimer} from './ui/timer.js';
import {flush, pending} from './outbox.js';
import {celebrate} from './anim.js';
import * as auth from './auth.js';
import * as today from './today.js';
import * as week from './week.js';
import * as leaderboard from './leaderboard.js';
import * as profile from './profile.js';
import {badgeName} from './profile.js';
import {consoleRole} from './roles.js';
import {count} from './dates.js';

const ROUTES = {
  '/': today, '/week': week, '/leaderboard': leaderboard, '/profile': profile,
  '/signin': auth, '/register': auth, '/signin/oidc': auth,
};
const PUBLIC = new Set(['/signin', '/register', '/reset', '/signin/oidc']);
// The console's screens load only for the roles that may use them (the admin unless said).
const ANYONE = ['admin', 'lead', null];
const CONSOLE = {
  '/welcome': ['welcome'],
  '/admin/teams': ['teams', ['admin', 'lead']],
  '/admin/invites': ['invites'],
  '/admin/people': ['people'],
  '/admin/jobs': ['jobs'],
  '/admin/projects': ['projects'],
  '/admin/import': ['import'],
  '/admin/clickup': ['clickup'],
  '/slack/link': ['slacklink', ANYONE],
  // Everyone reports on the time they may see (members: their own).
  '/reports': ['reports', ANYONE],
  '/history': ['history', ANYONE],
};
let role = null;
let seq = 0;
const TABS = [['/', 'Today', 'clock'], ['/week', 'Week', 'calendar'], ['/leaderboard', 'Leaderboard', 'podium'], ['/profile', 'Profile', 'user']];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const sync = document.getElementById('sync');
let cleanup = null;
let first = true;
let unread = 0;

export function navigate(url, {replace = false} = {}) {
  if (url !== location.pathname + location.search) history[replace ? 'replaceState' : 'pushState'](null, '', url);
  render();
}

function drawNav() {
  const path = location.pathname;
  const tabs = role ? [...TABS.slice(0, 3), ['/admin/teams', role === 'admin' ? 'Admin' : 'Teams', 'users'], TABS[3]] : TABS;
  fill(nav, h('ul', tabs.map(([href, text, ic]) => h('li', {},
    h('a', {href, 'data-link': '', class: 'tab-link', 'aria-current': path === href || (href === '/admin/teams' && path.startsWith('/admin/')) ? 'page' : null},
      ic === 'podium' ? podiumIcon() : icon(ic), h('span', text), href === '/profile' && unread ? h('span.dot-badge', {'aria-label': `${unread} unread`, text: String(unread)}) : null)))));
}

async function render() {
  const path = location.pathname;
  const signedIn = !!session();
  const next = sessionStorage.getItem('next'); // where to go back after signing in
  if (!signedIn && !PUBLIC.has(path)) {
    if (path !== '/') sessionStorage.setItem('next', path + location.search + location.hash);
    return navigate('/signin', {replace: true});
  }
  if (signedIn && next) {
    sessionStorage.removeItem('next');
    return navigate(next, {replace: true});
  }
  if (signedIn && PUBLIC.has(path)) return navigate('/', {replace: true});
  const mine = ++seq;
  if (!signedIn) role = null;
  else consoleRole().then((r) => { if (r !== role) { role = r; drawNav(); } }).catch(() => {});
  let screen = ROUTES[path];
  if (path === '/reset') screen = await import('./screens/reset.js').catch(() => null);
  if (signedIn && CONSOLE[path]) {
    const [name, may = ['admin']] = CONSOLE[path];
    const r = await consoleRole().catch(() => null);
    screen = may.includes(r) ? await import(`./screens/${name}.js`).catch(() => null) : null;
    if (mine !== seq) return;
    role = r;
  }
  if (cleanup) cleanup();
  cleanup = null;
  nav.hidden = !signedIn;
  document.body.classList.toggle('signed-in', signedIn);
  drawNav();
  main.replaceChildren();
  if (!screen) {
    document.title = 'Not found · timestreak';
    main.append(h('div.card', h('h1', 'Nothing here'), h('p', link('/', 'Back to today'))));
    return;
  }
  document.title = `${path === '/register' ? 'Create account' : screen.title} · timestreak`;
  try {
    cleanup = screen.render(main, {navigate, path, role}) || null;
  } catch (err) {
    main.append(h('p.alert.error', {role: 'alert', text: err.message}));
  }
  if (!first) main.focus({preventScroll: true});
  first = false;
  scrollTo(0, 0);
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});
addEventListener('popstate', render);

bus.addEventListener('signedout', () => {
  clearCache();
  reset();
  emit('timer');
  if (!PUBLIC.has(location.pathname)) {
    toast('Your session ended. Please sign in again.');
    navigate('/signin', {replace: true});
  }
});

// ---- what waits to sync
async function showSync(items) {
  if (!items) items = await pending().catch(() => []);
  const n = items.length;
  const offline = !navigator.onLine;
  fill(sync, n
    ? [icon('sync'), h('span#sync-text', `${count(n, 'entry', 'entries')} waiting to sync`)]
    : offline ? [h('span#sync-text', 'Offline: entries you log are kept on this device')] : []);
  sync.classList.toggle('active', !!(n || offline));
}
events.addEventListener('outbox', (e) => showSync(e.detail));
events.addEventListener('synced', (e) => {
  const {sent, rejected} = e.detail;
  if (sent.length) toast(`Synced ${count(sent.length, 'entry', 'entries')}.`);
  for (const r of rejected) toast(`An entry could not be saved: ${r.error.message}`, {kind: 'error', ms: 10000});
  if (sent.length && session()) loadMe().catch(() => {});
});
events.addEventListener('badges', (e) => {
  for (const code of e.detail) celebrate(`New badge: ${badgeName(code)}!`);
});
events.addEventListener('unread', (e) => {
  unread = e.detail;
  drawNav();
});

function trySync() {
  if (!session()) return;
  flush().catch(() => {}).finally(() => showSync());
}
addEventListener('online', () => { showSync(); trySync(); });
addEventListener('offline', () => showSync());
setInterval(() => { if (navigator.onLine) pending().then((p) => p.length && trySync()).catch(() => {}); }, 30000);

// Back to the tab: fresh numbers (the day may have changed).
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState !== 'visible' || !session()) return;
  trySync();
  if (Date.now() - state.meAt > 60000) loadMe().catch(() => {});
});

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => { /* the app works without it */ });
}

timerBar(document.getElementById('bar-timer'));
render();
showSync();
if (session()) {
  trySync();
  loadTimer().catch(() => {});
  loadMe().then(() => api('GET', '/me/notifications')).then((list) => {
    unread = (list || []).filter((n) => !n.read_at).length;
    drawNav();
  }).catch((err) => { if (!(err instanceof OfflineError)) console.warn(err); });
}
