// What <sse-feed> gives its descendants through the context protocol, as `@lit/context` consumers expect it.

import type { Context } from '@lit/context';
import type { ReactiveElement } from '@lit/reactive-element';
import { contextRequest } from './feed-context.js';

type Subscriber<V> = (value: V, unsubscribe?: () => void) => void;

/**
 * Provides `context` from `host`: answers each `context-request` for it from a descendant (once, or on
 * every `setValue` for a subscriber, until it unsubscribes). When the host connects it announces itself
 * (`context-provider`), so a feed defined inside another takes over the subscribers nearer to it. The
 * protocol of `@lit/context`'s `ContextProvider`, without its value-notifier layers, for the feed's
 * two contexts alone.
 */
export class FeedContextProvider<V> {
  #value: V;
  // One entry per subscriber: its element, and the one function that ends its subscription.
  readonly #subscribers = new Map<Subscriber<V>, [Element, () => void]>();

  constructor(host: ReactiveElement, context: Context<unknown, V>, value: V) {
    this.#value = value;
    host.addEventListener('context-request', (event) => {
      const target = event.contextTarget ?? event.composedPath()[0];
      if (event.context !== context || target === host) return;
      event.stopPropagation();
      const callback = event.callback as Subscriber<V>;
      if (!event.subscribe) return callback(this.#value);
      let subscriber = this.#subscribers.get(callback);
      if (!subscriber) this.#subscribers.set(callback, (subscriber = [target as Element, () => this.#subscribers.delete(callback)]));
      callback(this.#value, subscriber[1]);
    });
    // A provider connected below this one: the subscribers ask again, and the nearer one answers.
    host.addEventListener('context-provider', (event) => {
      if (event.context !== context || (event.contextTarget ?? event.composedPath()[0]) === host) return;
      for (const [callback, [target]] of this.#subscribers) target.dispatchEvent(contextRequest(context, target, callback));
      event.stopPropagation();
    });
    host.addController({
      hostConnected: () =>
        host.dispatchEvent(Object.assign(new Event('context-provider', { bubbles: true, composed: true }), { context, contextTarget: host })),
    });
  }

  /** Gives `value` to every subscriber, unless it is the value they have (`Object.is`). */
  setValue(value: V): void {
    if (Object.is(value, this.#value)) return;
    this.#value = value;
    for (const [callback, [, unsubscribe]] of this.#subscribers) callback(value, unsubscribe);
  }
}
