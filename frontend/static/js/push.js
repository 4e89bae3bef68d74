// Push reminders: permission is asked only when reminders are turned on.
import {api} from './api.js';

const manager = () => navigator.serviceWorker.ready.then((r) => r.pushManager);

export async function enablePush() {
  if (!window.PushManager || await Notification.requestPermission() !== 'granted') return;
  const pm = await manager();
  const {public_key: key} = await api('GET', '/push/key', {auth: false});
  const sub = await pm.getSubscription() || await pm.subscribe({userVisibleOnly: true, applicationServerKey: key});
  await api('POST', '/me/push-subscriptions', {body: sub.toJSON()});
}

// On sign-out: the server forgets the device at its next 410.
export const disablePush = () => window.PushManager && manager().then((pm) => pm.getSubscription()).then((s) => s?.unsubscribe()).catch(() => {});
