// Registering the elements (define(), a second copy, the side-effect-free entry) and what an invalid
// attribute value does: one console warning naming the accepted values, and the documented default.

import { expect } from '@open-wc/testing';
import { SseFeed } from '../components/sse-feed/sse-feed.js';
import { ConnectionIndicator } from '../components/connection-indicator/connection-indicator.js';
import { StatusToast } from '../components/status-toast/status-toast.js';
import { FeedList } from '../components/feed-list/feed-list.js';
import { FeedValue } from '../components/feed-value/feed-value.js';
import { serverSession, stateOf, until } from './helpers.js';
import { createFeed, sleep, track } from './sse-feed-helpers.js';

/** Collects console.warn lines until the test ends. */
function watchWarnings(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  return { lines, restore: () => (console.warn = original) };
}

describe('define(): registering the elements', () => {
  let warnings: ReturnType<typeof watchWarnings>;
  beforeEach(() => (warnings = watchWarnings()));
  afterEach(() => warnings.restore());

  it('registers a subclass under another tag, which works like the default one', async () => {
    class RenamedFeed extends SseFeed {}
    RenamedFeed.define('renamed-feed');
    expect(customElements.get('renamed-feed')).to.equal(RenamedFeed);
    const server = serverSession({ count: 1 });
    const feed = track(document.createElement('renamed-feed') as SseFeed);
    feed.src = server.url;
    document.body.append(feed);
    await until(() => feed.status.messages === 1, 3000, 'the message');
    expect(warnings.lines).to.deep.equal([]);
  });

  it('defining the same class under the same tag again does nothing, and says nothing', () => {
    SseFeed.define();
    ConnectionIndicator.define();
    StatusToast.define();
    expect(customElements.get('sse-feed')).to.equal(SseFeed);
    expect(warnings.lines).to.deep.equal([]);
  });

  it('a tag taken by another class is left alone, with one warning that says what to do', () => {
    class SecondCopy extends SseFeed {}
    SecondCopy.define('sse-feed');
    SecondCopy.define('sse-feed');
    expect(customElements.get('sse-feed')).to.equal(SseFeed);
    expect(warnings.lines).to.have.length(2); // once per call: each call is a separate attempt
    expect(warnings.lines[0]).to.contain('<sse-feed> is already defined by another class');
    expect(warnings.lines[0]).to.contain("SecondCopy.define('my-sse-feed')");
  });

  it('a class already registered under one tag is not registered under a second: a warning, nothing throws', () => {
    expect(() => SseFeed.define('second-name')).to.not.throw();
    expect(customElements.get('second-name')).to.equal(undefined);
    expect(warnings.lines).to.have.length(1);
    expect(warnings.lines[0]).to.contain('SseFeed is already registered as <sse-feed>');
    expect(warnings.lines[0]).to.contain('class MySseFeed extends SseFeed {}');
  });

  it('takes a registry, as scoped registries need', () => {
    const defined = new Map<string, CustomElementConstructor>();
    const registry = {
      get: (name: string) => defined.get(name),
      define: (name: string, constructor: CustomElementConstructor) => void defined.set(name, constructor),
    } as unknown as CustomElementRegistry;
    ConnectionIndicator.define('status-dot', registry);
    StatusToast.define(undefined, registry);
    FeedValue.define(undefined, registry);
    FeedList.define('order-list', registry);
    expect([...defined.entries()]).to.deep.equal([
      ['status-dot', ConnectionIndicator],
      ['status-toast', StatusToast],
      ['feed-value', FeedValue],
      ['order-list', FeedList],
    ]);
  });

  it('sse-feed/elements registers nothing: a page that imports it has the classes and no tags', async () => {
    const frame = track(document.createElement('iframe'));
    frame.srcdoc = `<!doctype html><script type="module">
      import * as elements from '/components/elements.ts';
      window.loaded = Object.keys(elements);
    </script>`;
    document.body.append(frame);
    const view = (): (Window & { loaded?: string[] }) | null => frame.contentWindow as (Window & { loaded?: string[] }) | null;
    await until(() => view()?.loaded !== undefined, 10_000, 'the entry to load');
    expect(view()!.loaded).to.include.members(['SseFeed', 'ConnectionIndicator', 'StatusToast', 'FeedValue', 'FeedList', 'FeedConnection']);
    for (const tag of ['sse-feed', 'connection-indicator', 'status-toast', 'feed-value', 'feed-list']) expect(view()!.customElements.get(tag), tag).to.equal(undefined);
  });
});

describe('invalid attribute values: one warning, the documented default', () => {
  let warnings: ReturnType<typeof watchWarnings>;
  beforeEach(() => (warnings = watchWarnings()));
  afterEach(() => warnings.restore());

  it('retry-max-count="abc" and retry-max-count="" are not 0: a warning each, and the default 10', async () => {
    const server = serverSession({ count: 1 });
    const a = createFeed({ src: server.url, 'retry-max-count': 'abc' });
    const b = createFeed({ src: server.url, 'retry-max-count': '' });
    await Promise.all([stateOf(a, 'connected'), stateOf(b, 'connected')]);
    expect(a.status.retryMaxCount).to.equal(10);
    expect(b.status.retryMaxCount).to.equal(10);
    expect(warnings.lines).to.deep.equal([
      '<sse-feed> retry-max-count=NaN is not valid: it accepts a number from 0 up, or Infinity. Using 10.',
      '<sse-feed> retry-max-count=NaN is not valid: it accepts a number from 0 up, or Infinity. Using 10.',
    ]);
  });

  it('transport="websocket", share="everyone", stream-end="maybe", retry-jitter="2": one warning each, once', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, transport: 'websocket', share: 'everyone', 'stream-end': 'maybe', 'retry-jitter': 2 });
    await stateOf(feed, 'connected');
    feed.retryInterval = 500; // further updates repeat nothing
    await feed.updateComplete;
    await sleep(50);
    expect(warnings.lines.sort()).to.deep.equal([
      '<sse-feed> retry-jitter=2 is not valid: it accepts a number from 0 to 1. Using 0.3.',
      '<sse-feed> share="everyone" is not valid: it accepts "none", "page", "tabs". Using "none".',
      '<sse-feed> stream-end="maybe" is not valid: it accepts "auto", "reconnect", "close". Using "auto".',
      '<sse-feed> transport="websocket" is not valid: it accepts "fetch", "eventsource". Using "fetch".',
    ]);
    expect((await server.log()).requests[0].headers.accept).to.equal('text/event-stream'); // the fetch transport
  });

  it('valid values and removed attributes say nothing', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, 'retry-max-count': 'Infinity', 'retry-jitter': 0, transport: 'eventsource', 'stall-timeout': 0 });
    await stateOf(feed, 'connected');
    feed.removeAttribute('retry-max-count');
    await feed.updateComplete;
    expect(feed.status.retryMaxCount).to.equal(10);
    expect(warnings.lines).to.deep.equal([]);
  });
});
