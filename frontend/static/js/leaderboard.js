// Leaderboard: team picker, period tabs, points or streak, a podium for the
// top three and everyone else below. Ranks, points and streaks only: never hours.
import {api, url} from './api.js';
import {h, fill, alertBox, link} from './dom.js';
import {icon, podiumIcon} from './icons.js';
import {short, count} from './dates.js';
import {state, ensureMe} from './store.js';

export const title = 'Leaderboard';

const PERIODS = [['day', 'Today'], ['week', 'Week'], ['month', 'Month'], ['all', 'All time']];
const METRICS = [['points', 'Points'], ['streak', 'Streak']];
const PLACES = ['gold', 'silver', 'bronze'];

export function render(root) {
  const alert = alertBox();
  const controls = h('div.board-controls');
  const board = h('div#board-panel.board', {role: 'tabpanel', 'aria-live': 'polite'});
  const head = h('div.board-head', podiumIcon('big'), h('h1', 'Leaderboard'));
  root.append(h('div.screen.leaderboard', head, controls, alert, board));

  let teams = [];
  let team = null;
  let period = localStorage.getItem('timestreak.period') || 'week';
  let metric = localStorage.getItem('timestreak.metric') || 'points';
  let seq = 0;

  function pick(key) {
    period = key;
    localStorage.setItem('timestreak.period', key);
    draw();
    load();
  }

  function tabs() {
    const list = h('div.tabs', {role: 'tablist', 'aria-label': 'Period'},
      PERIODS.map(([key, text]) => h('button', {
        role: 'tab', class: 'tab', id: `tab-${key}`, 'aria-controls': 'board-panel',
        'aria-selected': String(key === period), tabindex: key === period ? '0' : '-1', text, onclick: () => pick(key),
      })));
    list.addEventListener('keydown', (e) => {
      const i = PERIODS.findIndex(([k]) => k === period);
      const n = PERIODS.length;
      const j = {ArrowRight: (i + 1) % n, ArrowLeft: (i + n - 1) % n, Home: 0, End: n - 1}[e.key];
      if (j === undefined) return;
      e.preventDefault();
      pick(PERIODS[j][0]);
      controls.querySelector(`#tab-${period}`)?.focus();
    });
    return list;
  }

  function draw() {
    const picker = teams.length > 1
      ? h('div.field.inline', h('label', {for: 'team-pick', text: 'Team'}),
        h('select#team-pick', {onchange: (e) => { team = teams.find((t) => t.id === e.target.value); localStorage.setItem('timestreak.team', team.id); load(); }},
          teams.map((t) => h('option', {value: t.id, text: t.name, selected: t.id === team.id}))))
      : h('p.team-name', h('span.muted', 'Team '), h('strong', team.name));
    fill(controls, picker, tabs(),
      h('div.toggle', {role: 'group', 'aria-label': 'Rank by'},
        METRICS.map(([key, text]) => h('button.seg', {'aria-pressed': String(key === metric), text,
          onclick: () => { metric = key; localStorage.setItem('timestreak.metric', key); draw(); load(); }}))));
  }

  async function load() {
    const mine = ++seq;
    alert.show('');
    try {
      const q = new URLSearchParams({period, metric});
      const res = await api('GET', url`/teams/${team.id}/leaderboard?` + q);
      if (mine !== seq) return;
      show(res);
    } catch (err) {
      if (mine === seq) alert.show(err.message);
    }
  }

  function value(e) {
    return metric === 'streak' ? `${count(e.streak, 'day')}` : `${e.points} pts`;
  }

  function show(res) {
    const me = state.me?.id;
    const entries = res.entries || [];
    const top = entries.filter((e) => e.rank <= 3 && (metric === 'streak' ? e.streak : e.points) > 0).slice(0, 3);
    const rest = entries.filter((e) => !top.includes(e));
    const range = !res.from || !res.to ? '' : res.from === res.to ? short(res.from) : `${short(res.from)} – ${short(res.to)}`;
    const nobody = !top.length;
    fill(board,
      range && res.period !== 'all' ? h('p.muted.range', range) : null,
      nobody
        ? h('div.card.empty-board', h('p', metric === 'streak' ? 'No streaks yet in this team.' : 'No points yet for this period.'),
          h('p.muted', 'Points arrive when a day closes. Log today\'s time to be on the board tomorrow.'))
        : h('ol.podium', {'aria-label': 'Top three'}, top.map((e) => {
          const place = PLACES[Math.min(e.rank, 3) - 1];
          return h('li', {class: `place ${place}${e.user.id === me ? ' me' : ''}`, 'aria-current': e.user.id === me ? 'true' : null},
            h('span.medal', {'aria-hidden': 'true', text: String(e.rank)}),
            h('span.sr-only', `Rank ${e.rank}: `),
            h('span.p-name', e.user.name),
            h('span.p-value', value(e)),
            h('span.p-meta', `Level ${e.level}`, e.user.id === me ? h('span.you', 'you') : null),
            h('span.step-block', {'aria-hidden': 'true'}));
        })),
      rest.length ? h('ol.ranks', {'aria-label': nobody ? 'Everyone' : 'Everyone else'}, rest.map((e) =>
        h('li', {class: `rank-row${e.user.id === me ? ' me' : ''}`, 'aria-current': e.user.id === me ? 'true' : null},
          h('span.r-rank', h('span.sr-only', 'Rank '), String(e.rank)),
          h('span.r-name', h('span', e.user.name), e.user.id === me ? h('span.you', 'you') : null),
          h('span.r-meta', `Lv ${e.level}`),
          h('span', {class: `r-streak${metric === 'streak' ? ' strong' : ''}`, title: `${e.streak}-day streak`}, icon('flame', e.streak ? 'flame' : 'flame unlit'), h('span.sr-only', 'Streak '), String(e.streak)),
          h('span', {class: `r-value${metric === 'points' ? ' strong' : ''}`, text: `${e.points} pts`})))) : null);
  }

  (async () => {
    try {
      await ensureMe();
      teams = (await api('GET', '/teams')) || [];
      if (!teams.length) {
        fill(board, h('div.card.empty-board',
          podiumIcon('big'),
          h('h2', 'You are not on a team yet'),
          state.me?.role === 'admin'
            ? h('p', 'Make a team and add people to it in ', link('/admin/teams', 'Teams'), '.')
            : h('p', 'When an admin adds you to a team, you will see where you stand here.'),
          h('p.muted', 'Meanwhile, your streak keeps growing with every day you log.'),
          link('/', 'Log today\'s time', 'btn primary')));
        return;
      }
      const saved = localStorage.getItem('timestreak.team');
      team = teams.find((t) => t.id === saved) || teams[0];
      draw();
      load();
    } catch (err) {
      alert.show(err.message);
    }
  })();
}
