// <connection-indicator> against real feeds on the test SSE server.
//
// <sse-feed> is imported dynamically (see defineFeed): the first test proves an indicator follows a
// feed that is defined after it, which needs the tag to be undefined when it starts.

import { aTimeout, expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { emulateMedia } from './emulate-media.js';
import '../components/connection-indicator/define.js';
import { ConnectionIndicator } from '../components/connection-indicator/connection-indicator.js';
import { feedError, IDLE_STATUS, type FeedState, type FeedStatus } from '../components/core/types.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { feedElement, serverSession, stateOf, until } from './helpers.js';

const defineFeed = (): Promise<unknown> => import('../components/sse-feed/define.js');

function part(el: ConnectionIndicator, name: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

const label = (el: ConnectionIndicator): string => part(el, 'label').textContent!.trim();

/** What assistive technology reads in the live region: its text outside aria-hidden subtrees. */
function spoken(el: ConnectionIndicator): string {
  const region = el.shadowRoot!.querySelector('[role="status"]')!;
  const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest('[aria-hidden="true"]')) text += node.textContent;
  }
  return text.trim();
}

function status(changes: Partial<FeedStatus>): FeedStatus {
  return { ...IDLE_STATUS, ...changes };
}

async function shown(el: ConnectionIndicator, state: FeedState): Promise<void> {
  await waitUntil(() => el.getAttribute('state') === state, `indicator never showed ${state}`, { timeout: 10_000 });
  await el.updateComplete;
}

/** An indicator that counts its updates, for the render-count test. */
class CountingIndicator extends ConnectionIndicator {
  updates = 0;
  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    this.updates += 1;
  }
}
customElements.define('counting-indicator', CountingIndicator);

describe('<connection-indicator>: a feed defined later', () => {
  it('follows an ancestor feed and a for= feed once <sse-feed> is defined', async () => {
    expect(customElements.get('sse-feed'), 'this test must run before sse-feed is defined').to.equal(undefined);
    const server = serverSession({ count: 1 });
    const other = serverSession({ count: 1 });
    const root = await fixture<HTMLDivElement>(html`<div>
      <sse-feed src=${server.url}><connection-indicator id="inside"></connection-indicator></sse-feed>
      <sse-feed id="later" src=${other.url}></sse-feed>
      <connection-indicator id="outside" for="later"></connection-indicator>
    </div>`);
    const inside = root.querySelector<ConnectionIndicator>('#inside')!;
    const outside = root.querySelector<ConnectionIndicator>('#outside')!;
    await inside.updateComplete;
    expect(inside.getAttribute('state')).to.equal('idle');
    expect(outside.getAttribute('state')).to.equal('idle');
    await defineFeed();
    await shown(inside, 'connected');
    await shown(outside, 'connected');
    expect(label(inside)).to.equal('Connected');
    expect(label(outside)).to.equal('Connected');
  });
});

describe('<connection-indicator>: states of a real feed', () => {
  beforeEach(defineFeed);

  it('shows idle with no feed and no status', async () => {
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator></connection-indicator>`);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(label(el)).to.equal('Not connected');
    expect(spoken(el)).to.equal('Not connected');
    await expect(el).to.be.accessible();
  });

  it('walks connecting, connected, retrying with a countdown, connected again and closed', async () => {
    const server = serverSession({ status: 503, firstByteDelay: 400 }, { count: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url} retry-interval="2600" retry-jitter="0"
      ><connection-indicator></connection-indicator
    ></sse-feed>`);
    const el = feed.querySelector('connection-indicator')!;

    await shown(el, 'connecting');
    expect(label(el)).to.equal('Connecting…');
    expect(spoken(el)).to.equal('Connecting…');
    await expect(el).to.be.accessible();

    await shown(el, 'retrying');
    expect(label(el)).to.match(/^Reconnecting in 3 seconds, attempt 1 of 10$/);
    expect(spoken(el)).to.equal('Reconnecting, attempt 1 of 10');
    await expect(el).to.be.accessible();
    await waitUntil(() => label(el) === 'Reconnecting in 2 seconds, attempt 1 of 10', 'countdown did not tick', { timeout: 2000 });
    // Plural forms: "1 second", from Intl.PluralRules.
    await waitUntil(() => label(el) === 'Reconnecting in 1 second, attempt 1 of 10', 'countdown did not tick', { timeout: 2000 });
    expect(spoken(el)).to.equal('Reconnecting, attempt 1 of 10');

    await shown(el, 'connected');
    expect(label(el)).to.equal('Connected');
    expect(spoken(el)).to.equal('Connected');
    await expect(el).to.be.accessible();

    feed.close();
    await shown(el, 'closed');
    expect(label(el)).to.equal('Closed');
    await expect(el).to.be.accessible();

    feed.connect();
    await shown(el, 'connected');
  });

  it('shows failed with the reason in plain words', async () => {
    const server = serverSession({ status: 401 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url}><connection-indicator></connection-indicator></sse-feed>`);
    const el = feed.querySelector('connection-indicator')!;
    await shown(el, 'failed');
    expect(label(el)).to.equal('Connection failed: Not authorised (401)');
    expect(spoken(el)).to.equal('Connection failed: Not authorised (401)');
    await expect(el).to.be.accessible();
  });

  it('shows paused, offline and stalls from a status set in code, which takes precedence over the feed', async () => {
    const server = serverSession({ count: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url}><connection-indicator></connection-indicator></sse-feed>`);
    const el = feed.querySelector('connection-indicator')!;
    await shown(el, 'connected');

    el.status = status({ state: 'paused' });
    await shown(el, 'paused');
    expect(label(el)).to.equal('Paused');
    await expect(el).to.be.accessible();

    el.status = status({ state: 'retrying', attempt: 0, error: feedError('offline', 'The device is offline.', false) });
    await shown(el, 'retrying');
    expect(label(el)).to.equal('Offline, waiting for the network');
    expect(spoken(el)).to.equal('Offline, waiting for the network');
    await expect(el).to.be.accessible();

    el.status = status({
      state: 'retrying',
      attempt: 2,
      retryDelay: 4000,
      retryAt: Date.now() + 4000,
      error: feedError('stall', 'No data for 45 s.', false, { timeout: 45_000 }),
    });
    await el.updateComplete;
    // A stall is a retry like any other here; its reason ("No data for 45 seconds") is the toast's to say.
    expect(label(el)).to.equal('Reconnecting in 4 seconds, attempt 2 of 10');
    expect(spoken(el)).to.equal('Reconnecting, attempt 2 of 10');

    el.status = null;
    await shown(el, 'connected');
  });

  it('is accessible in every state, compact or not', async () => {
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator></connection-indicator>`);
    for (const compact of [false, true]) {
      el.compact = compact;
      for (const state of ['idle', 'connecting', 'connected', 'retrying', 'paused', 'failed', 'closed'] as const) {
        el.status = status({
          state,
          attempt: state === 'retrying' ? 1 : 0,
          retryDelay: state === 'retrying' ? 5000 : null,
          retryAt: state === 'retrying' ? Date.now() + 5000 : null,
          error: state === 'failed' || state === 'retrying' ? feedError('http', 'The server answered 503.', state === 'failed', 503) : null,
        });
        await el.updateComplete;
        expect(el.getAttribute('state')).to.equal(state);
        await expect(el).to.be.accessible();
      }
    }
  });
});

describe('<connection-indicator>: finding the feed', () => {
  beforeEach(defineFeed);

  it('follows the feed named by for= in the same document', async () => {
    const server = serverSession({ count: 1 });
    const root = await fixture<HTMLDivElement>(html`<div>
      <sse-feed id="named" src=${server.url}></sse-feed>
      <connection-indicator for="named"></connection-indicator>
    </div>`);
    await shown(root.querySelector('connection-indicator')!, 'connected');
  });

  it('follows the feed named by for= in the same shadow root', async () => {
    const server = serverSession({ status: 401 });
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const shadow = host.attachShadow({ mode: 'open' });
    const feed = feedElement('shadowed', server.url);
    const el = document.createElement('connection-indicator');
    el.htmlFor = 'shadowed';
    shadow.append(feed, el);
    await shown(el, 'failed');
  });

  it('follows a for= feed added later, replaced, and a for that changes', async () => {
    const first = serverSession({ count: 1 });
    const second = serverSession({ status: 401 });
    const third = serverSession({ status: 204 });
    const root = await fixture<HTMLDivElement>(html`<div><connection-indicator for="a"></connection-indicator></div>`);
    const el = root.querySelector('connection-indicator')!;
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');

    const a = feedElement('a', first.url);
    root.append(a);
    await shown(el, 'connected');

    const b = feedElement('b', second.url);
    root.append(b);
    await stateOf(b, 'failed');
    el.setAttribute('for', 'b');
    await shown(el, 'failed');

    // Replace feed b by another element with the same id.
    b.remove();
    await shown(el, 'idle');
    const replacement = feedElement('b', third.url);
    root.append(replacement);
    await shown(el, 'closed');

    // An id that moves to a feed follows it too.
    replacement.id = 'gone';
    a.id = 'b';
    await shown(el, 'connected');
  });

  it('ignores state events of a feed nested inside the followed one', async () => {
    const outer = serverSession({ count: 1 });
    const inner = serverSession({ status: 401 });
    const root = await fixture<HTMLDivElement>(html`<div>
      <sse-feed id="outer" src=${outer.url}><sse-feed id="inner" src=${inner.url}></sse-feed></sse-feed>
      <connection-indicator for="outer"></connection-indicator>
    </div>`);
    const el = root.querySelector('connection-indicator')!;
    await stateOf(root.querySelector<SseFeed>('#inner')!, 'failed');
    await shown(el, 'connected');
    await aTimeout(50);
    expect(el.getAttribute('state')).to.equal('connected');
  });

  it('releases the for= feed when removed, and finds it again when added back', async () => {
    const server = serverSession({ count: 1 });
    const root = await fixture<HTMLDivElement>(html`<div>
      <sse-feed id="watched" src=${server.url}></sse-feed>
      <counting-indicator for="watched"></counting-indicator>
    </div>`);
    const feed = root.querySelector<SseFeed>('sse-feed')!;
    const el = root.querySelector<CountingIndicator>('counting-indicator')!;
    await shown(el, 'connected');
    el.remove();
    await nextFrame();
    const before = el.updates;
    feed.close();
    feed.connect();
    await stateOf(feed, 'connected');
    await nextFrame();
    expect(el.updates, 'a removed indicator must not hear the feed').to.equal(before);
    root.append(el);
    await shown(el, 'connected');
  });
});

describe('<connection-indicator>: announcements', () => {
  beforeEach(defineFeed);

  it('changes the spoken text once per state change while the countdown ticks', async function () {
    this.timeout(20_000);
    const server = serverSession({ status: 503 }, { count: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url} retry-interval="3500" retry-jitter="0"
      ><connection-indicator></connection-indicator
    ></sse-feed>`);
    const el = feed.querySelector('connection-indicator')!;
    await el.updateComplete;
    const spokenTexts = [spoken(el)];
    const labels = [label(el)];
    const observer = new MutationObserver(() => {
      if (spoken(el) !== spokenTexts.at(-1)) spokenTexts.push(spoken(el));
      if (label(el) !== labels.at(-1)) labels.push(label(el));
    });
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    await shown(el, 'retrying');
    await aTimeout(2500);
    const ticking = labels.filter((text) => text.startsWith('Reconnecting in'));
    expect(ticking.length, `labels: ${labels.join(' | ')}`).to.be.greaterThanOrEqual(3);
    await shown(el, 'connected');
    await nextFrame();
    observer.disconnect();
    expect(spokenTexts).to.deep.equal(['Connecting…', 'Reconnecting, attempt 1 of 10', 'Connecting…', 'Connected']);
  });

  it('a countdown tick rewrites the label alone: the live region is not touched, and no node is replaced', async () => {
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator></connection-indicator>`);
    el.status = status({ state: 'retrying', attempt: 1, retryDelay: 5000, retryAt: Date.now() + 4500 });
    await el.updateComplete;
    const nodes = ['base', 'dot', 'label', 'announcement'].map((name) => part(el, name));
    const touched: Node[] = [];
    const observer = new MutationObserver((records) => records.forEach((record) => touched.push(record.target)));
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    await waitUntil(() => label(el) === 'Reconnecting in 4 seconds, attempt 1 of 10', 'countdown did not tick', { timeout: 2000 });
    await el.updateComplete;
    observer.disconnect();
    expect(touched.length, 'the tick wrote nothing').to.be.greaterThan(0);
    expect(touched.every((node) => part(el, 'label').contains(node)), 'a tick wrote outside the label').to.equal(true);
    expect(['base', 'dot', 'label', 'announcement'].map((name) => part(el, name))).to.deep.equal(nodes);
    expect(spoken(el)).to.equal('Reconnecting, attempt 1 of 10');
  });
});

describe('<connection-indicator>: labels', () => {
  beforeEach(defineFeed);

  it('replaces the default text with label-* attributes and fills in the placeholders', async () => {
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator
      label-idle="Asleep"
      label-retrying="Retry {attempt}/{max} in {seconds}s"
      label-failed="Gave up: {reason}"
      label-offline="No network ({attempt} so far)"
    ></connection-indicator>`);
    expect(label(el)).to.equal('Asleep');
    el.status = status({ state: 'retrying', attempt: 3, retryMaxCount: Infinity, retryDelay: 7000, retryAt: Date.now() + 7000 });
    await el.updateComplete;
    expect(label(el)).to.equal('Retry 3/∞ in 7s');
    expect(spoken(el)).to.equal('Retry 3/∞ in 7s');
    el.status = status({ state: 'failed', error: feedError('http', 'The server answered 503.', true, 503) });
    await el.updateComplete;
    expect(label(el)).to.equal('Gave up: Server error (503)');
    el.status = status({ state: 'retrying', attempt: 2, error: feedError('offline', 'The device is offline.', false) });
    await el.updateComplete;
    expect(label(el)).to.equal('No network (2 so far)');
  });

  it('a stale feed: the stale attribute, a label counting the seconds since the last message, announced once', async () => {
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator></connection-indicator>`);
    el.status = status({ state: 'connected', stale: true, lastMessageAt: Date.now() - 5200 });
    await el.updateComplete;
    expect(el.hasAttribute('stale')).to.equal(true);
    expect(label(el)).to.equal('No new data for 5 seconds');
    expect(spoken(el)).to.equal('Connected, but no new data');
    await expect(el).to.be.accessible();
    await waitUntil(() => label(el) === 'No new data for 6 seconds', 'the seconds did not count up', { timeout: 2000 });
    expect(spoken(el)).to.equal('Connected, but no new data');
    el.setAttribute('label-stale', 'Quiet for {seconds} s');
    await el.updateComplete;
    expect(label(el)).to.equal('Quiet for 6 s');
    const announced = spoken(el);
    await waitUntil(() => label(el) === 'Quiet for 7 s', 'the seconds did not count up', { timeout: 2000 });
    expect(spoken(el)).to.equal(announced);
    el.status = status({ state: 'connected', stale: false, lastMessageAt: Date.now() });
    await el.updateComplete;
    expect(el.hasAttribute('stale')).to.equal(false);
    expect(label(el)).to.equal('Connected');
    el.status = status({ state: 'retrying', stale: true });
    await el.updateComplete;
    expect(el.hasAttribute('stale'), 'only a connected feed is stale').to.equal(false);
  });

  it('never shows the engine\'s message, and renders labels as text, never as HTML', async () => {
    const attack = '<img src=x onerror="window.__xss = true">';
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator label-closed=${attack}></connection-indicator>`);
    el.status = status({ state: 'failed', error: feedError('network', attack, true) });
    await el.updateComplete;
    expect(label(el), 'the words are the UI\'s own, from the error\'s data').to.equal('Connection failed: Connection lost');
    el.status = status({ state: 'closed' });
    await el.updateComplete;
    expect(label(el)).to.equal(attack);
    await aTimeout(50);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as { __xss?: boolean }).__xss).to.equal(undefined);
  });

  it('compact shows the dot alone and keeps the text for assistive technology', async () => {
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator compact></connection-indicator>`);
    el.status = status({ state: 'connected' });
    await el.updateComplete;
    expect(part(el, 'label').getBoundingClientRect().width).to.be.at.most(1);
    expect(part(el, 'dot').getBoundingClientRect().width).to.be.greaterThan(4);
    expect(spoken(el)).to.equal('Connected');
    await expect(el).to.be.accessible();
  });
});

describe('<connection-indicator>: rendering', () => {
  beforeEach(defineFeed);

  it('does not render once per message: 10,000 messages cause no update after connected', async function () {
    this.timeout(30_000);
    const server = serverSession({ count: 10_000, firstByteDelay: 200 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url}><counting-indicator></counting-indicator></sse-feed>`);
    const el = feed.querySelector<CountingIndicator>('counting-indicator')!;
    await stateOf(feed, 'connected');
    await el.updateComplete;
    const atConnected = el.updates;
    await until(() => feed.status.messages === 10_000, 20_000, '10,000 messages');
    await nextFrame();
    await el.updateComplete;
    expect(el.updates - atConnected).to.equal(0);
    expect(label(el)).to.equal('Connected');
  });
});

describe('<connection-indicator>: motion and colour', () => {
  beforeEach(defineFeed);
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' }));

  it('pulses while connecting, and not under prefers-reduced-motion', async () => {
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator></connection-indicator>`);
    el.status = status({ state: 'connecting' });
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'dot')).animationName).to.equal('pulse');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(part(el, 'dot')).animationName).to.equal('none');
    el.status = status({ state: 'connected' });
    await emulateMedia({ reducedMotion: 'no-preference' });
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'dot')).animationName).to.equal('none');
  });

  it('has light and dark defaults and takes custom properties', async () => {
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator></connection-indicator>`);
    el.status = status({ state: 'connected' });
    await el.updateComplete;
    const light = getComputedStyle(part(el, 'base')).backgroundColor;
    await emulateMedia({ colorScheme: 'dark' });
    const dark = getComputedStyle(part(el, 'base')).backgroundColor;
    expect(dark).to.not.equal(light);
    await expect(el).to.be.accessible();
    el.style.setProperty('--sse-indicator-connected-color', 'rgb(1, 2, 3)');
    expect(getComputedStyle(part(el, 'dot')).backgroundColor).to.equal('rgb(1, 2, 3)');
  });
});
