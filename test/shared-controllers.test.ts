// The shared UI code, tested once and directly: finding a feed under any tag, the live announcer, the words.

import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement, type PropertyValues } from 'lit';
import { feedError, IDLE_STATUS, type FeedError, type FeedStatus } from '../components/core/types.js';
import { FeedConsumer } from '../components/shared/feed-consumer.js';
import { LiveAnnouncer, REPEAT_DELAY } from '../components/shared/live-announcer.js';
import { ENGLISH, reasonOf, say, type FeedStrings } from '../components/shared/strings.js';
import { SseFeed } from '../components/sse-feed/sse-feed.js';
import { serverSession } from './helpers.js';

/** A bare host for FeedConsumer: it renders nothing and counts its updates. */
class ConsumerHost extends LitElement {
  htmlFor = '';
  updates = 0;
  readonly feed = new FeedConsumer(this);
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.updates += 1;
  }
}
customElements.define('consumer-host', ConsumerHost);

/** A bare host for LiveAnnouncer. */
class AnnouncerHost extends LitElement {
  readonly live = new LiveAnnouncer(this);
}
customElements.define('announcer-host', AnnouncerHost);

let tags = 0;
/** A feed class registered under a fresh tag, now or later. */
function renamedFeedTag(): { tag: string; define(): void } {
  const tag = `renamed-feed-${(tags += 1)}`;
  return { tag, define: () => (class extends SseFeed {}).define(tag) };
}

describe('FeedConsumer: a feed under any tag', () => {
  it('follows for= a renamed feed defined after the consumer found it', async () => {
    const server = serverSession({ count: 1 });
    const { tag, define } = renamedFeedTag();
    const root = await fixture<HTMLDivElement>(html`<div><consumer-host></consumer-host></div>`);
    const host = root.querySelector<ConsumerHost>('consumer-host')!;
    host.htmlFor = 'renamed';
    const feed = document.createElement(tag) as SseFeed;
    feed.id = 'renamed';
    feed.setAttribute('src', server.url);
    root.append(feed);
    host.feed.refresh();
    await aTimeout(50);
    expect(host.feed.status.state).to.equal('idle');
    expect(host.feed.control).to.equal(null);
    define();
    await waitUntil(() => host.feed.status.state === 'connected', 'never followed the renamed feed');
    expect(host.feed.control).to.equal(feed);
    feed.close();
  });

  it('follows a renamed ancestor feed defined later, under an undefined wrapper', async () => {
    const server = serverSession({ count: 1 });
    const { tag, define } = renamedFeedTag();
    const root = await fixture<HTMLDivElement>(html`<div></div>`);
    root.innerHTML = `<${tag} src="${server.url}"><never-defined-wrapper><consumer-host></consumer-host></never-defined-wrapper></${tag}>`;
    const host = root.querySelector<ConsumerHost>('consumer-host')!;
    await host.updateComplete;
    expect(host.feed.status.state).to.equal('idle');
    define();
    await waitUntil(() => host.feed.status.state === 'connected', 'never followed the ancestor feed');
    expect(host.feed.control).to.equal(root.firstElementChild);
    (root.firstElementChild as SseFeed).close();
  });

  it('ignores an element with the id that is not a feed, and one that is defined as something else', async () => {
    const root = await fixture<HTMLDivElement>(html`<div><div id="plain"></div><announcer-host id="other"></announcer-host><consumer-host></consumer-host></div>`);
    const host = root.querySelector<ConsumerHost>('consumer-host')!;
    for (const id of ['plain', 'other']) {
      host.htmlFor = id;
      host.feed.refresh();
      expect(host.feed.status, id).to.equal(IDLE_STATUS);
      expect(host.feed.control, id).to.equal(null);
    }
  });

  it('a status change requests one update; the same status again requests none', async () => {
    const root = await fixture<HTMLDivElement>(html`<div><consumer-host></consumer-host></div>`);
    const host = root.querySelector<ConsumerHost>('consumer-host')!;
    const fake = Object.assign(document.createElement('div'), { reconnect() {}, connect() {}, close() {}, status: IDLE_STATUS });
    fake.id = 'fake';
    root.append(fake);
    host.htmlFor = 'fake';
    host.feed.refresh();
    await host.updateComplete;
    const before = host.updates;
    const next: FeedStatus = { ...IDLE_STATUS, state: 'connected' };
    fake.dispatchEvent(new CustomEvent('sse-state', { detail: next }));
    fake.dispatchEvent(new CustomEvent('sse-state', { detail: next }));
    await host.updateComplete;
    expect(host.updates - before).to.equal(1);
    expect(host.feed.status).to.equal(next);
  });
});

describe('LiveAnnouncer', () => {
  it('writes one region and empties the other; the same words again say nothing new', async () => {
    const el = await fixture<AnnouncerHost>(html`<announcer-host></announcer-host>`);
    el.live.announce('status', 'Reconnecting');
    expect([el.live.text('status'), el.live.text('alert')]).to.deep.equal(['Reconnecting', '']);
    el.live.announce('alert', 'Failed');
    expect([el.live.text('status'), el.live.text('alert')]).to.deep.equal(['', 'Failed']);
    el.live.announce('alert', 'Failed');
    expect(el.live.text('alert')).to.equal('Failed');
    el.live.announce('status', '');
    expect([el.live.text('status'), el.live.text('alert')]).to.deep.equal(['', '']);
  });

  it('repeats words said before the region was emptied a moment later, so they are heard again', async () => {
    const el = await fixture<AnnouncerHost>(html`<announcer-host></announcer-host>`);
    el.live.announce('alert', 'Failed');
    el.live.clear();
    el.live.announce('alert', 'Failed');
    expect(el.live.text('alert'), 'empty first').to.equal('');
    await aTimeout(REPEAT_DELAY + 20);
    expect(el.live.text('alert')).to.equal('Failed');
  });
});

describe('the words: one table, plural forms, reasons from the error data', () => {
  const reason = (error: FeedError, strings: FeedStrings = ENGLISH): string => reasonOf(error, strings, 'en');

  it('chooses plural forms with Intl.PluralRules in the given language', () => {
    const phrase = { one: '{seconds} seconde', other: '{seconds} secondes' };
    expect([0, 1, 2].map((seconds) => say(phrase, { seconds, attempt: 0, max: '', reason: '' }, 'fr'))).to.deep.equal([
      '0 seconde',
      '1 seconde',
      '2 secondes',
    ]);
    expect([0, 1, 2].map((seconds) => say(ENGLISH.reasonStall, { seconds, attempt: 0, max: '', reason: '' }, 'en'))).to.deep.equal([
      'No data for 0 seconds',
      'No data for 1 second',
      'No data for 2 seconds',
    ]);
    const polish = { one: '{seconds} sekunda', few: '{seconds} sekundy', many: '{seconds} sekund', other: '{seconds} sekundy' };
    expect([1, 3, 5].map((seconds) => say(polish, { seconds, attempt: 0, max: '', reason: '' }, 'pl'))).to.deep.equal([
      '1 sekunda',
      '3 sekundy',
      '5 sekund',
    ]);
    expect(say(phrase, { seconds: 2, attempt: 0, max: '', reason: '' }, 'not a language tag!'), 'a bad lang falls back to English rules').to.equal('2 secondes');
  });

  it('words every error from its data, never from its English message', () => {
    expect(reason(feedError('http', 'x', true, 401))).to.equal('Not authorised (401)');
    expect(reason(feedError('http', 'x', false, 503))).to.equal('Server error (503)');
    expect(reason(feedError('http', 'x', true, 418))).to.equal('Request refused (418)');
    expect(reason(feedError('network', 'x', false, { reason: 'unreachable' }))).to.equal('Could not reach the server');
    expect(reason(feedError('network', 'x', false, { reason: 'ended' }))).to.equal('The server ended the stream');
    expect(reason(feedError('network', 'x', false))).to.equal('Connection lost');
    expect(reason(feedError('stall', 'x', false, { timeout: 1000 }))).to.equal('No data for 1 second');
    expect(reason(feedError('stall', 'x', false))).to.equal('The server sent no data');
    expect(reason(feedError('offline', 'x', false))).to.equal('You are offline');
    expect(reason(feedError('content-type', 'x', true, { contentType: 'text/html' }))).to.equal('The server did not send an event stream');
    expect(reason(feedError('too-large', 'x', false, { limit: 10 }))).to.equal('A message was too large');
    expect(reasonOf(null, ENGLISH)).to.equal('');
  });

  it('a page may add words for other status codes', () => {
    const strings = { ...ENGLISH, http418: 'The server is a teapot ({status})' } as FeedStrings;
    expect(reason(feedError('http', 'x', true, 418), strings)).to.equal('The server is a teapot (418)');
  });
});
