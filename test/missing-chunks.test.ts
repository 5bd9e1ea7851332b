// A page whose on-demand files do not load (a bundle copied without chunks/, a 404, a CSP): each feature says so
// once, in the console, with the fix, and goes without; the rest of the page works. The library comes from
// /no-chunks/ (test/missing-chunks-middleware.mjs), where the test server answers 404 for every such file.

import { expect } from '@open-wc/testing';
import type { FeedError, FeedMessage, FeedStatus } from '../components/core/types.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import type { StatusToast } from '../components/status-toast/status-toast.js';
import { serverSession, stateOf, until } from './helpers.js';

type LazyShare = typeof import('../components/core/lazy-share.js');

const FILES = ['persist', 'debug', 'eventsource', 'refusal', 'shared-feed', 'toast-view', 'value-text', 'list-view'];
const warnings: string[] = [];
const uncaught: string[] = [];
const created: Element[] = [];
let share: LazyShare;

/** The console warnings about `file`'s chunk. */
const warned = (file: string): string[] => warnings.filter((text) => text.includes(`chunks/${file}-*.js`));

/** An `<sse-feed>` with these attributes, in the document until the test ends, with what it dispatches. */
function feed(attributes: Record<string, string>, ...children: Element[]): { element: SseFeed; messages: FeedMessage[]; errors: FeedError[] } {
  const holder = document.createElement('div');
  const element = document.createElement('sse-feed');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  const messages: FeedMessage[] = [];
  const errors: FeedError[] = [];
  element.addEventListener('sse-message', (event) => messages.push(event.detail));
  element.addEventListener('sse-error', (event) => errors.push(event.detail));
  holder.append(element);
  document.body.append(holder);
  created.push(holder);
  return { element, messages, errors };
}

const onError = (event: ErrorEvent): number => uncaught.push(event.message);
const onRejection = (event: PromiseRejectionEvent): number => uncaught.push(String(event.reason));
const warn = console.warn;

before(async () => {
  console.warn = (...args: unknown[]) => {
    warnings.push(String(args[0]));
    warn.apply(console, args);
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  // What the bundle holds, less sse-feed/core's static createFeedHandle (which the bundle replaces by lazy-share's).
  const modules = ['core/lazy-share', 'sse-feed/define', 'status-toast/define', 'feed-value/define', 'feed-list/define'];
  [share] = (await Promise.all(modules.map((path) => import(`/no-chunks/components/${path}.ts`)))) as [LazyShare];
});

after(() => {
  console.warn = warn;
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
});

afterEach(() => {
  for (const element of created.splice(0)) element.remove();
});

describe('a page without the files sse-feed loads on demand', () => {
  it('runs a persist feed without persistence, and says so once', async () => {
    const server = serverSession({ count: 3 });
    const first = feed({ src: server.url, persist: '' });
    await until(() => first.messages.length === 3, 5000, 'three messages');
    const second = feed({ src: server.url, persist: '' });
    await until(() => second.messages.length === 3, 5000, 'three messages on a second feed');
    expect(first.element.status.state).to.equal('connected');
    expect(first.errors).to.deep.equal([]);
    expect(warned('persist')).to.have.length(1);
    expect(warned('persist')[0]).to.include('serve dist/chunks/ beside sse-feed.bundle.js');
  });

  it('runs a debug feed without debug lines', async () => {
    const lines: unknown[] = [];
    const debug = console.debug;
    console.debug = (...args: unknown[]) => void lines.push(args);
    try {
      const server = serverSession({ count: 2 });
      const first = feed({ src: server.url, debug: '' });
      await until(() => first.messages.length === 2, 5000, 'two messages');
      const second = feed({ src: server.url, debug: '', name: 'second' });
      await until(() => second.messages.length === 2, 5000, 'two messages on a second feed');
    } finally {
      console.debug = debug;
    }
    expect(lines).to.deep.equal([]);
    expect(warned('debug')).to.have.length(1);
  });

  it('fails an eventsource feed at once, fatally, without a request, and a Retry the same way', async () => {
    const server = serverSession({ count: 2 });
    const { element, errors } = feed({ src: server.url, transport: 'eventsource' });
    const failed = await stateOf(element, 'failed');
    expect(failed.error).to.include({ kind: 'network', reason: 'cannot-open', fatal: true });
    expect(errors).to.have.length(1);
    element.reconnect();
    await until(() => errors.length === 2, 5000, 'the retry to fail');
    expect(element.status.state).to.equal('failed');
    const other = feed({ src: server.url, transport: 'eventsource' });
    await stateOf(other.element, 'failed');
    expect((await server.log()).requests).to.have.length(0);
    expect(warned('eventsource')).to.have.length(1);
  });

  it('retries a refused request as the Outcomes table says, without its reason phrase or Retry-After date', async () => {
    const server = serverSession({ status: 503, retryAfter: new Date(Date.now() + 60_000).toUTCString() }, { count: 2 });
    const { element, messages, errors } = feed({ src: server.url, 'retry-interval': '50' });
    await until(() => messages.length === 2, 5000, 'two messages after the refusal');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.deep.equal({ kind: 'http', message: 'HTTP 503.', fatal: false, status: 503 });
    expect(element.status.state).to.equal('connected');
    const refused = feed({ src: serverSession({ status: 404 }).url });
    const failed = await stateOf(refused.element, 'failed');
    expect(failed.error).to.deep.equal({ kind: 'http', message: 'HTTP 404.', fatal: true, status: 404 });
    const wrong = feed({ src: serverSession({ contentType: 'text/plain' }).url });
    expect((await stateOf(wrong.element, 'failed')).error).to.include({ kind: 'content-type', contentType: 'text/plain', fatal: true });
    expect(warned('refusal')).to.have.length(1);
  });

  it('connects each sharing feed alone, through the element and through createFeedHandle', async () => {
    const server = serverSession({ count: 2 });
    const first = feed({ src: server.url, share: 'page' });
    const second = feed({ src: server.url, share: 'page' });
    await until(() => first.messages.length === 2 && second.messages.length === 2, 5000, 'both feeds');
    const states: FeedStatus[] = [];
    const handle = share.createFeedHandle('page', { status: (status) => states.push(status) }, { src: server.url });
    handle.connect();
    await until(() => handle.status.state === 'connected', 5000, 'the handle to connect');
    handle.close();
    expect((await server.log()).requests).to.have.length(3);
    expect(warned('shared-feed')).to.have.length(1);
  });

  it('has the toast say in its live region what happens, unseen', async () => {
    const server = serverSession({ status: 404 });
    const { element } = feed({ src: server.url, id: 'gone' });
    await stateOf(element, 'failed');
    const toast = document.createElement('status-toast') as StatusToast;
    toast.htmlFor = 'gone';
    document.body.append(toast);
    created.push(toast);
    await until(() => toast.open, 5000, 'the toast to open');
    await toast.updateComplete;
    const alert = toast.shadowRoot?.querySelector('[role="alert"]');
    expect(alert?.textContent).to.equal('Connection failed. Stream not found (404)');
    const popover = toast.shadowRoot?.querySelector<HTMLElement>('[part="base"]');
    expect(popover && getComputedStyle(popover).display).to.equal('none');
    await expect(toast).to.be.accessible();
    expect(warned('toast-view')).to.have.length(1);
  });

  it('shows a feed-value as its raw text, and leaves a feed-list empty', async () => {
    const server = serverSession({ count: 3, json: true });
    const value = Object.assign(document.createElement('feed-value'), { field: '.', format: 'currency', currency: 'EUR', textContent: 'waiting' });
    const list = document.createElement('feed-list');
    list.append(document.createElement('template'));
    const { messages } = feed({ src: server.url }, value, list);
    await until(() => messages.length === 3, 5000, 'three messages');
    await until(() => value.textContent === '{"n":3}', 5000, 'the raw value');
    expect(list.children).to.have.length(1); // its template alone
    expect(warned('value-text')).to.have.length(1);
    expect(warned('list-view')).to.have.length(1);
  });

  it('said each missing file once, and threw nothing', () => {
    expect(FILES.map((file) => warned(file).length)).to.deep.equal(FILES.map(() => 1));
    expect(uncaught).to.deep.equal([]);
  });
});
