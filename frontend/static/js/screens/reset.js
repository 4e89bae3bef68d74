// Set a new password with the single-use link an admin sent. The code is
// in the URL's fragment, which never reaches a server log.
import {authenticate} from '../api.js';
import {h, field, alertBox, toast, onSubmit, link} from '../dom.js';
import {reset} from '../store.js';

export const title = 'Set a new password';

export function render(root, {navigate}) {
  const code = new URLSearchParams(location.hash.slice(1)).get('code') || '';
  const alert = alertBox();
  const password = h('input', {type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: 8, maxlength: 128});
  const submit = h('button.btn.primary.wide', {type: 'submit', text: 'Set password and sign in'});
  const form = h('form.stack', {novalidate: true}, field('New password', password, '8 to 128 characters. Your other sessions end.').wrap, alert, submit);
  onSubmit(form, async () => {
    if (!password.checkValidity()) {
      password.setAttribute('aria-invalid', 'true');
      alert.show('Choose a password of at least 8 characters.');
      password.focus();
      return;
    }
    submit.disabled = true;
    try {
      await authenticate('password-reset', {code, password: password.value});
      reset();
      history.replaceState(null, '', '/');
      toast('Your new password is set.');
      navigate('/', {replace: true});
    } catch (err) {
      alert.show(err.status === 403 ? 'This link is invalid, used or expired. Ask your admin for a new one.' : err.message);
      submit.disabled = false;
    }
  });
  root.append(h('section.auth', h('div.card.auth-card',
    h('h1', 'Set a new password'),
    code ? form : h('p.alert.error', {role: 'alert', text: 'This link has no reset code. Open the whole link your admin sent.'}),
    h('p.switch', link('/signin', 'Back to sign in')))));
  password.focus();
}
