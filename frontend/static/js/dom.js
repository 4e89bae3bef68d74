// Small DOM helpers. Everything is built with createElement and textContent:
// no HTML strings, so text a person typed can never become markup.

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'required', 'multiple', 'open']);

/** h('button', {class: 'btn', onclick: fn}, 'Label', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
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
  const wrap = h('div', {class: 'field'}, h('label', {for: input.id, text: label}), input);
  if (hint) {
    const hid = nextId('hint');
    wrap.append(h('p', {class: 'hint', id: hid, text: hint}));
    input.setAttribute('aria-describedby', hid);
  }
  return {wrap, input};
}

/** A message area for a form: role=alert so screen readers hear it. */
export function alertBox() {
  const box = h('p', {class: 'alert', role: 'alert', hidden: true});
  box.show = (msg, kind = 'error') => {
    box.textContent = msg || '';
    box.hidden = !msg;
    box.className = `alert ${kind}`;
  };
  return box;
}

export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

const toasts = () => document.getElementById('toasts');

/** A short message at the bottom of the screen, with an optional action. */
export function toast(message, {action, onAction, kind = 'info', ms = 5000} = {}) {
  const box = toasts();
  if (!box) return;
  const t = h('div', {class: `toast ${kind}`}, h('span', {text: message}));
  let timer;
  const close = () => { clearTimeout(timer); t.remove(); };
  if (action) {
    t.append(h('button', {type: 'button', class: 'btn link', text: action, onclick: () => { close(); onAction?.(); }}));
  }
  t.append(h('button', {type: 'button', class: 'icon-btn', 'aria-label': 'Dismiss', text: '×', onclick: close}));
  box.append(t);
  timer = setTimeout(close, ms);
}
