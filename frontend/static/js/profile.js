// Profile: level, badges, streak, notifications, settings, password, sign out.
import {api, signOut} from './api.js';
import {h, fill, field, alertBox, toast} from './dom.js';
import {icon} from './icons.js';
import {mins, relTime, short, WEEKDAYS} from './dates.js';
import {state, events, loadMe, ensureMe, emit, reset, clearCache} from './store.js';
import {pending} from './outbox.js';
import {showTokens} from './tokens.js';
import {enablePush, disablePush} from './push.js';

export const title = 'Profile';

export const BADGES = [
  ['first_day', 'First day', 'Log time on a workday, on the day.', 'star'],
  ['streak_5', '5-day streak', 'Log on 5 workdays in a row.', 'flame'],
  ['streak_10', '10-day streak', 'Log on 10 workdays in a row.', 'flame'],
  ['streak_25', '25-day streak', 'Log on 25 workdays in a row.', 'flame'],
  ['streak_50', '50-day streak', 'Log on 50 workdays in a row.', 'flame'],
  ['streak_100', '100-day streak', 'Log on 100 workdays in a row.', 'flame'],
  ['perfect_week', 'Perfect week', 'Reach your target on every workday of a week.', 'calendar'],
  ['weekly_champion', 'Weekly champion', 'Earn the most points in your team in a week.', 'trophy'],
];

export function badgeName(code) {
  return BADGES.find(([c]) => c === code)?.[1] || code;
}

const DAY_NAMES = {mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun'};

export function levelStart(level) {
  return 50 * level * (level - 1);
}

export function render(root, {navigate}) {
  const top = h('div', {class: 'profile-top'});
  const stats = h('div', {class: 'profile-grid'});
  const notes = h('section', {class: 'card', 'aria-labelledby': 'notes-h'});
  const settings = h('section', {class: 'card settings-card', 'aria-labelledby': 'settings-h'});
  const pwd = h('section', {class: 'card pwd-card', 'aria-labelledby': 'pwd-h'});
  const tokens = h('section', {class: 'card tokens-card', 'aria-labelledby': 'tokens-h'});
  const push = h('section', {class: 'card', 'aria-labelledby': 'clickup-push-h', hidden: true});
  import('./clickup_push.js').then((m) => m.showPush(push)).catch(() => {});
  const alert = alertBox();
  // Shown whole once the profile is in, so nothing moves as its parts arrive.
  const screen = h('div', {class: 'screen profile', hidden: true}, top, alert, stats, notes, settings, pwd, tokens, push);
  root.append(screen);

  const onMe = (e) => showStats(e.detail);
  events.addEventListener('me', onMe);

  function showStats(me) {
    const s = me.stats;
    fill(top,
      h('div', {class: 'avatar', 'aria-hidden': 'true', text: (me.name || '?').trim().charAt(0).toUpperCase()}),
      h('div', {}, h('h1', {text: me.name}), h('p', {class: 'muted', text: `${me.email}${me.role === 'admin' ? ' · admin' : ''}`})),
      h('button', {type: 'button', class: 'btn', id: 'sign-out', onclick: doSignOut}, icon('out'), h('span', {text: 'Sign out'})));
    const start = levelStart(s.level);
    const span = Math.max(1, s.next_level_points - start);
    const frac = Math.max(0, Math.min(1, (s.points - start) / span));
    const bar = h('div', {class: 'bar-fill'});
    bar.style.width = `${Math.round(frac * 100)}%`;
    const earned = new Map((me.badges || []).map((b) => [b.code, b]));
    fill(stats,
      h('section', {class: 'card level', 'aria-labelledby': 'level-h'},
        h('h2', {id: 'level-h'}, icon('star', 'star'), ` Level ${s.level}`),
        h('div', {class: 'bar', role: 'progressbar', 'aria-label': `Progress to level ${s.level + 1}`, 'aria-valuemin': start, 'aria-valuemax': s.next_level_points, 'aria-valuenow': s.points}, bar),
        h('p', {}, h('strong', {text: `${s.points} points`}), h('span', {class: 'muted', text: ` · ${s.next_level_points - s.points} to level ${s.level + 1}`}))),
      h('section', {class: 'card streak-card', 'aria-labelledby': 'streak-h'},
        h('h2', {id: 'streak-h'}, icon('flame', 'flame'), ` ${s.streak.current}-day streak`),
        h('p', {}, 'Longest: ', h('strong', {text: `${s.streak.longest} ${s.streak.longest === 1 ? 'day' : 'days'}`})),
        h('p', {class: 'freeze-line'}, icon('snowflake', 'snow'), ` ${s.streak.freezes} ${s.streak.freezes === 1 ? 'freeze' : 'freezes'} `,
          h('span', {class: 'muted', text: s.streak.freezes ? '— a missed workday uses one instead of your streak.' : '— earn one every 10 days of streak.'}))),
      h('section', {class: 'card badges-card', 'aria-labelledby': 'badges-h'},
        h('h2', {id: 'badges-h', text: `Badges · ${earned.size} of ${BADGES.length}`}),
        h('ul', {class: 'badges'}, BADGES.map(([code, name, how, ic]) => {
          const b = earned.get(code);
          return h('li', {class: `badge${b ? ' earned' : ''}`, dataset: {code}},
            h('span', {class: 'badge-icon'}, icon(ic)),
            h('span', {class: 'badge-name', text: name}),
            h('span', {class: 'badge-how', text: b ? `Earned ${short(b.awarded_on)}` : how}),
            h('span', {class: 'sr-only', text: b ? '' : ' (still to earn)'}));
        }))));
  }

  async function doSignOut() {
    const waiting = await pending().catch(() => []);
    if (waiting.length && !confirm(`${waiting.length} ${waiting.length === 1 ? 'entry is' : 'entries are'} still waiting to sync. They will be sent when you sign in again. Sign out?`)) return;
    disablePush();
    await signOut();
    clearCache();
    reset();
    navigate('/signin', {replace: true});
  }

  async function showNotes() {
    let list = [];
    try {
      list = (await api('GET', '/me/notifications')) || [];
    } catch (err) {
      fill(notes, h('h2', {id: 'notes-h', text: 'Notifications'}), h('p', {class: 'muted', text: err.message}));
      return;
    }
    const unread = list.filter((n) => !n.read_at);
    emit('unread', unread.length);
    const ICON = {freeze_used: 'snowflake', streak_lost: 'flame', reminder: 'bell', badge: 'medal'};
    fill(notes,
      h('div', {class: 'card-head'},
        h('h2', {id: 'notes-h'}, icon('bell'), ` Notifications${unread.length ? ` · ${unread.length} new` : ''}`),
        unread.length ? h('button', {type: 'button', class: 'btn link', text: 'Mark all as read', onclick: async () => {
          try {
            await api('POST', '/me/notifications/read', {body: {ids: unread.map((n) => n.id)}});
            showNotes();
          } catch (err) {
            toast(err.message, {kind: 'error'});
          }
        }}) : null),
      list.length
        ? h('ul', {class: 'notes'}, list.slice(0, 30).map((n) => h('li', {class: n.read_at ? 'read' : 'unread'},
          icon(ICON[n.kind] || (String(n.kind).startsWith('badge') ? 'medal' : 'bell')),
          h('span', {class: 'note-msg', text: n.message}),
          h('time', {datetime: n.created_at, class: 'muted', text: relTime(n.created_at)}))))
        : h('p', {class: 'muted', text: 'Nothing new. Streak news and reminders show up here.'}));
  }

  function showSettings(me) {
    const msg = alertBox();
    const name = h('input', {type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'name', value: me.name});
    let zones = [];
    try { zones = Intl.supportedValuesOf('timeZone'); } catch { /* older browser */ }
    zones = [...new Set(['UTC', me.timezone, ...zones])].filter(Boolean);
    const tz = h('select', {name: 'timezone'}, zones.map((z) => h('option', {value: z, text: z.replaceAll('_', ' ')})));
    tz.value = me.timezone;
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const useHere = here && here !== me.timezone
      ? h('button', {type: 'button', class: 'btn link', text: `Use this device's zone (${here})`, onclick: () => { tz.value = here; }})
      : null;
    const days = h('fieldset', {class: 'days-pick'}, h('legend', {text: 'Workdays'}),
      WEEKDAYS.map((d) => h('label', {class: 'day-check'}, h('input', {type: 'checkbox', name: 'workdays', value: d, checked: (me.workdays || []).includes(d)}), h('span', {text: DAY_NAMES[d]}))));
    const target = h('input', {type: 'number', name: 'daily_target_minutes', min: 1, max: 1440, step: 15, inputmode: 'numeric', value: me.daily_target_minutes});
    const targetField = field('Daily target (minutes)', target, `= ${mins(me.daily_target_minutes)}`);
    target.addEventListener('input', () => { targetField.wrap.querySelector('.hint').textContent = `= ${mins(Number(target.value) || 0)}`; });
    const remindOn = h('input', {type: 'checkbox', name: 'remind', checked: !!me.reminder_time});
    const remindAt = h('input', {type: 'time', name: 'reminder_time', value: me.reminder_time || '17:00', disabled: !me.reminder_time});
    remindOn.addEventListener('change', () => {
      remindAt.disabled = !remindOn.checked;
      if (remindOn.checked) enablePush().catch(() => {});
    });
    const save = h('button', {type: 'submit', class: 'btn primary', text: 'Save settings'});
    const form = h('form', {class: 'stack', novalidate: true},
      field('Name', name).wrap,
      h('div', {class: 'field'}, h('label', {for: 'tz-pick', text: 'Time zone'}), tz, useHere, h('p', {class: 'hint', id: 'tz-hint', text: 'Your days start and close at midnight here.'})),
      days,
      targetField.wrap,
      h('div', {class: 'field'}, h('label', {class: 'check'}, remindOn, ' Remind me on workdays when nothing is logged by'), remindAt),
      msg, save);
    tz.id = 'tz-pick';
    tz.setAttribute('aria-describedby', 'tz-hint');
    remindAt.setAttribute('aria-label', 'Reminder time');
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
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
    fill(settings, h('h2', {id: 'settings-h', text: 'Settings'}), form);
  }

  function showPassword() {
    const msg = alertBox();
    const cur = h('input', {type: 'password', name: 'current_password', autocomplete: 'current-password', required: true});
    const next = h('input', {type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: 8, maxlength: 128});
    const btn = h('button', {type: 'submit', class: 'btn', text: 'Change password'});
    const form = h('form', {class: 'stack', novalidate: true}, field('Current password', cur).wrap, field('New password', next, '8 to 128 characters.').wrap, msg, btn);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
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
    fill(pwd, h('h2', {id: 'pwd-h', text: 'Password'}), form);
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
