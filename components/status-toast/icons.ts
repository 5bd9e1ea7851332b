// The toast's icons: one per thing it says, drawn with strokes in the current colour (24-unit grid).

import { svgElement } from '../shared/dom.js';

/** What the toast's icon shows: its kind, with offline apart from other retries. */
export type ToastIcon = 'retrying' | 'offline' | 'failed' | 'reconnected' | 'gap' | 'close';

/** One stroke of an icon: a path's `d`, or a circle's attributes. */
type Shape = string | Readonly<Record<'cx' | 'cy' | 'r', string>>;

// Arrows round: reconnecting, and (standing still) the refresh the missed-updates notice offers.
const arrows = 'M21 12a9 9 0 1 1-2.64-6.36L21 8M21 3v5h-5';
const ring = { cx: '12', cy: '12', r: '10' };

const ICONS: Record<ToastIcon, readonly Shape[]> = {
  retrying: [arrows],
  gap: [arrows],
  offline: ['M12 20h.01M8.5 16.4a5 5 0 0 1 7 0M5 12.8a10 10 0 0 1 14 0M1.5 9.2a15 15 0 0 1 21 0M3 3l18 18'],
  failed: [ring, 'M12 7v6M12 17h.01'],
  reconnected: [ring, 'm7.5 12.5 3 3 6-6.5'],
  close: ['M6 6l12 12M18 6 6 18'],
};

/** The SVG nodes of `icon`, new ones on every call (a node has one parent). */
export function draw(icon: ToastIcon): SVGElement[] {
  return ICONS[icon].map((shape) => (typeof shape === 'string' ? svgElement('path', { d: shape }) : svgElement('circle', shape)));
}
