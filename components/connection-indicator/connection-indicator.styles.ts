// The styles of <connection-indicator>: a pill with a coloured dot, light and dark from the shared palette.

import { css } from '@lit/reactive-element';
import { visuallyHidden } from '../shared/visually-hidden.js';

export default css`
  :host {
    --_background: var(--sse-indicator-background, light-dark(#f3f4f6, #1f2937));
    --_color: var(--sse-indicator-color, var(--_ink));
    --_border: var(--sse-indicator-border-color, var(--_line));
    --_dot: var(--sse-indicator-idle-color, var(--_grey));
    display: inline-block;
    vertical-align: middle;
  }

  :host([state=connecting]) {
    --_dot: var(--sse-indicator-connecting-color, var(--_amber));
  }
  :host([state=connected]) {
    --_dot: var(--sse-indicator-connected-color, var(--_green));
  }
  :host([state=retrying]) {
    --_dot: var(--sse-indicator-retrying-color, var(--_amber));
  }
  :host([state=paused]) {
    --_dot: var(--sse-indicator-paused-color, var(--_grey));
  }
  :host([state=failed]) {
    --_dot: var(--sse-indicator-failed-color, var(--_red));
  }
  :host([state=closed]) {
    --_dot: var(--sse-indicator-closed-color, var(--_grey));
  }
  :host([state=connected][stale]) {
    --_dot: var(--sse-indicator-stale-color, light-dark(#a16207, #facc15));
  }

  .base {
    display: inline-flex;
    align-items: center;
    gap: .5em;
    box-sizing: border-box;
    padding: var(--sse-indicator-padding, .25em .75em);
    border: 1px solid var(--_border);
    border-radius: var(--sse-indicator-radius, 999px);
    background: var(--_background);
    color: var(--_color);
    font-size: var(--sse-indicator-font-size, .875em);
    line-height: 1.4;
    white-space: nowrap;
  }

  .dot {
    flex: none;
    width: var(--sse-indicator-dot-size, .625em);
    height: var(--sse-indicator-dot-size, .625em);
    border-radius: 50%;
    background: var(--_dot);
  }

  :host([state=connecting]) .dot,
  :host([state=retrying]) .dot {
    animation: pulse var(--sse-indicator-pulse-duration, 1.6s) ease-in-out infinite;
  }

  @keyframes pulse {
    50% {
      opacity: .35;
      transform: scale(.8);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    :host([state]) .dot {
      animation: none;
    }
  }

  .label {
    font-variant-numeric: tabular-nums;
  }

  :host([compact]) .base {
    padding: .25em;
    border-color: transparent;
    background: none;
  }

  :host([compact]) .label,
  .announcement {
    ${visuallyHidden}
  }
`;
