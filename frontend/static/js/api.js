// The JSON API client: bearer tokens in localStorage, silent refresh with
// rotation (one refresh at a time, across tabs too), problem+json errors.

const BASE = '/api/v1';
const KEY = 'timestreak.session';

/** Events: 'signedout' when the session is gone for good. */
export const bus = new EventTarget();

const FIELD_NAMES = {
  email: 'Email', password: 'Password', current_password: 'Current password', name: 'Name',
  invite_code: 'Invite code', timezone: 'Time zone', workdays: 'Workdays', daily_target_minutes: 'Daily target',
  reminder_time: 'Reminder', minutes: 'Minutes', date: 'Date', note: 'Note', task_id: 'Task', billable: 'Billable',
};

/** An answer other than 2xx, carrying the server's problem+json. */
export class ApiError extends Error {
  constructor(status, problem) {
    const p = problem && typeof problem === 'object' ? problem : {};
    const errors = Array.isArray(p.errors) ? p.errors : [];
    const fieldMsgs = errors.filter((e) => e?.message).map((e) => (e.field ? `${FIELD_NAMES[e.field] || e.field}: ${e.message}` : e.message));
    const detail = typeof p.detail === 'string' && p.detail ? p.detail : '';
    let msg = detail;
    if (fieldMsgs.length && !fieldMsgs.some((m) => detail.includes(m))) msg = [detail, ...fieldMsgs].filter(Boolean).join(' ');
    super(msg || p.title || defaultMessage(status));
    this.status = status;
    this.problem = p;
    this.fields = errors;
  }
}

/** The network could not be reached at all. */
export class OfflineError extends Error {
  constructor() {
    super('You seem to be offline.');
  }
}

const MESSAGES = {401: 'Please sign in again.', 403: 'You are not allowed to do that.', 404: 'Not found.', 429: 'Too many tries. Please wait a moment.'};

function defaultMessage(status) {
  return MESSAGES[status] || (status >= 500 ? 'The server had a problem. Please try again.' : `Request failed (${status}).`);
}

export function session() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) || 'null');
    return s?.access && s.refresh ? s : null;
  } catch {
    return null;
  }
}

/** Store the pair from login, register or refresh (tokens rotate). */
export function saveSession(res) {
  const prev = session();
  const s = {
    access: res.access_token,
    refresh: res.refresh_token,
    expiresAt: Date.now() + (Number(res.expires_in) || 900) * 1000,
    userId: res.user?.id || prev?.userId || null,
  };
  localStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

export function clearSession() {
  localStorage.removeItem(KEY);
}

function lost() {
  clearSession();
  bus.dispatchEvent(new Event('signedout'));
}

async function toError(res) {
  let body = null;
  try {
    body = await res.json();
  } catch { /* not JSON */ }
  return new ApiError(res.status, body);
}

async function send(url, init) {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new OfflineError();
  }
}

/** fn, run one at a time across tabs too (a Web Lock where there is one): who calls while it runs shares its answer. */
export function oneAtATime(lock, fn) {
  let running = null;
  return (...args) => running ||= (navigator.locks ? navigator.locks.request(lock, () => fn(...args)) : fn(...args)).finally(() => { running = null; });
}

/** The session with an access token good for 30 s more. */
const fresh = (s) => (s.expiresAt - Date.now() < 30000 ? refresh(s.access) : s);

/** Get a fresh access token; `stale` is the one that failed or expired. */
const refresh = oneAtATime('timestreak-refresh', (stale) => doRefresh(stale));

const REFRESH_RETRIES = [500, 1500, 4000]; // ms to wait before each retry

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * Only a 401 from refresh ends the session. A server error or no network
 * keeps it (retried a few times, then thrown); a retry is safe as the
 * server answers a token sent again within 30 s with the same pair.
 */
async function doRefresh(stale) {
  for (let attempt = 0; ; attempt++) {
    const s = session();
    if (!s) throw new ApiError(401, {detail: 'Please sign in again.'});
    // Another tab may have rotated the pair while we waited for the lock.
    if (s.access !== stale && s.expiresAt - Date.now() > 30000) return s;
    let res;
    try {
      res = await send(`${BASE}/auth/refresh`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Accept: 'application/json'},
        body: JSON.stringify({refresh_token: s.refresh}),
      });
    } catch (e) {
      if (!(e instanceof OfflineError) || attempt >= REFRESH_RETRIES.length) throw e;
      await sleep(REFRESH_RETRIES[attempt]);
      continue;
    }
    if (res.ok) return saveSession(await res.json());
    const err = await toError(res);
    if (res.status === 401) {
      lost();
      throw err;
    }
    if (res.status < 500 || attempt >= REFRESH_RETRIES.length) throw err;
    await sleep(REFRESH_RETRIES[attempt]);
  }
}

/**
 * api('POST', '/entries', {body, headers}) → parsed JSON, or null for 204;
 * {form: FormData} sends a multipart body instead.
 * Throws ApiError for a non-2xx answer and OfflineError with no network.
 */
/** A path with its ${parts} escaped: url`/teams/${id}/members`. */
export const url = (parts, ...values) => String.raw({raw: parts}, ...values.map(encodeURIComponent));

export async function api(method, path, {body, form, headers = {}, auth = true, signal} = {}) {
  const hdrs = {Accept: 'application/json, application/problem+json', ...headers};
  if (body !== undefined) hdrs['Content-Type'] = 'application/json';
  // A FormData body (a file) sets its own multipart Content-Type.
  const init = {method, headers: hdrs, signal, body: form || (body === undefined ? undefined : JSON.stringify(body))};
  let s = null;
  if (auth) {
    s = session();
    if (!s) {
      lost();
      throw new ApiError(401, {detail: 'Please sign in.'});
    }
    s = await fresh(s);
    hdrs.Authorization = `Bearer ${s.access}`;
  }
  let res = await send(BASE + path, init);
  if (res.status === 401 && auth) {
    s = await refresh(s.access);
    hdrs.Authorization = `Bearer ${s.access}`;
    res = await send(BASE + path, init);
    if (res.status === 401) {
      const err = await toError(res);
      lost();
      throw err;
    }
  }
  if (res.status === 204 || res.status === 205) return null;
  if (!res.ok) throw await toError(res);
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

/** Sign in, register: no bearer token; store the pair on success. */
export async function authenticate(kind, body) {
  const res = await api('POST', `/auth/${kind}`, {body, auth: false});
  saveSession(res);
  return res;
}

export async function signOut() {
  let s = session();
  if (s) {
    try {
      s = await fresh(s);
      await send(`${BASE}/auth/logout`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Authorization: `Bearer ${s.access}`},
        body: JSON.stringify({refresh_token: s.refresh}),
      });
    } catch { /* offline or already gone: the tokens expire on their own */ }
  }
  clearSession();
}
