// The colours both elements share, light and dark in one declaration each, and the `theme` attribute.

import { css } from '@lit/reactive-element';

/**
 * The shared palette as private custom properties: `light-dark()` pairs resolved against the element's
 * colour scheme (the page's, unless `theme` or page CSS on the element says otherwise). Each element maps
 * its public `--sse-*` properties onto these. Every text pair passes WCAG AA on both default surfaces.
 */
export const palette = css`
  :host {
    --_amber: light-dark(#b45309, #fbbf24);
    --_red: light-dark(#b91c1c, #f87171);
    --_green: light-dark(#15803d, #4ade80);
    --_grey: light-dark(#6b7280, #9ca3af);
    --_ink: light-dark(#111827, #f3f4f6);
    --_muted: light-dark(#374151, #d1d5db);
    --_line: light-dark(#d1d5db, #4b5563);
    --_focus: light-dark(#2563eb, #93c5fd);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
`;
