// sse-feed/elements: the element classes and the engine, without registering any tag. For scoped
// registries, other tag names (`SseFeed.define('my-feed')`), or registering later: `sse-feed` itself
// registers the five default tags.

export * from './core/index.js';
export { feedControlContext, feedStatusContext, type FeedControl } from './shared/feed-context.js';
export { SseFeed } from './sse-feed/sse-feed.js';
export type { FeedEventMap, FeedMessageOf, SseFeedEventMap } from './sse-feed/typed-messages.js';
export type { MessageTypeRequests } from './sse-feed/requested-events.js';
export { ConnectionIndicator } from './connection-indicator/connection-indicator.js';
export {
  StatusToast,
  type ToastActionDetail,
  type ToastGap,
  type ToastHideDetail,
  type ToastHideReason,
  type ToastKind,
  type ToastPosition,
  type ToastShowDetail,
} from './status-toast/status-toast.js';
export { FeedValue } from './feed-value/feed-value.js';
export { FeedList, type FeedListOrder } from './feed-list/feed-list.js';
export type { ValueFormat } from './shared/format.js';
export type { FeedStrings, Phrase, PluralPhrase } from './shared/strings.js';
export type { Theme } from './shared/feed-status-controller.js';
// The global event map: addEventListener('sse-state', (event) => event.detail.state) type-checks.
export type {} from './shared/events.js';
