// Forms of the console: a field with its own error line, the API's field
// errors shown next to their fields, and a time-zone picker.
import {h, nextId, field, select} from '../dom.js';

/** A labelled field with an error line: {wrap, input, error}. */
export function errField(label, input, hint) {
  const f = field(label, input, hint);
  const error = h('p.field-error', {id: nextId('err'), hidden: true});
  f.wrap.append(error);
  input.setAttribute('aria-describedby', [error.id, input.getAttribute('aria-describedby')].filter(Boolean).join(' '));
  input.error = error;
  return {...f, error};
}

/** Clear the errors of the inputs (an object field name → input). */
export function clearErrors(inputs, alert) {
  for (const el of Object.values(inputs)) {
    el.removeAttribute('aria-invalid');
    if (el.error) el.error.hidden = true;
  }
  alert?.show('');
}

/** Show an error from the API: each field's message by its field, the rest in alert. */
export function showErrors(err, inputs, alert) {
  clearErrors(inputs, alert);
  let rest = [];
  let first = null;
  for (const f of err.fields || []) {
    const el = inputs[f.field];
    if (!el?.error) { rest.push(f.message); continue; }
    el.setAttribute('aria-invalid', 'true');
    el.error.textContent = f.message.charAt(0).toUpperCase() + f.message.slice(1) + '.';
    el.error.hidden = false;
    first = first || el;
  }
  if (!first) rest = [err.message];
  if (rest.length) alert?.show(rest.join(' '));
  first?.focus();
}

/** The API's field errors as one line, "field: message", or the error's own message. */
export const fieldMessages = (err) => (err.fields?.length ? err.fields.map((f) => `${f.field}: ${f.message}`).join(' ') : err.message);

/** Put a message by one field (a check made before asking the API). */
export function fieldError(input, msg) {
  input.setAttribute('aria-invalid', 'true');
  input.error.textContent = msg;
  input.error.hidden = false;
  input.focus();
}

/** A <select> of IANA time zones with value selected. */
export function zoneSelect(value, name = 'timezone') {
  let zones = [];
  try { zones = Intl.supportedValuesOf('timeZone'); } catch { /* older browser */ }
  const sel = select({name}, [...new Set(['UTC', value, ...zones])].filter(Boolean).map((z) => [z, z.replaceAll('_', ' ')]));
  sel.value = value || 'UTC';
  return sel;
}

export function hereZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Project colours: mid tones that stand out on light and dark surfaces. */
export const PALETTE = [['#4f46e5', 'Indigo'], ['#2563eb', 'Blue'], ['#0d9488', 'Teal'], ['#16a34a', 'Green'], ['#ca8a04', 'Amber'],
  ['#ea580c', 'Orange'], ['#dc2626', 'Red'], ['#db2777', 'Pink'], ['#9333ea', 'Violet'], ['#64748b', 'Slate']];
