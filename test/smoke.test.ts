import { expect, fixture, html } from '@open-wc/testing';
import '../components/sse-feed/sse-feed.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { serverSession, stateOf, until } from './helpers.js';

describe('smoke', () => {
  it('connects and receives messages, then closes on removal', async () => {
    const server = serverSession({ count: 3 });
    const messages: string[] = [];
    const el = await fixture<SseFeed>(html`<sse-feed src=${server.url} @sse-message=${(e: CustomEvent) => messages.push(e.detail.data)}></sse-feed>`);
    await stateOf(el, 'connected');
    await until(() => messages.length === 3);
    expect(messages).to.deep.equal(['1', '2', '3']);
    expect(el.getAttribute('state')).to.equal('connected');
    el.remove();
    expect(el.status.state).to.equal('closed');
    await until(async () => (await server.log()).open === 0);
  });
});
