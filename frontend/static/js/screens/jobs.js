// Jobs (admin): the scheduled jobs, their last and next run and last error;
// run one now.
import {api, url} from '../api.js';
import {h, fill, act, titled} from '../dom.js';
import {consoleNav, emptyState} from '../ui/console.js';

export const title = 'Jobs';

const ABOUT = {
  closeout: 'Closes finished days: points, streaks and badges.',
  weekly: 'Awards the weekly top three of each team.',
  reminders: 'Reminds people who have logged nothing by their reminder time.',
};

const when = (t) => (t ? h('time', {datetime: t, text: new Date(t).toLocaleString(undefined, {day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'})}) : 'never');

export function render(root, {path, role}) {
  const list = h('ul.rows', {'aria-labelledby': 'jobs-h'});
  root.append(h('div.screen.console', consoleNav(path, role),
    titled('section.card', 'h1#jobs-h', 'Jobs',
      h('p.muted', 'They run on their own schedule; running one now changes nothing it would not do anyway.'), list)));

  function row(j) {
    const btn = h('button.btn', {'aria-label': `Run now: ${j.name}`, text: 'Run now', onclick: async () => {
      btn.disabled = true;
      btn.textContent = 'Running…';
      act(async () => {
        const after = await api('POST', url`/admin/jobs/${j.name}/run`);
        if (after?.last_error) throw new Error(`${j.name} failed: ${after.last_error}`);
      }, `${j.name} ran.`, load);
    }});
    return h('li.row', {dataset: {job: j.name}},
      h('div.row-main', h('strong', j.name), ABOUT[j.name] ? h('span.muted', ABOUT[j.name]) : null,
        h('span', 'Last run ', when(j.last_run), ' · next ', when(j.next_run)),
        j.last_error ? h('span.field-error', `Last error: ${j.last_error}`) : null),
      btn);
  }

  async function load() {
    try {
      const jobs = (await api('GET', '/admin/jobs')) || [];
      fill(list, jobs.length ? jobs.map(row) : h('li', emptyState('No scheduled jobs.', 'They start with the server.')));
    } catch (err) {
      fill(list, h('li.alert.error', err.message));
    }
  }
  load();
}
