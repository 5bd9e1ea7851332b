// The demo server's chat-completion route and its "server forgets" fault, checked from Node: `node --test test/demo-server.node-test.mjs`.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDemoServer } from '../stories/demo-server.mjs';

let server;
before(async () => {
  server = await startDemoServer({ port: 0, interval: 50 });
});
after(() => server.close());

const chatBody = (content) => JSON.stringify({ model: 'demo', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content }], stream: true });
const post = (path, content = 'how does resume work?') =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: chatBody(content) });
const log = async () => (await fetch(`${server.url}demo/chat/log`)).json();
const fault = async (query) => (await fetch(`${server.url}demo/fault?${query}`, { method: 'POST' })).json();

/** Reads a body to its end or until it breaks. */
async function read(response) {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of response.body) text += decoder.decode(chunk, { stream: true });
    return { text, error: null };
  } catch (error) {
    return { text, error };
  }
}

const dataLines = (text) => text.split('\n').filter((line) => line !== '' && !line.startsWith(':'));

describe('POST /demo/chat/completions', () => {
  it('streams the answer in the chat-completion wire format and ends after data: [DONE]', async () => {
    const before = (await log()).requests;
    const response = await post('demo/chat/completions?pace=0');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const { text, error } = await read(response);
    assert.equal(error, null);
    const lines = dataLines(text);
    assert.ok(lines.every((line) => line.startsWith('data: ')), 'only data: lines, no id:');
    assert.equal(lines.at(-1), 'data: [DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line.slice(6)));
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
    assert.ok(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0].id));
    assert.match(chunks[0].id, /^chatcmpl-/);
    const content = chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('');
    assert.match(content, /^Server-Sent Events \(SSE\) let a server push/);
    assert.match(content, /Last-Event-ID header/, 'the paragraph the question asked about');
    const after = await log();
    assert.equal(after.requests, before + 1);
    assert.equal(after.completions[0].outcome, 'done');
  });

  it('dropAfter=N cuts the answer with a reset after N tokens: a network error, no [DONE], one request', async () => {
    const before = (await log()).requests;
    const { text, error } = await read(await post('demo/chat/completions?pace=0&dropAfter=3'));
    assert.ok(error, 'the body breaks');
    const lines = dataLines(text);
    assert.equal(lines.length, 4, 'the role chunk and 3 tokens');
    assert.ok(!text.includes('[DONE]'));
    const after = await log();
    assert.equal(after.requests, before + 1);
    assert.deepEqual([after.completions[0].sent, after.completions[0].outcome], [3, 'cut']);
  });

  it('the chat-drop fault cuts the next completion only', async () => {
    assert.deepEqual(await fault('type=chat-drop&tokens=2'), { ok: true, fault: 'chat-drop', tokens: 2, clients: 0 });
    const cut = await read(await post('demo/chat/completions?pace=0'));
    assert.ok(cut.error);
    const whole = await read(await post('demo/chat/completions?pace=0'));
    assert.equal(whole.error, null);
    assert.equal(dataLines(whole.text).at(-1), 'data: [DONE]');
    assert.equal((await log()).armedDrop, null);
  });

  it('answers a body without a user message 400 with an OpenAI-style error', async () => {
    const response = await fetch(`${server.url}demo/chat/completions`, { method: 'POST', body: '{"prompt":"x"}' });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error.type, 'invalid_request_error');
  });
});

describe('GET /demo/live: Mercure-style resume and the forget fault', () => {
  /** Opens the live stream, reads until `count` events came, and closes it; returns the header and ids. */
  async function live(headers = {}, count = 2) {
    const controller = new AbortController();
    const response = await fetch(`${server.url}demo/live`, { headers, signal: controller.signal });
    const ids = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (const match of buffer.matchAll(/^id: (\d+)$/gm)) if (!ids.includes(match[1])) ids.push(match[1]);
      if (ids.length >= count) break;
    }
    controller.abort();
    return { header: response.headers.get('last-event-id'), expose: response.headers.get('access-control-expose-headers'), ids };
  }

  it('resumes from a held id (header: that id), and answers earliest once the server forgot it', async () => {
    const first = await live({}, 3);
    assert.equal(first.header, null, 'no id sent: no header');
    const resumed = await live({ 'Last-Event-ID': first.ids[0] }, 2);
    assert.equal(resumed.header, first.ids[0]);
    assert.deepEqual(resumed.ids, first.ids.slice(1, 3), 'replayed right after the id sent');
    assert.match(resumed.expose, /Last-Event-ID/);
    const forgot = await fault('type=forget');
    assert.equal(forgot.kept, 0);
    const gap = await live({ 'Last-Event-ID': first.ids[2] }, 1);
    assert.equal(gap.header, 'earliest');
    assert.ok(Number(gap.ids[0]) > Number(first.ids[2]));
    const byParam = await (async () => {
      const controller = new AbortController();
      const response = await fetch(`${server.url}demo/live?lastEventID=1`, { signal: controller.signal });
      controller.abort();
      return response.headers.get('last-event-id');
    })();
    assert.equal(byParam, 'earliest', 'Mercure query parameter, id long gone');
  });

  it('GET /demo/live/state answers the latest price and lastEventID, the page\'s re-fetch', async () => {
    await live({}, 1);
    const state = await (await fetch(`${server.url}demo/live/state`)).json();
    assert.equal(state.latest.symbol, 'SSE');
    assert.equal(state.lastEventID, String(state.latest.n));
    assert.equal(state.historySize, 500);
  });
});
