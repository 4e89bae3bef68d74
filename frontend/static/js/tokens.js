// Personal API tokens on the Profile screen: list them, make one (its
// secret shown once, with a copy button), revoke one.
import {confirmOnce} from './ui/dialog.js';
import {api, url} from './api.js';
import {h, fill, field, alertBox, act, onSubmit, select} from './dom.js';
import {relTime} from './dates.js';

const SCOPES = [
  ['read', 'Read: can only look'],
  ['write', 'Write: can log and change your time'],
  ['admin', 'Admin: can also use admin routes'],
];

function day(rfc3339) {
  return new Date(rfc3339).toLocaleDateString(undefined, {day: 'numeric', month: 'short', year: 'numeric'});
}

/** Fill section with the caller's tokens and a form to make one. */
export async function showTokens(section, me) {
  const msg = alertBox();
  const secretBox = h('div.token-secret', {hidden: true});
  const list = h('ul.notes.tokens');
  const name = h('input', {type: 'text', name: 'token_name', required: true, maxlength: 100, autocomplete: 'off', placeholder: 'e.g. sync script'});
  const scope = select({name: 'scope'}, SCOPES.filter(([s]) => s !== 'admin' || me.role === 'admin'));
  scope.value = 'write';
  const days = h('input', {type: 'number', name: 'expires_in_days', min: 1, max: 365, step: 1, inputmode: 'numeric', value: 90});
  const make = h('button.btn', {type: 'submit', text: 'Make token'});
  const form = h('form.stack', {novalidate: true},
    field('Name', name).wrap,
    field('Access', scope).wrap,
    field('Expires after (days)', days, '1 to 365 days.').wrap,
    msg, make);

  async function load() {
    let tokens = [];
    try {
      tokens = (await api('GET', '/me/tokens')) || [];
    } catch (err) {
      fill(list, h('li.muted', err.message));
      return;
    }
    if (!tokens.length) {
      fill(list, h('li.muted', 'No tokens yet. Make one for a script that logs time for you.'));
      return;
    }
    fill(list, tokens.map((t) => h('li.token', {dataset: {id: t.id}},
      h('span.note-msg', h('strong', t.name), h('span.muted', ` · ${t.scope}`)),
      h('span.muted', `Made ${day(t.created_at)} · expires ${day(t.expires_at)} · ${t.last_used_at ? `used ${relTime(t.last_used_at)}` : 'never used'}`),
      h('button.btn.link', {text: 'Revoke', 'aria-label': `Revoke ${t.name}`, onclick: async () => {
        if (!await confirmOnce(`Revoke “${t.name}”?`, 'Scripts using it stop working at once. You can make a new token any time.', 'Revoke')) return;
        act(() => api('DELETE', url`/me/tokens/${t.id}`), 'Token revoked.', load);
      }}))));
  }

  function showSecret(t) {
    const code = h('code.secret', t.token);
    const copy = h('button.btn', {text: 'Copy', onclick: async () => {
      try {
        await navigator.clipboard.writeText(t.token);
        copy.textContent = 'Copied';
      } catch {
        const r = document.createRange();
        r.selectNodeContents(code);
        getSelection().removeAllRanges();
        getSelection().addRange(r);
        copy.textContent = 'Selected: copy it now';
      }
    }});
    fill(secretBox,
      h('p', h('strong', `Your new token "${t.name}"`), ' — copy it now: it is shown only this once.'),
      h('p', code, ' ', copy),
      h('button.btn.link', {text: 'Done', onclick: () => { secretBox.hidden = true; fill(secretBox); }}));
    secretBox.hidden = false;
  }

  onSubmit(form, async () => {
    msg.show('');
    const n = Number(days.value);
    if (!name.value.trim()) return msg.show('Name: say what the token is for.');
    if (!Number.isInteger(n) || n < 1 || n > 365) return msg.show('Expires after: a whole number of days from 1 to 365.');
    make.disabled = true;
    try {
      const t = await api('POST', '/me/tokens', {body: {name: name.value.trim(), scope: scope.value, expires_in_days: n}});
      form.reset();
      scope.value = 'write';
      days.value = 90;
      showSecret(t);
      load();
    } catch (err) {
      msg.show(err.message);
    }
    make.disabled = false;
  });

  fill(section,
    h('h2#tokens-h', 'Personal tokens'),
    h('p.muted', 'For scripts and integrations: use one as a Bearer token. Changing your password revokes them all.'),
    secretBox, list, form);
  await load();
}
