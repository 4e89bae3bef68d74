// Motion: numbers that count up and a small burst for a full day or a badge.
// Both fall back to plain updates when the person prefers reduced motion.
import {h, toast} from './dom.js';

export const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Set el's number to `to`, counting up from what it shows now. */
export function countUp(el, to, format = String, ms = 700) {
  const from = Number(el.dataset.value ?? to);
  el.dataset.value = String(to);
  if (reducedMotion() || from === to || !el.isConnected) {
    el.textContent = format(to);
    return;
  }
  const start = performance.now();
  const step = (now) => {
    const t = Math.min(1, (now - start) / ms);
    const eased = 1 - (1 - t) ** 3;
    el.textContent = format(Math.round(from + (to - from) * eased));
    if (t < 1 && el.dataset.value === String(to)) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}

/** A short celebration: a toast, and a burst of confetti unless motion is reduced. */
export function celebrate(message, anchor) {
  toast(message, {kind: 'success', ms: 6000});
  if (reducedMotion()) return;
  const burst = h('div.burst', {'aria-hidden': 'true'});
  const rect = anchor?.getBoundingClientRect?.();
  burst.style.left = `${rect ? rect.left + rect.width / 2 : innerWidth / 2}px`;
  burst.style.top = `${rect ? rect.top + rect.height / 2 : innerHeight / 3}px`;
  for (let i = 0; i < 18; i++) {
    const angle = (i / 18) * Math.PI * 2;
    const dist = 60 + (i % 3) * 28;
    const piece = h('span', {class: `piece p${i % 4}`});
    piece.style.setProperty('--dx', `${Math.cos(angle) * dist}px`);
    piece.style.setProperty('--dy', `${Math.sin(angle) * dist}px`);
    burst.append(piece);
  }
  document.body.append(burst);
  setTimeout(() => burst.remove(), 1200);
}
