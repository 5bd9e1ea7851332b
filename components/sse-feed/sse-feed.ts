// <sse-feed>: one Server-Sent Events stream and its retry policy, as an element.

import { css, ReactiveElement, type PropertyDeclarations, type PropertyValues } from '@lit/reactive-element';
import { FeedConnection, type FeedHandle } from '../core/feed-connection.js';
import { DEFAULT_FEED_OPTIONS, OPTIONS, type FeedOptions, type OptionRow } from '../core/options.js';
import { loadSharing } from '../core/lazy-share.js';
import { effectiveShare } from '../core/share-mode.js';
import { defaultFetch, type FeedFetch } from '../core/transport.js';
import type { FeedError, FeedGap, FeedMessage, FeedResend, FeedShare, FeedStatus, FeedStreamEnd, FeedTransport } from '../core/types.js';
import { numberIn, oneOf } from '../shared/attributes.js';
import { defineElement } from '../shared/define.js';
import { reflectState } from '../shared/reflect-state.js';
import { FeedContextProvider } from './context-provider.js';
import { emit } from './events.js';
import { feedControlContext, feedStatusContext, type FeedControl } from './feed-context.js';
import { feedMessages } from './messages.js';
import { attributeName, optionProperties, PROPERTY_OPTIONS } from './option-properties.js';
import type { MessageTypeRequests } from './requested-events.js';
import type { FeedEventMap, FeedMessageOf, SseFeedEventMap } from './typed-messages.js';

// The options a page writes as a property of the engine's own type; the others are read apart in #options.
const PAGE_OPTIONS = PROPERTY_OPTIONS.filter((name) => !['headers', 'events', 'fetch'].includes(name)) as Array<
  Exclude<(typeof PROPERTY_OPTIONS)[number], 'headers' | 'events' | 'fetch'>
>;

// Connection sharing, loaded the first time a feed asks for it (a page that never shares does not load it);
// null when its file did not load: each feed then connects alone.
let sharing: typeof import('../core/shared-feed.js') | null | undefined;

const SHARES = ['none', 'page', 'tabs'] as const;

/**
 * Owns one Server-Sent Events stream: connects when added to the document, closes when removed,
 * retries with exponential backoff and jitter, and tells its descendants (through `@lit/context`) and
 * everyone else (through events) what state the stream is in.
 *
 * @tag sse-feed
 * @slot - Content that reflects or uses the feed, such as `<connection-indicator>`.
 *
 * @fires {CustomEvent<FeedMessage>} sse-message - Each dispatched message: `{ type, data, lastEventId, origin, json? }`.
 * @fires {CustomEvent<FeedStatus>} sse-state - Every change of state, attempt, retry schedule or error.
 * @fires {CustomEvent<FeedError>} sse-error - Every failed attempt, and every message-level error (`parse`, `too-large`).
 * @fires {CustomEvent<FeedGap>} sse-gap - The server lost history after the id the feed resumed from: `{ requested, resumedFrom, reason }`.
 *
 * @attr {string} state - Reflects `status.state` (read-only), so CSS can select `sse-feed[state=failed]`.
 * @attr {boolean} stale - Present while `status.stale` is true (read-only): connected, but no message for `stale-after` ms.
 *
 * @cssstate idle - The feed has not started (or has no src).
 * @cssstate connecting - An attempt is under way.
 * @cssstate connected - The stream is open.
 * @cssstate retrying - Waiting for the next attempt (or for the network).
 * @cssstate paused - Closed while the page is hidden.
 * @cssstate failed - Given up; a person must act.
 * @cssstate closed - Closed by the page, the server or the stream's end.
 * @cssstate stale - Connected, but no message for `stale-after` ms.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- typed event overloads: see the interface below
export class SseFeed<Events extends FeedEventMap = FeedEventMap> extends ReactiveElement implements FeedControl, MessageTypeRequests {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /**
   * Registers the class as `tag` in `registry` (the global one by default); `sse-feed` registers it as
   * `<sse-feed>`. A tag taken by another class is left alone, with a console warning.
   */
  static define(tag = 'sse-feed', registry: CustomElementRegistry = customElements): void {
    defineElement(this, tag, registry);
  }

  // The options' declarations come from the engine's table (see option-properties.ts), which
  // scripts/manifest-plugins.mjs reads too, so the Custom Elements Manifest still lists each attribute.
  static override properties: PropertyDeclarations = { ...optionProperties(), manual: { type: Boolean }, share: {} };

  /** Stream URL; changing it reconnects; empty means idle. */
  declare src: string;

  /** `fetch` streaming (sees status codes, headers, POST) or the browser's native `eventsource`. */
  declare transport: FeedTransport;

  /** HTTP method, fetch transport only. */
  declare method: string;

  /** Request body, fetch transport only. A stream body cannot be sent twice: prefer text or FormData. */
  declare body: BodyInit | null;

  /**
   * Extra request headers, fetch transport only. Read when assigned: assign an object (a new one or
   * the same one again) to change them; changing the assigned object in place changes nothing, and no
   * other feed ever sees them.
   */
  get headers(): Record<string, string> {
    return this.#headersGiven;
  }
  set headers(value: Record<string, string>) {
    const old = this.#headersGiven;
    this.#headersGiven = value;
    this.#headers = Object.freeze({ ...(value ?? {}) });
    // Always an update, even for the same object assigned again: the copy is what counts.
    this.requestUpdate('headers', value === old ? undefined : old);
  }

  /** Send cookies cross-origin (`credentials: "include"` / `withCredentials`). */
  declare withCredentials: boolean;

  /** Base delay before the first retry, in ms. */
  declare retryInterval: number;

  /** Each further consecutive failure multiplies the delay by this. */
  declare retryScaler: number;

  /** Cap on one delay, in ms. */
  declare retryMaxWait: number;

  /** Retries after consecutive failures before `failed`: `0` never retries, `Infinity` never gives up. */
  declare retryMaxCount: number;

  /** 0..1: each delay is drawn uniformly from `[d * (1 - jitter), d]`; `0` makes delays exact. */
  declare retryJitter: number;

  /** Ms an open stream may deliver no bytes (comments count) before it is treated as failed; 0 is off. */
  declare stallTimeout: number;

  /** Close while the page is hidden (state `paused`) and resume at once when it is visible. */
  declare pauseWhenHidden: boolean;

  /** Keep `lastEventId` and the backoff position in `sessionStorage`, so a reload resumes the stream. */
  declare persist: boolean;

  /** Do not connect when added to the document; wait for `connect()`. */
  declare manual: boolean;

  /** EventSource transport only: space-separated event names to listen for besides unnamed ones. */
  declare events: string;

  /** Parse each message's data as JSON into `detail.json`; invalid JSON gives an `sse-error` of kind `parse`. */
  declare json: boolean;

  /** Largest message data in bytes; a larger message is dropped with an `sse-error` of kind `too-large`. */
  declare maxMessageSize: number;

  /**
   * Connection sharing. `none`: this feed has its own connection. `page`: feeds in this document
   * with the same src and options share one connection (a non-string `body` is never shared).
   * `tabs`: one connection for all same-origin tabs; one tab leads (Web Locks) and relays to the
   * others (BroadcastChannel), another takes over, resuming with `Last-Event-ID`, when it goes away;
   * `page` where those APIs are missing. Every feed still dispatches its own events; `messages`
   * counts what this feed dispatched. `reconnect()` reconnects the shared connection; `close()` or
   * removal detaches this feed alone. Changing it switches at once.
   */
  declare share: FeedShare;

  /**
   * What it means when the server ends an open stream cleanly (fetch transport). `reconnect`: as
   * EventSource does, retry and resume with `Last-Event-ID`. `close`: the stream is finished (state
   * `closed`, no error, no further request). `auto`: `reconnect` for `GET`, `close` for any other
   * method, so a finished `POST` (a generated answer) is never sent again by itself. The eventsource
   * transport cannot tell a clean end from a drop: it always reconnects (use `close-event` there).
   */
  declare streamEnd: FeedStreamEnd;

  /**
   * A message of this event type ends the feed: it is dispatched as `sse-message` first, then the
   * feed closes (state `closed`, no reconnect). Both transports; the eventsource transport listens for
   * it without it being listed in `events`.
   */
  declare closeEvent: string;

  /**
   * A message whose data is exactly this string ends the feed as `close-event` does, but is neither
   * dispatched nor parsed as JSON, and nothing after it is read: `close-data="[DONE]"` for chat-completion
   * streams that end with `data: [DONE]`. Both transports.
   */
  declare closeData: string;

  /**
   * Whether a request that is not a `GET` is sent again after its stream breaks (a network error or a
   * stall; a clean end is `stream-end`'s). `auto`: only when nothing was dispatched on it yet, or when
   * there is a last event id to resume from; otherwise the feed ends `failed` (kind `network`, fatal),
   * so a half-generated answer is never generated twice by itself, and Retry asks for it afresh.
   * `always`: retried like a `GET`.
   */
  declare resend: FeedResend;

  /**
   * Fetch transport: called for every attempt with the URL and the request the feed would make
   * (method, body, headers including `Last-Event-ID`, credentials, signal); its response is read as
   * the stream. Use it to add a fresh token, sign a request, or resume differently. A rejection other
   * than the feed's own abort is a failure of kind `network`. Assigning it does not reconnect.
   */
  declare fetch: FeedFetch;

  /**
   * When set, the last event id travels as this query parameter instead of the `Last-Event-ID`
   * header (fetch transport: a cross-origin GET then needs no CORS preflight); on the eventsource
   * transport it names the parameter (`lastEventId` when empty). Mercure calls it `lastEventID`.
   */
  declare lastEventIdParam: string;

  /**
   * A message of this event type is the server's word that history was lost: it is dispatched as
   * `sse-message`, then `sse-gap` (reason `event`). Both transports; the eventsource transport listens
   * for it without it being listed in `events`. The fetch transport also reports a gap from a
   * resumed response's `Last-Event-ID` header (reason `header`).
   */
  declare gapEvent: string;

  /**
   * Ms without a dispatched message, while connected, after which `status.stale` and the `stale`
   * attribute turn on (the next message clears both); 0 turns it off. Comments and `retry:` lines do
   * not count as data. Nothing reconnects because of it: for dashboards whose numbers must be fresh.
   */
  declare staleAfter: number;

  /**
   * Logs each request, response status, state change, scheduled retry and error to `console.debug`,
   * prefixed with `[sse-feed]` and `#id` (else the `src`). Nothing is logged without it.
   */
  declare debug: boolean;

  // Custom states (`sse-feed:state(failed)`), beside the state attribute; absent where ElementInternals is.
  readonly #internals: ElementInternals | null = typeof this.attachInternals === 'function' ? this.attachInternals() : null;
  #headersGiven: Record<string, string> = {};
  #headers: Readonly<Record<string, string>> = Object.freeze({}); // `headers` as it was when assigned
  #mode: FeedShare = 'none';
  #handle: FeedHandle = this.#openHandle('none');
  readonly #statusProvider = new FeedContextProvider(this, feedStatusContext, this.#handle.status);
  // Message types that elements bound to this feed (<feed-value>, <feed-list>) ask for.
  // One entry per request, taken back by the function listenFor returns.
  readonly #requested = new Set<readonly string[]>();
  #wanted = false; // connected to the document (and not manual) or connect() was called
  /** `connecting`, said while the sharing code loads, so the shared handle's own `connecting` is no news. */
  #provisional: FeedStatus | null = null;
  #leaving = false; // removed from the document; closes a microtask later unless it came back

  constructor() {
    super();
    for (const name of PAGE_OPTIONS) (this as Record<string, unknown>)[name] = DEFAULT_FEED_OPTIONS[name];
    this.manual = false;
    this.share = 'none';
    this.events = '';
    this.fetch = defaultFetch;
    // Provided from the start so descendants upgraded before the first update still find the feed.
    new FeedContextProvider<FeedControl>(this, feedControlContext, this);
  }

  /** The current status, an immutable snapshot; `messages` and `lastEventId` update without an event. */
  get status(): FeedStatus {
    return this.#provisional ?? this.#handle.status;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('state')) this.#reflect(this.status);
    if (this.#leaving) {
      this.#leaving = false; // moved within the document: the stream goes on
      return;
    }
    if (this.manual) return;
    if (this.transport !== 'eventsource') this.connect();
    // EventSource names its event types when it opens: elements bound to this feed (<feed-value>,
    // <feed-list>) ask for theirs as they connect, right after it, so it opens a microtask later.
    else queueMicrotask(() => this.isConnected && !this.#wanted && !this.manual && this.connect());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move within the document disconnects and connects again in one go: close only if the element
    // is still out of the document once that is over (a microtask later).
    this.#leaving = true;
    queueMicrotask(() => {
      if (this.#leaving) this.close();
    });
  }

  /** Starts the stream if the feed is idle, closed or failed. */
  connect(): void {
    this.#leaving = false;
    this.#wanted = true;
    if (!this.#syncShare()) return;
    this.#handle.update(this.#options());
    this.#handle.connect();
  }

  /** Drops any connection, resets the attempt count and connects now. */
  reconnect(): void {
    this.#leaving = false;
    this.#wanted = true;
    if (!this.#syncShare()) return;
    // Options set just before (not yet rendered) may reconnect already: one new request, not two.
    if (!this.#handle.update(this.#options())) this.#handle.reconnect();
  }

  /** Closes the stream: state `closed`, no retry, every timer and listener released. */
  close(): void {
    this.#leaving = false;
    this.#wanted = false;
    this.#handle.close();
  }

  /**
   * The messages this feed dispatches from now on (of `type` only, when given), for `for await`; the
   * loop ends when the feed closes or leaves the document, and leaving the loop stops listening.
   */
  messages<K extends keyof Events & string>(type?: K): AsyncGenerator<FeedMessageOf<Events, K>, void, undefined> {
    return feedMessages(this, type);
  }

  /**
   * Asks the feed to receive messages of `types`, for elements that show them: the eventsource transport
   * listens for them as if they were in `events`. Returns the function that takes the request back.
   */
  listenFor(types: readonly string[]): () => void {
    const request = [...types];
    this.#requested.add(request);
    this.requestUpdate();
    return () => this.#requested.delete(request) && this.requestUpdate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.#syncShare()) return;
    this.#handle.update(this.#options());
    // A src that arrives (or comes back) after the feed was wanted starts it.
    if (changed.has('src') && this.#wanted && this.#handle.status.state === 'idle') this.#handle.connect();
  }

  // Its shadow root only passes its children through (a ReactiveElement, not a LitElement: one <slot>
  // needs no template engine, and a page that imports the feed alone does not load one).
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.append(document.createElement('slot'));
    return root;
  }

  /** The engine's options from the properties: a value outside its row's range or choices warns once and is the default. */
  #options(): Partial<FeedOptions> {
    const options: Record<string, unknown> = {
      headers: this.#headers,
      // The engine compares the names by content: a new array with the same names is no change.
      events:
        this.transport === 'eventsource'
          ? [...new Set([...this.#eventNames(), ...[...this.#requested].flat()])].filter(Boolean)
          : this.#eventNames(),
      fetch: this.fetch === defaultFetch || typeof this.fetch !== 'function' ? null : this.fetch,
      name: this.id ? `#${this.id}` : '', // the engine names it by its src otherwise
    };
    for (const name of PAGE_OPTIONS) {
      const { value: fallback, range, choices } = OPTIONS[name] as OptionRow<unknown>;
      const value: unknown = this[name];
      const attribute = attributeName(name);
      options[name] = range
        ? numberIn(this, attribute, value, range[0], range[1], fallback as number)
        : choices
          ? oneOf(this, attribute, value, choices as readonly string[], fallback as string)
          : typeof fallback === 'string'
            ? value || fallback
            : value;
    }
    return options;
  }

  #eventNamesSource = '';
  #eventNamesList: readonly string[] = [];
  // The same array while the attribute is unchanged, so it does not look like a new option.
  #eventNames(): readonly string[] {
    const source = this.events ?? '';
    if (source !== this.#eventNamesSource) {
      this.#eventNamesSource = source;
      this.#eventNamesList = Object.freeze(source.split(/\s+/).filter(Boolean));
    }
    return this.#eventNamesList;
  }

  /** A handle for `mode`; its callbacks fall silent once it is replaced. */
  #openHandle(mode: FeedShare): FeedHandle {
    const callbacks = {
      status: (status: FeedStatus) => handle === this.#handle && this.#onStatus(status),
      message: (message: FeedMessage) => handle === this.#handle && emit(this, 'sse-message', message),
      error: (error: FeedError) => handle === this.#handle && emit(this, 'sse-error', error),
      gap: (gap: FeedGap) => handle === this.#handle && emit(this, 'sse-gap', gap),
    };
    const handle: FeedHandle = mode === 'none' || !sharing ? new FeedConnection({}, callbacks) : sharing.createFeedHandle(mode, callbacks);
    return handle;
  }

  /**
   * Follows `share`: the old handle closes (its `closed` is not dispatched: the feed goes on) and a
   * running feed starts on the new one, joining a shared connection where there is one.
   */
  #syncShare(): boolean {
    const asked = effectiveShare(oneOf(this, 'share', this.share, SHARES, 'none'));
    const mode = sharing === null ? 'none' : asked;
    if (mode === this.#mode) return true;
    if (mode !== 'none' && !sharing) {
      // Until the sharing code is here the feed waits, rather than make a request of its own meanwhile;
      // a wanted feed says `connecting` at once, as it would with the code at hand.
      if (this.#wanted && this.#provisional === null && this.#handle.status.state !== 'connecting') {
        this.#provisional = Object.freeze({ ...this.#handle.status, state: 'connecting', error: null, retryDelay: null, retryAt: null });
        this.#onStatus(this.#provisional);
      }
      void loadSharing().then((module) => {
        sharing = module;
        if (this.#syncShare() && this.#wanted) {
          this.#handle.update(this.#options());
          this.#handle.connect();
        }
        this.#provisional = null;
      });
      return false;
    }
    const previous = this.#handle;
    const next = this.#openHandle(mode);
    next.update(this.#options());
    // A closed feed stays closed, not idle; silently, as `next` is not the feed's handle yet.
    if (!this.#wanted && previous.status.state === 'closed') next.close();
    this.#mode = mode;
    this.#handle = next;
    previous.close();
    if (this.#wanted) next.connect();
    if (next.status.state !== this.getAttribute('state')) this.#onStatus(next.status);
    return true;
  }

  #onStatus(status: FeedStatus): void {
    const said = this.#provisional;
    if (said !== null && status !== said && status.state === said.state && status.attempt === said.attempt && status.error === null) return;
    this.#statusProvider.setValue(status);
    this.#reflect(status);
    emit(this, 'sse-state', status);
  }

  /** The state as CSS sees it: the `state` and `stale` attributes and the custom states. */
  #reflect(status: FeedStatus): void {
    reflectState(this, this.#internals?.states, status);
  }
}

// The events of a typed feed: `feed.addEventListener('sse-message', (e) => e.detail.json.price)`. Only
// overloads of methods HTMLElement implements, so the merge adds no member the class lacks.
export interface SseFeed<Events extends FeedEventMap = FeedEventMap> {
  addEventListener<K extends keyof SseFeedEventMap<Events>>(
    type: K,
    listener: (this: SseFeed<Events>, event: SseFeedEventMap<Events>[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SseFeedEventMap<Events>>(
    type: K,
    listener: (this: SseFeed<Events>, event: SseFeedEventMap<Events>[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'sse-feed': SseFeed;
  }
}
