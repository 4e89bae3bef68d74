// Points that explain themselves: what a log earns or why it earns
// nothing, and every scoring rule with its value (PRODUCT.md §3).
import {h} from '../dom.js';
import {mins, label, dow, WEEKDAYS} from '../dates.js';

/** "when today closes at 02:00", in the person's zone. */
function closes(me) {
  const at = me.stats.today.closes_at;
  return `when today closes${at ? ` at ${new Intl.DateTimeFormat(undefined, {timeZone: me.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23'}).format(new Date(at))}` : ''}`;
}

/** What today's time earns, or why it earns nothing. */
export function why(me) {
  const t = me.stats.today;
  const left = t.target_minutes - t.minutes;
  if (t.workday) return `+${t.pending_points} ${closes(me)} · ${left > 0 ? `${mins(left)} to +5 for a full day` : 'full day reached'}`;
  const off = me.workdays.includes(WEEKDAYS[dow(t.date)]);
  return `${label(t.date, {weekday: 'long'})} is ${off ? 'a day off' : 'not one of your workdays'}: time counts in reports, no points`;
}

const RULES = [
  ['On time', '+10', 'a workday with time logged before it closes'],
  ['Full day', '+5', 'your daily target, on time'],
  ['Streak', '+1 a day, up to +10', 'on-time workdays in a row'],
  ['Streak badges', '+25 to +500', 'at 5, 10, 25, 50 and 100 days'],
  ['Perfect week', '+20', 'a full day on every workday of a week'],
  ['Weekly top', '+30, +20, +10', "your team's top three of the week"],
  ['Late', '+8, 2 less a day after', 'a missed workday logged afterwards'],
  ['Level L', 'from 50·L·(L−1) points', '100, 300, 600, 1000…'],
];

export const rules = (me) => h('dl.rules', RULES.map(([name, value, when], i) => [
  h('dt', name, ' ', h('strong', value)),
  h('dd', i ? when : `${when}: ${closes(me).slice(5)}`)]));
