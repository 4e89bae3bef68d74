// Profile: level, badges, streak, notifications, settings, password, sign out.
import {api, url, signOut} from './api.js';
import {h, fill, field, alertBox, act, onSubmit, titled, link} from './dom.js';
import {icon} from './icons.js';
import {mins, relTime, short, label, weekStart, WEEKDAYS, count} from './dates.js';
import {state, events, loadMe, ensureMe, emit, reset, clearCache} from './store.js';
import {pending} from './outbox.js';
import {showTokens} from './tokens.js';
import {enablePush, disablePush} from './push.js';
import {zoneSelect, hereZone} from './ui/form.js';
import {rules} from './ui/points.js';

export const title = 'Profile';

export const BADGES = [
  ['first_day', 'First day', 'Log time on a workday, on the day.', 'star'],
  ...[5, 10, 25, 50, 100].map((n) => [`streak_${n}`, `${n}-day streak`, `Log on ${n} workdays in a row.`, 'flame']),
  ['perfect_week', 'Perfect week', 'Reach your target on every workday of a week.', 'calendar'],
  ['weekly_champion', 'Weekly champion', 'Earn the most points in your team in a week.', 'trophy'],
];

export function badgeName(code) {
  return BADGES.find(([c]) => c === code)?.[1] || code;
}

export function levelStart(level) {
  return 50 * level * (level - 1);
}

const PAGE = 20;

export function render(root, {navigate}) {
  const top = h('div.profile-top');
  const stats = h('div.profile-grid');
  const notes = h('section.card', {'aria-labelledby': 'notes-h'});
  const settings = h('section.card.settings-card', {'aria-labelledby': 'settings-h'});
  const pwd = h('section.card.pwd-card', {'aria-labelledby': 'pwd-h'});
  const tokens = h('section.card.tokens-card', {'aria-labelledby': 'tokens-h'});
  const push = h('section.card', {'aria-labelledby': 'clickup-push-h', hidden: true});
  import('./clickup_push.js').then((m) => m.showPush(push)).catch(() => {});
  const alert = alertBox();
  // Shown whole once the profile is in, so nothing moves as its parts arrive.
  const screen = h('div.screen.profile', {hidden: true}, top, alert, stats, notes, settings, pwd, tokens, push);
  root.append(screen);

  const onMe = (e) => showStats(e.detail);
  events.addEventListener('me', onMe);

  function showStats(me) {
    const s = me.stats;
    fill(top,
      h('div.avatar', {'aria-hidden': 'true', text: (me.name || '?').trim().charAt(0).toUpperCase()}),
      h('div', h('h1', me.name), h('p.muted', `${me.email}${me.role === 'admin' ? ' · admin' : ''}`)),
      h('button#sign-out.btn', {onclick: doSignOut}, icon('out'), h('span', 'Sign out')));
    const start = levelStart(s.level);
    const span = Math.max(1, s.next_level_points - start);
    const frac = Math.max(0, Math.min(1, (s.points - start) / span));
    const bar = h('div.bar-fill');
    bar.style.width = `${Math.round(frac * 100)}%`;
    const earned = new Map((me.badges || []).map((b) => [b.code, b]));
    fill(stats,
      titled('section.card.level', 'h2#level-h', [icon('star', 'star'), ` Level ${s.level}`],
        h('div.bar', {role: 'progressbar', 'aria-label': `Progress to level ${s.level + 1}`, 'aria-valuemin': start, 'aria-valuemax': s.next_level_points, 'aria-valuenow': s.points}, bar),
        h('p', h('strong', `${s.points} points`), h('span.muted', ` · ${s.next_level_points - s.points} to level ${s.level + 1}`))),
      titled('section.card.streak-card', 'h2#streak-h', [icon('flame', s.streak.current ? 'flame' : 'flame unlit'), ` ${s.streak.current}-day streak`],
        h('p', 'Longest: ', h('strong', count(s.streak.longest, 'day'))),
        h('p.freeze-line', icon('snowflake', 'snow'), ` ${count(s.streak.freezes, 'freeze')} `,
          h('span.muted', s.streak.freezes ? '— a missed workday uses one instead of your streak.' : '— earn one every 10 days of streak.')),
        link('/history', 'My history: every day of the year')),
      titled('section.card.badges-card', 'h2#badges-h', `Badges · ${earned.size} of ${BADGES.length}`,
        h('ul.badges', BADGES.map(([code, name, how, ic]) => {
          const b = earned.get(code);
          return h('li', {class: `badge${b ? ' earned' : ''}`, dataset: {code}},
            h('span.badge-icon', icon(ic)),
            h('span.badge-name', name),
            h('span.badge-how', b ? `Earned ${short(b.awarded_on)}` : how),
            h('span.sr-only', b ? '' : ' (still to earn)'));
        }))),
      titled('section.card.rules-card', 'h2#rules-h', 'How points work', rules(me)));
  }

  async function doSignOut() {
    const waiting = await pending().catch(() => []);
    if (waiting.length && !confirm(`${count(waiting.length, 'entry is', 'entries are')} still waiting to sync. They will be sent when you sign in again. Sign out?`)) return;
    disablePush();
    await signOut();
    clearCache();
    reset();
    navigate('/signin', {replace: true});
  }

  async function showNotes() {
    let list = [];
    try {
      list = (await api('GET', `/me/notifications?limit=${PAGE}`)) || [];
    } catch (err) {
      fill(notes, h('h2#notes-h', 'Notifications'), h('p.muted', err.message));
      return;
    }
    const unread = list.filter((n) => !n.read_at);
    emit('unread', unread.length);
    const ICON = {freeze_used: 'snowflake', streak_lost: 'flame', badge: 'medal'};
    // Said by the date it is about: a close-out that catches up writes a month of news at once.
    const note = (n) => h('li', {class: n.read_at ? 'read' : 'unread'},
      icon(ICON[n.kind] || 'bell'),
      h('span.note-msg', n.message),
      h('time.muted', {datetime: n.date || n.created_at},
        !n.date ? relTime(n.created_at) : n.kind === 'weekly_top' ? `week of ${short(weekStart(n.date))}` : label(n.date, {weekday: 'short', day: 'numeric', month: 'short'})));
    const ul = h('ul#note-list.notes', list.map(note));
    const more = h('button.btn.link', {text: 'Show older', hidden: list.length < PAGE, onclick: () => act(async () => {
      more.disabled = true;
      const page = await api('GET', url`/me/notifications?limit=${PAGE}&before=${list.at(-1).id}`);
      list.push(...page);
      ul.append(...page.map(note));
      more.hidden = page.length < PAGE;
    }, '', () => more.disabled = false)});
    fill(notes,
      h('div.card-head',
        h('h2#notes-h', icon('bell'), ` Notifications${unread.length ? ` · ${unread.length} new` : ''}`),
        unread.length ? h('button.btn.link', {text: 'Mark all as read',
          onclick: () => act(() => api('POST', '/me/notifications/read', {body: {all: true}}), '', showNotes)}) : null),
      list.length ? ul : h('p.muted', 'Nothing new. Streak news and reminders show up here.'),
      more);
  }

  function showSettings(me) {
    const msg = alertBox();
    const name = h('input', {type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'name', value: me.name});
    const tz = zoneSelect(me.timezone);
    tz.id = 'tz-pick';
    const tzField = field('Time zone', tz, 'Your days start and close at midnight here.');
    const here = hereZone();
    if (here !== me.timezone) tz.after(h('button.btn.link', {text: `Use this device's zone (${here})`, onclick: () => { tz.value = here; }}));
    const days = h('fieldset.days-pick', h('legend', 'Workdays'),
      WEEKDAYS.map((d) => h('label.day-check', h('input', {type: 'checkbox', name: 'workdays', value: d, checked: (me.workdays || []).includes(d)}), h('span', d[0].toUpperCase() + d.slice(1)))));
    const target = h('input', {type: 'number', name: 'daily_target_minutes', min: 1, max: 1440, step: 15, inputmode: 'numeric', value: me.daily_target_minutes});
    const targetField = field('Daily target (minutes)', target, `= ${mins(me.daily_target_minutes)}`);
    target.addEventListener('input', () => { targetField.wrap.querySelector('.hint').textContent = `= ${mins(Number(target.value) || 0)}`; });
    const remindOn = h('input', {type: 'checkbox', name: 'remind', checked: !!me.reminder_time});
    const remindAt = h('input', {type: 'time', name: 'reminder_time', value: me.reminder_time || '17:00', disabled: !me.reminder_time, 'aria-label': 'Reminder time'});
    remindOn.addEventListener('change', () => {
      remindAt.disabled = !remindOn.checked;
      if (remindOn.checked) enablePush().catch(() => {});
    });
    const save = h('button.btn.primary', {type: 'submit', text: 'Save settings'});
    const form = h('form.stack', {novalidate: true},
      field('Name', name).wrap,
      tzField.wrap,
      days,
      targetField.wrap,
      h('div.field', h('label.check', remindOn, ' Remind me on workdays when nothing is logged by'), remindAt),
      msg, save);
    onSubmit(form, async () => {
      msg.show('');
      const workdays = [...days.querySelectorAll('input:checked')].map((i) => i.value);
      const mins_ = Number(target.value);
      if (!name.value.trim()) return msg.show('Name: enter your name.');
      if (!Number.isInteger(mins_) || mins_ < 1 || mins_ > 1440) return msg.show('Daily target: a whole number of minutes from 1 to 1440.');
      if (remindOn.checked && !/^\d{2}:\d{2}$/.test(remindAt.value)) return msg.show('Reminder: pick a time.');
      const cur = state.me || me;
      const want = {
        name: name.value.trim(), timezone: tz.value, workdays, daily_target_minutes: mins_,
        reminder_time: remindOn.checked ? remindAt.value : null,
      };
      // Send what changed: a change of zone, workdays or target has effects
      // on scoring (closed days are finalized first), so do not fake one.
      const body = Object.fromEntries(Object.entries(want).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(cur[k] ?? null)));
      if (!Object.keys(body).length) return msg.show('Nothing to save: these are your settings already.', 'ok');
      save.disabled = true;
      try {
        await api('PATCH', '/me', {body});
        await loadMe();
        msg.show('Settings saved.', 'ok');
      } catch (err) {
        msg.show(err.message);
      }
      save.disabled = false;
    });
    fill(settings, h('h2#settings-h', 'Settings'), form);
  }

  function showPassword() {
    const msg = alertBox();
    const cur = h('input', {type: 'password', name: 'current_password', autocomplete: 'current-password', required: true});
    const next = h('input', {type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: 8, maxlength: 128});
    const btn = h('button.btn', {type: 'submit', text: 'Change password'});
    const form = h('form.stack', {novalidate: true}, field('Current password', cur).wrap, field('New password', next, '8 to 128 characters.').wrap, msg, btn);
    onSubmit(form, async () => {
      msg.show('');
      if (!cur.value) return msg.show('Enter your current password.');
      if (next.value.length < 8) return msg.show('Choose a new password of at least 8 characters.');
      btn.disabled = true;
      try {
        await api('PATCH', '/me', {body: {password: next.value, current_password: cur.value}});
        form.reset();
        msg.show('Password changed. Your other devices and personal tokens are signed out.', 'ok');
        ensureMe().then((me) => showTokens(tokens, me)).catch(() => {});
      } catch (err) {
        msg.show(err.message);
      }
      btn.disabled = false;
    });
    fill(pwd, h('h2#pwd-h', 'Password'), form);
  }

  (async () => {
    try {
      const me = await ensureMe();
      showStats(me);
      showSettings(me);
      showPassword();
      showTokens(tokens, me).catch(() => {});
      showNotes();
      loadMe().catch(() => {});
    } catch (err) {
      alert.show(err.message);
    } finally {
      screen.hidden = false;
    }
  })();

  return () => events.removeEventListener('me', onMe);
}
