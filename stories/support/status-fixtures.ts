// FeedStatus snapshots for every state, so element stories need no server.
import { FEED_STATES, IDLE_STATUS, type FeedError, type FeedState, type FeedStatus } from '../../components/core/types.js';

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

const networkError: FeedError = Object.freeze({
  kind: 'network',
  message: 'The connection to the server was lost.',
  fatal: false,
});

const unauthorized: FeedError = Object.freeze({
  kind: 'http',
  status: 401,
  message: 'The server answered 401 Unauthorized.',
  fatal: true,
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
