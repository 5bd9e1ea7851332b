// The framework-free engine of sse-feed: no Lit, no custom elements, no DOM needed at import.
// What users program against, and nothing else: every name here is a promise kept across versions.

// The stream format: the HTML standard's event-stream interpretation.
export { SseParser, type SseParserOptions } from './parser.js';

// One feed without elements: connection, retry policy, state machine; and connection sharing.
export { DEFAULT_FEED_OPTIONS, type FeedOptions } from './options.js';
export {
  FeedConnection,
  type FeedCallbacks,
  type FeedEnvironment,
  type FeedSignals,
  type FeedHandle,
} from './feed-connection.js';
export { createFeedHandle } from './shared-feed.js';
export type { FeedFetch, FeedRequestInit } from './transport.js';

// The retry policy as pure functions.
export { backoffDelay, DEFAULT_RETRY_POLICY, jitterDelay, retryWait, type RetryPolicy } from './retry.js';
// What an HTTP response means for a stream.
export { classifyResponse, parseRetryAfter, type ResponseOutcome } from './http.js';

// The shapes every part exchanges.
export {
  FEED_STATES,
  feedError,
  IDLE_STATUS,
  type FeedError,
  type FeedErrorDetails,
  type FeedErrorKind,
  type FeedGap,
  type FeedNetworkReason,
  type FeedMessage,
  type FeedShare,
  type FeedState,
  type FeedResend,
  type FeedStatus,
  type FeedStreamEnd,
  type FeedTransport,
  type ParsedEvent,
} from './types.js';
