// Entries go through an outbox in IndexedDB: each gets an Idempotency-Key
// once, is stored, then sent. With no network it waits and is sent when the
// network returns. An item leaves the outbox only after a 2xx or a 4xx
// answer (the server dedupes by key, so a retry never makes a second entry),
// except the 409 that says the key's first request is gone while this one
// waited: nothing was written, so the item goes again under a new key.
import {api, ApiError, OfflineError, oneAtATime} from './api.js';
import {emit, userId} from './store.js';

const DB = 'timestreak';
const STORE = 'outbox';
let dbp = null;
const inflight = new Set();

function open() {
  if (!dbp) {
    dbp = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, {keyPath: 'key'});
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbp;
}

async function run(mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req?.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Items waiting for the signed-in user, oldest first. */
export async function pending() {
  const all = (await run('readonly', (s) => s.getAll())) || [];
  const uid = userId();
  return all.filter((i) => i.userId === uid).sort((a, b) => a.createdAt - b.createdAt);
}

async function remove(key) {
  await run('readwrite', (s) => s.delete(key));
}

async function changed() {
  const items = await pending().catch(() => []);
  emit('outbox', items);
  return items;
}

// Kept for a retry: offline, a server error, signed out, rate limited.
function keep(err) {
  return err instanceof OfflineError || !(err instanceof ApiError) || err.status >= 500 || [401, 408, 429].includes(err.status);
}

// The problem type of a keyed request whose first request is gone
// (refused or expired) while it waited; any other 409 is final.
const KEY_GONE = 'urn:timestreak:problem:idempotency-key-gone';

function keyGone(err) {
  return err instanceof ApiError && err.status === 409 && err.problem?.type === KEY_GONE;
}

/** Give the item a new key, in place and in the outbox (one transaction). */
async function rekey(item) {
  const old = item.key;
  item.key = crypto.randomUUID();
  await run('readwrite', (s) => {
    s.delete(old);
    return s.put(item);
  });
}

async function send(item) {
  for (let tries = 1; ; tries++) {
    const key = item.key;
    inflight.add(key);
    try {
      const res = await api('POST', '/entries', {body: item.body, headers: {'Idempotency-Key': key}});
      await remove(key);
      return res;
    } catch (err) {
      if (keyGone(err) && tries < 3) {
        await rekey(item);
        continue;
      }
      if (!keep(err)) await remove(key);
      throw err;
    } finally {
      inflight.delete(key);
    }
  }
}

/**
 * Log an entry. Resolves {entry} when the server has it, or {queued: true}
 * when it waits in the outbox; rejects with ApiError when the server says no.
 */
export async function logEntry(body) {
  const item = {key: crypto.randomUUID(), userId: userId(), body, createdAt: Date.now()};
  await run('readwrite', (s) => s.put(item));
  try {
    const entry = await send(item);
    return {entry};
  } catch (err) {
    if (keep(err)) return {queued: true, item};
    throw err;
  } finally {
    changed();
  }
}

/** Send what waits, oldest first. Safe to call often. */
export const flush = oneAtATime('timestreak-outbox', () => doFlush());

async function doFlush() {
  const items = await pending().catch(() => []);
  const sent = [];
  const rejected = [];
  for (const item of items) {
    if (inflight.has(item.key)) continue;
    try {
      sent.push(await send(item));
    } catch (err) {
      if (keep(err)) break;
      rejected.push({item, error: err});
    }
  }
  await changed();
  if (sent.length || rejected.length) emit('synced', {sent, rejected});
}
