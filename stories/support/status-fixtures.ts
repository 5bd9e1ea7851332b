// FeedStatus snapshots for every state, so element stories need no server.
import type { FeedStrings } from '../../components/shared/strings.js';
import { FEED_STATES, feedError, IDLE_STATUS, type FeedError, type FeedState, type FeedStatus } from '../../components/core/types.js';

/** Every state, in the order a person meets them. */
export const STATES: readonly FeedState[] = FEED_STATES;

/** The story-only controls that pick the status set on an element's `status` property. */
export const statusArgTypes = {
  feedState: {
    name: 'status.state',
    description: 'Story only: the `state` of the `FeedStatus` set on the `status` property.',
    control: 'select',
    options: [...FEED_STATES],
    table: { category: 'story' },
  },
  retryInSeconds: {
    name: 'status.retryAt (s from now)',
    description: 'Story only: when the retrying status plans its next attempt; the label counts down to it.',
    control: { type: 'number', min: 1, max: 600 },
    table: { category: 'story' },
  },
} as const;

// The elements word errors from their data (kind, status, reason), never from `message`.
const networkError: FeedError = feedError('network', 'The connection to the server was lost.', false, { reason: 'lost' });

const unauthorized: FeedError = feedError('http', 'The server answered 401 (Unauthorized).', true, {
  status: 401,
  statusText: 'Unauthorized',
});

/**
 * A plausible status for `state`. Times are computed now, so a `retrying` status rendered by a story
 * counts down from `retryInSeconds`.
 */
export function statusFor(state: FeedState, { retryInSeconds = 12, attempt = 3 } = {}): FeedStatus {
  const base: FeedStatus = { ...IDLE_STATUS, state };
  switch (state) {
    case 'connected':
      return Object.freeze({ ...base, lastEventId: '42', messages: 42 });
    case 'retrying':
      return Object.freeze({
        ...base,
        attempt,
        retryDelay: retryInSeconds * 1000,
        retryAt: Date.now() + retryInSeconds * 1000,
        lastEventId: '42',
        error: networkError,
        messages: 42,
      });
    case 'paused':
      return Object.freeze({ ...base, lastEventId: '42', messages: 42 });
    case 'failed':
      return Object.freeze({ ...base, attempt: 1, lastEventId: '42', error: unauthorized, messages: 42 });
    case 'closed':
      return Object.freeze({ ...base, lastEventId: '42', messages: 42 });
    default:
      return Object.freeze(base);
  }
}

/** Some German words for the Translated stories (a page would give every key; the rest stay English here). */
export const GERMAN: Partial<FeedStrings> = {
  idle: 'Nicht verbunden',
  connecting: 'Verbinde…',
  connected: 'Verbunden',
  retrying: {
    one: 'Neuer Versuch in {seconds} Sekunde ({attempt}/{max})',
    other: 'Neuer Versuch in {seconds} Sekunden ({attempt}/{max})',
  },
  retryingAnnounced: 'Neuer Versuch ({attempt}/{max})',
  paused: 'Pausiert',
  failed: 'Verbindung fehlgeschlagen: {reason}',
  closed: 'Getrennt',
  toastRetrying: 'Verbinde neu…',
  toastFailed: 'Verbindung fehlgeschlagen',
  toastReconnected: 'Wieder verbunden',
  retry: 'Erneut versuchen',
  dismiss: 'Schließen',
  reasonLost: 'Die Verbindung ist abgebrochen',
  http401: 'Nicht angemeldet ({status})',
};
