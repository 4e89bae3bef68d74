// Small DOM helpers. Everything is built with createElement and textContent:
// no HTML strings, so text a person typed can never become markup.

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'required', 'multiple', 'open']);

/**
 * h('button#save.btn.primary', {onclick: fn}, 'Label', child, [more]): an id
 * and classes may follow the tag name, as in CSS; attributes may be left out
 * (h('p.muted', 'text')); a button is type=button unless attrs say otherwise.
 */
export function h(tag, attrs, ...children) {
  const [head, ...classes] = tag.split('.');
  const [name, id] = head.split('#');
  const el = document.createElement(name);
  if (id) el.id = id;
  if (classes.length) el.className = classes.join(' ');
  if (name === 'button') el.type = 'button';
  if (attrs?.constructor === Object) setAttrs(el, attrs);
  else children.unshift(attrs);
  append(el, children);
  return el;
}

export function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false && !PROPS.has(k)) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replace all children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let uid = 0;
export function nextId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form field: returns {wrap, input}. */
export function field(label, input, hint) {
  if (!input.id) input.id = nextId('in');
  const wrap = h('div.field', h('label', {for: input.id, text: label}), input);
  if (hint) {
    const hid = nextId('hint');
    wrap.append(h('p.hint', {id: hid, text: hint}));
    input.setAttribute('aria-describedby', hid);
  }
  return {wrap, input};
}

/** A message area for a form: role=alert so screen readers hear it. */
export function alertBox() {
  const box = h('p.alert', {role: 'alert', hidden: true});
  box.show = (msg, kind = 'error') => {
    box.textContent = msg || '';
    box.hidden = !msg;
    box.className = `alert ${kind}`;
  };
  return box;
}

/** Run fn() when form is submitted, instead of the browser's own submission. */
export function onSubmit(form, fn) {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    fn();
  });
}

/** A link within the app: the shell routes it without loading the page. */
export const link = (href, text, cls) => h('a', {href, 'data-link': '', class: cls, text});

/** A section labelled by its heading: titled('section.card', 'h2#list-h', 'Logged today', child…). */
export function titled(tag, heading, title, ...children) {
  return h(tag, {'aria-labelledby': heading.split('#')[1]}, h(heading, title), ...children);
}

/** A <select> of [value, text] pairs. */
export function select(attrs, pairs) {
  return h('select', attrs, pairs.map(([value, text]) => h('option', {value, text})));
}

export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** A short message at the bottom of the screen, with an optional action. */
export function toast(message, {action, onAction, kind = 'info', ms = 5000} = {}) {
  const box = document.getElementById('toasts');
  if (!box) return;
  const t = h('div', {class: `toast ${kind}`}, h('span', message));
  let timer;
  const close = () => { clearTimeout(timer); t.remove(); };
  if (action) {
    t.append(h('button.btn.link', {text: action, onclick: () => { close(); onAction?.(); }}));
  }
  t.append(h('button.icon-btn', {'aria-label': 'Dismiss', text: '×', onclick: close}));
  box.append(t);
  timer = setTimeout(close, ms);
}

/** Run call, then say in a toast how it went; after() runs either way. */
export async function act(call, done, after) {
  try {
    await call();
    if (done) toast(done);
  } catch (err) {
    toast(err.message, {kind: 'error'});
  }
  after?.();
}

/** A dot of a project's colour. Colours come from the server: only a plain hex value is used. */
export function dot(color, cls = 'dot') {
  const el = h('span', {class: cls, 'aria-hidden': 'true'});
  if (typeof color === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(color)) el.style.backgroundColor = color;
  return el;
}
