// Helpers for the <sse-feed> tests: feeds built from attributes, event logs, global error and
// resource watchers, and overrides of navigator.onLine and document.hidden (restored after each test).

import '../components/sse-feed/define.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import type { FeedError, FeedMessage, FeedStatus } from '../components/core/types.js';
import type { RecordedRequest } from './helpers.js';

const created = new Set<Element>();
const restorers: Array<() => void> = [];

afterEach(() => {
  for (const element of created) element.remove();
  created.clear();
  while (restorers.length > 0) restorers.pop()?.();
});

/** Attributes of a feed: `true` sets a boolean attribute, `false` leaves it out. */
export type FeedAttributes = Record<string, string | number | boolean>;

/** Creates an `<sse-feed>` with these attributes (and properties), optionally attached to the document. */
export function createFeed(attributes: FeedAttributes, properties: Partial<Pick<SseFeed, 'body' | 'headers'>> = {}, attach = true): SseFeed {
  const feed = document.createElement('sse-feed');
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) continue;
    feed.setAttribute(name, value === true ? '' : String(value));
  }
  Object.assign(feed, properties);
  created.add(feed);
  if (attach) document.body.append(feed);
  return feed;
}

/** Removes `element` in the after-each cleanup if the test did not. */
export function track<T extends Element>(element: T): T {
  created.add(element);
  return element;
}

/** Everything a feed dispatched, in order. */
export interface FeedLog {
  messages: FeedMessage[];
  states: FeedStatus[];
  errors: FeedError[];
}

/** Records the feed's events from now on. */
export function record(target: EventTarget): FeedLog {
  const log: FeedLog = { messages: [], states: [], errors: [] };
  target.addEventListener('sse-message', (event) => log.messages.push((event as CustomEvent<FeedMessage>).detail));
  target.addEventListener('sse-state', (event) => log.states.push((event as CustomEvent<FeedStatus>).detail));
  target.addEventListener('sse-error', (event) => log.errors.push((event as CustomEvent<FeedError>).detail));
  return log;
}

/** Collects uncaught errors and unhandled rejections of the page until the test ends. */
export function watchGlobalErrors(): string[] {
  const seen: string[] = [];
  const onError = (event: ErrorEvent): void => {
    seen.push(`error: ${event.message}`);
  };
  const onRejection = (event: PromiseRejectionEvent): void => {
    seen.push(`unhandledrejection: ${String(event.reason)}`);
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  restorers.push(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });
  return seen;
}

/**
 * Makes `navigator.onLine` report `online` and fires the matching window event, as the browser does
 * when the network goes away or comes back. Restored after the test.
 */
export function setOnline(online: boolean): void {
  if (!Object.prototype.hasOwnProperty.call(navigator, 'onLine')) {
    restorers.push(() => {
      delete (navigator as { onLine?: boolean }).onLine;
    });
  }
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** Makes `document.hidden` report `hidden` and fires `visibilitychange`. Restored after the test. */
export function setHidden(hidden: boolean): void {
  if (!Object.prototype.hasOwnProperty.call(document, 'hidden')) {
    restorers.push(() => {
      delete (document as { hidden?: boolean }).hidden;
      delete (document as { visibilityState?: DocumentVisibilityState }).visibilityState;
    });
  }
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Milliseconds between consecutive recorded requests. */
export function gaps(requests: RecordedRequest[]): number[] {
  return requests.slice(1).map((request, index) => request.time - requests[index].time);
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The same stream URL on the other loopback host name, so the request is cross-origin. */
export function crossOrigin(url: string): string {
  const other = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return `${location.protocol}//${other}:${location.port}${url}`;
}

type Listener = EventListenerOrEventListenerObject;

/**
 * Counts timers and global listeners created from now on that are still outstanding: timeouts not
 * yet fired or cleared, window/document listeners not removed. Uninstalled after the test.
 */
export function watchResources(): { timers(): number; listeners(): string[]; uninstall(): void } {
  const pending = new Set<number>();
  const listening = new Map<string, { target: string; type: string; listener: Listener }>();
  type SetTimeout = (handler: TimerHandler, ms?: number, ...args: unknown[]) => number;
  type ClearTimeout = (id?: number) => void;
  type Add = (type: string, listener: Listener | null, options?: boolean | AddEventListenerOptions) => void;
  type Remove = (type: string, listener: Listener | null, options?: boolean | EventListenerOptions) => void;
  const original = {
    setTimeout: window.setTimeout as unknown as SetTimeout,
    clearTimeout: window.clearTimeout as unknown as ClearTimeout,
  };
  let installed = true;
  const keys = new WeakMap<Listener, number>();
  let nextKey = 0;
  const keyOf = (target: string, type: string, listener: Listener): string => {
    let key = keys.get(listener);
    if (key === undefined) keys.set(listener, (key = nextKey += 1));
    return `${target}:${type}:${key}`;
  };

  const spiedSetTimeout: SetTimeout = (handler, ms, ...args) => {
    let id = 0;
    const run: TimerHandler =
      typeof handler === 'function'
        ? (...rest: unknown[]): void => {
            pending.delete(id);
            (handler as (...values: unknown[]) => void)(...rest);
          }
        : handler;
    id = original.setTimeout.call(window, run, ms, ...args);
    pending.add(id);
    return id;
  };
  const spiedClearTimeout: ClearTimeout = (id) => {
    if (id !== undefined) pending.delete(id);
    original.clearTimeout.call(window, id);
  };
  (window as unknown as { setTimeout: SetTimeout }).setTimeout = spiedSetTimeout;
  (window as unknown as { clearTimeout: ClearTimeout }).clearTimeout = spiedClearTimeout;
  const spy = (name: 'window' | 'document', target: EventTarget): void => {
    const add = target.addEventListener as Add;
    const remove = target.removeEventListener as Remove;
    const spiedAdd: Add = (type, listener, options) => {
      if (listener) listening.set(keyOf(name, type, listener), { target: name, type, listener });
      add.call(target, type, listener, options);
    };
    const spiedRemove: Remove = (type, listener, options) => {
      if (listener) listening.delete(keyOf(name, type, listener));
      remove.call(target, type, listener, options);
    };
    Object.assign(target, { addEventListener: spiedAdd, removeEventListener: spiedRemove });
  };
  spy('window', window);
  spy('document', document);

  const uninstall = (): void => {
    if (!installed) return;
    installed = false;
    (window as unknown as { setTimeout: SetTimeout }).setTimeout = original.setTimeout;
    (window as unknown as { clearTimeout: ClearTimeout }).clearTimeout = original.clearTimeout;
    // Deleting the own properties brings back the prototype's methods.
    delete (window as Partial<Window>).addEventListener;
    delete (window as Partial<Window>).removeEventListener;
    delete (document as Partial<Document>).addEventListener;
    delete (document as Partial<Document>).removeEventListener;
  };
  restorers.push(uninstall);
  return {
    timers: () => pending.size,
    listeners: () => [...listening.values()].map(({ target, type }) => `${target}:${type}`),
    uninstall,
  };
}

/** A page in a same-origin iframe that loads `<sse-feed>` in its own realm, and can be reloaded. */
export interface FramePage {
  frame: HTMLIFrameElement;
  /** The page's first `<sse-feed>` (a new element after each reload). */
  feed(): SseFeed;
  /** Reloads the page as a person would (pagehide, no disconnectedCallback) and waits for its feed. */
  reload(): Promise<SseFeed>;
}

/** Opens `body` (markup with an `<sse-feed>`) as a page in an iframe; sessionStorage is this tab's. */
export async function openFramePage(body: string): Promise<FramePage> {
  const frame = track(document.createElement('iframe'));
  frame.srcdoc = `<!doctype html><title>page</title><script type="module">import '/components/sse-feed/define.ts';</script>${body}`;
  const ready = async (): Promise<SseFeed> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const feed = frame.contentDocument?.querySelector('sse-feed');
      if (feed && frame.contentWindow?.customElements.get('sse-feed') && 'status' in feed) return feed as SseFeed;
      if (Date.now() > deadline) throw new Error('the page did not load its feed');
      await sleep(20);
    }
  };
  document.body.append(frame);
  await ready();
  return {
    frame,
    feed: () => frame.contentDocument!.querySelector('sse-feed') as SseFeed,
    async reload() {
      const old = frame.contentDocument;
      frame.contentWindow!.location.reload();
      const deadline = Date.now() + 10_000;
      while (frame.contentDocument === old || frame.contentDocument?.readyState === 'loading') {
        if (Date.now() > deadline) throw new Error('the page did not reload');
        await sleep(20);
      }
      return ready();
    },
  };
}
