// My history: a year a day at a time, each week's hours against its
// target; the month-by-month table says the same in words.
import {api} from '../api.js';
import {h, fill, alertBox, titled} from '../dom.js';
import {parse, short, mins, label, dow} from '../dates.js';
import {svg} from '../icons.js';
import {bars} from '../ui/chart.js';

export const title = 'My history';

const STATUS = {on_time: 'On time', late: 'Logged late', missed: 'Missed', day_off: 'Day off', non_workday: 'Not a workday', open: 'Not closed yet'};
const CELL = 13;

export function render(root) {
  const alert = alertBox();
  const out = h('div.stack', h('p.muted', 'Loading…'));
  root.append(titled('section.card.stack.history', 'h1#history-h', 'My history', alert, out));
  api('GET', '/me/history').then((hist) => fill(out, ...draw(hist))).catch((err) => {
    fill(out);
    alert.show(err.message);
  });
}

function draw({from, days, weeks}) {
  const best = streakRuns(days);
  const count = (s) => days.filter((d) => d.status === s).length;
  const summary = `A calendar of ${days.length} days: ${count('on_time')} on time, ${count('late')} late, ${count('missed')} missed, ${count('day_off')} days off.`;
  return [
    h('h2', 'Every day'),
    h('div.year', heatmap(from, days, summary)),
    h('ul.legend', Object.entries(STATUS).map(([k, t]) => h('li', h(`span.swatch.hm-${k}`), t)), h('li', h('span.swatch.hm-run'), 'Streak run')),
    h('p', best ? `Your longest run here: ${best.days} workdays, ${short(best.from)} – ${short(best.to)}.` : 'No streak yet: log time on a workday, on the day, to start one.'),
    h('h2', 'Hours each week'),
    h('div.year', bars(weeks.map((w) => ({label: short(w.start), minutes: w.minutes, target: w.target_minutes})),
      `Hours in each of ${weeks.length} weeks; ${weeks.filter((w) => w.target_minutes && w.minutes >= w.target_minutes).length} reached their target.`)),
    monthTable(days),
  ];
}

/** Marks the days a streak carried through (d.run) and answers the longest run. */
function streakRuns(days) {
  let run = null, best = null, last = 0;
  for (const d of days) {
    if (d.status !== 'open' && d.streak > 0 && d.streak >= last) {
      if (!run) run = {from: d.date, days: 0};
      run.to = d.date;
      run.days += d.status === 'on_time';
      d.run = true;
      if (!best || run.days > best.days) best = run;
    } else {
      run = null;
    }
    last = d.streak;
  }
  return best;
}

/** A column per week from the Monday `from`, a row per weekday; dates before the person started stay empty. */
function heatmap(from, days, summary) {
  const col = (date) => Math.floor((parse(date) - parse(from)) / 6048e5);
  const root = svg('svg', {viewBox: `0 0 ${54 * CELL + 26} ${7 * CELL + 14}`, role: 'img', 'aria-label': summary, class: 'chart heatmap'});
  ['Mon', 'Wed', 'Fri'].forEach((t, i) => root.append(svg('text', {x: 0, y: 24 + i * 2 * CELL, class: 'tick'}, t)));
  days.forEach((d, i) => {
    const x = 26 + col(d.date) * CELL;
    if (d.date.endsWith('-01') || i === 0) root.append(svg('text', {x, y: 9, class: 'tick'}, label(d.date, {month: 'short'})));
    root.append(svg('rect', {x, y: 14 + dow(d.date) * CELL, width: CELL - 3, height: CELL - 3, rx: 2, class: `hm-${d.status}${d.run ? ' hm-run' : ''}`},
      svg('title', {}, `${short(d.date)}: ${STATUS[d.status]}${d.minutes ? `, ${mins(d.minutes)}` : ''}${d.streak ? `, streak ${d.streak}` : ''}${d.freeze_used ? ', kept by a freeze' : ''}`)));
  });
  return root;
}

function monthTable(days) {
  const months = new Map();
  for (const d of days) {
    const key = d.date.slice(0, 7);
    const m = months.get(key) || months.set(key, {on_time: 0, late: 0, missed: 0, day_off: 0, minutes: 0}).get(key);
    m[d.status] += 1;
    m.minutes += d.minutes;
  }
  return h('div.table-wrap', h('table',
    h('caption', 'Month by month'),
    h('thead', h('tr', ['Month', 'On time', 'Late', 'Missed', 'Days off', 'Logged'].map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', [...months].reverse().map(([key, m]) => h('tr',
      h('th', {scope: 'row'}, label(`${key}-01`, {month: 'long', year: 'numeric'})),
      [m.on_time, m.late, m.missed, m.day_off].map((n) => h('td', String(n))), h('td', mins(m.minutes)))))));
}
