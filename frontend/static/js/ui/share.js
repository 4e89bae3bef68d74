// A link to hand over: shown in a read-only field, with Copy and (where the
// browser has it) Share.
import {h, toast} from '../dom.js';
import {icon} from '../icons.js';

export function shareLink(url, {label = 'Link', title = 'timestreak'} = {}) {
  const input = h('input', {type: 'text', readonly: true, value: url, class: 'link-field', 'aria-label': label, spellcheck: 'false'});
  input.addEventListener('focus', () => input.select());
  const copy = h('button.btn', {'data-copy': '', onclick: async () => {
    try {
      await navigator.clipboard.writeText(url);
      copy.lastChild.textContent = 'Copied';
    } catch {
      input.select();
      toast('Select the link and copy it.');
    }
  }}, icon('copy'), h('span', 'Copy'));
  const share = navigator.share ? h('button.btn', {onclick: () => navigator.share({title, url}).catch(() => {})}, icon('share'), h('span', 'Share')) : null;
  return h('div.share', input, h('div.share-btns', copy, share));
}
