// Inline SVG icons, built with the DOM (no markup strings).
const NS = 'http://www.w3.org/2000/svg';

const ICONS = {
  flame: {fill: ['M12 2.5c.9 3.4 5.3 5.8 5.3 11a5.3 5.3 0 0 1-10.6 0c0-2.6 1.3-4.5 2.8-5.8-.2 2 .6 3.4 2 3.9.3-3.8-.9-6.5.5-9.1z']},
  snowflake: {stroke: ['M12 2.5v19', 'M3.8 7.25l16.4 9.5', 'M3.8 16.75l16.4-9.5', 'M9.2 4.3L12 6.2l2.8-1.9', 'M9.2 19.7L12 17.8l2.8 1.9', 'M4.4 10.5l2.9-1.4-.3-3.3', 'M19.6 13.5l-2.9 1.4.3 3.3', 'M4.4 13.5l2.9 1.4-.3 3.3', 'M19.6 10.5l-2.9-1.4.3-3.3']},
  clock: {stroke: ['M12 7v5l3.2 2', 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z']},
  calendar: {stroke: ['M5 5h14a1 1 0 0 1 1 1v13a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z', 'M4 10h16', 'M8 3v4', 'M16 3v4']},
  trophy: {stroke: ['M8 4h8v6a4 4 0 0 1-8 0z', 'M8 6H5a3 3 0 0 0 3 4', 'M16 6h3a3 3 0 0 1-3 4', 'M12 14v4', 'M8 20h8']},
  user: {stroke: ['M12 4a4 4 0 1 0 0 8 4 4 0 0 0 0-8z', 'M4.5 20a7.5 7.5 0 0 1 15 0']},
  play: {fill: ['M8 5.5v13l10.5-6.5z']},
  stop: {fill: ['M7 7h10v10H7z']},
  edit: {stroke: ['M4 20h4L19 9l-4-4L4 16z', 'M13.5 6.5l4 4']},
  trash: {stroke: ['M4 7h16', 'M9.5 7V4.5h5V7', 'M6.5 7l1 13h9l1-13']},
  left: {stroke: ['M15 5l-7 7 7 7']},
  right: {stroke: ['M9 5l7 7-7 7']},
  plus: {stroke: ['M12 5v14', 'M5 12h14']},
  bell: {stroke: ['M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15z', 'M10 20.5a2 2 0 0 0 4 0']},
  star: {fill: ['M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z']},
  sync: {stroke: ['M4 12a8 8 0 0 1 14-5.3L20 9', 'M20 4v5h-5', 'M20 12a8 8 0 0 1-14 5.3L4 15', 'M4 20v-5h5']},
  out: {stroke: ['M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3', 'M10 8l-4 4 4 4', 'M6 12h10']},
  medal: {stroke: ['M8 3l4 6 4-6', 'M12 9a6 6 0 1 0 0 12 6 6 0 0 0 0-12z']},
  users: {stroke: ['M9 4a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z', 'M2.5 20a6.5 6.5 0 0 1 13 0', 'M16 4.5a3.5 3.5 0 0 1 0 6.5', 'M18 14a6.5 6.5 0 0 1 3.5 6']},
  copy: {stroke: ['M9 9h10v11H9z', 'M5 15V4h10']},
  share: {stroke: ['M12 3v12', 'M8 7l4-4 4 4', 'M5 12v8h14v-8']},
};

/** An SVG element: svg('rect', {x: 1, class: 'gold'}, child…). */
export function svg(tag, attrs = {}, ...kids) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...kids);
  return el;
}

const frame = (cls, ...kids) => svg('svg', {viewBox: '0 0 24 24', class: cls.trim(), 'aria-hidden': 'true', focusable: 'false'}, ...kids);
const LINE = {fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round'};

export function icon(name, cls = '') {
  const spec = ICONS[name];
  return frame(`icon icon-${name} ${cls}`,
    ...(spec.fill || []).map((d) => svg('path', {d, fill: 'currentColor'})),
    ...(spec.stroke || []).map((d) => svg('path', {d, ...LINE})));
}

const step = (x, y, hgt, cls) => svg('rect', {x, y, width: 7, height: hgt, rx: 1.5, class: cls});

/** The podium: silver, gold, bronze steps. */
export function podiumIcon(cls = '') {
  return frame(`icon icon-podium ${cls}`, step(1.5, 11, 10, 'silver'), step(8.5, 6, 15, 'gold'), step(15.5, 14, 7, 'bronze'));
}

/** A progress ring: returns {svg, set(fraction)}. */
export function ring(size = 132, stroke = 12) {
  const r = (size - stroke) / 2;
  const c = 2 * Math.PI * r;
  const mid = size / 2;
  const circle = (attrs) => svg('circle', {cx: mid, cy: mid, r, 'stroke-width': stroke, fill: 'none', ...attrs});
  const bar = circle({class: 'ring-bar', 'stroke-dasharray': `${c} ${c}`, 'stroke-dashoffset': c, transform: `rotate(-90 ${mid} ${mid})`, 'stroke-linecap': 'round'});
  const root = svg('svg', {viewBox: `0 0 ${size} ${size}`, class: 'ring', 'aria-hidden': 'true'}, circle({class: 'ring-track'}), bar);
  return {
    svg: root,
    set(fraction) {
      const f = Math.max(0, Math.min(1, fraction || 0));
      bar.setAttribute('stroke-dashoffset', String(c * (1 - f)));
      root.classList.toggle('done', f >= 1);
    },
  };
}
