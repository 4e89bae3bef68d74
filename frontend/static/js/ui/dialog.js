// A dialog that asks once before a destructive action.
import {h} from '../dom.js';

/** Resolves true when the person confirms. */
export function confirmOnce(title, message, action = 'Confirm') {
  return new Promise((resolve) => {
    const ok = h('button', {type: 'button', class: 'btn danger', id: 'confirm-ok', text: action});
    const no = h('button', {type: 'button', class: 'btn', text: 'Cancel'});
    const d = h('dialog', {class: 'dialog', 'aria-labelledby': 'confirm-h'},
      h('div', {class: 'stack'}, h('h2', {id: 'confirm-h', text: title}), h('p', {text: message}), h('div', {class: 'actions'}, no, ok)));
    const done = (v) => { d.close(); d.remove(); resolve(v); };
    ok.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    d.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(d);
    d.showModal();
    no.focus();
  });
}
