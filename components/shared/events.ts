// The events <sse-feed> dispatches, typed through the global event map; shared, since consumers listen too.

import type { FeedError, FeedGap, FeedMessage, FeedStatus } from '../core/types.js';

declare global {
  interface HTMLElementEventMap {
    /** Each dispatched message. */
    'sse-message': CustomEvent<FeedMessage>;
    /** Every change of state, attempt, retry schedule or error. */
    'sse-state': CustomEvent<FeedStatus>;
    /** Every failed attempt, and every message-level error. */
    'sse-error': CustomEvent<FeedError>;
    /** The server lost history after the id the feed resumed from: re-fetch what the page shows. */
    'sse-gap': CustomEvent<FeedGap>;
  }
}

/** Dispatches one of the feed's events: they all bubble and cross shadow roots. */
export function emit<K extends 'sse-message' | 'sse-state' | 'sse-error' | 'sse-gap'>(
  target: HTMLElement,
  type: K,
  detail: HTMLElementEventMap[K]['detail'],
): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
