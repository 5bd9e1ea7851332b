// The contexts through which <sse-feed> reaches its descendants: shared, so consumers need not import the feed.

import { createContext, type Context } from '@lit/context';
import type { FeedStatus } from '../core/types.js';

/**
 * The current `FeedStatus` of the nearest `<sse-feed>`; a new object on every change.
 * Keyed by a string, not a symbol, so two copies of the library on one page still find each other.
 */
export const feedStatusContext = createContext<FeedStatus>('sse-feed-status');

/** What a consumer may ask of the feed it reflects: only its public methods. */
export interface FeedControl {
  connect(): void;
  reconnect(): void;
  close(): void;
  readonly status: FeedStatus;
}

/** The nearest `<sse-feed>` itself, for consumers that offer a retry button. */
export const feedControlContext = createContext<FeedControl>('sse-feed-control');

/**
 * The `context-request` event of the context protocol, subscribing `callback` (what `@lit/context`'s
 * `ContextEvent` carries, as a plain event: its class would ship for one constructor).
 */
export function contextRequest<V>(context: Context<unknown, V>, target: Element, callback: (value: V, unsubscribe?: () => void) => void): Event {
  return Object.assign(new Event('context-request', { bubbles: true, composed: true }), { context, contextTarget: target, callback, subscribe: true });
}
