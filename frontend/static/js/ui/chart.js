// Charts as inline SVG, drawn from the report's own numbers. Each is an
// image with a summary for screen readers; the table beside it is the
// text equivalent.
import {PALETTE} from './form.js';
import {svg} from '../icons.js';

const title = (text) => svg('title', {}, text);
const hours = (m) => `${Math.round(m / 6) / 10} h`;
const W = 640, PAD = 24;

/** A chart W wide with its axis at H, its scale topped at max minutes. */
const frame = (H, max, summary, cls) => svg('svg', {viewBox: `0 0 ${W} ${H + 20}`, role: 'img', 'aria-label': summary, class: `chart ${cls}`},
  svg('line', {x1: PAD, x2: W, y1: H, y2: H, class: 'axis'}), svg('text', {x: 0, y: 12, class: 'tick'}, `${Math.round(max / 60)} h`));

/** The colour of series i: its own (a project's) or the palette's. */
export const colorOf = (s, i) => s.color || PALETTE[i % PALETTE.length][0];

/**
 * Stacked bars: one bar per bucket ({key, label}), stacked by series
 * ({label, color, values: Map bucket key → minutes}).
 */
export function stackedBars(buckets, series, summary) {
  const H = 220;
  const max = Math.max(60, ...buckets.map((b) => series.reduce((n, s) => n + (s.values.get(b.key) || 0), 0)));
  const step = (W - PAD) / Math.max(buckets.length, 1);
  const bw = Math.min(48, Math.max(2, step * 0.7));
  const root = frame(H, max, summary, 'bars');
  buckets.forEach((b, i) => {
    let y = H;
    const x = PAD + i * step + (step - bw) / 2;
    series.forEach((s, j) => {
      const m = s.values.get(b.key) || 0;
      if (!m) return;
      const hgt = (m / max) * (H - 8);
      y -= hgt;
      root.append(svg('rect', {x, y, width: bw, height: hgt, fill: colorOf(s, j)}, title(`${b.label} · ${s.label}: ${hours(m)}`)));
    });
    if (buckets.length <= 14 || i % Math.ceil(buckets.length / 12) === 0) {
      root.append(svg('text', {x: x + bw / 2, y: H + 15, 'text-anchor': 'middle', class: 'tick'}, b.label));
    }
  });
  return root;
}

/** A donut of parts ({label, color, minutes}). */
export function donut(parts, summary) {
  const total = parts.reduce((n, p) => n + p.minutes, 0) || 1;
  const r = 70, c = 2 * Math.PI * r;
  const root = svg('svg', {viewBox: '0 0 200 200', role: 'img', 'aria-label': summary, class: 'chart donut'});
  let at = 0;
  parts.forEach((p, i) => {
    const len = (p.minutes / total) * c;
    root.append(svg('circle', {cx: 100, cy: 100, r, fill: 'none', stroke: colorOf(p, i), 'stroke-width': 36,
      'stroke-dasharray': `${len} ${c - len}`, 'stroke-dashoffset': -at, transform: 'rotate(-90 100 100)'},
    title(`${p.label}: ${Math.round((p.minutes / total) * 100)} %`)));
    at += len;
  });
  return root;
}

/** Bars of minutes ({label, minutes, target}), each with its target as a line across it. */
export function bars(items, summary) {
  const H = 160, max = Math.max(60, ...items.map((b) => Math.max(b.minutes, b.target)));
  const step = (W - PAD) / Math.max(items.length, 1), bw = Math.max(2, step * 0.7);
  const y = (m) => H - (m / max) * (H - 8);
  const root = frame(H, max, summary, 'weekbars');
  items.forEach((b, i) => {
    const x = PAD + i * step;
    root.append(svg('rect', {x, y: y(b.minutes), width: bw, height: H - y(b.minutes), class: b.target && b.minutes >= b.target ? 'met' : ''},
      title(`${b.label}: ${hours(b.minutes)} of ${hours(b.target)}`)));
    if (b.target) root.append(svg('line', {x1: x - 1, x2: x + bw + 1, y1: y(b.target), y2: y(b.target), class: 'target'}));
    if (i % Math.ceil(items.length / 8) === 0) root.append(svg('text', {x, y: H + 15, class: 'tick'}, b.label));
  });
  return root;
}
