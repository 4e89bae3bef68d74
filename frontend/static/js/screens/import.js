// Import (admin): pick the tool and the file, see the dry run's report,
// then import. The file is uploaded once; every dry run (another tool,
// another date order) and the import name that upload.
import {api} from '../api.js';
import {h, fill, alertBox, toast} from '../dom.js';
import {errField} from '../ui/form.js';
import {consoleNav, emptyState} from '../ui/console.js';
import {mins} from '../dates.js';

export const title = 'Import';

const TOOLS = [['toggl', 'Toggl Track'], ['clockify', 'Clockify'], ['kimai', 'Kimai'], ['harvest', 'Harvest']];

export function render(root, {path, role}) {
  const tool = errField('Exported from', h('select', {name: 'tool'}, TOOLS.map(([v, t]) => h('option', {value: v, text: t}))));
  const file = h('input', {type: 'file', name: 'file', accept: '.csv,text/csv', id: 'import-file', class: 'sr-only'});
  const drop = h('label', {class: 'drop', for: 'import-file'}, h('strong', {text: 'Choose a CSV export'}), h('span', {class: 'muted', text: ' or drop it here'}));
  const names = h('input', {type: 'checkbox', name: 'match_names', id: 'match-names'});
  const order = h('fieldset', {class: 'field', hidden: true, id: 'date-order'}, h('legend', {text: 'How are the dates written?'}),
    ...[['dmy', 'Day first: 03/04 is 3 April'], ['mdy', 'Month first: 03/04 is March 4']].map(([v, t]) =>
      h('label', {class: 'check'}, h('input', {type: 'radio', name: 'date_order', value: v}), h('span', {text: t}))));
  const alert = alertBox();
  const out = h('section', {class: 'card stack', id: 'import-report', 'aria-labelledby': 'report-h', 'aria-live': 'polite', hidden: true});
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
    fill(drop, h('strong', {text: f.name}), h('span', {class: 'muted', text: ' uploading…'}));
    const form = new FormData();
    form.append('file', f, f.name);
    try {
      upload = await api('POST', '/import/uploads', {form});
      fill(drop, h('strong', {text: upload.name}), h('span', {class: 'muted', text: ` · ${Math.ceil(upload.size / 1024)} KB · choose another`}));
      dryRun();
    } catch (err) {
      upload = null;
      fill(drop, h('strong', {text: 'Choose a CSV export'}), h('span', {class: 'muted', text: ' or drop it here'}));
      alert.show(err.fields?.[0]?.message ? `The file ${err.fields[0].message}.` : err.message);
    }
  }

  async function dryRun() {
    if (!upload) return;
    alert.show('');
    out.hidden = false;
    fill(out, h('h2', {id: 'report-h', text: 'Reading the file…'}));
    try {
      show(await api('POST', opts(true)));
    } catch (err) {
      out.hidden = true;
      const dates = err.fields?.find((f) => f.field === 'date_order');
      if (dates) order.hidden = false;
      alert.show(dates ? `The dates could be read two ways: ${dates.message}. Choose how they are written.` : err.fields?.length ? err.fields.map((f) => `${f.field}: ${f.message}`).join(' ') : err.message);
    }
  }

  function show(rep) {
    const users = rep.users || [];
    const minutes = users.reduce((n, u) => n + u.minutes, 0);
    const list = (items, text) => items.length ? h('ul', {class: 'plain'}, items.map((x) => h('li', {text: x}))) : h('p', {class: 'muted', text});
    const go = h('button', {type: 'button', class: 'btn primary', id: 'import-go', text: `Import ${rep.entries_created} ${rep.entries_created === 1 ? 'entry' : 'entries'}`, disabled: !rep.entries_created, onclick: async () => {
      go.disabled = true;
      go.textContent = 'Importing…';
      try {
        const done = await api('POST', opts(false));
        upload = null;
        fill(drop, h('strong', {text: 'Choose another CSV export'}), h('span', {class: 'muted', text: ' or drop it here'}));
        show(done);
        toast(`Imported ${done.entries_created} entries.`);
      } catch (err) {
        go.disabled = false;
        go.textContent = 'Import';
        alert.show(err.message);
      }
    }});
    fill(out,
      h('h2', {id: 'report-h', text: rep.dry_run ? 'What the import will do' : 'Imported'}),
      h('p', {class: 'totals'}, h('strong', {text: `${rep.entries_created} ${rep.entries_created === 1 ? 'entry' : 'entries'}`}),
        ` · ${mins(minutes)} · ${rep.entries_skipped_duplicate} already here · ${rep.errors.length} ${rep.errors.length === 1 ? 'row' : 'rows'} cannot be imported`,
        rep.billable_unknown ? ` · ${rep.billable_unknown} with an unknown billable value (imported as not billable)` : ''),
      h('h3', {text: 'People'}),
      users.length ? h('ul', {class: 'rows', id: 'import-people'}, users.map((u) => h('li', {class: 'row'},
        h('div', {class: 'row-main'}, h('strong', {text: u.name}), h('span', {class: 'muted', text: u.email})),
        h('span', {text: `${u.entries} · ${mins(u.minutes)}`})))) : emptyState('Nobody in the file matches a person here.', 'Add them under People (same email) first.'),
      h('h3', {text: rep.dry_run ? 'Projects to create' : 'Projects created'}), list(rep.projects_created, 'None: they all exist.'),
      h('h3', {text: rep.dry_run ? 'Tasks to create' : 'Tasks created'}), list(rep.tasks_created, 'None: they all exist.'),
      rep.errors.length ? h('div', {class: 'table-wrap'}, h('table', {id: 'import-errors'}, h('caption', {text: 'Rows that cannot be imported'}),
        h('thead', {}, h('tr', {}, h('th', {scope: 'col', text: 'Line'}), h('th', {scope: 'col', text: 'Why'}))),
        h('tbody', {}, rep.errors.map((e) => h('tr', {}, h('td', {text: String(e.line)}), h('td', {text: e.reason})))))) : null,
      rep.dry_run ? h('div', {class: 'actions'}, go) : null);
  }

  file.addEventListener('change', () => take(file.files[0]));
  for (const ev of ['dragover', 'dragenter']) drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); take(e.dataTransfer.files[0]); });
  tool.input.addEventListener('change', dryRun);
  names.addEventListener('change', dryRun);
  order.addEventListener('change', dryRun);

  root.append(h('div', {class: 'screen console'}, consoleNav(path, role),
    h('section', {class: 'card', 'aria-labelledby': 'import-h'}, h('h1', {id: 'import-h', text: 'Import time'}),
      h('p', {class: 'muted', text: 'Bring your team\'s history from another tracker. Entries go to the people with the same email; nothing is written until you press Import.'}),
      h('div', {class: 'stack', id: 'import-form'}, tool.wrap, file, drop, order,
        h('label', {class: 'check'}, names, h('span', {text: 'Also match people by name when the email finds nobody'})), alert)),
    out));
}
