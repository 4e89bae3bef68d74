// A dialog that asks once before a destructive action.
import {h} from '../dom.js';

/** Resolves true when the person confirms. */
export function confirmOnce(title, message, action = 'Confirm') {
  return new Promise((resolve) => {
    const ok = h('button#confirm-ok.btn.danger', action);
    const no = h('button.btn', 'Cancel');
    const d = h('dialog.dialog', {'aria-labelledby': 'confirm-h'},
      h('div.stack', h('h2#confirm-h', title), h('p', message), h('div.actions', no, ok)));
    const done = (v) => { d.close(); d.remove(); resolve(v); };
    ok.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    d.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(d);
    d.showModal();
    no.focus();
  });
}
