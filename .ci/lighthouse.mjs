// Lighthouse (mobile) on each screen of the web app, signed in as the demo
// admin. Not part of .ci/run (it needs a running server); see
// docs/PERFORMANCE.md for the commands and every run's figures.
//   npm install --prefix /tmp/lh lighthouse@12.2.3 puppeteer-core@23
//   NODE_PATH=/tmp/lh/node_modules node .ci/lighthouse.mjs http://127.0.0.1:18099
// Columns: path, final path, performance, accessibility, best practices,
// FCP, LCP, CLS, the files served without a long cache lifetime, the
// accessibility and best-practice audits that failed.
import puppeteer from 'puppeteer-core';
import lighthouse from 'lighthouse';

const base = process.argv[2] || 'http://127.0.0.1:18099';
const login = await fetch(`${base}/api/v1/auth/login`, {method: 'POST', headers: {'Content-Type': 'application/json'},
  body: JSON.stringify({email: 'admin@demo.timestreak', password: 'demo-password'})}).then((r) => r.json());
const session = JSON.stringify({access: login.access_token, refresh: login.refresh_token,
  expiresAt: Date.now() + login.expires_in * 1000, userId: login.user.id});
const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new']});
const page = await browser.newPage();
await page.goto(`${base}/signin`);
const screens = ['/signin', '/', '/week', '/leaderboard', '/profile', '/history', '/reports', '/admin/teams', '/admin/people', '/admin/projects', '/admin/import'];
for (const path of screens) {
  await page.evaluate((s, signedIn) => { if (signedIn) localStorage.setItem('timestreak.session', s); else localStorage.clear(); }, session, path !== '/signin');
  const r = await lighthouse(base + path, {output: 'json', logLevel: 'error', disableStorageReset: true, onlyCategories: ['performance', 'accessibility', 'best-practices']}, undefined, page);
  const c = r.lhr.categories;
  const fails = Object.values(r.lhr.audits).filter((a) => a.score !== null && a.score < 1 && ['accessibility', 'best-practices'].some((k) => c[k].auditRefs.some((ref) => ref.id === a.id))).map((a) => a.id);
  console.log([path, r.lhr.finalDisplayedUrl.replace(base, ''), Math.round(c.performance.score * 100), Math.round(c.accessibility.score * 100), Math.round(c['best-practices'].score * 100),
    r.lhr.audits['first-contentful-paint'].displayValue, r.lhr.audits['largest-contentful-paint'].displayValue, r.lhr.audits['cumulative-layout-shift'].displayValue,
    `short cache: ${(r.lhr.audits['uses-long-cache-ttl'].details?.items || []).map((i) => i.url.replace(base, '')).join(' ') || 'none'}`, fails.join(' ')].join(' | '));
}
await browser.close();
