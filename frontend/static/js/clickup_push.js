// Profile: push my time to ClickUp, shown only where ClickUp is connected.
import {api} from './api.js';
import {h, fill, toast} from './dom.js';

export async function showPush(card) {
  let st;
  try {
    st = await api('GET', '/me/integrations/clickup');
  } catch { return; } // no ClickUp on this server
  if (!st.push && !st.matched && /not connected/.test(st.reason || '')) return;
  const box = h('input', {type: 'checkbox', name: 'clickup_push', id: 'clickup-push', checked: st.push});
  box.addEventListener('change', async () => {
    try {
      const next = await api('PUT', '/me/integrations/clickup', {body: {push: box.checked}});
      toast(next.push ? 'Your time will be pushed to ClickUp.' : 'Your time stays here.');
      draw(next);
    } catch (err) {
      box.checked = !box.checked;
      toast(err.message, {kind: 'error'});
    }
  });
  const why = h('p#clickup-push-why.hint');
  const draw = (s) => {
    why.textContent = s.reason || 'Entries on tasks that came from ClickUp are added to your ClickUp time, as you.';
    why.classList.toggle('field-error', !!s.reason && s.push);
  };
  draw(st);
  card.hidden = false;
  fill(card, h('h2#clickup-push-h', 'ClickUp'), h('label.check', box, h('span', 'Push my time to ClickUp')), why);
}
