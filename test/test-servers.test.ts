// The test server's chat-completion route and Mercure-style hub speak the wire formats the feature tests rely on.

import { expect } from '@open-wc/testing';
import { crossOrigin, sleep } from './sse-feed-helpers.js';
import { chatBody, chatSession, hubSession, readEvents } from './server-routes.js';

interface Chunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{ index: number; delta: { role?: string; content?: string }; finish_reason: string | null }>;
}

const post = (url: string, content = 'what is SSE?'): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: chatBody(content) });

/** The `data:` values of a whole text/event-stream body, and whether any other field appeared. */
function dataLines(text: string): { data: string[]; otherFields: string[] } {
  const data: string[] = [];
  const otherFields: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    if (line.startsWith('data: ')) data.push(line.slice(6));
    else otherFields.push(line);
  }
  return { data, otherFields };
}

/** Reads a body until it ends or breaks; `error` is set when it broke (a network error). */
async function readUntilEndOrError(response: Response): Promise<{ text: string; error: unknown }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { text, error: null };
      text += value;
    }
  } catch (error) {
    return { text, error };
  }
}

async function until(check: () => Promise<boolean>, what: string, timeout = 5_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('test server: chat-completion route (/sse/chat/completions)', () => {
  it('answers in the OpenAI wire format: role chunk, one chunk per token, stop chunk, [DONE], no ids', async () => {
    const chat = chatSession({ tokens: ['Hello', ' there', '!'] });
    const response = await post(chat.url, 'hi');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/event-stream');
    const { data, otherFields } = dataLines(await response.text());
    expect(otherFields, 'no id:, event: or retry: lines').to.deep.equal([]);
    expect(data.at(-1)).to.equal('[DONE]');
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line) as Chunk);
    expect(chunks).to.have.length(5);
    for (const chunk of chunks) {
      expect(chunk.object).to.equal('chat.completion.chunk');
      expect(chunk.id).to.match(/^chatcmpl-\w+$/).and.equal(chunks[0].id);
      expect(chunk.choices).to.have.length(1);
      expect(chunk.choices[0].index).to.equal(0);
    }
    expect(chunks[0].choices[0].delta).to.deep.equal({ role: 'assistant', content: '' });
    expect(chunks.slice(1, 4).map((chunk) => chunk.choices[0].delta.content)).to.deep.equal(['Hello', ' there', '!']);
    expect(chunks.slice(0, 4).every((chunk) => chunk.choices[0].finish_reason === null)).to.equal(true);
    expect(chunks[4].choices[0]).to.include({ finish_reason: 'stop' });
    expect(chunks[4].choices[0].delta).to.deep.equal({});
    const log = await chat.log();
    expect(log.requests).to.have.length(1);
    expect(log.requests[0].method).to.equal('POST');
    expect(JSON.parse(log.requests[0].body)).to.deep.include({ stream: true });
  });

  it('answers "You asked: " and the last user message by default', async () => {
    const chat = chatSession({});
    const { data } = dataLines(await (await post(chat.url, 'why streams?')).text());
    const content = data
      .slice(0, -1)
      .map((line) => (JSON.parse(line) as Chunk).choices[0].delta.content ?? '')
      .join('');
    expect(content).to.equal('You asked: why streams?');
  });

  it('cuts the answer with a reset after cutAfter tokens: the body breaks, no stop chunk, no [DONE]', async () => {
    const chat = chatSession({ tokens: ['a', 'b', 'c', 'd'], cutAfter: 2 }, {});
    const { text, error } = await readUntilEndOrError(await post(chat.url));
    expect(error, 'a network error, not a clean end').to.be.instanceOf(TypeError);
    const { data } = dataLines(text);
    expect(data.map((line) => (JSON.parse(line) as Chunk).choices[0].delta.content)).to.deep.equal(['', 'a', 'b']);
    expect((await chat.log()).requests).to.have.length(1);
    // The next request of the same key follows the next step: answered whole.
    const again = dataLines(await (await post(chat.url)).text());
    expect(again.data.at(-1)).to.equal('[DONE]');
    expect((await chat.log()).requests).to.have.length(2);
  });

  it('done: false ends cleanly after the stop chunk without [DONE]', async () => {
    const chat = chatSession({ tokens: ['x'], done: false });
    const { text, error } = await readUntilEndOrError(await post(chat.url));
    expect(error).to.equal(null);
    const { data } = dataLines(text);
    expect(data).to.have.length(3);
    expect(data).to.not.include('[DONE]');
    expect((JSON.parse(data[2]) as Chunk).choices[0].finish_reason).to.equal('stop');
  });

  it("end: 'hold' keeps the connection open after [DONE] and writes afterDone there", async () => {
    const chat = chatSession({ tokens: ['x'], end: 'hold', afterDone: 'data: late\n\n' });
    const controller = new AbortController();
    const response = await fetch(chat.url, { method: 'POST', body: chatBody('q'), signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('data: late\n\n')) text += (await reader.read()).value ?? '';
    expect(dataLines(text).data.slice(-2)).to.deep.equal(['[DONE]', 'late']);
    await sleep(100);
    expect((await chat.log()).open, 'still open after [DONE]').to.equal(1);
    controller.abort();
    await until(async () => (await chat.log()).open === 0, 'the held connection to close');
  });

  it('answers 400 with a JSON error to a body without messages, as the APIs do', async () => {
    const chat = chatSession({});
    const response = await fetch(chat.url, { method: 'POST', body: '{"prompt":"old format"}' });
    expect(response.status).to.equal(400);
    expect(((await response.json()) as { error: { type: string } }).error.type).to.equal('invalid_request_error');
  });
});

describe('test server: Mercure-style hub (/sse/hub/KEY)', () => {
  /** Subscribes and reads `count` events; the subscription is closed afterwards. */
  async function subscribe(
    url: string,
    count: number,
    headers: Record<string, string> = {},
  ): Promise<{ header: string | null; events: Array<{ data: string; id?: string; event?: string }> }> {
    const controller = new AbortController();
    const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
    expect(response.status).to.equal(200);
    const events = count === 0 ? [] : await readEvents(response, (list) => list.length >= count);
    controller.abort();
    return { header: response.headers.get('Last-Event-ID'), events };
  }

  it('a subscription without an id gets no replay, no Last-Event-ID header, and live events with ids', async () => {
    const hub = hubSession();
    await hub.publish('old');
    const controller = new AbortController();
    const response = await fetch(hub.url, { signal: controller.signal });
    expect(response.headers.get('Last-Event-ID')).to.equal(null);
    await until(async () => (await hub.state()).open === 1, 'the subscription');
    const live = await hub.publish({ n: 1 });
    const events = await readEvents(response, (list) => list.length >= 1);
    controller.abort();
    expect(events).to.deep.equal([{ id: live.id, data: '{"n":1}' }]);
    expect(live.id).to.match(/^urn:uuid:[0-9a-f-]{36}$/);
  });

  it('a resume from a held id replays what followed it and answers that id in Last-Event-ID', async () => {
    const hub = hubSession();
    const [first, second, third] = [await hub.publish('1'), await hub.publish('2'), await hub.publish('3')];
    const resumed = await subscribe(hub.url, 2, { 'Last-Event-ID': first.id });
    expect(resumed.header).to.equal(first.id);
    expect(resumed.events.map((event) => event.id)).to.deep.equal([second.id, third.id]);
    const upToDate = await subscribe(hub.url, 0, { 'Last-Event-ID': third.id });
    expect(upToDate.header, 'nothing missed: the id sent').to.equal(third.id);
  });

  it('a resume from an id no longer held answers Last-Event-ID: earliest and replays from the earliest held', async () => {
    const hub = hubSession(2);
    const first = await hub.publish('1');
    await hub.publish('2');
    const third = await hub.publish('3');
    expect((await hub.state()).history.map((event) => event.data), 'bounded to 2').to.deep.equal(['2', '3']);
    const resumed = await subscribe(hub.url, 2, { 'Last-Event-ID': first.id });
    expect(resumed.header).to.equal('earliest');
    expect(resumed.events.map((event) => event.data)).to.deep.equal(['2', '3']);
    await hub.trim(1);
    const trimmed = await subscribe(hub.url, 1, { 'Last-Event-ID': 'urn:uuid:never-published' });
    expect(trimmed.header).to.equal('earliest');
    expect(trimmed.events.map((event) => event.id)).to.deep.equal([third.id]);
  });

  it('takes the lastEventID query parameter, the header winning when both are sent; lastEventID=earliest asks for all', async () => {
    const hub = hubSession();
    const first = await hub.publish('1');
    const second = await hub.publish('2');
    const byParam = await subscribe(`${hub.url}&lastEventID=${encodeURIComponent(first.id)}`, 1);
    expect(byParam.header).to.equal(first.id);
    expect(byParam.events.map((event) => event.data)).to.deep.equal(['2']);
    const both = await subscribe(`${hub.url}&lastEventID=${encodeURIComponent(first.id)}`, 0, { 'Last-Event-ID': second.id });
    expect(both.header).to.equal(second.id);
    const all = await subscribe(`${hub.url}&lastEventID=earliest`, 2);
    expect(all.header).to.equal('earliest');
    expect(all.events.map((event) => event.data)).to.deep.equal(['1', '2']);
  });

  it('sends a gapEvent of the asked type before the replay when the id is gone', async () => {
    const hub = hubSession(1);
    const first = await hub.publish('1');
    await hub.publish('2');
    const resumed = await subscribe(`${hub.url}&gapEvent=history-lost`, 2, { 'Last-Event-ID': first.id });
    expect(resumed.events[0]).to.deep.equal({ event: 'history-lost', data: JSON.stringify({ requested: first.id, resumedFrom: 'earliest' }) });
    expect(resumed.events[1].data).to.equal('2');
  });

  it('exposes Last-Event-ID to a cross-origin subscriber (query parameter and header resume)', async () => {
    const hub = hubSession(1);
    const first = await hub.publish('1');
    await hub.publish('2');
    const byParam = await subscribe(crossOrigin(`${hub.url}&lastEventID=${encodeURIComponent(first.id)}`), 1);
    expect(byParam.header).to.equal('earliest');
    const byHeader = await subscribe(crossOrigin(hub.url), 1, { 'Last-Event-ID': first.id });
    expect(byHeader.header).to.equal('earliest');
  });

  it('records subscriptions, breaks them on drop, and answers 503 while down', async () => {
    const hub = hubSession();
    const controller = new AbortController();
    const response = await fetch(hub.url, { signal: controller.signal });
    await until(async () => (await hub.state()).open === 1, 'the subscription');
    await hub.drop();
    const { error } = await readUntilEndOrError(response);
    expect(error, 'a reset: a network error in every engine').to.be.instanceOf(TypeError);
    await until(async () => (await hub.state()).open === 0, 'the drop');
    await hub.setDown(true);
    expect((await fetch(hub.url)).status).to.equal(503);
    await hub.setDown(false);
    const state = await hub.state();
    expect(state.subscriptions).to.have.length(1);
    expect(state.subscriptions[0]).to.include({ requested: null, resumedFrom: null, open: false });
    controller.abort();
  });
});
