// <sse-feed> against OpenAI-format chat-completion streams: close-data ends an answer at [DONE], and resend keeps
// a broken POST from being generated twice (it fails, and a person's Retry asks for it afresh).

import { expect } from '@open-wc/testing';
import '../components/status-toast/define.js';
import type { StatusToast } from '../components/status-toast/status-toast.js';
import { serverSession, stateOf, until } from './helpers.js';
import { createFeed, record, sleep, type FeedLog } from './sse-feed-helpers.js';
import { chatBody, chatSession } from './server-routes.js';

// A retry, were one scheduled, would come within 100 ms: waiting several of them proves none comes.
const answer = { method: 'POST', json: true, 'close-data': '[DONE]', 'retry-interval': 100, 'retry-jitter': 0 };
const TOKENS = ['The', ' answer', ' is', ' forty', '-two', '.'];

/** The text of an answer as a chat page would build it: every delta's content, in order. */
function text(log: FeedLog): string {
  return log.messages
    .map((message) => (message.json as { choices: Array<{ delta: { content?: string } }> }).choices[0].delta.content ?? '')
    .join('');
}

describe('<sse-feed> close-data: an answer that ends with data: [DONE]', () => {
  it('a full answer: one request, every token once, no sse-error, closed, and the connection released', async () => {
    const chat = chatSession({ tokens: TOKENS });
    const feed = createFeed({ src: chat.url, ...answer }, { body: chatBody('What is the answer?') });
    const log = record(feed);
    const status = await stateOf(feed, 'closed');
    expect(text(log)).to.equal(TOKENS.join(''));
    expect(log.messages, 'the role chunk, one per token, the finish chunk; [DONE] is not a message').to.have.length(TOKENS.length + 2);
    expect(log.errors, 'no parse error for [DONE]').to.deep.equal([]);
    expect(status.error).to.equal(null);
    expect(status.messages).to.equal(TOKENS.length + 2);
    await sleep(400);
    const { requests, open } = await chat.log();
    expect(requests).to.have.length(1);
    expect(open).to.equal(0);
    expect(feed.status.state).to.equal('closed');
  });

  it('[DONE] on a response the server keeps open: closed, nothing after it delivered, the connection released', async () => {
    const chat = chatSession({ tokens: TOKENS, end: 'hold', afterDone: 'data: {"late":true}\n\ndata: [DONE]\n\n' });
    const feed = createFeed({ src: chat.url, ...answer }, { body: chatBody('Hold on') });
    const log = record(feed);
    await stateOf(feed, 'closed');
    await until(async () => (await chat.log()).open === 0, 3000, 'the server to see the connection closed');
    await sleep(300);
    expect(log.messages.some((message) => message.data.includes('late')), 'bytes after [DONE]').to.equal(false);
    expect(text(log)).to.equal(TOKENS.join(''));
    expect(log.errors).to.deep.equal([]);
    expect((await chat.log()).requests).to.have.length(1);
  });

  it('the eventsource transport: [DONE] closes the feed undispatched, nothing after it delivered, no reconnect', async () => {
    const server = serverSession({ raw: ['data: a\n\n', 'data: [DONE]\n\n', 'data: late\n\n'], rawDelay: 50 });
    const feed = createFeed({ src: server.url, transport: 'eventsource', 'close-data': '[DONE]', 'retry-interval': 100, 'retry-jitter': 0 });
    const log = record(feed);
    const status = await stateOf(feed, 'closed');
    expect(status.error).to.equal(null);
    await until(async () => (await server.log()).open === 0, 3000, 'the server to see the connection closed');
    await sleep(400);
    expect(log.messages.map((message) => message.data)).to.deep.equal(['a']);
    expect(log.errors).to.deep.equal([]);
    expect((await server.log()).requests).to.have.length(1);
    expect(feed.status.state).to.equal('closed');
  });
});

describe('<sse-feed> resend: a broken answer is not generated twice by itself', () => {
  it('cut mid-answer (resend auto): exactly one request, failed, kind network, fatal; Retry makes exactly one more', async () => {
    const chat = chatSession({ tokens: TOKENS, cutAfter: 3 }, { tokens: TOKENS });
    const feed = createFeed({ src: chat.url, ...answer }, { body: chatBody('Cut me off') });
    const toast = document.createElement('status-toast') as StatusToast;
    feed.append(toast);
    const log = record(feed);
    const failed = await stateOf(feed, 'failed');
    expect(failed.error).to.include({ kind: 'network', fatal: true });
    expect(text(log), 'the tokens before the cut, once').to.equal(TOKENS.slice(0, 3).join(''));
    await sleep(500);
    expect((await chat.log()).requests, 'no second POST').to.have.length(1);
    expect(feed.status.state).to.equal('failed');
    expect(log.states.map((s) => s.state)).to.not.include('retrying');

    // The toast offers Retry: the person's choice, which asks for the answer afresh.
    await until(() => toast.hasAttribute('open'), 3000, 'the toast to open');
    const retry = toast.shadowRoot!.querySelector<HTMLButtonElement>('[part~="action"]');
    expect(retry, 'a Retry button').to.not.equal(null);
    retry!.click();
    await stateOf(feed, 'closed');
    await sleep(400);
    const { requests } = await chat.log();
    expect(requests, 'exactly one more request').to.have.length(2);
    expect(requests[1].method).to.equal('POST');
    expect(requests[1].headers['last-event-id']).to.equal(undefined);
    expect(feed.status.error).to.equal(null);
  });

  it('resend="always": the cut answer is sent again, like a GET', async () => {
    const chat = chatSession({ tokens: TOKENS, cutAfter: 3 }, { tokens: TOKENS });
    const feed = createFeed({ src: chat.url, ...answer, resend: 'always' }, { body: chatBody('Again') });
    const log = record(feed);
    await stateOf(feed, 'closed');
    expect(log.errors.map((error) => [error.kind, error.fatal])).to.deep.equal([['network', false]]);
    expect((await chat.log()).requests).to.have.length(2);
  });

  it('a POST cut before any message was dispatched: sent again (nothing was generated twice)', async () => {
    const server = serverSession({ raw: ': thinking\n\n', rawDelay: 150, end: 'reset' }, { count: 2, end: 'close' });
    const feed = createFeed({ src: server.url, ...answer, json: false }, { body: chatBody('Slow start') });
    const log = record(feed);
    const status = await stateOf(feed, 'closed');
    expect(status.messages).to.equal(2);
    expect(log.errors.map((error) => [error.kind, error.fatal])).to.deep.equal([['network', false]]);
    expect((await server.log()).requests).to.have.length(2);
  });

  it('a POST with ids that breaks: resumed with Last-Event-ID', async () => {
    const server = serverSession({ count: 2, interval: 100, end: 'reset' }, { count: 2, end: 'close' });
    const feed = createFeed({ src: server.url, ...answer, json: false }, { body: chatBody('Resume me') });
    const log = record(feed);
    await stateOf(feed, 'closed');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['1', '2', '3', '4']);
    const { requests } = await server.log();
    expect(requests).to.have.length(2);
    expect(requests[1].method).to.equal('POST');
    expect(requests[1].headers['last-event-id']).to.equal('2');
  });

  it('a GET without ids that breaks after a message: retried as before', async () => {
    const server = serverSession({ raw: 'data: a\n\n', rawDelay: 150, end: 'reset' }, { raw: 'data: b\n\n' });
    const feed = createFeed({ src: server.url, 'retry-interval': 100, 'retry-jitter': 0 });
    const log = record(feed);
    await until(() => log.messages.length === 2, 3000, 'the message after the retry');
    expect(log.messages.map((message) => message.data)).to.deep.equal(['a', 'b']);
    expect(log.errors.map((error) => [error.kind, error.fatal])).to.deep.equal([['network', false]]);
    expect((await server.log()).requests).to.have.length(2);
    feed.close();
  });
});
