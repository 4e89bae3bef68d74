// A one-time link from the Slack app (code in the fragment): whose Slack account, then link on consent.
import {api} from '../api.js';
import {h, fill, toast} from '../dom.js';

export const title = 'Link Slack';

export function render(root, {navigate}) {
  const code = {code: new URLSearchParams(location.hash.slice(1)).get('code') || ''};
  const body = h('p', '…');
  const failed = (err) => fill(body, h('span.alert.error', {role: 'alert', text: err.message}));
  root.append(h('section.card.stack', h('h1', title), body));
  api('GET', '/me/integrations/slack/link?' + new URLSearchParams(code)).then((p) => fill(body,
    `Slack user “${p.slack_user_name}” asks to log time as you. Link only if that is you. `,
    h('button.btn.primary', {text: 'Link', onclick: (e) => {
      e.target.disabled = true;
      api('POST', '/me/integrations/slack/link', {body: code}).then(() => { toast('Slack linked.'); navigate('/'); }, failed);
    }})), failed);
}
