// Controllers for elements that reflect a feed: finding the feed (ancestor or for="id") and a countdown.

import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { IDLE_STATUS, type FeedStatus } from '../core/types.js';
import { feedControlContext, feedStatusContext, type FeedControl } from './feed-context.js';
import { secondsUntil } from './describe.js';

/** An element that follows a feed: `htmlFor` holds its `for` attribute. */
export interface FeedConsumerHost extends ReactiveControllerHost, HTMLElement {
  htmlFor: string;
}

/** True once `element` is an upgraded feed (or anything else with the feed's public methods). */
function isFeed(element: Element | null): element is HTMLElement & FeedControl {
  return element !== null && typeof (element as Partial<FeedControl>).reconnect === 'function';
}

/**
 * Finds the feed an element reflects and keeps its status current. With a non-empty `for`, the
 * `<sse-feed>` with that id in the host's document or shadow root: followed through its `sse-state`
 * events, found again when it is defined later, added, replaced or removed, or when `for` changes
 * (call `refresh()`). Without `for`, the nearest ancestor `<sse-feed>` through `@lit/context`.
 * Every status change requests a host update; messages alone do not, since the feed reports them
 * silently.
 */
export class FeedConsumer implements ReactiveController {
  readonly #host: FeedConsumerHost;
  readonly #statusContext: ContextConsumer<typeof feedStatusContext, FeedConsumerHost>;
  readonly #controlContext: ContextConsumer<typeof feedControlContext, FeedConsumerHost>;
  #connected = false;
  #feed: HTMLElement | null = null; // the `for` feed, upgraded or not
  #feedStatus: FeedStatus | null = null;
  #root: Document | ShadowRoot | null = null;
  #observer: MutationObserver | null = null;
  #waitingForDefinition = false;

  /** Registers the controller (and its two context consumers) with `host`. */
  constructor(host: FeedConsumerHost) {
    this.#host = host;
    this.#statusContext = new ContextConsumer(host, { context: feedStatusContext, subscribe: true });
    this.#controlContext = new ContextConsumer(host, { context: feedControlContext, subscribe: true });
    host.addController(this);
  }

  /** The followed feed's current status, or `IDLE_STATUS` when there is no feed. */
  get status(): FeedStatus {
    if (this.#host.htmlFor) return this.#feedStatus ?? IDLE_STATUS;
    return this.#statusContext.value ?? IDLE_STATUS;
  }

  /** The followed feed's public methods (`reconnect()` for a retry button), or null when there is none. */
  get control(): FeedControl | null {
    if (this.#host.htmlFor) return isFeed(this.#feed) ? this.#feed : null;
    return this.#controlContext.value ?? null;
  }

  /** Looks for the feed again; the host calls it when its `for` changes. */
  refresh(): void {
    if (this.#connected) this.#resolve();
  }

  /** Starts following: finds the `for` feed, or waits for an ancestor feed defined later. */
  hostConnected(): void {
    this.#connected = true;
    this.#resolve();
    // A context request that nobody answered: the ancestor <sse-feed> may not be defined yet.
    if (this.#statusContext.value === undefined) this.#awaitDefinition();
  }

  /** Releases the feed's listener, the observer and the context subscriptions. */
  hostDisconnected(): void {
    this.#connected = false;
    this.#observe(null);
    this.#attach(null);
    // The context consumers unsubscribe themselves but keep their last value; a host moved
    // elsewhere must not go on showing a feed it has left.
    this.#statusContext.value = undefined;
    this.#controlContext.value = undefined;
  }

  #awaitDefinition(): void {
    if (this.#waitingForDefinition || customElements.get('sse-feed')) return;
    this.#waitingForDefinition = true;
    void customElements.whenDefined('sse-feed').then(() => {
      this.#waitingForDefinition = false;
      if (!this.#connected) return;
      if (this.#statusContext.value === undefined) {
        this.#statusContext.hostConnected();
        this.#controlContext.hostConnected();
      }
      this.#resolve();
    });
  }

  #resolve(): void {
    const id = this.#host.htmlFor;
    const root = this.#connected && id ? this.#host.getRootNode() : null;
    const searchable = root instanceof Document || root instanceof ShadowRoot ? root : null;
    this.#observe(searchable);
    const found = searchable?.getElementById(id) ?? null;
    this.#attach(found?.localName === 'sse-feed' ? found : null);
  }

  /** Watches `root` for the `for` id appearing, moving or being replaced. */
  #observe(root: Document | ShadowRoot | null): void {
    if (root === this.#root) return;
    this.#observer?.disconnect();
    this.#observer = null;
    this.#root = root;
    if (!root) return;
    this.#observer = new MutationObserver(() => this.#resolve());
    this.#observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
  }

  #attach(feed: HTMLElement | null): void {
    if (feed === this.#feed) {
      // The same element, perhaps upgraded since: read its status once it can tell.
      if (feed && this.#feedStatus === null && isFeed(feed)) this.#setFeedStatus(feed.status);
      return;
    }
    this.#feed?.removeEventListener('sse-state', this.#onState);
    this.#feed = feed;
    this.#feedStatus = null;
    if (feed) {
      feed.addEventListener('sse-state', this.#onState);
      if (isFeed(feed)) this.#feedStatus = feed.status;
      else this.#awaitDefinition();
    }
    this.#host.requestUpdate();
  }

  #setFeedStatus(status: FeedStatus): void {
    if (status === this.#feedStatus) return;
    this.#feedStatus = status;
    this.#host.requestUpdate();
  }

  readonly #onState = (event: HTMLElementEventMap['sse-state']): void => {
    // sse-state bubbles: a feed nested inside the followed one is not the followed one.
    if (event.target !== this.#feed) return;
    this.#setFeedStatus(event.detail);
  };
}

/**
 * Counts whole seconds to a `Date.now()`-based time (down, rounded up: a retry countdown) or from one
 * (up, rounded down: time since the last message), and requests a host update each time the number
 * changes. Its timer runs only while there is something to count and the host is connected.
 */
export class CountdownController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #target: number | null = null;
  #direction: 'until' | 'since' = 'until';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #connected = false;

  /** Whole seconds left (or passed); 0 when there is nothing to count. */
  seconds = 0;

  /** Registers the controller with `host`. */
  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /**
   * Counts down to `target` (a `Date.now()` time), or, with `since`, up from it; stops with `null`.
   * Calling it again with the same target and direction does nothing.
   */
  follow(target: number | null, direction: 'until' | 'since' = 'until'): void {
    if (target === this.#target && direction === this.#direction) return;
    this.#target = target;
    this.#direction = direction;
    this.seconds = this.#read();
    this.#schedule();
  }

  /** Resumes counting when the host comes back. */
  hostConnected(): void {
    this.#connected = true;
    this.seconds = this.#read();
    this.#schedule();
  }

  /** Stops the timer. */
  hostDisconnected(): void {
    this.#connected = false;
    this.#schedule();
  }

  #read(): number {
    if (this.#direction === 'until') return secondsUntil(this.#target);
    return this.#target === null ? 0 : Math.max(0, Math.floor((Date.now() - this.#target) / 1000));
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#connected || this.#target === null) return;
    const remaining = this.#target - Date.now();
    if (this.#direction === 'until' && remaining <= 0) return;
    // Wake just after the next whole-second boundary.
    const toBoundary = this.#direction === 'until' ? remaining % 1000 || 1000 : 1000 - (Math.max(0, -remaining) % 1000);
    this.#timer = setTimeout(() => this.#tick(), toBoundary + 5);
  }

  #tick(): void {
    const seconds = this.#read();
    if (seconds !== this.seconds) {
      this.seconds = seconds;
      this.#host.requestUpdate();
    }
    this.#schedule();
  }
}
