// <sse-feed>'s two contexts as a page's Lit element reads them with @lit/context's own ContextConsumer.

import { ContextConsumer } from '@lit/context';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import type { FeedStatus } from '../components/core/types.js';
import { feedControlContext, feedStatusContext } from '../components/shared/feed-context.js';
import { SseFeed } from '../components/sse-feed/sse-feed.js';
import '../components/sse-feed/define.js';
import { serverSession, stateOf } from './helpers.js';

/** A page's element, as the Frameworks guide writes one: it subscribes to both contexts and keeps what it is given. */
class PageReader extends LitElement {
  readonly statusContext = new ContextConsumer(this, { context: feedStatusContext, subscribe: true });
  readonly controlContext = new ContextConsumer(this, { context: feedControlContext, subscribe: true });
  readonly seen: FeedStatus['state'][] = [];
  readonly tracking = new ContextConsumer(this, {
    context: feedStatusContext,
    subscribe: true,
    callback: (status) => this.seen.push(status.state),
  });
}
customElements.define('page-reader', PageReader);

describe('<sse-feed> contexts, read by @lit/context', () => {
  it('gives a subscriber every status, and the feed itself, until it leaves', async () => {
    const server = serverSession({ count: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url}><page-reader></page-reader></sse-feed>`);
    const reader = feed.querySelector<PageReader>('page-reader')!;
    await stateOf(feed, 'connected');
    // The same state, not the same object: the status also moves on with each message, without an event.
    expect(reader.statusContext.value?.state).to.equal('connected');
    expect(reader.controlContext.value).to.equal(feed);
    feed.close();
    expect(reader.statusContext.value?.state).to.equal('closed');
    expect(reader.seen).to.include.members(['connecting', 'connected', 'closed']);
    reader.remove();
    const count = reader.seen.length;
    feed.connect();
    await stateOf(feed, 'connected');
    expect(reader.seen.length, 'no status after it left').to.equal(count);
    feed.close();
  });

  it('hands a subscriber over to a feed defined inside the one that answered first', async () => {
    const outerServer = serverSession({ count: 1 });
    const innerServer = serverSession({ count: 1 });
    const tag = `inner-feed-${Date.now().toString(36)}`;
    const outer = await fixture<SseFeed>(html`<sse-feed src=${outerServer.url}></sse-feed>`);
    const inner = document.createElement(tag) as SseFeed;
    inner.setAttribute('src', innerServer.url);
    inner.append(document.createElement('page-reader'));
    outer.append(inner);
    const reader = inner.querySelector<PageReader>('page-reader')!;
    expect(reader.controlContext.value, 'the outer feed answers while the inner one is undefined').to.equal(outer);
    (class extends SseFeed {}).define(tag);
    expect(reader.controlContext.value).to.equal(inner);
    await stateOf(inner, 'connected');
    await waitUntil(() => reader.statusContext.value?.state === 'connected', 'the inner feed\'s status never came');
    outer.close();
    expect(inner.status.state).not.to.equal('closed');
    expect(reader.statusContext.value?.state, 'the outer feed no longer speaks to it').to.equal(inner.status.state);
    inner.close();
  });
});
