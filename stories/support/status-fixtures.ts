// FeedStatus snapshots for every state, so element stories need no server.
import type { FeedError, FeedState, FeedStatus } from '../../components/core/types.js';

/** Every state, in the order a person meets them. */
export const STATES: readonly FeedState[] = ['idle', 'connecting', 'connected', 'retrying', 'paused', 'failed', 'closed'];

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
  const base = {
    state,
    attempt: 0,
    retryMaxCount: 10,
    retryDelay: null,
    retryAt: null,
    lastEventId: '',
    error: null,
    messages: 0,
  };
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
