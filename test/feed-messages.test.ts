// feed.messages(type?) and the eventsource transport receiving what bound elements ask for, against the
// real test servers.

import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../components/index.js';
import type { FeedMessage } from '../components/core/types.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { pushChannel, sse } from './binding-helpers.js';
import { stateOf } from './helpers.js';

/** Counts the listeners the feed holds for `type`, by wrapping its own add/remove methods. */
function countListeners(feed: SseFeed, type: string): () => number {
  const listeners = new Set<unknown>();
  const add = feed.addEventListener.bind(feed);
  const remove = feed.removeEventListener.bind(feed);
  Object.assign(feed, {
    addEventListener(name: string, listener: EventListener, options?: AddEventListenerOptions) {
      if (name === type) listeners.add(listener);
      add(name, listener, options);
    },
    removeEventListener(name: string, listener: EventListener, options?: EventListenerOptions) {
      if (name === type) listeners.delete(listener);
      remove(name, listener, options);
    },
  });
  return () => listeners.size;
}

describe('feed.messages()', () => {
  it('yields every message in order, of one type when given, and stops listening when the loop is left', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed json src=${channel.url}></sse-feed>`);
    await stateOf(feed, 'connected');
    const listening = countListeners(feed, 'sse-message');
    const all: string[] = [];
    const prices: number[] = [];
    const readAll = (async () => {
      for await (const message of feed.messages()) {
        all.push(message.type);
        if (all.length === 4) break;
      }
    })();
    const readPrices = (async () => {
      for await (const message of feed.messages('price')) {
        prices.push((message.json as { last: number }).last);
        await new Promise((resolve) => setTimeout(resolve, 20)); // a slow loop body loses nothing
        if (prices.length === 3) return;
      }
    })();
    await waitUntil(() => listening() === 2, 'the loops never listened');
    await channel.send(sse({ last: 1 }, 'price'), sse({ id: 1 }, 'order'), sse({ last: 2 }, 'price'), sse({ last: 3 }, 'price'), sse({ last: 4 }, 'price'));
    await Promise.all([readAll, readPrices]);
    expect(all).to.deep.equal(['price', 'order', 'price', 'price']);
    expect(prices).to.deep.equal([1, 2, 3]);
    expect(listening()).to.equal(0);
  });

  it('ends when the feed closes, after the messages it dispatched first', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed close-event="done" src=${channel.url}></sse-feed>`);
    await stateOf(feed, 'connected');
    const seen: FeedMessage[] = [];
    const loop = (async () => {
      for await (const message of feed.messages()) seen.push(message);
      return 'ended';
    })();
    await channel.send(sse('a'), sse('b'), sse('bye', 'done'));
    expect(await loop).to.equal('ended');
    expect(seen.map((message) => message.data)).to.deep.equal(['a', 'b', 'bye']);
    expect(feed.status.state).to.equal('closed');
  });

  it('ends when the feed leaves the document, and at once for a closed feed', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}></sse-feed>`);
    await stateOf(feed, 'connected');
    const listening = countListeners(feed, 'sse-message');
    const loop = (async () => {
      let count = 0;
      for await (const message of feed.messages()) count += message.data === 'x' ? 1 : 0;
      return count;
    })();
    await waitUntil(() => listening() === 1);
    await channel.send(sse('x'));
    await waitUntil(() => feed.status.messages === 1);
    feed.remove();
    expect(await loop).to.equal(1);
    expect(listening()).to.equal(0);
    let ran = false;
    for await (const message of feed.messages()) ran = message !== undefined;
    expect(ran).to.equal(false);
  });
});

describe('eventsource transport: message types asked for by bound elements', () => {
  it('receives the named events of <feed-value> and <feed-list> without events="..." and with one request', async () => {
    const channel = pushChannel();
    const root = await fixture<HTMLDivElement>(html`<div>
      <sse-feed id="es-feed" transport="eventsource" src=${channel.url}>
        <feed-value event="price" field="last"></feed-value>
        <feed-list event="order" key="id" remove-event="cancel"><template><p data-field="id"></p></template></feed-list>
      </sse-feed>
      <feed-value id="outside" for="es-feed" event="volume"></feed-value>
    </div>`);
    const feed = root.querySelector('sse-feed')!;
    const outside = root.querySelector('#outside')!;
    await stateOf(feed, 'connected');
    await channel.send(sse({ last: 7 }, 'price'), sse({ id: 'a' }, 'order'), sse({ id: 'b' }, 'order'), sse({ id: 'a' }, 'cancel'), sse('99', 'volume'));
    const value = feed.querySelector('feed-value')!;
    const list = feed.querySelector('feed-list')!;
    await waitUntil(() => value.textContent === '7' && outside.textContent === '99' && list.textContent === 'b', `saw ${value.textContent}, ${outside.textContent}, ${list.textContent}`, {
      timeout: 5000,
    });
    expect(feed.events).to.equal('');
    const log = await channel.log();
    expect(log.requests).to.equal(1);
  });

  it('listens for a type asked for later (one new request), and the fetch transport never reconnects for it', async () => {
    for (const transport of ['eventsource', 'fetch'] as const) {
      const channel = pushChannel();
      const feed = await fixture<SseFeed>(html`<sse-feed transport=${transport} src=${channel.url}></sse-feed>`);
      await stateOf(feed, 'connected');
      const value = document.createElement('feed-value');
      value.setAttribute('event', 'late');
      feed.append(value);
      await waitUntil(async () => (await channel.log()).open === 1 && feed.status.state === 'connected', 'not connected again', { timeout: 5000 });
      await channel.send(sse('here', 'late'));
      await waitUntil(() => value.textContent === 'here', `${transport}: never showed the late type`, { timeout: 5000 });
      expect((await channel.log()).requests, transport).to.equal(transport === 'eventsource' ? 2 : 1);
    }
  });
});
