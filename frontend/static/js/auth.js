// Sign in and register.
import {api, url, authenticate, ApiError} from './api.js';
import {h, field, alertBox, onSubmit, link} from './dom.js';
import {reset} from './store.js';
import {hereZone} from './ui/form.js';

export const title = 'Sign in';

export function render(root, {navigate, path}) {
  const registering = path === '/register';
  const params = new URLSearchParams(location.search);
  const invite = params.get('invite') || '';
  const alert = alertBox();
  const email = h('input', {type: 'email', name: 'email', autocomplete: registering ? 'email' : 'username', required: true, spellcheck: 'false', autocapitalize: 'off'});
  const password = h('input', {type: 'password', name: 'password', autocomplete: registering ? 'new-password' : 'current-password', required: true, minlength: registering ? 8 : null, maxlength: 128});
  const name = h('input', {type: 'text', name: 'name', autocomplete: 'name', required: true, maxlength: 200});
  const code = h('input', {type: 'text', name: 'invite_code', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', value: invite});
  const codeField = field('Invite code', code, 'Needed unless sign-up is open. Your admin can give you one.');
  const action = registering ? 'Create account' : 'Sign in';
  const submit = h('button.btn.primary.wide', {type: 'submit', text: action});

  const form = h('form.stack', {novalidate: true},
    registering && field('Your name', name).wrap,
    field('Email', email).wrap,
    field('Password', password, registering ? '8 to 128 characters.' : null).wrap,
    registering && codeField.wrap,
    alert,
    submit);

  onSubmit(form, async () => {
    alert.show('');
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    if (!form.checkValidity()) {
      const bad = form.querySelector(':invalid');
      bad?.setAttribute('aria-invalid', 'true');
      bad?.focus();
      alert.show(bad === email ? 'Enter your email address.' : bad === password && registering ? 'Choose a password of at least 8 characters.' : 'Fill in the highlighted field.');
      return;
    }
    submit.disabled = true;
    submit.textContent = registering ? 'Creating account…' : 'Signing in…';
    try {
      const body = {email: email.value.trim(), password: password.value};
      if (registering) {
        body.name = name.value.trim();
        body.timezone = hereZone();
        if (code.value.trim()) body.invite_code = code.value.trim();
      }
      const res = await authenticate(registering ? 'register' : 'login', body);
      reset();
      // The first account of an install is the admin's: set the team up.
      navigate(registering && res.user?.role === 'admin' ? '/welcome' : '/', {replace: true});
    } catch (err) {
      let msg = err.message;
      if (err instanceof ApiError) {
        if (err.status === 401 && !registering) msg = err.problem.detail || 'That email and password do not match.';
        if (err.status === 403 && registering && !code.value.trim()) {
          msg = `${err.message} Enter the invite code you were given.`;
          code.setAttribute('aria-invalid', 'true');
          code.focus();
        }
        const inputs = {email, password, name, invite_code: code};
        for (const f of err.fields) inputs[f.field]?.setAttribute('aria-invalid', 'true');
      }
      alert.show(msg);
      submit.disabled = false;
      submit.textContent = action;
    }
  });

  const other = registering
    ? h('p.switch', 'Already have an account? ', link('/signin', 'Sign in'))
    : h('p.switch', 'New here? ', link(invite ? url`/register?invite=${invite}` : '/register', 'Create an account'));

  // The identity provider sends people back to /signin/oidc, finished here.
  const note = alertBox();
  const sso = h('div.stack', {hidden: path !== '/signin/oidc'}, note);
  api('GET', '/auth/methods', {auth: false}).then((m) => {
    const q = new URLSearchParams({timezone: hereZone()});
    if (invite) q.set('invite', invite);
    if (m.oidc) {
      sso.append(h('a.btn.wide', {href: `/api/v1/auth/oidc/start?${q}`, text: `Sign in with ${m.oidc.name}`}));
      sso.hidden = false;
    }
    form.hidden = other.hidden = !m.password;
  }).catch(() => {});
  if (path === '/signin/oidc') {
    const [code, state] = [params.get('code'), params.get('state')];
    history.replaceState(null, '', '/signin');
    if (code && state) {
      note.show('Signing in…', 'ok');
      authenticate('oidc/callback', {code, state}).then(() => { reset(); navigate('/', {replace: true}); }, (err) => note.show(err.message));
    } else note.show('Sign-in was not completed. Try again.');
  }

  root.append(h('section.auth',
    h('div.card.auth-card',
      h('h1', registering ? 'Create your account' : 'Welcome back'),
      h('p.lead', registering ? 'Log time on the day, keep your streak, climb the board with your team.' : 'Sign in to log today\'s time.'),
      sso,
      form,
      other)));
  (registering ? name : email).focus();
}
