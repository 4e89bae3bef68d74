// Import (admin): pick the tool and the file, see the dry run's report,
// then import. The file is uploaded once; every dry run (another tool,
// another date order) and the import name that upload.
import {api} from '../api.js';
import {h, fill, alertBox, toast, select, titled} from '../dom.js';
import {errField, fieldMessages} from '../ui/form.js';
import {consoleNav, emptyState} from '../ui/console.js';
import {mins, count, sum} from '../dates.js';

export const title = 'Import';

const TOOLS = [['toggl', 'Toggl Track'], ['clockify', 'Clockify'], ['kimai', 'Kimai'], ['harvest', 'Harvest']];

export function render(root, {path, role}) {
  const tool = errField('Exported from', select({name: 'tool'}, TOOLS));
  const file = h('input', {type: 'file', name: 'file', accept: '.csv,text/csv', id: 'import-file', class: 'sr-only'});
  const drop = h('label.drop', {for: 'import-file'});
  const say = (name, rest = ' or drop it here') => fill(drop, h('strong', name), h('span.muted', rest));
  say('Choose a CSV export');
  const names = h('input', {type: 'checkbox', name: 'match_names'});
  const order = h('fieldset.field', {hidden: true, id: 'date-order'}, h('legend', 'How are the dates written?'),
    ...[['dmy', 'Day first: 03/04 is 3 April'], ['mdy', 'Month first: 03/04 is March 4']].map(([v, t]) =>
      h('label.check', h('input', {type: 'radio', name: 'date_order', value: v}), h('span', t))));
  const alert = alertBox();
  const out = h('section#import-report.card.stack', {'aria-labelledby': 'report-h', 'aria-live': 'polite', hidden: true});
  let upload = null;

  const opts = (dry) => {
    const q = new URLSearchParams({upload_id: upload.id, dry_run: dry});
    const o = order.querySelector('input:checked');
    if (o) q.set('date_order', o.value);
    if (names.checked) q.set('match', 'names');
    return `/import/${tool.input.value}?${q}`;
  };

  async function take(f) {
    if (!f) return;
    alert.show('');
    out.hidden = true;
    order.hidden = true;
    for (const r of order.querySelectorAll('input')) r.checked = false;
    say(f.name, ' uploading…');
    const form = new FormData();
    form.append('file', f, f.name);
    try {
      upload = await api('POST', '/import/uploads', {form});
      say(upload.name, ` · ${Math.ceil(upload.size / 1024)} KB · choose another`);
      dryRun();
    } catch (err) {
      upload = null;
      say('Choose a CSV export');
      alert.show(err.fields?.[0]?.message ? `The file ${err.fields[0].message}.` : err.message);
    }
  }

  async function dryRun() {
    if (!upload) return;
    alert.show('');
    out.hidden = false;
    fill(out, h('h2#report-h', 'Reading the file…'));
    try {
      show(await api('POST', opts(true)));
    } catch (err) {
      out.hidden = true;
      const dates = err.fields?.find((f) => f.field === 'date_order');
      if (dates) order.hidden = false;
      alert.show(dates ? `The dates could be read two ways: ${dates.message}. Choose how they are written.` : fieldMessages(err));
    }
  }

  function show(rep) {
    const users = rep.users || [];
    const minutes = sum(users);
    const list = (items, text) => items.length ? h('ul.plain', items.map((x) => h('li', x))) : h('p.muted', {text});
    const go = h('button#import-go.btn.primary', {text: `Import ${count(rep.entries_created, 'entry', 'entries')}`, disabled: !rep.entries_created, onclick: async () => {
      go.disabled = true;
      go.textContent = 'Importing…';
      try {
        const done = await api('POST', opts(false));
        upload = null;
        say('Choose another CSV export');
        show(done);
        toast(`Imported ${done.entries_created} entries.`);
      } catch (err) {
        go.disabled = false;
        go.textContent = 'Import';
        alert.show(err.message);
      }
    }});
    fill(out,
      h('h2#report-h', rep.dry_run ? 'What the import will do' : 'Imported'),
      h('p.totals', h('strong', `${count(rep.entries_created, 'entry', 'entries')}`),
        ` · ${mins(minutes)} · ${rep.entries_skipped_duplicate} already here · ${count(rep.errors.length, 'row')} cannot be imported`,
        rep.billable_unknown ? ` · ${rep.billable_unknown} with an unknown billable value (imported as not billable)` : ''),
      h('h3', 'People'),
      users.length ? h('ul.rows', users.map((u) => h('li.row',
        h('div.row-main', h('strong', u.name), h('span.muted', u.email)),
        h('span', `${u.entries} · ${mins(u.minutes)}`)))) : emptyState('Nobody in the file matches a person here.', 'Add them under People (same email) first.'),
      h('h3', rep.dry_run ? 'Projects to create' : 'Projects created'), list(rep.projects_created, 'None: they all exist.'),
      h('h3', rep.dry_run ? 'Tasks to create' : 'Tasks created'), list(rep.tasks_created, 'None: they all exist.'),
      rep.errors.length ? h('div.table-wrap', h('table#import-errors', h('caption', 'Rows that cannot be imported'),
        h('thead', h('tr', h('th', {scope: 'col', text: 'Line'}), h('th', {scope: 'col', text: 'Why'}))),
        h('tbody', rep.errors.map((e) => h('tr', h('td', String(e.line)), h('td', e.reason)))))) : null,
      rep.dry_run ? h('div.actions', go) : null);
  }

  file.addEventListener('change', () => take(file.files[0]));
  for (const ev of ['dragover', 'dragenter']) drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); take(e.dataTransfer.files[0]); });
  tool.input.addEventListener('change', dryRun);
  names.addEventListener('change', dryRun);
  order.addEventListener('change', dryRun);

  root.append(h('div.screen.console', consoleNav(path, role),
    titled('section.card', 'h1#import-h', 'Import time',
      h('p.muted', 'Bring your team\'s history from another tracker. Entries go to the people with the same email; nothing is written until you press Import.'),
      h('div#import-form.stack', tool.wrap, file, drop, order,
        h('label.check', names, h('span', 'Also match people by name when the email finds nobody')), alert)),
    out));
}
