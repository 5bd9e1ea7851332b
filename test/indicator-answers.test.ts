// <connection-indicator> and <status-toast> on streams that finish and streams that rotate: a complete answer
// says "Done" (not "Closed", not an error), and a server that ends a stable GET by design does not flash
// "Reconnecting" on every rotation, while a real outage still shows at once. Real feeds on the test server.

import { expect } from '@open-wc/testing';
import '../components/connection-indicator/define.js';
import '../components/status-toast/define.js';
import { ConnectionIndicator } from '../components/connection-indicator/connection-indicator.js';
import type { StatusToast } from '../components/status-toast/status-toast.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { serverSession, stateOf, until } from './helpers.js';
import { chatBody, chatSession } from './server-routes.js';
import { createFeed, record, sleep } from './sse-feed-helpers.js';

const TOKENS = ['The', ' answer', ' is', ' forty', '-two', '.'];
const answer = { method: 'POST', json: true, 'close-data': '[DONE]', 'retry-interval': 100, 'retry-jitter': 0 };

const label = (el: ConnectionIndicator): string => el.shadowRoot!.querySelector('[part="label"]')!.textContent!.trim();
const spoken = (el: ConnectionIndicator): string => el.shadowRoot!.querySelector('[part="announcement"]')!.textContent!.trim();

/** An indicator and a toast inside `feed`, with every state and label the indicator shows and every toast opened. */
function watch(feed: SseFeed, indicatorAttributes: Record<string, string> = {}) {
  const indicator = document.createElement('connection-indicator');
  for (const [name, value] of Object.entries(indicatorAttributes)) indicator.setAttribute(name, value);
  const toast = document.createElement('status-toast') as StatusToast;
  feed.append(indicator, toast);
  const shown: string[] = [];
  const toasts: string[] = [];
  const note = (): void => {
    const entry = `${indicator.getAttribute('state')}: ${label(indicator)}`;
    if (shown.at(-1) !== entry) shown.push(entry);
  };
  new MutationObserver(note).observe(indicator.shadowRoot ?? indicator, { subtree: true, characterData: true, childList: true });
  new MutationObserver(note).observe(indicator, { attributes: true, attributeFilter: ['state'] });
  toast.addEventListener('toast-show', (event) => toasts.push(event.detail.kind));
  return { indicator, toast, shown, toasts };
}

describe('<connection-indicator>: a finished answer looks finished', () => {
  it('close-data: "Done" (state closed, status.finished), said once, accessible; the toast stays quiet', async () => {
    const chat = chatSession({ tokens: TOKENS });
    const feed = createFeed({ src: chat.url, ...answer }, { body: chatBody('What is the answer?') });
    const { indicator, toast, toasts } = watch(feed);
    const log = record(feed);
    const status = await stateOf(feed, 'closed');
    await indicator.updateComplete;
    expect(status.finished).to.equal(true);
    expect(indicator.getAttribute('state')).to.equal('closed');
    expect(label(indicator)).to.equal('Done');
    expect(spoken(indicator)).to.equal('Done');
    await expect(indicator).to.be.accessible();
    await sleep(1300); // past the toast's delay
    expect(toast.hasAttribute('open')).to.equal(false);
    expect(toasts).to.deep.equal([]);
    expect(log.errors).to.deep.equal([]);
    expect((await chat.log()).requests).to.have.length(1);
  });

  it('stream-end (a POST that ends without [DONE]) and close-event (a GET) say "Done" too', async () => {
    const chat = chatSession({ tokens: TOKENS, done: false });
    const ended = createFeed({ src: chat.url, ...answer }, { body: chatBody('No done') });
    const server = serverSession({ raw: ['data: a\n\n', 'event: bye\ndata: b\n\n'], rawDelay: 30, end: 'hold' });
    const closed = createFeed({ src: server.url, 'close-event': 'bye' });
    const [a, b] = [watch(ended), watch(closed)];
    await stateOf(ended, 'closed');
    await stateOf(closed, 'closed');
    await a.indicator.updateComplete;
    await b.indicator.updateComplete;
    expect([label(a.indicator), label(b.indicator)]).to.deep.equal(['Done', 'Done']);
    expect([ended.status.finished, closed.status.finished]).to.deep.equal([true, true]);
  });

  it('a page’s close() still says "Closed", and finished is false; connecting again forgets "Done"', async () => {
    const server = serverSession({ count: 1, end: 'hold' }, { raw: 'event: bye\ndata: x\n\n', end: 'hold' }, { count: 1, end: 'hold' });
    const feed = createFeed({ src: server.url, 'close-event': 'bye' });
    const { indicator } = watch(feed);
    await stateOf(feed, 'connected');
    feed.close();
    await indicator.updateComplete;
    expect(feed.status.finished).to.equal(false);
    expect(label(indicator)).to.equal('Closed');
    feed.connect();
    await stateOf(feed, 'closed');
    await indicator.updateComplete;
    expect(label(indicator)).to.equal('Done');
    feed.connect();
    expect(feed.status.finished).to.equal(false);
    await stateOf(feed, 'connected');
    await indicator.updateComplete;
    expect(label(indicator)).to.equal('Connected');
  });

  it('label-finished and the phrase table word it', async () => {
    const chat = chatSession({ tokens: TOKENS }, { tokens: TOKENS });
    const feed = createFeed({ src: chat.url, ...answer }, { body: chatBody('Words') });
    const { indicator } = watch(feed, { 'label-finished': 'Answer complete ({attempt})' });
    await stateOf(feed, 'closed');
    await indicator.updateComplete;
    expect(label(indicator)).to.equal('Answer complete (0)');
    indicator.removeAttribute('label-finished');
    indicator.strings = { finished: 'Terminé' };
    await indicator.updateComplete;
    expect(label(indicator)).to.equal('Terminé');
    expect(ConnectionIndicator.strings.finished).to.equal('Done');
  });

  it('after a retrying toast was shown, the finished answer closes it and nothing else opens', async () => {
    // Two refusals (retrying for longer than the toast's delay), then the whole answer.
    const chat = chatSession({ status: 503 }, { status: 503 }, { tokens: TOKENS, pace: 60 });
    const feed = createFeed({ src: chat.url, ...answer, 'retry-interval': 700 }, { body: chatBody('Busy') });
    const { indicator, toast, toasts } = watch(feed);
    toast.delay = 300;
    await until(() => toast.hasAttribute('open'), 5000, 'the retrying toast');
    expect(toasts).to.deep.equal(['retrying']);
    await stateOf(feed, 'closed');
    await until(() => !toast.hasAttribute('open'), 3000, 'the toast to close');
    await sleep(1000);
    expect(toast.hasAttribute('open'), 'no toast after the finished answer').to.equal(false);
    expect(toasts.filter((kind) => kind !== 'retrying' && kind !== 'reconnected')).to.deep.equal([]);
    expect(label(indicator)).to.equal('Done');
    expect((await chat.log()).requests).to.have.length(3);
  });
});

describe('<connection-indicator>: routine reconnects do not flicker', () => {
  it('a GET the server ends every few messages: connected throughout, the feed reconnecting each time', async () => {
    // Each response delivers two messages (a stable stream) and ends cleanly, as a server with a time limit does.
    const server = serverSession({ count: 2, interval: 80, end: 'close' });
    const feed = createFeed({ src: server.url, 'retry-interval': 300, 'retry-jitter': 0 });
    const { indicator, shown } = watch(feed);
    const log = record(feed);
    await stateOf(feed, 'connected');
    await until(async () => (await server.log()).requests.length >= 4, 8000, 'four rotations');
    await stateOf(feed, 'connected');
    await indicator.updateComplete;
    const retried = log.states.filter((status) => status.state === 'retrying');
    expect(retried.length, 'the feed did reconnect').to.be.at.least(3);
    expect(retried.every((status) => status.error?.reason === 'ended' && status.attempt === 1)).to.equal(true);
    // Everything the indicator showed once connected: connected, and nothing else.
    expect(shown.slice(shown.indexOf('connected: Connected'))).to.deep.equal(['connected: Connected']);
    expect(spoken(indicator)).to.equal('Connected');
  });

  it('a rotation whose reconnect fails: retrying shows as soon as the attempt fails (attempt 2)', async () => {
    const server = serverSession({ count: 2, interval: 80, end: 'close' }, { status: 503 });
    const feed = createFeed({ src: server.url, 'retry-interval': 300, 'retry-jitter': 0 });
    const { indicator } = watch(feed);
    await stateOf(feed, 'connected');
    await until(() => feed.status.state === 'retrying' && feed.status.attempt === 2, 5000, 'the failed reconnect');
    const failedAt = Date.now();
    await until(() => indicator.getAttribute('state') === 'retrying', 1000, 'the indicator to show retrying');
    expect(Date.now() - failedAt, 'shown at once').to.be.below(200);
    expect(label(indicator)).to.match(/^Reconnecting in 1 second, attempt 2 of 10$/);
  });

  it('a stream that breaks (reset, not a clean end) shows retrying at once', async () => {
    const server = serverSession({ count: 2, interval: 80, end: 'reset' }, { count: 1, end: 'hold' });
    const feed = createFeed({ src: server.url, 'retry-interval': 1500, 'retry-jitter': 0 });
    const { indicator } = watch(feed);
    await stateOf(feed, 'connected');
    await stateOf(feed, 'retrying');
    const brokeAt = Date.now();
    await until(() => indicator.getAttribute('state') === 'retrying', 1000, 'the indicator to show retrying');
    expect(Date.now() - brokeAt).to.be.below(200);
    expect(feed.status.attempt).to.equal(1);
  });

  it('a routine reconnect that takes longer than 2 s shows after 2 s, with the countdown', async () => {
    // A 6 s wait leaves the indicator 4 s to show it after its 2 s grace: room for a test page whose timers a
    // busy machine (or a browser throttling a tab in the background) runs late. Never early is the bound.
    const server = serverSession({ count: 2, interval: 80, end: 'close' }, { count: 1, end: 'hold' });
    const feed = createFeed({ src: server.url, 'retry-interval': 6000, 'retry-jitter': 0 });
    const { indicator } = watch(feed);
    await stateOf(feed, 'connected');
    await stateOf(feed, 'retrying');
    const endedAt = Date.now();
    await indicator.updateComplete;
    expect(indicator.getAttribute('state'), 'held at first').to.equal('connected');
    expect(indicator.state).to.equal('connected');
    await until(() => indicator.getAttribute('state') === 'retrying', 5500, 'the indicator to show retrying');
    const after = Date.now() - endedAt;
    expect(after, 'not before its 2 s grace').to.be.at.least(1900);
    expect(after, 'while the feed still waits').to.be.below(6000);
    expect(label(indicator)).to.match(/^Reconnecting in [1-4] seconds?, attempt 1 of 10$/);
    expect(spoken(indicator)).to.equal('Reconnecting, attempt 1 of 10');
    await stateOf(feed, 'connected');
    await indicator.updateComplete;
    expect(label(indicator)).to.equal('Connected');
  });

  it('the toast keeps its contract: a rotation whose wait passes the toast’s delay still opens it', async () => {
    const server = serverSession({ count: 2, interval: 80, end: 'close' }, { count: 2, interval: 80, end: 'close' }, { count: 1, end: 'hold' });
    const feed = createFeed({ src: server.url, 'retry-interval': 1600, 'retry-jitter': 0 });
    const { toast, toasts } = watch(feed);
    toast.delay = 1000;
    await stateOf(feed, 'connected');
    await stateOf(feed, 'retrying');
    await until(() => toast.hasAttribute('open'), 2000, 'the toast, after its delay');
    expect(toasts).to.deep.equal(['retrying']);
  });
});
