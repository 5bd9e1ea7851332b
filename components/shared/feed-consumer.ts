// Finding the feed an element reflects: the one named by for="id", else the nearest ancestor feed.

import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { IDLE_STATUS, type FeedStatus } from '../core/types.js';
import { parentOf } from './composed-parent.js';
import { contextRequest, feedControlContext, type FeedControl } from './feed-context.js';

/** An element that follows a feed: `htmlFor` holds its `for` attribute. */
export interface FeedConsumerHost extends ReactiveControllerHost, HTMLElement {
  htmlFor: string;
}

/** True once `element` is a feed of any tag: it has the feed's public methods and a status. */
export function isFeed(element: Element | null): element is HTMLElement & FeedControl {
  const feed = element as Partial<FeedControl> | null;
  return typeof feed?.reconnect === 'function' && typeof feed.status === 'object';
}

/** True while `element` is a custom element not defined yet: it may turn out to be a feed. */
function mayBecomeFeed(element: Element): boolean {
  return element.localName.includes('-') && !customElements.get(element.localName);
}

/**
 * Finds the feed an element reflects and keeps its status current. With a non-empty `for`, the feed
 * with that id in the host's document or shadow root: followed through its `sse-state` events, found
 * again when it is defined later, added, replaced or removed, or when `for` changes (call
 * `refresh()`). Without `for`, the nearest ancestor feed, found through its `@lit/context` control
 * context and then followed the same way (the status context is for pages). A feed is any element
 * with a feed's public methods and `status`, under any tag (`MyFeed.define('my-feed')`); one not
 * defined yet is waited for under its own tag. Every status change requests a host update; messages
 * alone do not, since the feed reports them silently.
 */
export class FeedConsumer implements ReactiveController {
  readonly #host: FeedConsumerHost;
  #connected = false;
  #ancestor: HTMLElement | null = null; // the nearest ancestor feed, while its context answers
  #unsubscribe: (() => void) | undefined;
  #feed: HTMLElement | null = null; // the followed feed (`for`, else the ancestor), upgraded or not
  #feedStatus: FeedStatus | null = null;
  #root: Document | ShadowRoot | null = null;
  #observer: MutationObserver | null = null;
  readonly #waiting = new Set<string>(); // tags whose definition is awaited

  /** Registers the controller with `host`. */
  constructor(host: FeedConsumerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The followed feed's current status, or `IDLE_STATUS` when there is no feed. */
  get status(): FeedStatus {
    return this.#feedStatus ?? IDLE_STATUS;
  }

  /** The followed feed's public methods (`reconnect()` for a retry button), or null when there is none. */
  get control(): FeedControl | null {
    return isFeed(this.#feed) ? this.#feed : null;
  }

  /** Looks for the feed again; the host calls it when its `for` changes. */
  refresh(): void {
    if (this.#connected) this.#resolve();
  }

  /** Starts following: finds the `for` feed, or waits for an ancestor feed defined later. */
  hostConnected(): void {
    this.#connected = true;
    this.#request();
    this.#resolve();
    // A context request that nobody answered: the ancestor feed may not be defined yet.
    if (!this.#ancestor) this.#awaitAncestors();
  }

  /** Releases the feed's listener, the observer and the context subscriptions. */
  hostDisconnected(): void {
    this.#connected = false;
    this.#observe(null);
    this.#attach(null);
    // A host moved elsewhere must not go on showing a feed it has left.
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#ancestor = null;
  }

  /** Asks the ancestors for the nearest feed (the context protocol): it answers now, and again if a nearer one appears. */
  #request(): void {
    this.#host.dispatchEvent(contextRequest(feedControlContext, this.#host, this.#onAncestor));
  }

  readonly #onAncestor = (feed: FeedControl, unsubscribe?: () => void): void => {
    // A nearer feed took the subscription over (defined later): the farther one lets go.
    if (unsubscribe !== this.#unsubscribe) this.#unsubscribe?.();
    this.#unsubscribe = unsubscribe;
    this.#ancestor = feed as FeedControl & HTMLElement;
    if (this.#connected) this.#resolve();
  };

  /** Waits for every ancestor that is a custom element not defined yet: one of them may be the feed. */
  #awaitAncestors(): void {
    for (let node = parentOf(this.#host); node; node = parentOf(node)) this.#awaitDefinition(node);
  }

  /** When `element` may become a feed, looks again once its tag is defined. */
  #awaitDefinition(element: Element): void {
    const tag = element.localName;
    if (!mayBecomeFeed(element) || this.#waiting.has(tag)) return;
    this.#waiting.add(tag);
    void customElements.whenDefined(tag).then(() => {
      this.#waiting.delete(tag);
      if (!this.#connected) return;
      if (!this.#ancestor) this.#request();
      this.#resolve();
    });
  }

  #resolve(): void {
    const id = this.#host.htmlFor;
    const root = this.#connected && id ? this.#host.getRootNode() : null;
    const searchable = root instanceof Document || root instanceof ShadowRoot ? root : null;
    this.#observe(searchable);
    const found = searchable?.getElementById(id) ?? null;
    this.#attach(!id ? this.#ancestor : found && (isFeed(found) || mayBecomeFeed(found)) ? found : null);
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
      else this.#awaitDefinition(feed);
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
