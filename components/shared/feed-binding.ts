// What <feed-value> and <feed-list> share: the feed they follow (found as the indicator finds it), its
// messages of the types they ask for, and at most one render per animation frame.

import type { ReactiveController } from '@lit/reactive-element';
import type { FeedMessage, FeedStatus } from '../core/types.js';
import { FeedConsumer, type FeedConsumerHost } from './feed-consumer.js';
import type { FeedControl } from './feed-context.js';

/** What the host tells the binding. */
export interface FeedBindingOptions {
  /** The message types the host shows; asked of the feed so the eventsource transport receives them. */
  types(): readonly string[];
  /** A message of the feed (any type), with its arrival time. */
  message(message: FeedMessage, time: number): void;
  /** Writes the DOM: called at most once per animation frame, after `requestFrame()`. */
  render(): void;
}

/** A feed as the binding uses it; `listenFor` is `<sse-feed>`'s (see MessageTypeRequests), absent on other feeds. */
type BoundFeed = FeedControl & EventTarget & { listenFor?(types: readonly string[]): () => void };

// One animation frame renders every element that asked for it: one DOM update per frame for the page.
const due = new Set<() => void>();
let frame = 0;

function renderDue(): void {
  frame = 0;
  const renders = [...due];
  due.clear();
  for (const render of renders) {
    try {
      render();
    } catch (error) {
      reportError(error); // one element's failure is the page's to see, not a reason to skip the others
    }
  }
}

/**
 * Follows the host's feed (`for`, else the nearest ancestor feed, through `FeedConsumer`), hands the
 * host that feed's own `sse-message`s (not those bubbling from a feed nested inside it), asks the feed
 * for the host's message types, and batches rendering into animation frames.
 */
export class FeedBinding implements ReactiveController {
  readonly #host: FeedConsumerHost;
  readonly #options: FeedBindingOptions;
  readonly #consumer: FeedConsumer;
  #for = '';
  #feed: BoundFeed | null = null;
  #types = '';
  #release: (() => void) | undefined;
  readonly #render = (): void => this.#options.render();

  /** Registers the controller (and its feed consumer) with `host`. */
  constructor(host: FeedConsumerHost, options: FeedBindingOptions) {
    this.#host = host;
    this.#options = options;
    this.#consumer = new FeedConsumer(host);
    host.addController(this);
  }

  /** The followed feed's status, idle when there is none. */
  get status(): FeedStatus {
    return this.#consumer.status;
  }

  /** Renders at the next animation frame, once however often it is asked before then. */
  requestFrame(): void {
    if (!this.#host.isConnected) return;
    due.add(this.#render);
    frame ||= requestAnimationFrame(renderDue);
  }

  /** Before each host update: follows a new `for`, a new feed, or new message types. */
  hostUpdate(): void {
    this.#follow();
  }

  /**
   * Follows the feed at once (its consumer, added first, has found it by now), so the feed hears this
   * host's message types before it opens its stream, and a host added again finds its feed again.
   */
  hostConnected(): void {
    this.#follow();
    this.#host.requestUpdate();
  }

  /** Stops listening and asking, and drops a pending frame. */
  hostDisconnected(): void {
    this.#release?.();
    this.#release = undefined;
    this.#feed?.removeEventListener('sse-message', this.#onMessage);
    this.#feed = null;
    this.#types = '';
    due.delete(this.#render);
  }

  #follow(): void {
    if (this.#host.htmlFor !== this.#for) {
      this.#for = this.#host.htmlFor;
      this.#consumer.refresh();
    }
    const control = this.#consumer.control as BoundFeed | null;
    const feed = typeof control?.addEventListener === 'function' ? control : null;
    const types = this.#options.types().join(' ');
    if (feed === this.#feed && types === this.#types) return;
    this.#release?.();
    this.#release = undefined;
    this.#feed?.removeEventListener('sse-message', this.#onMessage);
    this.#feed = feed;
    this.#types = types;
    if (!feed) return;
    feed.addEventListener('sse-message', this.#onMessage);
    if (typeof feed.listenFor === 'function') this.#release = feed.listenFor(this.#options.types());
  }

  readonly #onMessage = (event: Event): void => {
    // sse-message bubbles: a feed nested inside the followed one is not the followed one.
    if (event.target !== this.#feed) return;
    this.#options.message((event as CustomEvent<FeedMessage>).detail, Date.now());
  };
}
