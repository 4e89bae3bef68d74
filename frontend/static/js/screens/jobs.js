// Jobs (admin): the scheduled jobs, their last and next run and last error;
// run one now.
import {api} from '../api.js';
import {h, fill, toast} from '../dom.js';
import {consoleNav, emptyState} from '../ui/console.js';

export const title = 'Jobs';

const ABOUT = {
  closeout: 'Closes finished days: points, streaks and badges.',
  weekly: 'Awards the weekly top three of each team.',
  reminders: 'Reminds people who have logged nothing by their reminder time.',
};

const when = (t) => (t ? h('time', {datetime: t, text: new Date(t).toLocaleString(undefined, {day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'})}) : 'never');

export function render(root, {path, role}) {
  const list = h('ul', {class: 'rows', id: 'job-list', 'aria-labelledby': 'jobs-h'});
  root.append(h('div', {class: 'screen console'}, consoleNav(path, role),
    h('section', {class: 'card', 'aria-labelledby': 'jobs-h'}, h('h1', {id: 'jobs-h', text: 'Jobs'}),
      h('p', {class: 'muted', text: 'They run on their own schedule; running one now changes nothing it would not do anyway.'}), list)));

  function row(j) {
    const btn = h('button', {type: 'button', class: 'btn', 'aria-label': `Run now: ${j.name}`, text: 'Run now', onclick: async () => {
      btn.disabled = true;
      btn.textContent = 'Running…';
      try {
        await api('POST', `/admin/jobs/${encodeURIComponent(j.name)}/run`);
        toast(`${j.name} ran.`);
      } catch (err) {
        toast(err.message, {kind: 'error'});
      }
      load();
    }});
    return h('li', {class: 'row', dataset: {job: j.name}},
      h('div', {class: 'row-main'}, h('strong', {text: j.name}), ABOUT[j.name] ? h('span', {class: 'muted', text: ABOUT[j.name]}) : null,
        h('span', {}, 'Last run ', when(j.last_run), ' · next ', when(j.next_run)),
        j.last_error ? h('span', {class: 'field-error', text: `Last error: ${j.last_error}`}) : null),
      btn);
  }

  async function load() {
    try {
      const jobs = (await api('GET', '/admin/jobs')) || [];
      fill(list, jobs.length ? jobs.map(row) : h('li', {}, emptyState('No scheduled jobs.', 'They start with the server.')));
    } catch (err) {
      fill(list, h('li', {class: 'alert error', text: err.message}));
    }
  }
  load();
}
