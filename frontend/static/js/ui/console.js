// The console's own navigation and its empty states.
import {h} from '../dom.js';

const LINKS = [['/admin/teams', 'Teams', true], ['/admin/people', 'People', false], ['/admin/invites', 'Invites', false], ['/admin/projects', 'Projects', false], ['/reports', 'Reports', true], ['/admin/import', 'Import', false], ['/admin/clickup', 'ClickUp', false], ['/admin/jobs', 'Jobs', false]];

/** Tabs between the console's screens; a lead sees only Teams. */
export function consoleNav(path, role) {
  const links = LINKS.filter(([, , lead]) => role === 'admin' || lead);
  if (links.length < 2) return null;
  return h('nav.console-nav', {'aria-label': 'Console'}, links.map(([href, text]) =>
    h('a', {href, 'data-link': '', class: 'seg-link', 'aria-current': path === href ? 'page' : null, text})));
}

/** An empty list says what to do next. */
export function emptyState(text, next) {
  return h('p.empty-state', h('span', {text}), next ? h('span.muted', ` ${next}`) : null);
}
