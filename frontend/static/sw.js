// The service worker keeps the app shell for offline starts. The network
// comes first (the app is small and revalidated by ETag); the cache is the
// fallback. The API is never cached: entries made offline wait in IndexedDB.
const CACHE = 'timestreak-shell-v7';
const SHELL = [
  '/', '/app.css', '/icon.svg', '/manifest.webmanifest',
  '/js/main.js', '/js/api.js', '/js/dom.js', '/js/icons.js', '/js/dates.js', '/js/anim.js', '/js/store.js',
  '/js/outbox.js', '/js/auth.js', '/js/today.js', '/js/week.js', '/js/leaderboard.js', '/js/profile.js',
  '/js/tokens.js', '/js/push.js', '/js/roles.js', '/js/ui/form.js', '/js/ui/dialog.js', '/js/ui/share.js', '/js/ui/console.js',
  '/js/screens/welcome.js', '/js/screens/teams.js', '/js/screens/invites.js', '/js/screens/projects.js', '/js/screens/people.js', '/js/screens/jobs.js',
  '/js/screens/import.js', '/js/screens/clickup.js', '/js/screens/reset.js', '/js/screens/slacklink.js', '/js/clickup_push.js',
  '/js/screens/reports.js', '/js/screens/history.js', '/js/ui/chart.js', '/js/ui/entry.js', '/js/ui/timer.js', '/js/ui/points.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  const key = req.mode === 'navigate' ? '/' : url.pathname;
  event.respondWith(fetch(req).then((res) => {
    if (res.ok && SHELL.includes(key)) {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(key, copy));
    }
    return res;
  }).catch(() => caches.match(key).then((hit) => hit || Response.error())));
});

// A pushed reminder; a tap opens Today.
self.addEventListener('push', (event) => {
  const m = event.data ? event.data.json() : {};
  event.waitUntil(self.registration.showNotification(m.title || 'timestreak', {body: m.body, tag: m.tag, icon: '/icon.svg', data: m.url || '/'}));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data || '/';
  event.waitUntil(self.clients.matchAll({type: 'window'})
    .then((open) => (open[0] ? open[0].focus().then((w) => w.navigate(url)) : self.clients.openWindow(url))));
});
