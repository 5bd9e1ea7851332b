// The styles of <status-toast>: one card of a fixed width in the top layer, an accent strip and icon per kind.

import { css } from '@lit/reactive-element';

// Adopted over the element's own styles (UNSTYLED in status-toast.ts: `display: contents`, the hidden toast, the
// visually hidden live regions), which stay: what they say is not said again here.
export default css`
  :host {
    --_background: var(--sse-toast-background, light-dark(#fff, #1f2937));
    --_color: var(--sse-toast-color, var(--_ink));
    --_reason: var(--sse-toast-reason-color, var(--_muted));
    --_border: var(--sse-toast-border-color, var(--_line));
    --_offset: var(--sse-toast-offset, 1rem);
    --_duration: var(--sse-toast-transition-duration, 200ms);
    --_shift: 0.75rem;
  }

  .toast {
    --_accent: var(--sse-toast-retrying-color, var(--_amber));
    position: fixed;
    inset-block: auto var(--_offset);
    inset-inline: auto var(--_offset);
    z-index: var(--sse-toast-z-index, 1000);
    box-sizing: border-box;
    /* One width whatever it says, so it never jumps as the words change. */
    width: min(var(--sse-toast-width, 22rem), var(--sse-toast-max-width, 24rem), 100vw - 2 * var(--_offset));
    margin: 0;
    padding: 0.75rem 0.5rem;
    /* The wider side is the accent strip's, whichever way the page reads. */
    padding-inline-start: 1rem;
    overflow: hidden;
    align-items: flex-start;
    gap: 0.75rem;
    border: 1px solid var(--_border);
    /* The accent strip is the border on that side, rounded by the corners. */
    border-inline-start: 0;
    border-radius: var(--sse-toast-radius, 0.5rem);
    background: var(--_background);
    color: var(--_color);
    box-shadow: var(--sse-toast-shadow, 0 10px 30px rgb(0 0 0 / 0.2));
    font: inherit;
    font-size: 0.9375rem;
    line-height: 1.4;
    opacity: 0;
    transform: translateY(var(--_shift));
    transition:
      opacity var(--_duration) ease,
      transform var(--_duration) ease,
      display var(--_duration) allow-discrete,
      overlay var(--_duration) allow-discrete;
  }

  .toast::before {
    content: '';
    position: absolute;
    inset-block: 0;
    inset-inline-start: 0;
    width: 4px;
    background: var(--_accent);
  }

  .failed {
    --_accent: var(--sse-toast-failed-color, var(--_red));
  }
  .reconnected {
    --_accent: var(--sse-toast-reconnected-color, var(--_green));
  }
  .gap {
    --_accent: var(--sse-toast-gap-color, var(--_focus));
  }

  /* Shown: the top layer where the Popover API exists, a fixed box with z-index elsewhere. */
  .toast:popover-open,
  :host([open]) .toast {
    display: flex;
    opacity: 1;
    transform: none;
  }
  @starting-style {
    .toast:popover-open {
      opacity: 0;
      transform: translateY(var(--_shift));
    }
  }

  .top {
    --_shift: -0.75rem;
    inset-block: var(--_offset) auto;
  }
  .start {
    inset-inline: var(--_offset) auto;
  }
  .center {
    inset-inline: 0;
    margin-inline: auto;
  }

  .spin {
    animation: spin 2s linear infinite;
  }
  @keyframes spin {
    to {
      rotate: 1turn;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .toast {
      transition: none;
      transform: none;
    }
    .spin {
      animation: none;
    }
    @starting-style {
      .toast:popover-open {
        transform: none;
      }
    }
  }

  svg {
    flex: none;
    width: 1.25rem;
    height: 1.25rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .icon {
    color: var(--_accent);
  }


  /* Words break between letters only when one is longer than the line; the action's label wraps first (a long
     translation such as "Erneut versuchen" beside "Verbindung fehlgeschlagen"). */
  .body {
    flex: 1 1 auto;
    min-width: 0;
    overflow-wrap: break-word;
    hyphens: auto;
  }

  .message {
    margin: 0;
    font-weight: 600;
  }

  .reason {
    margin: 0.125rem 0 0;
    color: var(--_reason);
    font-size: 0.875rem;
  }

  button {
    flex: none;
    border: 0;
    border-radius: 0.375rem;
    font: inherit;
    cursor: pointer;
  }

  button:focus-visible {
    outline: 2px solid var(--sse-toast-focus-color, var(--_focus));
    outline-offset: 2px;
  }

  .action {
    flex: 0 1 auto;
    align-self: center;
    padding: 0.25rem 0.75rem;
    background: var(--sse-toast-action-background, var(--_ink));
    color: var(--sse-toast-action-color, light-dark(#fff, #111827));
    font-size: 0.875rem;
    font-weight: 600;
  }

  .close {
    display: inline-grid;
    place-items: center;
    width: 1.75rem;
    height: 1.75rem;
    margin-block: -0.25rem;
    padding: 0;
    background: none;
    color: var(--_reason);
  }

  .close svg {
    width: 1rem;
    height: 1rem;
  }

  .close:hover {
    color: var(--_color);
    background: color-mix(in srgb, currentColor 12%, transparent);
  }
`;
