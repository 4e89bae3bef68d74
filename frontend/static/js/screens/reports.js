// Reports: where the time went, grouped once or twice, as stacked bars over
// time, a donut and a table with subtotals; the CSV is the table. The URL
// holds the report, so it can be bookmarked and shared.
import {api} from '../api.js';
import {h, fill, alertBox, dot, select, titled} from '../dom.js';
import {addDays, weekStart, short, mins, hm} from '../dates.js';
import {today, ensureMe, loadTasks} from '../store.js';
import {consoleRole} from '../roles.js';
import {consoleNav} from '../ui/console.js';
import {stackedBars, donut, colorOf} from '../ui/chart.js';
import {fieldMessages} from '../ui/form.js';

export const title = 'Reports';

const PERIODS = [['this-week', 'This week'], ['last-week', 'Last week'], ['this-month', 'This month'], ['last-month', 'Last month'], ['this-year', 'This year'], ['custom', 'Custom']];
const GROUPS = [['project', 'Project'], ['task', 'Task'], ['user', 'Person'], ['day', 'Day'], ['week', 'Week'], ['month', 'Month']];
const TIME = new Set(['day', 'week', 'month']);

/** The first and last date of a period, in the person's own days. */
export function range(period, now = today()) {
  const month = now.slice(0, 8);
  switch (period) {
    case 'last-week': return [addDays(weekStart(now), -7), addDays(weekStart(now), -1)];
    case 'this-month': return [`${month}01`, now];
    case 'last-month': {
      const end = addDays(`${month}01`, -1);
      return [`${end.slice(0, 8)}01`, end];
    }
    case 'this-year': return [`${now.slice(0, 4)}-01-01`, now];
    default: return [weekStart(now), addDays(weekStart(now), 6)];
  }
}

export function render(root, {path, role}) {
  const p = new URLSearchParams(location.search);
  const sel = (name, label, options, value, multiple) => {
    const s = select({name, multiple, 'aria-label': label}, options);
    for (const o of s.options) o.selected = multiple ? value.includes(o.value) : o.value === value;
    return s;
  };
  const period = sel('period', 'Period', PERIODS, p.get('period') || 'this-week');
  const from = h('input', {type: 'date', name: 'from', 'aria-label': 'From', value: p.get('from') || ''});
  const to = h('input', {type: 'date', name: 'to', 'aria-label': 'To', value: p.get('to') || ''});
  const custom = h('div.row2', {hidden: period.value !== 'custom'}, from, to);
  const g1 = sel('g1', 'Group by', GROUPS, p.get('g1') || 'project');
  const g2 = sel('g2', 'Then by', [['', 'Nothing'], ...GROUPS], p.get('g2') ?? 'week');
  const filters = h('div.report-filters');
  const alert = alertBox();
  const out = h('div.stack', {'aria-live': 'polite'});
  const lab = (text, el) => h('label.filter', h('span', {text}), el);
  const form = h('form#report-form.report-form', lab('Period', period), lab('Group by', g1), lab('Then by', g2), custom, filters);
  let rows = [];

  form.addEventListener('change', () => {
    custom.hidden = period.value !== 'custom';
    run();
  });
  form.addEventListener('submit', (e) => e.preventDefault());

  async function options() {
    const r = await consoleRole().catch(() => null);
    const add = (name, label, list, multiple = true) => {
      if (list.length < 2) return;
      filters.append(lab(label, sel(name, label, multiple ? list : [['', 'Any'], ...list], multiple ? p.getAll(name) : p.get(name) || '', multiple)));
    };
    const [teams, projects, users, tasks] = await Promise.all([
      r ? api('GET', '/teams').catch(() => []) : [],
      api('GET', '/projects').catch(() => []),
      r === 'admin' ? api('GET', '/users').catch(() => []) : [],
      loadTasks().catch(() => new Map()),
    ]);
    add('team_id', 'Team', [['', 'Everyone I may see'], ...(teams || []).map((t) => [t.id, t.name])], false);
    add('user_id', 'People', (users || []).map((u) => [u.id, u.name]));
    add('project_id', 'Projects', (projects || []).map((x) => [x.id, x.name]));
    add('task_id', 'Tasks', [...tasks.values()].map((t) => [t.id, `${t.project_name} / ${t.name}`]).sort((x, y) => x[1].localeCompare(y[1])));
    add('billable', 'Billable', [['true', 'Billable'], ['false', 'Not billable']], false);
    add('kind', 'Kind', [['on_time', 'On time'], ['late', 'Late'], ['imported', 'Imported']]);
  }

  function query() {
    const q = new URLSearchParams({period: period.value, g1: g1.value, g2: g2.value});
    if (period.value === 'custom') {
      q.set('from', from.value);
      q.set('to', to.value);
    }
    for (const s of filters.querySelectorAll('select')) {
      for (const o of s.selectedOptions) if (o.value) q.append(s.name, o.value);
    }
    return q;
  }

  async function run() {
    const q = query();
    history.replaceState(null, '', `${path}?${q}`);
    const [a, b] = q.get('period') === 'custom' ? [q.get('from'), q.get('to')] : range(q.get('period'));
    const api_q = new URLSearchParams({from: a, to: b, group_by: [g1.value, g2.value].filter(Boolean).join(',')});
    for (const k of ['team_id', 'user_id', 'project_id', 'task_id', 'billable', 'kind']) for (const v of q.getAll(k)) api_q.append(k, v);
    alert.show('');
    try {
      show(await api('GET', `/reports?${api_q}`), a, b);
    } catch (err) {
      fill(out);
      alert.show(fieldMessages(err));
    }
  }

  function show(rep, a, b) {
    const [k1, k2] = rep.group_by;
    const name = (k) => GROUPS.find(([v]) => v === k)?.[1] || '';
    const lb = (k, r) => k === 'day' ? short(r.key) : k === 'week' ? `wk ${short(r.key)}` : r.label;
    // The table, as rows of cells; the CSV is made of the same rows.
    rows = [k2 ? [name(k1), name(k2), 'Hours'] : [name(k1), 'Hours']];
    for (const r of rep.rows) {
      for (const s of r.groups || []) rows.push([lb(k1, r), lb(k2, s), hm(s.minutes)]);
      rows.push(k2 ? [lb(k1, r), 'Subtotal', hm(r.minutes)] : [lb(k1, r), hm(r.minutes)]);
    }
    rows.push(k2 ? ['Total', '', hm(rep.total_minutes)] : ['Total', hm(rep.total_minutes)]);
    const table = h('table#report-table', h('caption', `${short(a)} – ${short(b)} · ${mins(rep.total_minutes)}`),
      h('thead', h('tr', rows[0].map((c) => h('th', {scope: 'col', text: c})))),
      h('tbody', rows.slice(1).map((cells) => h('tr', {class: cells[1] === 'Subtotal' || cells[0] === 'Total' ? 'subtotal' : ''},
        cells.map((c, i) => h(i ? 'td' : 'th', {scope: i ? null : 'row', text: String(c)}))))));
    // Charts: over time when one grouping is time, stacked by the other.
    const tk = TIME.has(k1) ? k1 : TIME.has(k2) ? k2 : null;
    const other = tk === k1 ? k2 : k1;
    const series = new Map();
    const buckets = new Map();
    for (const r of rep.rows) {
      for (const s of r.groups?.length ? r.groups : [r]) {
        const [t, o] = tk === k1 ? [r, s === r ? null : s] : [s === r ? null : s, r];
        const bk = t || {key: 'all', label: 'All'};
        buckets.set(bk.key, {key: bk.key, label: lb(tk, bk)});
        const ok = o ? o.key : 'all';
        if (!series.has(ok)) series.set(ok, {label: o ? o.label : 'Time', color: o?.color, values: new Map(), minutes: 0});
        const se = series.get(ok);
        se.values.set(bk.key, (se.values.get(bk.key) || 0) + s.minutes);
        se.minutes += s.minutes;
      }
    }
    const parts = [...series.values()].sort((x, y) => y.minutes - x.minutes);
    // Every day, week or month of the range has its place, with time or not.
    for (let d = tk === 'week' ? weekStart(a) : a; tk && d <= b; d = addDays(d, 1)) {
      const key = tk === 'month' ? d.slice(0, 7) : d;
      if ((tk !== 'week' || d === weekStart(d)) && !buckets.has(key)) buckets.set(key, {key, label: lb(tk, {key, label: key})});
    }
    const bs = [...buckets.values()].sort((x, y) => (x.key < y.key ? -1 : 1));
    const legend = h('ul.legend', parts.slice(0, 12).map((s, i) => h('li', dot(colorOf(s, i), 'swatch'), `${s.label} · ${mins(s.minutes)}`)));
    const csv = h('button#report-csv.btn', {text: 'Download CSV', onclick: download});
    fill(out, rep.rows.length ? [
      h('div.charts',
        tk ? stackedBars(bs, parts, `${name(other) || 'Time'} by ${name(tk).toLowerCase()}, ${mins(rep.total_minutes)} in all; the table below has every figure.`) : null,
        other ? donut(parts, `Share by ${name(other).toLowerCase()}; the table below has every figure.`) : null),
      legend, h('div.table-wrap', table), h('div.actions', csv)] :
      h('p.empty-state', 'No time in this report. Try a longer period or fewer filters.'));
  }

  function download() {
    // Formulas are defused before quoting, which would hide their start.
    const cell = (c) => String(c).replace(/^([=+\-@\t\r])/, "'$1").replace(/^.*[",\n\r].*$/s, (v) => `"${v.replaceAll('"', '""')}"`);
    const blob = new Blob([rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'], {type: 'text/csv'});
    const a = h('a', {href: URL.createObjectURL(blob), download: `timestreak-report-${query().get('period')}.csv`});
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  root.append(h('div.screen.console.reports', role ? consoleNav(path, role) : null,
    titled('section.card.stack', 'h1#reports-h', 'Reports', form, alert, out)));
  ensureMe().then(() => {
    if (period.value === 'custom' && !from.value) [from.value, to.value] = range('this-week');
    return options();
  }).then(run, (err) => alert.show(err.message));
}
