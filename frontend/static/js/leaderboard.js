// Leaderboard: team picker, period tabs, points or streak, a podium for the
// top three and everyone else below. Ranks, points and streaks only: never hours.
import {api} from './api.js';
import {h, fill, alertBox} from './dom.js';
import {icon, podiumIcon} from './icons.js';
import {short} from './dates.js';
import {state, ensureMe} from './store.js';

export const title = 'Leaderboard';

const PERIODS = [['day', 'Today'], ['week', 'Week'], ['month', 'Month'], ['all', 'All time']];
const METRICS = [['points', 'Points'], ['streak', 'Streak']];
const PLACES = ['gold', 'silver', 'bronze'];

export function render(root) {
  const alert = alertBox();
  const controls = h('div', {class: 'board-controls'});
  const board = h('div', {class: 'board', id: 'board-panel', role: 'tabpanel', 'aria-live': 'polite'});
  const head = h('div', {class: 'board-head'}, podiumIcon('big'), h('h1', {text: 'Leaderboard'}));
  root.append(h('div', {class: 'screen leaderboard'}, head, controls, alert, board));

  let teams = [];
  let team = null;
  let period = localStorage.getItem('timestreak.period') || 'week';
  let metric = localStorage.getItem('timestreak.metric') || 'points';
  let seq = 0;

  function tabs() {
    const list = h('div', {class: 'tabs', role: 'tablist', 'aria-label': 'Period'},
      PERIODS.map(([key, text]) => h('button', {
        type: 'button', role: 'tab', class: 'tab', id: `tab-${key}`, 'aria-controls': 'board-panel',
        'aria-selected': String(key === period), tabindex: key === period ? '0' : '-1', text,
        onclick: () => { period = key; localStorage.setItem('timestreak.period', key); draw(); load(); },
      })));
    list.addEventListener('keydown', (e) => {
      const i = PERIODS.findIndex(([k]) => k === period);
      let j = null;
      if (e.key === 'ArrowRight') j = (i + 1) % PERIODS.length;
      if (e.key === 'ArrowLeft') j = (i + PERIODS.length - 1) % PERIODS.length;
      if (e.key === 'Home') j = 0;
      if (e.key === 'End') j = PERIODS.length - 1;
      if (j === null) return;
      e.preventDefault();
      period = PERIODS[j][0];
      localStorage.setItem('timestreak.period', period);
      draw();
      load();
      controls.querySelector(`#tab-${period}`)?.focus();
    });
    return list;
  }

  function draw() {
    const picker = teams.length > 1
      ? h('div', {class: 'field inline'}, h('label', {for: 'team-pick', text: 'Team'}),
        h('select', {id: 'team-pick', onchange: (e) => { team = teams.find((t) => t.id === e.target.value); localStorage.setItem('timestreak.team', team.id); load(); }},
          teams.map((t) => h('option', {value: t.id, text: t.name, selected: t.id === team.id}))))
      : h('p', {class: 'team-name'}, h('span', {class: 'muted', text: 'Team '}), h('strong', {text: team.name}));
    fill(controls, picker, tabs(),
      h('div', {class: 'toggle', role: 'group', 'aria-label': 'Rank by'},
        METRICS.map(([key, text]) => h('button', {type: 'button', class: 'seg', 'aria-pressed': String(key === metric), text,
          onclick: () => { metric = key; localStorage.setItem('timestreak.metric', key); draw(); load(); }}))));
  }

  async function load() {
    const mine = ++seq;
    alert.show('');
    try {
      const q = new URLSearchParams({period, metric});
      const res = await api('GET', `/teams/${encodeURIComponent(team.id)}/leaderboard?${q}`);
      if (mine !== seq) return;
      show(res);
    } catch (err) {
      if (mine === seq) alert.show(err.message);
    }
  }

  function value(e) {
    return metric === 'streak' ? `${e.streak} ${e.streak === 1 ? 'day' : 'days'}` : `${e.points} pts`;
  }

  function show(res) {
    const me = state.me?.id;
    const entries = res.entries || [];
    const top = entries.filter((e) => e.rank <= 3 && (metric === 'streak' ? e.streak : e.points) > 0).slice(0, 3);
    const rest = entries.filter((e) => !top.includes(e));
    const range = !res.from || !res.to ? '' : res.from === res.to ? short(res.from) : `${short(res.from)} – ${short(res.to)}`;
    const nobody = !top.length;
    fill(board,
      range && res.period !== 'all' ? h('p', {class: 'muted range', text: range}) : null,
      nobody
        ? h('div', {class: 'card empty-board'}, h('p', {text: metric === 'streak' ? 'No streaks yet in this team.' : 'No points yet for this period.'}),
          h('p', {class: 'muted', text: 'Points arrive when a day closes. Log today\'s time to be on the board tomorrow.'}))
        : h('ol', {class: 'podium', 'aria-label': 'Top three'}, top.map((e) => {
          const place = PLACES[Math.min(e.rank, 3) - 1];
          return h('li', {class: `place ${place}${e.user.id === me ? ' me' : ''}`, 'aria-current': e.user.id === me ? 'true' : null},
            h('span', {class: 'medal', 'aria-hidden': 'true', text: String(e.rank)}),
            h('span', {class: 'sr-only', text: `Rank ${e.rank}: `}),
            h('span', {class: 'p-name', text: e.user.name}),
            h('span', {class: 'p-value', text: value(e)}),
            h('span', {class: 'p-meta'}, `Level ${e.level}`, e.user.id === me ? h('span', {class: 'you', text: 'you'}) : null),
            h('span', {class: 'step-block', 'aria-hidden': 'true'}));
        })),
      rest.length ? h('ol', {class: 'ranks', 'aria-label': nobody ? 'Everyone' : 'Everyone else'}, rest.map((e) =>
        h('li', {class: `rank-row${e.user.id === me ? ' me' : ''}`, 'aria-current': e.user.id === me ? 'true' : null},
          h('span', {class: 'r-rank'}, h('span', {class: 'sr-only', text: 'Rank '}), String(e.rank)),
          h('span', {class: 'r-name'}, h('span', {text: e.user.name}), e.user.id === me ? h('span', {class: 'you', text: 'you'}) : null),
          h('span', {class: 'r-meta'}, `Lv ${e.level}`),
          h('span', {class: `r-streak${metric === 'streak' ? ' strong' : ''}`, title: `${e.streak}-day streak`}, icon('flame', 'flame'), h('span', {class: 'sr-only', text: 'Streak '}), String(e.streak)),
          h('span', {class: `r-value${metric === 'points' ? ' strong' : ''}`, text: `${e.points} pts`})))) : null);
  }

  (async () => {
    try {
      await ensureMe();
      teams = (await api('GET', '/teams')) || [];
      if (!teams.length) {
        fill(board, h('div', {class: 'card empty-board'},
          podiumIcon('big'),
          h('h2', {text: 'You are not on a team yet'}),
          state.me?.role === 'admin'
            ? h('p', {}, 'Make a team and add people to it in ', h('a', {href: '/admin/teams', 'data-link': '', text: 'Teams'}), '.')
            : h('p', {text: 'When an admin adds you to a team, you will see where you stand here.'}),
          h('p', {class: 'muted', text: 'Meanwhile, your streak keeps growing with every day you log.'}),
          h('a', {href: '/', 'data-link': '', class: 'btn primary', text: 'Log today\'s time'})));
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
