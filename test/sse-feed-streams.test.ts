// <sse-feed> against the real SSE server: streams that finish (stream-end, close-event), requests that
// change (fetch, last-event-id-param), data that goes quiet (stale-after) and the debug log.

import { expect } from '@open-wc/testing';
import '../components/connection-indicator/define.js';
import '../components/status-toast/define.js';
import { FeedConnection } from '../components/core/feed-connection.js';
import type { FeedRequestInit } from '../components/core/transport.js';
import type { FeedStatus } from '../components/core/types.js';
import { FakeClock } from './fake-clock.js';
import { serverSession, stateOf, until } from './helpers.js';
import { createFeed, crossOrigin, record, sleep, watchGlobalErrors } from './sse-feed-helpers.js';

const quick = { 'retry-interval': 30, 'retry-jitter': 0 };

describe('<sse-feed> stream-end: a finished stream is finished', () => {
  it('a POST whose stream ends (auto): every message, then closed, one request, no sse-error', async () => {
    const server = serverSession({ count: 5, end: 'close' });
    const feed = createFeed({ src: server.url, method: 'POST', ...quick }, { body: '{"prompt":"hi"}' });
    const log = record(feed);
    const status = await stateOf(feed, 'closed');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(status.error).to.equal(null);
    expect(log.errors).to.deep.equal([]);
    expect(log.states.map((s) => s.state)).to.not.include('retrying');
    await sleep(300);
    expect((await server.log()).requests).to.have.length(1);
    expect(feed.status.state).to.equal('closed');
    expect(feed.getAttribute('state')).to.equal('closed');
  });

  it('any method other than GET counts (a lowercase "put" too)', async () => {
    const server = serverSession({ count: 1, end: 'close' });
    const feed = createFeed({ src: server.url, method: 'put', ...quick });
    await stateOf(feed, 'closed');
    await sleep(200);
    expect((await server.log()).requests).to.have.length(1);
  });

  it('a GET whose stream ends still reconnects by default, with Last-Event-ID', async () => {
    const server = serverSession({ count: 2, end: 'close' }, { count: 1 });
    const feed = createFeed({ src: server.url, ...quick });
    const log = record(feed);
    const retrying = await stateOf(feed, 'retrying');
    expect(retrying.error).to.include({ kind: 'network', fatal: false });
    await until(() => feed.status.messages === 3, 3000, 'the resumed message');
    const { requests } = await server.log();
    expect(requests).to.have.length(2);
    expect(requests[1].headers['last-event-id']).to.equal('2');
    expect(log.errors.map((error) => error.kind)).to.deep.equal(['network']);
  });

  it('stream-end="close" finishes a GET', async () => {
    const server = serverSession({ count: 2, end: 'close' });
    const feed = createFeed({ src: server.url, 'stream-end': 'close', ...quick });
    const log = record(feed);
    const status = await stateOf(feed, 'closed');
    expect(status.messages).to.equal(2);
    expect(log.errors).to.deep.equal([]);
    await sleep(200);
    expect((await server.log()).requests).to.have.length(1);
  });

  it('stream-end="reconnect" sends a POST again, resuming with Last-Event-ID', async () => {
    const server = serverSession({ count: 2, end: 'close' }, { count: 1 });
    const feed = createFeed({ src: server.url, method: 'POST', 'stream-end': 'reconnect', ...quick }, { body: 'q' });
    await until(() => feed.status.messages === 3, 3000, 'the resumed message');
    const { requests } = await server.log();
    expect(requests.map((request) => [request.method, request.body, request.headers['last-event-id']])).to.deep.equal([
      ['POST', 'q', undefined],
      ['POST', 'q', '2'],
    ]);
  });

  it('a POST that fails or drops is still retried, resuming; only a clean end finishes it', async () => {
    // A reset connection: a drop in every engine (test/engine-differences.test.ts has the one WebKitGTK calls an end).
    const server = serverSession({ status: 503 }, { count: 2, interval: 50, end: 'reset' }, { count: 1, end: 'close' });
    const feed = createFeed({ src: server.url, method: 'POST', ...quick }, { body: 'q' });
    const log = record(feed);
    await stateOf(feed, 'closed', 4000);
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2', '3']);
    expect(log.errors.map((error) => [error.kind, error.status])).to.deep.equal([
      ['http', 503],
      ['network', undefined],
    ]);
    const { requests } = await server.log();
    expect(requests.map((request) => [request.method, request.headers['last-event-id']])).to.deep.equal([
      ['POST', undefined],
      ['POST', undefined],
      ['POST', '2'],
    ]);
  });

  it('a finished stream is not resumed: the next connect() asks for it from the start; a user close() keeps the id', async () => {
    const server = serverSession({ count: 2, end: 'close' }, { count: 2, end: 'close' }, { count: 1, closeAfter: 300 }, { count: 1 });
    const feed = createFeed({ src: server.url, method: 'POST', manual: true, ...quick }, { body: 'first' });
    feed.connect();
    await stateOf(feed, 'closed');
    expect(feed.status.lastEventId, 'the last id stays readable').to.equal('2');
    feed.connect(); // the same question again: a new stream, no Last-Event-ID
    await until(async () => (await server.log()).requests.length === 2, 3000, 'the second request');
    await stateOf(feed, 'closed');
    feed.body = 'second'; // a new question, asked while closed
    feed.connect();
    await until(() => feed.status.messages === 5, 3000, 'the third answer');
    feed.close(); // Stop: the page closed it, the stream was not finished
    feed.connect();
    await until(async () => (await server.log()).requests.length === 4, 3000, 'the fourth request');
    const { requests } = await server.log();
    expect(requests.map((request) => [request.body, request.headers['last-event-id']])).to.deep.equal([
      ['first', undefined],
      ['first', undefined],
      ['second', undefined],
      ['second', '1'],
    ]);
  });

  it('a new body or method starts a new stream: no Last-Event-ID; new headers resume', async () => {
    const server = serverSession({ count: 2 });
    const feed = createFeed({ src: server.url, method: 'POST', 'stream-end': 'reconnect', ...quick }, { body: 'a' });
    await until(() => feed.status.messages === 2, 3000, 'two messages');
    feed.headers = { 'X-Token': 'fresh' };
    await until(async () => (await server.log()).requests.length === 2, 3000, 'the reconnect with new headers');
    await until(() => feed.status.lastEventId === '4', 3000, 'the resumed messages');
    feed.body = 'b';
    await until(async () => (await server.log()).requests.length === 3, 3000, 'the new body');
    await until(() => feed.status.lastEventId === '2', 3000, 'the new stream');
    feed.method = 'PUT';
    await until(async () => (await server.log()).requests.length === 4, 3000, 'the new method');
    const { requests } = await server.log();
    expect(requests.map((request) => [request.method, request.body, request.headers['last-event-id']])).to.deep.equal([
      ['POST', 'a', undefined],
      ['POST', 'a', '2'],
      ['POST', 'b', undefined],
      ['PUT', 'b', undefined],
    ]);
  });

  it('the indicator says Done (state closed) and the toast shows nothing when an answer finishes', async () => {
    const server = serverSession({ count: 3, interval: 20, end: 'close' });
    const feed = createFeed({ src: server.url, method: 'POST', ...quick }, { body: 'q' }, false);
    const indicator = document.createElement('connection-indicator');
    const toast = document.createElement('status-toast');
    toast.delay = 0;
    feed.append(indicator, toast);
    const shown: string[] = [];
    toast.addEventListener('toast-show', (event) => shown.push(event.detail.kind));
    document.body.append(feed);
    await stateOf(feed, 'closed');
    await indicator.updateComplete;
    await sleep(300);
    expect(indicator.getAttribute('state')).to.equal('closed');
    expect(indicator.shadowRoot?.querySelector('[part="label"]')?.textContent, 'finished, not closed by the page').to.equal('Done');
    expect(shown).to.deep.equal([]);
    expect(toast.hasAttribute('open')).to.equal(false);
  });
});

describe('<sse-feed> close-event', () => {
  const stream = { raw: 'id: 1\ndata: first\n\nid: 2\nevent: done\ndata: bye\n\nid: 3\ndata: after the end\n\n' };

  it('fetch: the close event is dispatched, then the feed closes; nothing after it, no reconnect', async () => {
    const server = serverSession(stream);
    const feed = createFeed({ src: server.url, 'close-event': 'done', ...quick });
    const log = record(feed);
    const status = await stateOf(feed, 'closed');
    expect(log.messages.map((message) => [message.type, message.data])).to.deep.equal([
      ['message', 'first'],
      ['done', 'bye'],
    ]);
    expect(status.error).to.equal(null);
    expect(status.lastEventId).to.equal('2');
    expect(log.errors).to.deep.equal([]);
    await until(async () => (await server.log()).open === 0, 3000, 'the stream to close on the server');
    await sleep(200);
    expect((await server.log()).requests).to.have.length(1);
  });

  it('eventsource: the close event is heard without being listed in events', async () => {
    const server = serverSession(stream);
    const feed = createFeed({ src: server.url, transport: 'eventsource', 'close-event': 'done', ...quick });
    const log = record(feed);
    await stateOf(feed, 'closed');
    expect(log.messages.map((message) => [message.type, message.data])).to.deep.equal([
      ['message', 'first'],
      ['done', 'bye'],
    ]);
    expect(feed.status.error).to.equal(null);
    await until(async () => (await server.log()).open === 0, 3000, 'the stream to close on the server');
    await sleep(200);
    expect((await server.log()).requests).to.have.length(1);
  });

  it('a listener of the close event still sees the feed connected, and may reconnect it instead', async () => {
    const server = serverSession(stream, { count: 1 });
    const feed = createFeed({ src: server.url, 'close-event': 'done', ...quick });
    const seen: string[] = [];
    feed.addEventListener('sse-message', (event) => {
      seen.push(`${event.detail.type}:${feed.status.state}`);
      if (event.detail.type === 'done') feed.reconnect();
    });
    await until(() => seen.length === 3, 3000, 'the message after the reconnect');
    expect(seen).to.deep.equal(['message:connected', 'done:connected', 'message:connected']);
    expect(feed.status.state).to.equal('connected');
  });
});

describe('<sse-feed> fetch: every attempt goes through it', () => {
  it('is called once per attempt with the request the feed would make, Last-Event-ID included, and its response is used', async () => {
    const server = serverSession({ count: 2, end: 'close' }, { count: 1 });
    const calls: Array<{ url: string; method: string; lastEventId: string | undefined; signal: boolean }> = [];
    let token = 0;
    const feed = createFeed({ src: server.url, ...quick }, {}, false);
    feed.fetch = (url, init) => {
      calls.push({ url, method: init.method, lastEventId: init.headers['Last-Event-ID'], signal: init.signal instanceof AbortSignal });
      token += 1;
      return fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer token-${token}` } });
    };
    document.body.append(feed);
    await until(() => feed.status.messages === 3, 3000, 'the resumed message');
    expect(calls).to.have.length(2);
    expect(calls[0]).to.deep.include({ method: 'GET', lastEventId: undefined, signal: true });
    expect(calls[1]).to.deep.include({ method: 'GET', lastEventId: '2', signal: true });
    expect(new URL(calls[0].url).pathname).to.equal('/sse/stream');
    const { requests } = await server.log();
    expect(requests.map((request) => request.headers.authorization)).to.deep.equal(['Bearer token-1', 'Bearer token-2']);
  });

  it('a resume request may differ from the first: POST a prompt, then GET the answer from its last id', async () => {
    const answer = serverSession({ count: 3, end: 'close' });
    const first = serverSession({ count: 2, interval: 50, end: 'reset' });
    const feed = createFeed({ src: first.url, method: 'POST', 'stream-end': 'close', ...quick }, { body: 'prompt' }, false);
    feed.fetch = (url, init) =>
      init.headers['Last-Event-ID'] ? fetch(answer.url, { ...init, method: 'GET', body: null }) : fetch(url, init);
    const log = record(feed);
    document.body.append(feed);
    await stateOf(feed, 'closed', 5000);
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2', '3', '4', '5']);
    const [posted] = (await first.log()).requests;
    const [resumed] = (await answer.log()).requests;
    expect([posted.method, posted.body]).to.deep.equal(['POST', 'prompt']);
    expect([resumed.method, resumed.headers['last-event-id']]).to.deep.equal(['GET', '2']);
  });

  it('a 401 can be handled inside it: refresh the token and try again, the feed sees one good response', async () => {
    const server = serverSession({ status: 401 }, { count: 1 });
    let token = 'expired';
    const feed = createFeed({ src: server.url, ...quick }, {}, false);
    feed.fetch = async (url, init) => {
      const attempt = (): Promise<Response> => fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
      const response = await attempt();
      if (response.status !== 401) return response;
      token = 'fresh';
      return attempt();
    };
    const log = record(feed);
    document.body.append(feed);
    await until(() => feed.status.messages === 1, 3000, 'the message');
    expect(log.errors).to.deep.equal([]);
    const { requests } = await server.log();
    expect(requests.map((request) => request.headers.authorization)).to.deep.equal(['Bearer expired', 'Bearer fresh']);
  });

  it('a rejection is a failure of kind network and is retried', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, ...quick }, {}, false);
    let calls = 0;
    feed.fetch = (url, init) => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error('the token service is down'));
      if (calls === 2) throw new TypeError('thrown, not rejected');
      return fetch(url, init);
    };
    const log = record(feed);
    const errors = watchGlobalErrors();
    document.body.append(feed);
    await until(() => feed.status.messages === 1, 3000, 'the message');
    expect(log.errors.map((error) => [error.kind, error.fatal])).to.deep.equal([
      ['network', false],
      ['network', false],
    ]);
    expect(calls).to.equal(3);
    expect(errors).to.deep.equal([]);
  });

  it('something that is not a Response is a failure of kind network, retried', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, ...quick }, {}, false);
    let calls = 0;
    feed.fetch = (url, init) => (++calls === 1 ? Promise.resolve('nope' as unknown as Response) : fetch(url, init));
    const log = record(feed);
    document.body.append(feed);
    await until(() => feed.status.messages === 1, 3000, 'the message');
    expect(log.errors[0]).to.include({ kind: 'network', message: 'fetch gave no Response.' });
  });

  it('the feed aborting its own request is not an error', async () => {
    const server = serverSession({ count: 1 });
    const feed = createFeed({ src: server.url, ...quick }, {}, false);
    feed.fetch = (_url, init) => new Promise<Response>((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    const log = record(feed);
    document.body.append(feed);
    await stateOf(feed, 'connecting');
    feed.close();
    await sleep(100);
    expect(log.errors).to.deep.equal([]);
    expect(feed.status.state).to.equal('closed');
  });

  it('assigning it does not reconnect; the next attempt uses it', async () => {
    const server = serverSession({ count: 1, closeAfter: 400 }, { count: 1 });
    const feed = createFeed({ src: server.url, ...quick });
    await until(() => feed.status.messages === 1, 3000, 'the first message');
    const used: string[] = [];
    feed.fetch = (url, init: FeedRequestInit) => {
      used.push(init.headers['Last-Event-ID'] ?? '');
      return fetch(url, init);
    };
    await sleep(100);
    expect((await server.log()).requests).to.have.length(1);
    await until(() => feed.status.messages === 2, 3000, 'the message after the drop');
    expect(used).to.deep.equal(['1']);
    expect((await server.log()).requests).to.have.length(2);
  });
});

describe('<sse-feed> last-event-id-param', () => {
  it('fetch: the last id travels as the query parameter and no Last-Event-ID header is sent', async () => {
    const server = serverSession({ count: 2, end: 'close', idParam: 'lastEventID' }, { count: 1, idParam: 'lastEventID' });
    const feed = createFeed({ src: server.url, 'last-event-id-param': 'lastEventID', ...quick });
    await until(() => feed.status.messages === 3, 3000, 'the resumed message');
    const { requests } = await server.log();
    expect(new URL(requests[0].url, location.href).searchParams.has('lastEventID')).to.equal(false);
    expect(new URL(requests[1].url, location.href).searchParams.get('lastEventID')).to.equal('2');
    expect(requests.map((request) => request.headers['last-event-id'])).to.deep.equal([undefined, undefined]);
  });

  it('a cross-origin resume needs no CORS preflight with it, and one with the header', async () => {
    const script = [{ count: 1, end: 'close' as const, cors: '*' as const, idParam: 'lastEventID' }, { count: 1, cors: '*' as const, idParam: 'lastEventID' }];
    const withParam = serverSession(...script);
    const withHeader = serverSession(...script);
    const a = createFeed({ src: crossOrigin(withParam.url), 'last-event-id-param': 'lastEventID', ...quick });
    const b = createFeed({ src: crossOrigin(withHeader.url), ...quick });
    await until(() => a.status.messages === 2 && b.status.messages === 2, 4000, 'both resumed');
    expect((await withParam.log()).preflights).to.equal(0);
    expect((await withHeader.log()).preflights).to.be.at.least(1);
  });

  it('eventsource: it names the query parameter of the reconnect', async () => {
    const server = serverSession({ count: 2, end: 'close', idParam: 'since' }, { count: 1, idParam: 'since' });
    const feed = createFeed({ src: server.url, transport: 'eventsource', 'last-event-id-param': 'since', ...quick });
    await until(() => feed.status.messages === 3, 3000, 'the resumed message');
    const { requests } = await server.log();
    const query = new URL(requests[1].url, location.href).searchParams;
    expect(query.get('since')).to.equal('2');
    expect(query.has('lastEventId')).to.equal(false);
  });
});

describe('<sse-feed> stale-after', () => {
  it('turns stale with a fake clock after stale-after ms without a message, fresh on the next, and never reconnects', async () => {
    const server = serverSession({ raw: ['id: 1\ndata: one\n\n', ': a comment keeps the line alive but is not data\n\n', 'id: 2\ndata: two\n\n'], rawDelay: 300 });
    const clock = new FakeClock();
    const statuses: FeedStatus[] = [];
    const feed = new FeedConnection({ src: server.url, staleAfter: 1000 }, { status: (status) => statuses.push(status) }, clock);
    try {
      feed.connect();
      await until(() => feed.status.messages === 1, 3000, 'the first message');
      const firstAt = feed.status.lastMessageAt;
      expect(firstAt).to.equal(clock.time);
      clock.advance(999);
      expect(feed.status.stale).to.equal(false);
      const before = statuses.length;
      clock.advance(1);
      expect(feed.status.stale).to.equal(true);
      expect(statuses.slice(before).map((status) => [status.state, status.stale])).to.deep.equal([['connected', true]]);
      clock.advance(10_000);
      await sleep(400); // the comment arrives: still stale
      expect(feed.status.stale).to.equal(true);
      await until(() => feed.status.messages === 2, 3000, 'the second message');
      expect(feed.status.stale).to.equal(false);
      expect(feed.status.lastMessageAt).to.equal(clock.time);
      expect(statuses.at(-1)).to.include({ state: 'connected', stale: false });
      clock.advance(999);
      expect(feed.status.stale).to.equal(false);
      clock.advance(1);
      expect(feed.status.stale).to.equal(true);
      expect((await server.log()).requests).to.have.length(1);
      expect(feed.status.state).to.equal('connected');
    } finally {
      feed.close();
    }
    expect(feed.status.stale).to.equal(false);
    expect(feed.pendingResources).to.equal(0);
  });

  it('the stale attribute follows on the feed and the indicator, which shows label-stale', async () => {
    const server = serverSession({ raw: ['id: 1\ndata: one\n\n', 'id: 2\ndata: two\n\n'], rawDelay: 900 });
    const feed = createFeed({ src: server.url, 'stale-after': 300 }, {}, false);
    const indicator = document.createElement('connection-indicator');
    indicator.setAttribute('label-stale', 'Quiet for {seconds} s');
    feed.append(indicator);
    const log = record(feed);
    document.body.append(feed);
    await until(() => feed.hasAttribute('stale'), 3000, 'the feed to turn stale');
    expect(feed.status.stale).to.equal(true);
    await indicator.updateComplete;
    expect(indicator.hasAttribute('stale')).to.equal(true);
    expect(indicator.shadowRoot?.querySelector('[part="label"]')?.textContent).to.match(/^Quiet for \d+ s$/);
    await until(() => !feed.hasAttribute('stale'), 3000, 'the next message');
    await indicator.updateComplete;
    expect(indicator.hasAttribute('stale')).to.equal(false);
    expect(log.states.map((status) => status.stale)).to.include.members([true, false]);
    expect((await server.log()).requests).to.have.length(1);
  });

  it('sse-state fires when stale changes, never for lastMessageAt alone', async () => {
    const server = serverSession({ count: 200 });
    const feed = createFeed({ src: server.url, 'stale-after': 60_000 });
    const log = record(feed);
    await until(() => feed.status.messages === 200, 3000, 'the messages');
    expect(log.states.filter((status) => status.state === 'connected')).to.have.length(1);
    expect(feed.status.lastMessageAt).to.be.a('number');
  });
});

describe('<sse-feed> debug', () => {
  let lines: string[];
  let original: typeof console.debug;
  beforeEach(() => {
    lines = [];
    original = console.debug;
    console.debug = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  });
  afterEach(async () => {
    for (const feed of document.querySelectorAll('sse-feed')) feed.remove(); // its last lines, while still captured
    await Promise.resolve(); // removal closes a microtask later
    console.debug = original;
  });

  it('logs request, response, state changes, the scheduled retry and the error, prefixed with the id', async () => {
    const server = serverSession({ status: 503, retryAfter: 1 }, { count: 1 });
    const feed = createFeed({ id: 'prices', src: server.url, debug: true, ...quick }, { headers: { Authorization: 'Bearer secret' } });
    await until(() => feed.status.messages === 1, 5000, 'the message');
    expect(lines.every((line) => line.startsWith('[sse-feed] #prices '))).to.equal(true);
    const text = lines.join('\n');
    expect(text).to.match(/request GET http:\/\/[^ ]+\/sse\/stream/);
    expect(text).to.contain('headers Authorization');
    expect(text).to.not.contain('secret');
    expect(text).to.contain('response 503');
    expect(text).to.contain('response 200 text/event-stream');
    expect(text).to.contain('state idle → connecting');
    expect(text).to.contain('state connecting → retrying');
    expect(text).to.contain('state connecting → connected');
    expect(text).to.match(/retry 1 of 10 in 1 s \(the server's Retry-After asked for 1 s\)/);
    expect(text).to.contain('error http 503: The server answered 503 (Service Unavailable).');
  });

  it('names the feed by its src when it has no id, and never prints query values (a token) but the id parameter', async () => {
    const server = serverSession({ count: 2, end: 'close', idParam: 'since' }, { count: 1, idParam: 'since' });
    const feed = createFeed({ src: `${server.url}&token=s3cr3t`, debug: true, 'last-event-id-param': 'since', 'retry-interval': 30 });
    await until(() => feed.status.messages === 3, 3000, 'the resumed message');
    const path = server.url.slice(0, server.url.indexOf('?'));
    expect(lines[0].startsWith(`[sse-feed] ${path}?session=…&script=…&token=… `), lines[0]).to.equal(true);
    const text = lines.join('\n');
    expect(text).to.not.contain('s3cr3t');
    expect(text).to.not.contain(server.id);
    expect(text).to.match(/request GET http:\/\/[^ ]+\/sse\/stream\?session=…&script=…&token=…&since=2/);
  });

  it('logs nothing without it', async () => {
    const server = serverSession({ status: 500 }, { count: 1, end: 'close' });
    const feed = createFeed({ src: server.url, ...quick });
    await stateOf(feed, 'retrying');
    await stateOf(feed, 'connected');
    expect(lines).to.deep.equal([]);
  });
});
