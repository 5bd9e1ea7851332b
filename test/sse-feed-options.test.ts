// <sse-feed> against the real SSE server: every attribute and property of the contract, the public
// methods and the events.

import { expect } from '@open-wc/testing';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import type { FeedState, FeedStatus } from '../components/core/types.js';
import { nextStatus, serverSession, stateOf, until } from './helpers.js';
import { createFeed, crossOrigin, openFramePage, record, setHidden, sleep, track, watchGlobalErrors } from './sse-feed-helpers.js';

describe('<sse-feed> request options', () => {
  it('method and body: the server receives a POST with the body, on every attempt (stream-end="reconnect")', async () => {
    const server = serverSession({ count: 1, end: 'close' }, { count: 1 });
    const feed = createFeed(
      { src: server.url, method: 'POST', 'stream-end': 'reconnect', 'retry-interval': 20 },
      { body: '{"topic":"news"}' },
    );
    await until(() => feed.status.messages === 2, 3000, 'two messages');
    const { requests } = await server.log();
    expect(requests.map((request) => [request.method, request.body])).to.deep.equal([
      ['POST', '{"topic":"news"}'],
      ['POST', '{"topic":"news"}'],
    ]);
  });

  it('headers: extra request headers reach the server, with Accept: text/event-stream', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url }, { headers: { 'X-Token': 'abc 123', 'X-Other': 'two' } });
    await stateOf(feed, 'connected');
    const [request] = (await server.log()).requests;
    expect(request.headers['x-token']).to.equal('abc 123');
    expect(request.headers['x-other']).to.equal('two');
    expect(request.headers.accept).to.equal('text/event-stream');
    expect(request.headers['cache-control']).to.equal('no-cache'); // from cache: 'no-store', no preflight needed
  });

  it('setting new headers reconnects with them', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url }, { headers: { 'X-Version': '1' } });
    await stateOf(feed, 'connected');
    feed.headers = { 'X-Version': '2' };
    await until(async () => (await server.log()).requests.length === 2, 3000, 'the second request');
    const { requests } = await server.log();
    expect(requests[1].headers['x-version']).to.equal('2');
    await until(async () => (await server.log()).open === 1, 3000, 'one open stream');
  });

  describe('with-credentials (cross-origin: the other loopback host name)', () => {
    it('without it, a server allowing any origin (*) is reachable with no preflight for the first request', async () => {
      const server = serverSession({ cors: '*', count: 1 });
      const feed = createFeed({ src: crossOrigin(server.url), 'retry-max-count': 0 });
      const status = await nextStatus(feed, (s) => s.state === 'connected' || s.state === 'failed');
      expect(status.state).to.equal('connected');
      await until(() => feed.status.messages === 1, 3000, 'the message');
      expect(feed.status.lastEventId).to.equal('1');
      // A GET with only CORS-safelisted headers is a simple request: no OPTIONS round trip.
      expect((await server.log()).preflights).to.equal(0);
    });

    it('with it, credentials are included: a server answering with a wildcard origin is refused', async () => {
      const server = serverSession({ cors: '*', count: 1 });
      const feed = createFeed({ src: crossOrigin(server.url), 'with-credentials': true, 'retry-max-count': 0 });
      const status = await stateOf(feed, 'failed');
      expect(status.error?.kind).to.equal('network');
      expect((await server.log()).requests).to.have.length(1); // the request went out; the browser refused the answer
    });

    it('with it, a server that allows credentials is reachable', async () => {
      const server = serverSession({ cors: 'credentials', count: 1 });
      const feed = createFeed({ src: crossOrigin(server.url), 'with-credentials': true, 'retry-max-count': 0 });
      await stateOf(feed, 'connected');
      await until(() => feed.status.messages === 1, 3000, 'the message');
      expect(feed.status.messages).to.equal(1);
    });

    it('the eventsource transport honours it the same way', async () => {
      const wildcard = serverSession({ cors: '*', count: 1 });
      const allowing = serverSession({ cors: 'credentials', count: 1 });
      const refused = createFeed({ src: crossOrigin(wildcard.url), transport: 'eventsource', 'with-credentials': true, 'retry-max-count': 0 });
      const accepted = createFeed({ src: crossOrigin(allowing.url), transport: 'eventsource', 'with-credentials': true, 'retry-max-count': 0 });
      const plain = createFeed({ src: crossOrigin(wildcard.url), transport: 'eventsource', 'retry-max-count': 0 });
      expect((await stateOf(refused, 'failed')).error?.kind).to.equal('network');
      await stateOf(accepted, 'connected');
      await stateOf(plain, 'connected');
    });
  });
});

describe('<sse-feed> message options', () => {
  it('json: detail.json holds the parsed data; invalid JSON is an sse-error of kind parse and the stream goes on', async () => {
    const server = serverSession({ raw: 'data: {"n":0\n\n', count: 2, json: true });
    const feed = createFeed({ src: server.url, json: true });
    const log = record(feed);
    await until(() => log.messages.length === 2, 3000, 'two messages');
    expect(log.messages.map((message) => message.json)).to.deep.equal([{ n: 1 }, { n: 2 }]);
    expect(log.messages[0].data).to.equal('{"n":1}');
    expect(log.errors).to.have.length(1);
    expect(log.errors[0]).to.include({ kind: 'parse', fatal: false });
    expect(feed.status.state).to.equal('connected');
    expect(feed.status.messages).to.equal(2);
  });

  it('without json, detail.json is absent', async () => {
    const server = serverSession({ count: 1, json: true });
    const feed = createFeed({ src: server.url });
    const log = record(feed);
    await until(() => log.messages.length === 1, 3000, 'one message');
    expect(log.messages[0]).to.not.have.property('json');
    expect(log.messages[0].data).to.equal('{"n":1}');
  });

  it('max-message-size: a larger message is dropped with an sse-error of kind too-large; the stream goes on', async () => {
    // Bytes, not characters: 30 x "é" is 60 bytes (fits in 64), 40 x "é" is 80 bytes (does not).
    const server = serverSession({ raw: `data: ${'x'.repeat(300)}\n\ndata: ${'é'.repeat(30)}\n\ndata: ${'é'.repeat(40)}\n\n`, count: 2 });
    const feed = createFeed({ src: server.url, 'max-message-size': 64 });
    const log = record(feed);
    await until(() => log.messages.length === 3, 3000, 'three messages');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['é'.repeat(30), '1', '2']);
    expect(log.errors.map((error) => [error.kind, error.fatal])).to.deep.equal([
      ['too-large', false],
      ['too-large', false],
    ]);
    expect(feed.status.state).to.equal('connected');
    expect(feed.status.messages).to.equal(3);
  });
});

describe('<sse-feed> pause-when-hidden', () => {
  it('closes the stream while the page is hidden (state paused) and resumes with Last-Event-ID when visible', async () => {
    const server = serverSession({ count: 2 });
    const feed = createFeed({ src: server.url, 'pause-when-hidden': true });
    const log = record(feed);
    await until(() => feed.status.messages === 2, 3000, 'two messages');
    setHidden(true);
    expect(feed.status.state).to.equal('paused');
    expect(feed.getAttribute('state')).to.equal('paused');
    expect(feed.status.error).to.equal(null);
    await until(async () => (await server.log()).open === 0, 3000, 'the stream to close while hidden');
    setHidden(false);
    await stateOf(feed, 'connected');
    await until(() => feed.status.messages === 4, 3000, 'messages 3 and 4');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2', '3', '4']);
    const { requests } = await server.log();
    expect(requests.map((request) => request.headers['last-event-id'])).to.deep.equal([undefined, '2']);
    expect(log.errors).to.deep.equal([]);
  });

  it('a feed attached while hidden waits, paused, without a request', async () => {
    setHidden(true);
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, 'pause-when-hidden': true });
    expect(feed.status.state).to.equal('paused');
    await sleep(200);
    expect((await server.log()).requests).to.have.length(0);
    setHidden(false);
    await stateOf(feed, 'connected');
  });

  it('without pause-when-hidden, hiding the page changes nothing', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
    setHidden(true);
    await sleep(200);
    expect(feed.status.state).to.equal('connected');
    expect((await server.log()).open).to.equal(1);
  });
});

describe('<sse-feed> persist', () => {
  const page = (src: string, attributes = ''): string => `<sse-feed src="${src}" persist ${attributes}></sse-feed>`;

  it('a reload resumes from the last id', async () => {
    const server = serverSession({ count: 3 });
    const tab = await openFramePage(page(server.url));
    await until(() => tab.feed().status.messages === 3, 3000, 'three messages');
    const feed = await tab.reload();
    const log = record(feed);
    await until(() => log.messages.length === 3, 3000, 'three more messages');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['4', '5', '6']);
    const { requests } = await server.log();
    expect(requests.map((request) => request.headers['last-event-id'])).to.deep.equal([undefined, '3']);
  });

  it('without persist, a reload starts from the beginning', async () => {
    const server = serverSession({ count: 2 });
    const tab = await openFramePage(`<sse-feed src="${server.url}"></sse-feed>`);
    await until(() => tab.feed().status.messages === 2, 3000, 'two messages');
    const feed = await tab.reload();
    await until(() => feed.status.messages === 2, 3000, 'two messages again');
    const { requests } = await server.log();
    expect(requests.map((request) => request.headers['last-event-id'])).to.deep.equal([undefined, undefined]);
  });

  it('carries the backoff position over a reload: the wait goes on and the next failure continues the count', async () => {
    const server = serverSession({ status: 500 });
    // 800 ms of wait at attempt 2: longer than a reload takes in any engine (Firefox and WebKit need up to 300 ms)
    const tab = await openFramePage(page(server.url, 'retry-interval="400" retry-jitter="0" retry-max-count="10"'));
    await nextStatus(tab.feed(), (status) => status.state === 'retrying' && status.attempt === 2, 3000);
    const feed = await tab.reload();
    // persist loads on demand: the feed stays idle until it has, and its first status is the restored one
    const restored = await nextStatus(feed, (status) => status.state !== 'idle', 3000);
    expect(restored.attempt).to.equal(2);
    // the wait scheduled before the reload goes on, and still says why
    expect(restored.state).to.equal('retrying');
    expect(restored.error).to.include({ kind: 'http', status: 500, fatal: false });
    const next = await nextStatus(feed, (status) => status.state === 'retrying' && status.attempt === 3, 3000);
    expect(next.retryDelay).to.equal(1600);
  });

  it('after giving up, a reload tries afresh (full retry budget) and still resumes from the last id', async () => {
    const server = serverSession({ count: 2, end: 'close' }, { status: 500 });
    const tab = await openFramePage(page(server.url, 'retry-interval="400" retry-jitter="0" retry-max-count="1"'));
    await stateOf(tab.feed(), 'failed', 5000);
    const feed = await tab.reload();
    const retrying = await nextStatus(feed, (status) => status.state === 'retrying', 3000);
    expect(retrying.attempt).to.equal(1); // the budget of one retry is there again
    await stateOf(feed, 'failed', 3000);
    const { requests } = await server.log();
    // the reloaded page's two attempts both resume after event 2
    expect(requests.slice(-2).map((request) => request.headers['last-event-id'])).to.deep.equal(['2', '2']);
  });

  it('a removed feed is done with its stream: a new one starts from the beginning', async () => {
    const server = serverSession({ count: 2 });
    const first = createFeed({ src: server.url, persist: true });
    await until(() => first.status.messages === 2, 3000, 'two messages');
    first.remove();
    const second = createFeed({ src: server.url, persist: true });
    await until(() => second.status.messages === 2, 3000, 'two messages again');
    const { requests } = await server.log();
    expect(requests.map((request) => request.headers['last-event-id'])).to.deep.equal([undefined, undefined]);
  });
});

describe('<sse-feed> manual and share', () => {
  it('manual: no request until connect()', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, manual: true });
    await sleep(250);
    expect(feed.status.state).to.equal('idle');
    expect(feed.getAttribute('state')).to.equal('idle');
    expect((await server.log()).requests).to.have.length(0);
    feed.connect();
    await stateOf(feed, 'connected');
    expect((await server.log()).requests).to.have.length(1);
  });

  it('manual: removed and added back, it stays closed until connect()', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, manual: true });
    feed.connect();
    await stateOf(feed, 'connected');
    feed.remove();
    await Promise.resolve(); // removal closes a microtask later (a move keeps the stream)
    document.body.append(feed);
    await sleep(200);
    expect(feed.status.state).to.equal('closed');
    expect((await server.log()).requests).to.have.length(1);
  });

  for (const share of ['none', 'page', 'tabs']) {
    it(`share="${share}" is accepted and every feed receives the whole stream`, async () => {
      const server = serverSession({ count: 3 });
      const feeds = [createFeed({ src: server.url, share }), createFeed({ src: server.url, share })];
      const logs = feeds.map((feed) => record(feed));
      await until(() => logs.every((log) => log.messages.length === 3), 3000, 'three messages each');
      for (const log of logs) expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2', '3']);
    });
  }
});

describe('<sse-feed> status and the state attribute', () => {
  it('exposes the state as a custom state too: sse-feed:state(connected), :state(failed), :state(stale)', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, 'stale-after': 200 });
    expect(feed.matches(':state(connecting)')).to.equal(true);
    await stateOf(feed, 'connected');
    expect(feed.matches(':state(connected)')).to.equal(true);
    expect(feed.matches(':state(connecting)')).to.equal(false);
    await until(() => feed.matches(':state(stale)'), 3000, 'stale');
    const failed = createFeed({ src: 'ftp://example.com/' });
    await stateOf(failed, 'failed');
    expect(failed.matches(':state(failed)')).to.equal(true);
    expect(document.querySelectorAll('sse-feed:state(failed)')).to.have.length(1);
  });


  it('reflects every state as the state attribute, with a new frozen status per change', async () => {
    const errors = watchGlobalErrors();
    const server = serverSession({ firstByteDelay: 100, count: 1, end: 'close' }, { count: 1 });
    const missing = serverSession({ status: 404 });
    const feed = createFeed({ src: '', 'pause-when-hidden': true, 'retry-interval': 300, 'retry-jitter': 0 });
    expect(feed.getAttribute('state')).to.equal('idle');
    const seen: Array<[FeedState, string | null]> = [];
    const snapshots: FeedStatus[] = [];
    feed.addEventListener('sse-state', (event) => {
      seen.push([event.detail.state, feed.getAttribute('state')]);
      snapshots.push(event.detail);
    });
    feed.src = server.url;
    await stateOf(feed, 'connecting');
    await stateOf(feed, 'connected');
    await stateOf(feed, 'retrying');
    setHidden(true);
    await stateOf(feed, 'paused');
    setHidden(false);
    await until(() => feed.status.messages === 2, 3000, 'the second message');
    feed.src = '';
    await stateOf(feed, 'idle');
    feed.src = missing.url;
    await stateOf(feed, 'failed');
    feed.close();
    await stateOf(feed, 'closed');
    for (const [state, attribute] of seen) expect(attribute, state).to.equal(state);
    expect(new Set(seen.map(([state]) => state))).to.deep.equal(
      new Set(['idle', 'connecting', 'connected', 'retrying', 'paused', 'failed', 'closed']),
    );
    expect(snapshots.every((status) => Object.isFrozen(status))).to.equal(true);
    // error says what caused retrying or failed, and is null otherwise
    for (const status of snapshots) {
      if (status.state === 'retrying' || status.state === 'failed') expect(status.error, status.state).to.not.equal(null);
      else expect(status.error, status.state).to.equal(null);
    }
    expect(new Set(snapshots).size).to.equal(snapshots.length);
    expect(feed.status).to.equal(snapshots[snapshots.length - 1]);
    expect(() => {
      (feed.status as { state: string }).state = 'connected';
    }).to.throw();
    expect(feed.status.state).to.equal('closed');
    expect(errors).to.deep.equal([]);
  });

  it('status.messages counts dispatched messages and status is a new object after messages', async () => {
    const server = serverSession({ count: 5 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
    const before = feed.status;
    await until(() => feed.status.messages === 5, 3000, 'five messages');
    expect(feed.status).to.not.equal(before);
    expect(feed.status.lastEventId).to.equal('5');
    expect(Object.isFrozen(feed.status)).to.equal(true);
    expect(feed.status).to.equal(feed.status); // stable while nothing changes
  });
});

describe('<sse-feed> methods', () => {
  it('connect() does nothing while the feed runs', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
    feed.connect();
    await sleep(200);
    expect((await server.log()).requests).to.have.length(1);
    expect(feed.status.state).to.equal('connected');
  });

  it('connect() starts a failed or closed feed again', async () => {
    const server = serverSession({ status: 404 }, { count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'failed');
    feed.connect();
    await stateOf(feed, 'connected');
    feed.close();
    feed.connect();
    await stateOf(feed, 'connected');
    expect((await server.log()).requests).to.have.length(3);
  });

  it('reconnect() drops the wait, resets the attempt count and makes a new request now', async () => {
    const server = serverSession({ status: 500 }, { status: 500 }, { count: 1 });
    const feed = createFeed({ src: server.url, 'retry-interval': 20_000, 'retry-jitter': 0 });
    const log = record(feed);
    const retrying = await stateOf(feed, 'retrying');
    expect(retrying.attempt).to.equal(1);
    feed.reconnect();
    expect(feed.status).to.include({ state: 'connecting', attempt: 0 });
    const again = await stateOf(feed, 'retrying');
    expect(again.attempt).to.equal(1); // counted afresh, not 2
    expect(again.retryDelay).to.equal(20_000);
    feed.reconnect();
    await stateOf(feed, 'connected');
    expect((await server.log()).requests).to.have.length(3);
    expect(log.errors).to.have.length(2);
  });

  it('reconnect() on an open stream drops it and opens a new one', async () => {
    const server = serverSession({ count: 2 });
    const feed = createFeed({ src: server.url });
    await until(() => feed.status.messages === 2, 3000, 'two messages');
    feed.reconnect();
    await until(async () => (await server.log()).requests.length === 2, 3000, 'the new request');
    await until(async () => (await server.log()).open === 1, 3000, 'only the new stream open');
    const { requests } = await server.log();
    expect(requests[1].headers['last-event-id']).to.equal('2');
  });

  it('reconnect() right after a new src makes one request to the new URL, not two', async () => {
    const first = serverSession({ count: 1 });
    const second = serverSession({ count: 1 });
    const feed = createFeed({ src: first.url });
    await until(() => feed.status.messages === 1, 3000, 'the message of the first stream');
    feed.src = second.url;
    feed.reconnect();
    await until(() => feed.status.messages === 2, 3000, 'the message of the new stream');
    await sleep(300);
    expect((await second.log()).requests).to.have.length(1);
    expect(await first.log()).to.include({ open: 0 });
  });

  it('close(): state closed, the stream is closed on the server, no further requests', async () => {
    const server = serverSession({ status: 500 }, { count: 1 });
    const retrying = createFeed({ src: server.url, 'retry-interval': 100 });
    await stateOf(retrying, 'retrying');
    retrying.close();
    expect(retrying.status).to.include({ state: 'closed', error: null, retryDelay: null, retryAt: null });
    const open = serverSession({ count: 1 });
    const connected = createFeed({ src: open.url });
    await stateOf(connected, 'connected');
    connected.close();
    expect(connected.getAttribute('state')).to.equal('closed');
    await until(async () => (await open.log()).open === 0, 3000, 'the stream to close');
    await sleep(300);
    expect((await server.log()).requests).to.have.length(1);
    expect((await open.log()).requests).to.have.length(1);
  });
});

describe('<sse-feed> events', () => {
  it('sse-message has type, data, lastEventId and origin; named events keep their type (fetch)', async () => {
    const server = serverSession({ raw: 'event: update\nid: a1\ndata: line 1\ndata: line 2\n\ndata: plain\n\n' });
    const feed = createFeed({ src: server.url });
    const log = record(feed);
    await until(() => log.messages.length === 2, 3000, 'two messages');
    expect(log.messages[0]).to.deep.equal({ type: 'update', data: 'line 1\nline 2', lastEventId: 'a1', origin: location.origin });
    expect(log.messages[1]).to.deep.equal({ type: 'message', data: 'plain', lastEventId: 'a1', origin: location.origin });
  });

  it('sse-state fires on changes, not per message: 10,000 messages give a handful', async function () {
    this.timeout(20_000);
    const server = serverSession({ count: 10_000 });
    const feed = createFeed({ src: server.url }, {}, false);
    const log = record(feed);
    let messages = 0;
    feed.addEventListener('sse-message', () => (messages += 1));
    document.body.append(feed);
    await until(() => messages === 10_000, 15_000, '10,000 messages');
    expect(feed.status.messages).to.equal(10_000);
    expect(log.states.map((status) => status.state)).to.deep.equal(['connecting', 'connected']);
  });

  it('sse-error fires once per failed attempt', async () => {
    const server = serverSession({ status: 503 }, { end: 'close' }, { status: 500 });
    const feed = createFeed({ src: server.url, 'retry-max-count': 2, 'retry-interval': 20, 'retry-jitter': 0 });
    const log = record(feed);
    await stateOf(feed, 'failed');
    expect(log.errors.map((error) => [error.kind, error.status ?? null, error.fatal])).to.deep.equal([
      ['http', 503, false],
      ['network', null, false],
      ['http', 500, true],
    ]);
    expect(typeof log.errors[0].message).to.equal('string');
  });

  it('all events bubble and are composed: a listener outside a shadow root hears them', async () => {
    const server = serverSession({ status: 500 }, { count: 1 });
    const host = track(document.createElement('div'));
    const root = host.attachShadow({ mode: 'open' });
    const heard: string[] = [];
    for (const type of ['sse-message', 'sse-state', 'sse-error']) {
      host.addEventListener(type, (event) => {
        expect(event.bubbles && event.composed).to.equal(true);
        heard.push(type);
      });
    }
    document.body.append(host);
    const feed = document.createElement('sse-feed') as SseFeed;
    feed.setAttribute('retry-interval', '20');
    feed.src = server.url;
    root.append(feed);
    await until(() => heard.includes('sse-message'), 3000, 'a message outside');
    expect(heard).to.include('sse-state');
    expect(heard).to.include('sse-error');
  });
});
