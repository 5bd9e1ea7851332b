// The language an element speaks: its own or its nearest ancestor's `lang`, across shadow roots.

import { parentOf } from './composed-parent.js';

/** The language of `element`: its own or its nearest ancestor's `lang`, across shadow roots; undefined for the browser's. */
export function langOf(element: Element): string | undefined {
  for (let node: Element | null = element; node; node = parentOf(node)) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
  }
  return undefined;
}
