// Types for a feed whose messages the page knows: message types mapped to the shape of their JSON.

import type { FeedError, FeedMessage, FeedStatus } from '../core/types.js';

/**
 * What a feed's messages carry: each message type (the SSE `event:` field; `message` for unnamed
 * events) mapped to the type of its JSON data. `SseFeed<{ price: { last: number } }>` is a feed with
 * `json` whose `price` messages hold `{ last: number }`. The default, any string to `unknown`, is a
 * feed nothing is known about.
 */
export type FeedEventMap = Record<string, unknown>;

/**
 * A message of a feed typed by `Events`, of the types `K` (all by default): a union on `type`, each
 * with its `json` present (a typed feed parses JSON). For an untyped feed, a plain `FeedMessage`.
 */
export type FeedMessageOf<Events extends FeedEventMap, K extends keyof Events & string = keyof Events & string> = string extends K
  ? FeedMessage
  : { [P in K]: FeedMessage<Events[P]> & { readonly type: P; json: Events[P] } }[K];

/** The events of a feed typed by `Events`: `sse-message` carries its messages. */
export interface SseFeedEventMap<Events extends FeedEventMap> extends HTMLElementEventMap {
  'sse-message': CustomEvent<FeedMessageOf<Events>>;
  'sse-state': CustomEvent<FeedStatus>;
  'sse-error': CustomEvent<FeedError>;
}
