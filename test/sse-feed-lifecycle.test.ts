// <sse-feed> against the real SSE server: the DOM lifecycle is the connection lifecycle, nothing is
// left behind after close() or removal, and bad input never throws out of the element.

import { expect } from '@open-wc/testing';
import { serverSession, stateOf, until } from './helpers.js';
import { createFeed, record, setHidden, sleep, watchGlobalErrors, watchResources } from './sse-feed-helpers.js';

const openStreams = async (server: ReturnType<typeof serverSession>): Promise<number> => (await server.log()).open;

describe('<sse-feed> DOM lifecycle', () => {
  it('attached means connected, removed means closed on the server, every time; added back connects again', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    for (let round = 1; round <= 3; round++) {
      await stateOf(feed, 'connected');
      await until(async () => (await openStreams(server)) === 1, 3000, `stream ${round} open`);
      expect((await server.log()).requests).to.have.length(round);
      feed.remove();
      await Promise.resolve(); // the close follows a microtask later, so a move can keep the stream
      expect(feed.status.state).to.equal('closed');
      expect(feed.getAttribute('state')).to.equal('closed');
      await until(async () => (await openStreams(server)) === 0, 3000, `stream ${round} closed`);
      document.body.append(feed);
    }
  });

  it('moving the element in the document keeps its stream: no new request, no state change', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
    const log = record(feed);
    const other = document.createElement('div');
    document.body.append(other);
    other.append(feed); // disconnected and connected again in one go
    document.body.prepend(feed); // and again
    await sleep(300);
    expect((await server.log()).requests, 'requests').to.have.length(1);
    expect(log.states, 'no closed, no connecting').to.deep.equal([]);
    expect(await openStreams(server)).to.equal(1);
    expect(feed.status.state).to.equal('connected');
    feed.remove();
    other.remove();
    await until(async () => (await openStreams(server)) === 0, 3000, 'the stream to close');
  });

  it('removed and added back in a later task: closed, then a new request', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
    feed.remove();
    await sleep(0);
    expect(feed.status.state).to.equal('closed');
    document.body.append(feed);
    await stateOf(feed, 'connected');
    expect((await server.log()).requests).to.have.length(2);
  });

  it('a new src reconnects to the new URL and starts the new stream without the old id', async () => {
    const first = serverSession({ count: 3 });
    const second = serverSession({ count: 2 });
    const feed = createFeed({ src: first.url });
    const log = record(feed);
    await until(() => feed.status.lastEventId === '3', 3000, 'three messages');
    feed.src = second.url;
    await until(async () => (await second.log()).requests.length === 1, 3000, 'the new request');
    await until(async () => (await openStreams(first)) === 0, 3000, 'the old stream to close');
    await until(() => log.messages.length === 5, 3000, 'the new stream');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2', '3', '1', '2']);
    expect((await second.log()).requests[0].headers['last-event-id']).to.equal(undefined);
    expect(feed.status.lastEventId).to.equal('2');
    expect((await first.log()).requests).to.have.length(1);
  });

  it('src="" makes the feed idle and closes the stream; a src again connects', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
    feed.src = '';
    await stateOf(feed, 'idle');
    expect(feed.getAttribute('state')).to.equal('idle');
    await until(async () => (await openStreams(server)) === 0, 3000, 'the stream to close');
    feed.setAttribute('src', server.url);
    await stateOf(feed, 'connected');
  });

  it('a feed without src stays idle and makes no request', async () => {
    const errors = watchGlobalErrors();
    const feed = createFeed({}, {}, false);
    const log = record(feed);
    document.body.append(feed);
    feed.connect();
    await sleep(100);
    expect(log.states, 'no sse-state: nothing changed').to.deep.equal([]);
    expect(feed.status.state).to.equal('idle');
    expect(feed.getAttribute('state')).to.equal('idle');
    expect(errors).to.deep.equal([]);
  });

  for (const src of ['http://[', 'ftp://example.com/stream', 'javascript:alert(1)']) {
    it(`src="${src}" fails with a clear message, and nothing throws`, async () => {
      const errors = watchGlobalErrors();
      const feed = createFeed({ src }, {}, false);
      const log = record(feed);
      document.body.append(feed);
      const status = await stateOf(feed, 'failed');
      expect(status.error?.fatal).to.equal(true);
      expect(status.error?.message).to.contain(src);
      expect(feed.getAttribute('state')).to.equal('failed');
      expect(log.errors).to.deep.equal([status.error]);
      const server = serverSession({ count: 1 });
      feed.src = server.url; // a good src afterwards works
      await stateOf(feed, 'connected');
      await sleep(50);
      expect(errors).to.deep.equal([]);
    });
  }
});

describe('<sse-feed> is laid out as its children', () => {
  it('its children render in its place, as items of its parent, through one slot that a move keeps', async () => {
    const row = document.createElement('div');
    row.style.cssText = 'display: flex; gap: 8px';
    const feed = createFeed({ manual: true }, {}, false);
    const first = document.createElement('span');
    const second = document.createElement('span');
    first.textContent = 'first';
    second.textContent = 'second';
    feed.append(first, second);
    row.append(feed);
    document.body.append(row);
    await feed.updateComplete;
    expect(getComputedStyle(feed).display).to.equal('contents');
    // Flex items of the row: the gap sits between the feed's two children.
    const gap = second.getBoundingClientRect().left - first.getBoundingClientRect().right;
    expect(gap).to.be.closeTo(8, 0.5);
    expect(first.getBoundingClientRect().height).to.be.greaterThan(0);
    document.body.append(feed); // moved out of the row and back in a later task
    await sleep(0);
    row.append(feed);
    await feed.updateComplete;
    const slots = feed.shadowRoot!.querySelectorAll('slot');
    expect(slots).to.have.length(1);
    expect(slots[0].assignedElements()).to.deep.equal([first, second]);
    expect(feed.renderRoot).to.equal(feed.shadowRoot);
    row.remove();
  });
});

describe('<sse-feed> leaves nothing behind', () => {
  async function expectReleased(
    feed: HTMLElement,
    resources: ReturnType<typeof watchResources>,
    server: ReturnType<typeof serverSession>,
  ): Promise<void> {
    feed.remove();
    await Promise.resolve(); // the close follows a microtask later, so a move can keep the stream
    expect(resources.timers(), 'pending timers').to.equal(0);
    expect(resources.listeners(), 'global listeners').to.deep.equal([]);
    await until(async () => (await openStreams(server)) === 0, 3000, 'no open stream');
    const requests = (await server.log()).requests.length;
    await sleep(300);
    expect((await server.log()).requests).to.have.length(requests);
    resources.uninstall();
  }

  it('a connected feed', async () => {
    const resources = watchResources();
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url });
    await stateOf(feed, 'connected');
    expect(resources.listeners()).to.include('window:online');
    await expectReleased(feed, resources, server);
  });

  it('a retrying feed with its retry timer pending', async () => {
    const resources = watchResources();
    const server = serverSession({ status: 500 });
    const feed = createFeed({ src: server.url, 'retry-interval': 200, 'retry-jitter': 0 });
    await stateOf(feed, 'retrying');
    expect(resources.timers()).to.be.at.least(1);
    await expectReleased(feed, resources, server);
  });

  it('a feed with stall-timeout', async () => {
    const resources = watchResources();
    const server = serverSession({ count: 1, comments: 50 });
    const feed = createFeed({ src: server.url, 'stall-timeout': 500 });
    await stateOf(feed, 'connected');
    await sleep(150);
    expect(resources.timers()).to.be.at.least(1);
    await expectReleased(feed, resources, server);
  });

  it('a paused feed', async () => {
    const resources = watchResources();
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, 'pause-when-hidden': true });
    await stateOf(feed, 'connected');
    setHidden(true);
    await stateOf(feed, 'paused');
    expect(resources.listeners()).to.include('document:visibilitychange');
    await expectReleased(feed, resources, server);
  });

  it('a feed closed with close() while retrying, still in the document', async () => {
    const resources = watchResources();
    const server = serverSession({ status: 503 });
    const feed = createFeed({ src: server.url, 'retry-interval': 150 });
    await stateOf(feed, 'retrying');
    feed.close();
    expect(resources.timers()).to.equal(0);
    expect(resources.listeners()).to.deep.equal([]);
    await sleep(400);
    expect((await server.log()).requests).to.have.length(1);
    await expectReleased(feed, resources, server);
  });
});

describe('<sse-feed> bad input never throws out of the element', () => {
  it('invalid retry: values, unknown fields, lines without colons, ids with NULL', async () => {
    const errors = watchGlobalErrors();
    const server = serverSession({
      raw: 'retry: soon\nretry: -1\nretry: 1.5\nfoo: bar\nbaz\n: comment\ndata: a\n\nid: x\u0000y\nevent: named\ndata: b\nunknown: field\n\n',
      count: 1,
    });
    const feed = createFeed({ src: server.url });
    const log = record(feed);
    await until(() => log.messages.length === 3, 3000, 'three messages');
    expect(log.messages.map((message) => [message.type, message.data, message.lastEventId])).to.deep.equal([
      ['message', 'a', ''],
      ['named', 'b', ''],
      ['message', '1', '1'],
    ]);
    expect(log.errors).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('a huge data line (3 MB) is dropped as too-large and the stream goes on', async function () {
    this.timeout(15_000);
    const errors = watchGlobalErrors();
    const server = serverSession({ raw: 'data: ', bulk: ['x'.repeat(1000), 3000, '\n\n'], count: 2 });
    const feed = createFeed({ src: server.url });
    const log = record(feed);
    await until(() => log.messages.length === 2, 10_000, 'the messages after the huge one');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2']);
    expect(log.errors.map((error) => [error.kind, error.fatal])).to.deep.equal([['too-large', false]]);
    expect(feed.status.state).to.equal('connected');
    expect(errors).to.deep.equal([]);
  });

  it('a huge comment line (3 MB) is skipped and the next message arrives', async function () {
    this.timeout(15_000);
    const errors = watchGlobalErrors();
    const server = serverSession({ raw: ':', bulk: ['z'.repeat(1000), 3000, '\n'], count: 1 });
    const feed = createFeed({ src: server.url });
    const log = record(feed);
    await until(() => log.messages.length === 1, 10_000, 'the message after the comment');
    expect(log.messages[0].data).to.equal('1');
    expect(log.errors).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('invalid UTF-8 becomes U+FFFD; a sequence split between chunks is kept whole', async () => {
    const errors = watchGlobalErrors();
    const bytes = (...values: number[]): string => btoa(String.fromCharCode(...values));
    const text = (value: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(value)));
    const server = serverSession({
      rawBase64: [
        text('data: bad '),
        bytes(0xff, 0xfe, 0xc3),
        text(' end\n\ndata: caf'),
        bytes(0xc3),
        bytes(0xa9),
        text('\n\n'),
      ],
      rawDelay: 30,
      count: 1,
    });
    const feed = createFeed({ src: server.url });
    const log = record(feed);
    await until(() => log.messages.length === 3, 3000, 'three messages');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['bad \ufffd\ufffd\ufffd end', 'café', '1']);
    expect(errors).to.deep.equal([]);
  });

  it('invalid JSON with json does not stop the stream', async () => {
    const errors = watchGlobalErrors();
    const server = serverSession({ raw: 'data: not json\n\ndata: {"a":\n\ndata: [1,\n\n', count: 2, json: true });
    const feed = createFeed({ src: server.url, json: true });
    const log = record(feed);
    await until(() => log.messages.length === 2, 3000, 'two valid messages');
    expect(log.errors.map((error) => error.kind)).to.deep.equal(['parse', 'parse', 'parse']);
    expect(log.messages.map((message) => message.json)).to.deep.equal([{ n: 1 }, { n: 2 }]);
    expect(feed.status.state).to.equal('connected');
    expect(errors).to.deep.equal([]);
  });
});
