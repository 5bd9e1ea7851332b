// The test kit (sse-feed/testing) as a page's tests use it: a real <sse-feed> whose `fetch` is a scripted stream.
// Beside the real-server tests of the same outcomes (sse-feed-outcomes.test.ts), never instead of them.

import { expect } from '@open-wc/testing';
import '../components/index.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { createTestStream, type TestStream } from '../components/testing/index.js';
import { until } from './helpers.js';
import { createFeed, record, sleep, watchGlobalErrors, watchResources, type FeedAttributes } from './sse-feed-helpers.js';

/** A feed on a scripted stream, attached; quick exact retries unless the test says otherwise. */
function scriptedFeed(attributes: FeedAttributes = {}, properties: Partial<Pick<SseFeed, 'body' | 'headers'>> = {}): { feed: SseFeed; stream: TestStream } {
  const stream = createTestStream();
  const feed = createFeed({ src: '/events', 'retry-interval': 20, 'retry-jitter': 0, ...attributes }, properties, false);
  feed.fetch = stream.fetch;
  document.body.append(feed);
  return { feed, stream };
}

/** Waits until the feed has been in `state` (a quick retry may have left it already). */
async function untilState(feed: SseFeed, state: string, seen = record(feed)): Promise<void> {
  await until(() => feed.status.state === state || seen.states.some((status) => status.state === state), 2000, state);
}

/** Expects `action` to throw an error whose message matches `pattern`. */
function throwsWith(action: () => void, pattern: RegExp): void {
  let thrown: unknown = null;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'an error').to.be.instanceOf(Error);
  expect((thrown as Error).message).to.match(pattern);
}

describe('test kit: requests', () => {
  it('records each attempt as the server would see it, and nextRequest() returns each one once, in order', async () => {
    const { feed, stream } = scriptedFeed({ method: 'POST' }, { headers: { 'X-Token': 'abc' }, body: JSON.stringify({ question: 'why?' }) });
    const request = await stream.nextRequest();
    expect(request.url).to.equal(new URL('/events', location.href).href);
    expect(request.method).to.equal('POST');
    expect(request.body).to.equal('{"question":"why?"}');
    expect(request.headers['x-token']).to.equal('abc');
    // Reads ignore case: the spelling the feed uses works as well as Headers' lower case.
    expect(request.headers['X-Token']).to.equal('abc');
    expect(request.headers.accept).to.equal('text/event-stream');
    expect(request.lastEventId).to.equal(null);
    expect(request.aborted).to.equal(false);
    stream.open();
    stream.send({ data: 'first', id: '1' });
    stream.drop();
    const resume = await stream.nextRequest();
    expect(resume.body).to.equal('{"question":"why?"}');
    expect(resume.lastEventId).to.equal('1');
    expect(stream.requests).to.deep.equal([request, resume]);
    expect(feed.status.messages).to.equal(1);
  });

  it('nextRequest() waits for an attempt not made yet; with a timeout it says none came', async () => {
    const stream = createTestStream();
    const feed = createFeed({ src: '/events', manual: true });
    feed.fetch = stream.fetch;
    const next = stream.nextRequest();
    await sleep(30);
    expect(stream.requests).to.have.length(0);
    feed.connect();
    expect((await next).method).to.equal('GET');
    let error: unknown = null;
    await stream.nextRequest({ timeout: 50 }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/made no request within 50 ms \(1 so far\)/);
  });

  it('reads a FormData body as text', async () => {
    const stream = createTestStream();
    const form = new FormData();
    form.set('q', 'hello');
    void stream.fetch('https://stream.test/', { method: 'post', body: form }).catch(() => undefined);
    const request = await stream.nextRequest();
    expect(request.method).to.equal('POST');
    expect(request.body).to.contain('name="q"').and.contain('hello');
    stream.fail();
  });
});

describe('test kit: answers become the contract outcomes', () => {
  it('open() connects; send() dispatches string and field events; comment() dispatches nothing', async () => {
    const { feed, stream } = scriptedFeed();
    const log = record(feed);
    await stream.nextRequest();
    stream.open({ 'X-Served-By': 'kit' });
    await until(() => feed.status.state === 'connected', 2000, 'connected');
    stream.send('plain');
    stream.comment('keep-alive');
    stream.send({ data: 'line one\nline two', event: 'update', id: '42', retry: 50 });
    await until(() => log.messages.length === 2, 2000, 'two messages');
    expect(log.messages.map((m) => [m.type, m.data, m.lastEventId])).to.deep.equal([
      ['message', 'plain', ''],
      ['update', 'line one\nline two', '42'],
    ]);
    expect(feed.status.lastEventId).to.equal('42');
    expect(stream.connections).to.equal(1);
  });

  it('write() sends raw text: an event split anywhere is one message', async () => {
    const { feed, stream } = scriptedFeed();
    const log = record(feed);
    await stream.nextRequest();
    stream.open();
    stream.write('\uFEFFda');
    stream.write('ta: spl');
    stream.write('it\r\n\r');
    stream.write('\n');
    await until(() => log.messages.length === 1, 2000, 'one message');
    expect(log.messages[0].data).to.equal('split');
  });

  it('comments keep a stall-timeout feed connected; silence then stalls it', async () => {
    const { feed, stream } = scriptedFeed({ 'stall-timeout': 500 });
    const log = record(feed);
    await stream.nextRequest();
    stream.open();
    for (let beat = 0; beat < 8; beat += 1) {
      await sleep(100);
      stream.comment();
    }
    expect(feed.status.state).to.equal('connected');
    await until(() => log.errors.length === 1, 2000, 'the stall');
    expect(log.errors[0].kind).to.equal('stall');
  });

  it('respond(204) closes the feed with no retry', async () => {
    const { feed, stream } = scriptedFeed();
    await stream.nextRequest();
    stream.respond(204);
    await until(() => feed.status.state === 'closed', 2000, 'closed');
    await sleep(100);
    expect(stream.requests).to.have.length(1);
    expect(stream.connections).to.equal(0);
  });

  it('respond(200) with another content type fails the feed, kind content-type', async () => {
    const { feed, stream } = scriptedFeed();
    await stream.nextRequest();
    stream.respond(200, { headers: { 'Content-Type': 'text/html' }, body: '<p>login</p>' });
    await until(() => feed.status.state === 'failed', 2000, 'failed');
    expect(feed.status.error).to.include({ kind: 'content-type', fatal: true });
  });

  for (const status of [500, 503, 408, 429]) {
    it(`respond(${status}) retries, kind http with the status`, async () => {
      const { feed, stream } = scriptedFeed();
      const log = record(feed);
      await stream.nextRequest();
      stream.respond(status);
      await untilState(feed, 'retrying', log);
      expect(log.errors[0]).to.include({ kind: 'http', status, fatal: false });
      await stream.nextRequest();
      expect(stream.requests).to.have.length(2);
    });
  }

  for (const status of [401, 404]) {
    it(`respond(${status}) fails the feed for good`, async () => {
      const { feed, stream } = scriptedFeed();
      await stream.nextRequest();
      stream.respond(status);
      await until(() => feed.status.state === 'failed', 2000, 'failed');
      expect(feed.status.error).to.include({ kind: 'http', status, fatal: true });
    });
  }

  it('a Retry-After header makes the wait at least that long', async () => {
    const { feed, stream } = scriptedFeed();
    await stream.nextRequest();
    stream.respond(503, { headers: { 'Retry-After': '3' } });
    await until(() => feed.status.state === 'retrying', 2000, 'retrying');
    expect(feed.status.retryDelay).to.be.at.least(3000);
    await sleep(200);
    expect(stream.requests).to.have.length(1);
  });

  it('respond(200) with an event-stream body delivers its events, then the end resumes a GET', async () => {
    const { feed, stream } = scriptedFeed();
    const log = record(feed);
    await stream.nextRequest();
    stream.respond(200, { headers: { 'Content-Type': 'text/event-stream' }, body: 'id: 1\ndata: a\n\nid: 2\ndata: b\n\n' });
    const resume = await stream.nextRequest();
    expect(log.messages.map((m) => m.data)).to.deep.equal(['a', 'b']);
    expect(resume.lastEventId).to.equal('2');
  });

  it('fail() is a network error: retrying, kind network, then another attempt', async () => {
    const { feed, stream } = scriptedFeed();
    const log = record(feed);
    await stream.nextRequest();
    stream.fail();
    await untilState(feed, 'retrying', log);
    expect(log.errors[0]).to.include({ kind: 'network', reason: 'unreachable' });
    await stream.nextRequest();
  });

  it('drop() breaks the stream: retrying, and the resume carries Last-Event-ID (events sent just before arrive)', async () => {
    const { feed, stream } = scriptedFeed();
    const log = record(feed);
    await stream.nextRequest();
    stream.open();
    stream.send({ data: 'last words', id: 'evt-9' });
    stream.drop();
    await until(() => log.errors.length === 1, 2000, 'the drop');
    expect(log.errors[0].kind).to.equal('network');
    expect(log.states.map((s) => s.state)).to.include('retrying');
    expect(log.messages.map((m) => m.data)).to.deep.equal(['last words']);
    const resume = await stream.nextRequest();
    expect(resume.headers['Last-Event-ID']).to.equal('evt-9');
    expect(resume.lastEventId).to.equal('evt-9');
  });

  it('end() of a GET reconnects with Last-Event-ID; end() of a POST closes the feed and asks nothing more', async () => {
    const get = scriptedFeed();
    await get.stream.nextRequest();
    get.stream.open();
    get.stream.send({ data: 'x', id: '5' });
    get.stream.end();
    expect((await get.stream.nextRequest()).lastEventId).to.equal('5');

    const post = scriptedFeed({ method: 'POST' });
    await post.stream.nextRequest();
    post.stream.open();
    post.stream.send('the answer');
    post.stream.end();
    await until(() => post.feed.status.state === 'closed', 2000, 'closed');
    expect(post.feed.status.error).to.equal(null);
    await sleep(100);
    expect(post.stream.requests).to.have.length(1);
    expect(post.stream.connections).to.equal(0);
  });
});

describe('test kit: flush() waits until the feed has handled what was sent', () => {
  it('after flush() the messages are dispatched, with no polling', async () => {
    const { feed, stream } = scriptedFeed();
    const log = record(feed);
    await stream.flush(); // nothing opened yet: nothing to wait for
    await stream.nextRequest();
    stream.open();
    for (let index = 1; index <= 3; index += 1) stream.send({ data: `m${index}`, id: String(index) });
    await stream.flush();
    expect(log.messages.map((message) => message.data)).to.deep.equal(['m1', 'm2', 'm3']);
    expect(feed.status.lastEventId).to.equal('3');
    stream.send('m4');
    await stream.flush();
    expect(log.messages).to.have.length(4);
  });

  it('after flush() an end() or a drop() has changed the state', async () => {
    const post = scriptedFeed({ method: 'POST' });
    await post.stream.nextRequest();
    post.stream.open();
    post.stream.send('answer');
    post.stream.end();
    await post.stream.flush();
    expect(post.feed.status.state).to.equal('closed');
    expect(post.feed.status.messages).to.equal(1);

    const get = scriptedFeed({ 'retry-interval': 1000 });
    await get.stream.nextRequest();
    get.stream.open();
    get.stream.send({ data: 'x', id: '1' });
    get.stream.drop();
    await get.stream.flush();
    expect(get.feed.status.state).to.equal('retrying');
    expect(get.feed.status.messages).to.equal(1);
  });
});

describe('test kit: the feed aborts, nothing stays open', () => {
  it('removing the feed while an attempt waits aborts it, with no unhandled rejection and no timer left', async () => {
    const errors = watchGlobalErrors();
    const resources = watchResources();
    const { feed, stream } = scriptedFeed({ 'stall-timeout': 1000 });
    const request = await stream.nextRequest();
    expect(stream.connections).to.equal(1);
    feed.remove();
    await Promise.resolve(); // a removed feed closes a microtask later (a move within the document does not)
    expect(request.aborted).to.equal(true);
    expect(stream.connections).to.equal(0);
    throwsWith(() => stream.open(), /no request is waiting/);
    await sleep(50);
    expect(errors).to.deep.equal([]);
    expect(resources.timers()).to.equal(0);
  });

  it('removing the feed while its response is open errors the body, so no reader or stall timer is left', async () => {
    const errors = watchGlobalErrors();
    const resources = watchResources();
    const { feed, stream } = scriptedFeed({ 'stall-timeout': 1000 });
    const request = await stream.nextRequest();
    stream.open();
    await until(() => feed.status.state === 'connected', 2000, 'connected');
    feed.remove();
    await Promise.resolve(); // a removed feed closes a microtask later (a move within the document does not)
    expect(request.aborted).to.equal(true);
    expect(stream.connections).to.equal(0);
    throwsWith(() => stream.send('late'), /no response is open: the feed aborted the last response/);
    await sleep(50);
    expect(errors).to.deep.equal([]);
    expect(resources.timers()).to.equal(0);
  });

  it('reconnect() aborts the open response and makes a new attempt', async () => {
    const { feed, stream } = scriptedFeed();
    const first = await stream.nextRequest();
    stream.open();
    await until(() => feed.status.state === 'connected', 2000, 'connected');
    feed.reconnect();
    const second = await stream.nextRequest();
    expect(first.aborted).to.equal(true);
    expect(second.aborted).to.equal(false);
    expect(stream.connections).to.equal(1);
  });

  it('its fetch honours the signal as fetch() does: rejects with an AbortError, errors an open body', async () => {
    const stream = createTestStream();
    const before = new AbortController();
    before.abort();
    const early = await stream.fetch('https://stream.test/', { signal: before.signal }).catch((error: unknown) => error);
    expect((early as DOMException).name).to.equal('AbortError');
    expect(stream.requests).to.have.length(0);

    const waiting = new AbortController();
    const pending = stream.fetch('https://stream.test/', { signal: waiting.signal }).catch((error: unknown) => error);
    waiting.abort();
    expect(((await pending) as DOMException).name).to.equal('AbortError');

    const open = new AbortController();
    const response = stream.fetch('https://stream.test/', { signal: open.signal });
    await stream.nextRequest();
    stream.open();
    const reader = (await response).body!.getReader();
    const read = reader.read().catch((error: unknown) => error);
    open.abort();
    expect(((await read) as DOMException).name).to.equal('AbortError');
    expect(stream.connections).to.equal(0);
  });
});

describe('test kit: misuse says what is wrong', () => {
  it('answering with no attempt waiting, or writing with no response open, throws an error that says so', async () => {
    const stream = createTestStream();
    for (const answer of [() => stream.open(), () => stream.respond(503), () => stream.fail()]) {
      throwsWith(answer, /no request is waiting for an answer \(0 requests so far.*Await stream\.nextRequest\(\)/);
    }
    for (const write of [() => stream.send('x'), () => stream.comment(), () => stream.write('x'), () => stream.end(), () => stream.drop()]) {
      throwsWith(write, /no response is open: no response was opened yet \(call open\(\) first\)/);
    }
    void stream.fetch('https://stream.test/', {}).catch(() => undefined);
    await stream.nextRequest();
    stream.open();
    stream.end();
    throwsWith(() => stream.send('x'), /no response is open: the last response was ended by end\(\)/);
    throwsWith(() => stream.open(), /\(1 request so far/);
  });

  it('rejects what no server could send: a status out of range, a body on 204, a line break in a field', async () => {
    const stream = createTestStream();
    void stream.fetch('https://stream.test/', {}).catch(() => undefined);
    await stream.nextRequest();
    throwsWith(() => stream.respond(0), /a status from 200 to 599 \(for a network error, call fail\(\)\)/);
    throwsWith(() => stream.respond(204, { body: 'x' }), /a 204 response has no body/);
    stream.open();
    throwsWith(() => stream.send({ data: 'x', event: 'a\nb' }), /the event field cannot hold a line break/);
    throwsWith(() => stream.send({ data: 'x', id: 'a\rb' }), /the id field cannot hold a line break/);
    throwsWith(() => stream.send({ data: 'x', retry: -1 }), /retry must be a whole number/);
    throwsWith(() => stream.send({ data: 7 } as unknown as string), /needs its data as a string/);
    // Nothing was written by the rejected calls: the response is still open and usable.
    expect(stream.connections).to.equal(1);
    stream.drop();
  });
});

describe('test kit: a page around the feed reacts as to a real server', () => {
  it('the indicator shows retrying and the toast opens as an alert once the feed fails', async () => {
    const { feed, stream } = scriptedFeed({ 'retry-max-count': 1, 'retry-interval': 400 });
    const indicator = document.createElement('connection-indicator');
    const toast = document.createElement('status-toast');
    feed.append(indicator, toast);
    await stream.nextRequest();
    stream.open();
    await until(() => indicator.getAttribute('state') === 'connected', 2000, 'the indicator connected');
    stream.drop();
    await until(() => indicator.getAttribute('state') === 'retrying', 2000, 'the indicator retrying');
    await stream.nextRequest();
    stream.respond(503);
    await until(() => toast.hasAttribute('open') && toast.getAttribute('state') === 'failed', 2000, 'the toast open, failed');
    expect(toast.shadowRoot?.querySelector('[role="alert"]')).to.not.equal(null);
    expect(stream.connections).to.equal(0);
  });
});

describe('test kit: a request fetch() could not make', () => {
  it('rejects, as fetch() does, when a header value is not a byte string: the feed sees a network error', async () => {
    const stream = createTestStream();
    let error: unknown = null;
    await stream.fetch('https://stream.test/', { headers: { 'X-Name': 'Zoë ☃' } }).catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(TypeError);
    expect(stream.requests).to.have.length(0);
  });
});
