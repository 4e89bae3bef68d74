// One entry in a list, on Today and Week: the task in its project's colour,
// the note, tags and minutes; an entry still in the outbox says so.
import {h, dot} from '../dom.js';
import {icon} from '../icons.js';
import {mins} from '../dates.js';
import {state, taskName} from '../store.js';

export function entryRow(e, {waiting, tags, actions} = {}) {
  return h('li.entry', {dataset: e.id ? {id: e.id} : null},
    h('div.entry-main',
      h('span.entry-task', dot(state.tasks.get(e.task_id)?.project_color), taskName(e.task_id)),
      e.note ? h('span.entry-note', e.note) : null,
      waiting ? h('span.tag.warn', icon('sync'), 'Waiting to sync') : null,
      tags ? h('span.tags', tags) : null),
    h('span.entry-min', mins(e.minutes)),
    actions);
}
