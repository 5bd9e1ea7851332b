// <status-toast> against real feeds on the test SSE server.
//
// <sse-feed> is imported dynamically (see defineFeed): the first test proves a toast follows a feed
// that is defined after it, which needs the tag to be undefined when it starts.

import { aTimeout, expect, fixture, html, nextFrame, oneEvent, waitUntil } from '@open-wc/testing';
import type { PropertyValues } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { emulateMedia } from './emulate-media.js';
import { feedError, IDLE_STATUS, type FeedStatus } from '../components/core/types.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import '../components/status-toast/define.js';
import { StatusToast, type ToastHideDetail, type ToastKind } from '../components/status-toast/status-toast.js';
import { feedElement, serverSession, stateOf, until } from './helpers.js';

const defineFeed = (): Promise<unknown> => import('../components/sse-feed/define.js');

function part(el: StatusToast, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
}

const base = (el: StatusToast): HTMLElement => part(el, 'base')!;
const text = (el: StatusToast, name: string): string => part(el, name)?.textContent?.trim() ?? '';

type Region = 'status' | 'alert';

/** A live region in the shadow root beside the popover: the status one always, the alert one only when failed. */
function region(el: StatusToast, role: Region): HTMLElement | null {
  const found = el.shadowRoot!.querySelectorAll<HTMLElement>(`[role="${role}"]`);
  expect(found.length, `at most one role=${role} region`).to.be.at.most(1);
  return found[0] ?? null;
}

/** What the two live regions hold now ('' for the alert region when there is none). */
function spoken(el: StatusToast): Record<Region, string> {
  return { status: region(el, 'status')?.textContent ?? '', alert: region(el, 'alert')?.textContent ?? '' };
}

/** The popover is a group named by its message, with no live region in it (or everything is said twice). */
function expectQuietPopover(el: StatusToast): void {
  const popover = base(el);
  expect(popover.getAttribute('role')).to.equal('group');
  expect(popover.hasAttribute('aria-live')).to.equal(false);
  expect(popover.querySelector('[role="status"], [role="alert"], [role="log"], [aria-live]')).to.equal(null);
  if (el.open) {
    const label = el.shadowRoot!.getElementById(popover.getAttribute('aria-labelledby') ?? '');
    expect(label, 'named by its message').to.equal(part(el, 'message'));
  }
}

/**
 * Records every change of what the live regions say: one entry (the text now) per MutationObserver delivery
 * after which a region's text differs from the last entry. A change is a delivery, not a record: Lit's dev
 * build writes new text as an insert plus a data change in the same task, which assistive technology gets
 * as one change. The alert region coming and going counts as its text changing.
 */
function watchRegions(el: StatusToast): { changes(): Record<Region, number>; texts: Record<Region, string[]>; flush(): void; stop(): void } {
  const texts: Record<Region, string[]> = { status: [], alert: [] };
  let last = spoken(el);
  const take = (list: MutationRecord[]): void => {
    if (list.length === 0) return;
    const now = spoken(el);
    for (const name of ['status', 'alert'] as const) {
      if (now[name] !== last[name]) texts[name].push(now[name]);
    }
    last = now;
  };
  const observer = new MutationObserver(take);
  observer.observe(el.shadowRoot!, { characterData: true, childList: true, subtree: true });
  const changes = (): Record<Region, number> => ({ status: texts.status.length, alert: texts.alert.length });
  return { changes, texts, flush: () => take(observer.takeRecords()), stop: () => observer.disconnect() };
}

function status(changes: Partial<FeedStatus>): FeedStatus {
  return { ...IDLE_STATUS, ...changes };
}

async function opened(el: StatusToast, timeout = 10_000): Promise<void> {
  await waitUntil(() => el.open, 'the toast never opened', { timeout });
  await el.updateComplete;
  expect(el.hasAttribute('open')).to.equal(true);
  expect(base(el).matches(':popover-open'), 'shown in the top layer').to.equal(true);
}

/**
 * The axe checks, once the toast's enter or leave transition is over: mid-fade, its text is a blend of its colour
 * and the page's (WebKit starts a fade where the others show the end at once), which is no contrast a person reads.
 */
async function expectAccessible(el: StatusToast): Promise<void> {
  await el.updateComplete;
  const transitions = el.shadowRoot!.getAnimations().filter((animation) => animation instanceof CSSTransition);
  await Promise.all(transitions.map((transition) => transition.finished.catch(() => undefined)));
  await expect(el).to.be.accessible();
}

async function closed(el: StatusToast, timeout = 10_000): Promise<void> {
  await waitUntil(() => !el.open, 'the toast never closed', { timeout });
  await el.updateComplete;
  expect(el.hasAttribute('open')).to.equal(false);
  expect(base(el).matches(':popover-open')).to.equal(false);
}

/** Records the kinds of every toast-show and the reasons of every toast-hide. */
function record(el: HTMLElement): { shows: ToastKind[]; hides: ToastHideDetail[] } {
  const log = { shows: [] as ToastKind[], hides: [] as ToastHideDetail[] };
  el.addEventListener('toast-show', (event) => log.shows.push(event.detail.kind));
  el.addEventListener('toast-hide', (event) => log.hides.push(event.detail));
  return log;
}

/** A toast that counts its updates, for the render-count test. */
class CountingToast extends StatusToast {
  updates = 0;
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.updates += 1;
  }
}
customElements.define('counting-toast', CountingToast);

describe('<status-toast>: a feed defined later', () => {
  it('follows an ancestor feed once <sse-feed> is defined', async () => {
    expect(customElements.get('sse-feed'), 'this test must run before sse-feed is defined').to.equal(undefined);
    const server = serverSession({ status: 401 });
    const feed = await fixture<HTMLElement>(html`<sse-feed src=${server.url}><status-toast></status-toast></sse-feed>`);
    const el = feed.querySelector('status-toast')!;
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.open).to.equal(false);
    await defineFeed();
    await opened(el);
    expect(el.getAttribute('state')).to.equal('failed');
  });
});

describe('<status-toast>: what it says about a real feed', () => {
  beforeEach(defineFeed);

  it('shows nothing for a blip shorter than delay', async () => {
    const server = serverSession({ status: 503 }, { count: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url} retry-interval="200" retry-jitter="0"
      ><status-toast delay="1000"></status-toast
    ></sse-feed>`);
    const el = feed.querySelector('status-toast')!;
    const log = record(el);
    await stateOf(feed, 'retrying');
    await stateOf(feed, 'connected');
    await aTimeout(1200);
    expect(log.shows).to.deep.equal([]);
    expect(el.open).to.equal(false);
    expect(el.getAttribute('state')).to.equal('connected');
  });

  it('opens after delay while retrying, then says reconnected for duration', async function () {
    this.timeout(20_000);
    const server = serverSession({ status: 503 }, { status: 503 }, { count: 1 });
    // Open at 500 ms, reconnected at 3 s (waits of 1 and 2 s), "Reconnected" for 3 s: room for the axe checks
    // between the steps on a loaded machine.
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url} retry-interval="1000" retry-jitter="0"
      ><status-toast delay="500" duration="3000"></status-toast
    ></sse-feed>`);
    const el = feed.querySelector('status-toast')!;
    const log = record(el);
    const outageStart = (await stateOf(feed, 'retrying')) && Date.now();
    await opened(el);
    expect(Date.now() - outageStart).to.be.at.least(400);
    expectQuietPopover(el);
    expect(text(el, 'message')).to.equal('Reconnecting…');
    // Also while an attempt is in progress: the last real reason, never "Connection lost".
    expect(text(el, 'reason')).to.equal('Server error (503)');
    expect(spoken(el).status).to.equal('Reconnecting… Server error (503)');
    expect(spoken(el).alert).to.equal('');
    expect(part(el, 'action')).to.equal(null);
    await expectAccessible(el);

    await stateOf(feed, 'connected');
    await el.updateComplete;
    expect(el.open).to.equal(true);
    expect(text(el, 'message')).to.equal('Reconnected');
    expect(part(el, 'reason')).to.equal(null);
    expectQuietPopover(el);
    expect(spoken(el)).to.deep.equal({ status: 'Reconnected', alert: '' });
    await expectAccessible(el);

    await closed(el, 6000);
    expect(spoken(el), 'emptied when the toast closes').to.deep.equal({ status: '', alert: '' });
    expect(log.shows).to.deep.equal(['retrying']);
    expect(log.hides).to.deep.equal([{ kind: 'reconnected', reason: 'timeout' }]);
    expect(el.shadowRoot!.querySelectorAll('[part="base"]').length, 'one toast, updated in place').to.equal(1);
  });

  it('stays open as an alert when failed, and its retry button reconnects the feed', async () => {
    const server = serverSession({ status: 401 }, { count: 1 });
    const before = await fixture<HTMLButtonElement>(html`<button>Elsewhere</button>`);
    before.focus();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url}><status-toast></status-toast></sse-feed>`);
    const el = feed.querySelector('status-toast')!;
    const log = record(el);
    await opened(el);
    expectQuietPopover(el);
    expect(text(el, 'message')).to.equal('Connection failed');
    expect(text(el, 'reason')).to.equal('Not authorised (401)');
    expect(spoken(el)).to.deep.equal({ status: '', alert: 'Connection failed. Not authorised (401)' });
    expect(document.activeElement, 'the toast never takes focus').to.equal(before);
    await expectAccessible(el);

    const action = part(el, 'action') as HTMLButtonElement;
    expect(action.localName).to.equal('button');
    expect(action.textContent!.trim()).to.equal('Retry');
    expect(action.tabIndex, 'reachable by keyboard').to.equal(0);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement, 'Tab reaches the retry button').to.equal(action);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement, 'then the close button').to.equal(part(el, 'close'));
    before.focus();
    await aTimeout(1500);
    expect(el.open, 'a failed toast stays open').to.equal(true);

    action.click();
    await stateOf(feed, 'connected');
    await el.updateComplete;
    expect(el.open).to.equal(true);
    expect(text(el, 'message')).to.equal('Reconnected');
    expectQuietPopover(el);
    expect(spoken(el)).to.deep.equal({ status: 'Reconnected', alert: '' });
    expect(log.shows).to.deep.equal(['failed']);
  });

  it('follows a for= feed and retries it through the same button', async () => {
    const server = serverSession({ status: 403 }, { count: 1 });
    const root = await fixture<HTMLDivElement>(html`<div>
      <sse-feed id="remote" src=${server.url}></sse-feed>
      <status-toast for="remote"></status-toast>
    </div>`);
    const feed = root.querySelector<SseFeed>('sse-feed')!;
    const el = root.querySelector('status-toast')!;
    await opened(el);
    expect(text(el, 'reason')).to.equal('Access denied (403)');
    (part(el, 'action') as HTMLButtonElement).click();
    await stateOf(feed, 'connected');
    (part(el, 'close') as HTMLButtonElement).click();
    await closed(el);
  });

  it('follows a for= feed added later and a for that changes', async () => {
    const failing = serverSession({ status: 401 });
    const healthy = serverSession({ count: 1 });
    const root = await fixture<HTMLDivElement>(html`<div><status-toast for="x"></status-toast></div>`);
    const el = root.querySelector('status-toast')!;
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    const good = feedElement('y', healthy.url);
    root.append(good);
    await stateOf(good, 'connected');
    const bad = feedElement('x', failing.url);
    root.append(bad);
    await opened(el);
    el.htmlFor = 'y';
    await closed(el);
    expect(el.getAttribute('state')).to.equal('connected');
  });
});

describe('<status-toast>: dismissing', () => {
  beforeEach(defineFeed);

  it('closes with the close button and stays closed until the feed calls for it again', async () => {
    const server = serverSession({ status: 401 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url}><status-toast></status-toast></sse-feed>`);
    const el = feed.querySelector('status-toast')!;
    await opened(el);
    const close = part(el, 'close') as HTMLButtonElement;
    expect(close.getAttribute('aria-label')).to.equal('Dismiss');
    const hidden = oneEvent(el, 'toast-hide');
    close.click();
    expect((await hidden).detail).to.deep.equal({ kind: 'failed', reason: 'dismiss' });
    await closed(el);
    await aTimeout(300);
    expect(el.open, 'a dismissed toast stays hidden').to.equal(false);

    // Retrying and failing again is a new state change that shows it.
    const shown = oneEvent(el, 'toast-show');
    feed.reconnect();
    expect((await shown).detail.kind).to.equal('failed');
    await opened(el);
  });

  it('closes with Escape', async () => {
    const el = await fixture<StatusToast>(html`<status-toast></status-toast>`);
    el.status = status({ state: 'failed', error: feedError('http', 'The server answered 500.', true, 500) });
    await opened(el);
    expect(text(el, 'reason')).to.equal('Server error (500)');
    (part(el, 'action') as HTMLButtonElement).focus();
    const hidden = oneEvent(el, 'toast-hide');
    await sendKeys({ press: 'Escape' });
    expect((await hidden).detail.reason).to.equal('dismiss');
    await closed(el);
    // The same state again (a new object) is no new state change: it stays hidden.
    el.status = status({ state: 'failed', error: feedError('http', 'The server answered 500.', true, 500) });
    await el.updateComplete;
    expect(el.open).to.equal(false);
  });
});

describe('<status-toast>: driven by a status set in code', () => {
  beforeEach(defineFeed);

  it('closes when removed and shows again when added back', async () => {
    const holder = await fixture<HTMLDivElement>(html`<div><status-toast></status-toast></div>`);
    const el = holder.querySelector('status-toast')!;
    el.status = status({ state: 'failed', error: feedError('http', 'x', true, 401) });
    await opened(el);
    const hidden = oneEvent(el, 'toast-hide');
    el.remove();
    await hidden;
    await el.updateComplete;
    expect(el.open).to.equal(false);
    holder.append(el);
    await opened(el);
  });

  it('is accessible in every state', async () => {
    const el = await fixture<StatusToast>(html`<status-toast delay="0" duration="100000"></status-toast>`);
    await expectAccessible(el);
    el.status = status({ state: 'connecting' });
    await el.updateComplete;
    el.status = status({ state: 'retrying', attempt: 2, retryDelay: 4000, retryAt: Date.now() + 4000, error: feedError('offline', 'The device is offline.', false) });
    await opened(el);
    expect(text(el, 'message')).to.equal('Waiting for the network…');
    expect(text(el, 'reason')).to.equal('You are offline');
    expect(spoken(el)).to.deep.equal({ status: 'Waiting for the network… You are offline', alert: '' });
    expectQuietPopover(el);
    await expectAccessible(el);
    el.status = status({ state: 'connecting', attempt: 2 });
    await el.updateComplete;
    expect(spoken(el), 'an attempt in progress is no news').to.deep.equal({ status: 'Waiting for the network… You are offline', alert: '' });
    el.status = status({ state: 'retrying', attempt: 3, retryDelay: 4000, retryAt: Date.now() + 4000, error: feedError('stall', 'No data for 45 s.', false, { timeout: 45_000 }) });
    await el.updateComplete;
    expect(text(el, 'message')).to.equal('Reconnecting…');
    expect(text(el, 'reason')).to.equal('No data for 45 seconds');
    expect(spoken(el)).to.deep.equal({ status: 'Reconnecting… No data for 45 seconds', alert: '' });
    await expectAccessible(el);
    el.status = status({ state: 'failed', attempt: 10, error: feedError('http', 'The server answered 503.', true, 503) });
    await el.updateComplete;
    expectQuietPopover(el);
    expect(spoken(el)).to.deep.equal({ status: '', alert: 'Connection failed. Server error (503)' });
    await expectAccessible(el);
    el.status = status({ state: 'connected' });
    await el.updateComplete;
    expect(text(el, 'message')).to.equal('Reconnected');
    expect(spoken(el)).to.deep.equal({ status: 'Reconnected', alert: '' });
    await expectAccessible(el);
    el.status = status({ state: 'paused' });
    await closed(el);
    expect(spoken(el)).to.deep.equal({ status: '', alert: '' });
    await expectAccessible(el);
    el.status = status({ state: 'closed' });
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('closed');
    expect(el.open).to.equal(false);
  });

  it('fills placeholders in message-* attributes and counts down {seconds}', async () => {
    const el = await fixture<StatusToast>(html`<status-toast
      delay="0"
      message-retrying="Try {attempt} of {max} in {seconds} s"
      message-failed="Gave up after {attempt}: {reason}"
      message-reconnected="Back after {max}"
      message-offline="Offline after {attempt}"
    ></status-toast>`);
    el.status = status({ state: 'retrying', attempt: 1, retryMaxCount: Infinity, retryDelay: 2500, retryAt: Date.now() + 2500 });
    await opened(el);
    expect(text(el, 'message')).to.equal('Try 1 of ∞ in 3 s');
    await waitUntil(() => text(el, 'message') === 'Try 1 of ∞ in 2 s', 'no countdown', { timeout: 2000 });
    el.status = status({ state: 'retrying', attempt: 2, error: feedError('offline', 'The device is offline.', false) });
    await el.updateComplete;
    expect(text(el, 'message')).to.equal('Offline after 2');
    expect(text(el, 'reason')).to.equal('You are offline');
    el.status = status({ state: 'failed', attempt: 4, error: feedError('http', 'x', true, 404) });
    await el.updateComplete;
    expect(text(el, 'message')).to.equal('Gave up after 4: Stream not found (404)');
    el.status = status({ state: 'connected', retryMaxCount: 5 });
    await el.updateComplete;
    expect(text(el, 'message')).to.equal('Back after 5');
  });

  it('never shows the engine\'s message, and renders messages as text, never as HTML', async () => {
    const attack = '<img src=x onerror="window.__xss = true">';
    const el = await fixture<StatusToast>(html`<status-toast message-failed=${`${attack} {reason}`}></status-toast>`);
    el.status = status({ state: 'failed', error: feedError('network', attack, true) });
    await opened(el);
    expect(text(el, 'message')).to.equal(`${attack} Connection lost`);
    expect(text(el, 'reason')).to.equal('Connection lost');
    expect(spoken(el).alert, 'the reason is in the message already: said once').to.equal(`${attack} Connection lost`);
    expect(region(el, 'alert')!.children.length).to.equal(0);
    el.status = status({ state: 'retrying', attempt: 1, retryDelay: 1000, retryAt: Date.now() + 1000, error: feedError('network', attack, false) });
    await el.updateComplete;
    expect(spoken(el).status).to.equal('Reconnecting… Connection lost');
    expect(el.shadowRoot!.textContent).to.not.contain(attack.slice(1));
    expect(region(el, 'status')!.children.length).to.equal(0);
    await aTimeout(50);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as { __xss?: boolean }).__xss).to.equal(undefined);
  });

  it('reflects its position and sits in that corner', async () => {
    const el = await fixture<StatusToast>(html`<status-toast></status-toast>`);
    expect(el.getAttribute('position')).to.equal('bottom-end');
    el.status = status({ state: 'failed', error: feedError('http', 'x', true, 401) });
    await opened(el);
    const positions = ['top-start', 'top-center', 'top-end', 'bottom-start', 'bottom-center', 'bottom-end'] as const;
    for (const position of positions) {
      el.position = position;
      await el.updateComplete;
      await aTimeout(300); // let the transition settle
      expect(el.getAttribute('position')).to.equal(position);
      const box = base(el).getBoundingClientRect();
      const [block, inline] = position.split('-');
      if (block === 'top') expect(box.top, position).to.be.lessThan(40);
      else expect(innerHeight - box.bottom, position).to.be.lessThan(40);
      if (inline === 'start') expect(box.left, position).to.be.lessThan(40);
      if (inline === 'end') expect(innerWidth - box.right, position).to.be.lessThan(40);
      if (inline === 'center') expect(Math.abs(box.left + box.width / 2 - innerWidth / 2), position).to.be.lessThan(2);
    }
  });
});

describe('<status-toast>: announcements through live regions that always exist', () => {
  beforeEach(defineFeed);

  it('has an empty status region before any toast, outside the popover and not display:none, and no alert', async () => {
    const el = await fixture<StatusToast>(html`<status-toast></status-toast>`);
    expect(el.open).to.equal(false);
    const live = region(el, 'status')!;
    expect(live.getRootNode(), 'in the shadow root').to.equal(el.shadowRoot);
    expect(base(el).contains(live), 'outside the popover').to.equal(false);
    expect(live.textContent).to.equal('');
    const style = getComputedStyle(live);
    expect(style.display).to.not.equal('none');
    expect(style.visibility).to.equal('visible');
    expect(live.getBoundingClientRect().width, 'visually hidden').to.be.at.most(1);
    expect(live.hasAttribute('aria-hidden')).to.equal(false);
    expect(region(el, 'alert'), 'role=alert is for the failed toast only').to.equal(null);
    expectQuietPopover(el);
    await expectAccessible(el);
  });

  it('shows role="alert" only for the failed toast: it appears with the failure and goes with it', async () => {
    const el = await fixture<StatusToast>(html`<status-toast delay="0"></status-toast>`);
    el.status = status({ state: 'retrying', attempt: 1, retryDelay: 3000, retryAt: Date.now() + 3000, error: feedError('http', 'x', false, 503) });
    await opened(el);
    expect(region(el, 'alert'), 'no alert while retrying').to.equal(null);
    el.status = status({ state: 'failed', attempt: 10, error: feedError('http', 'x', true, 503) });
    await el.updateComplete;
    const alert = region(el, 'alert')!;
    expect(alert.textContent).to.equal('Connection failed. Server error (503)');
    expect(base(el).contains(alert), 'outside the popover').to.equal(false);
    expect(alert.getBoundingClientRect().width, 'visually hidden').to.be.at.most(1);
    el.status = status({ state: 'connected' });
    await el.updateComplete;
    expect(region(el, 'alert'), 'gone once the feed is back').to.equal(null);
  });

  it('changes once per kind, never while {seconds} counts down, and puts failed in the alert region only', async function () {
    this.timeout(15_000);
    const el = await fixture<StatusToast>(html`<status-toast delay="0" duration="100000" message-retrying="Next try in {seconds} s"></status-toast>`);
    const watch = watchRegions(el);
    try {
      const retryAt = Date.now() + 3000;
      el.status = status({ state: 'retrying', attempt: 1, retryDelay: 3000, retryAt, error: feedError('http', 'The server answered 503.', false, 503) });
      await opened(el);
      const shownFirst = text(el, 'message');
      // The whole wait, never the ticking countdown.
      expect(spoken(el)).to.deep.equal({ status: 'Next try in 3 s. Server error (503)', alert: '' });
      await aTimeout(2300);
      await el.updateComplete;
      expect(text(el, 'message'), 'the visible countdown ticked').to.not.equal(shownFirst);
      expect(text(el, 'message')).to.equal('Next try in 1 s');
      // A new attempt of the same kind is no news either.
      el.status = status({ state: 'retrying', attempt: 2, retryDelay: 3000, retryAt: Date.now() + 3000, error: feedError('http', 'The server answered 503.', false, 503) });
      await el.updateComplete;
      watch.flush();
      expect(watch.changes()).to.deep.equal({ status: 1, alert: 0 });
      expect(spoken(el)).to.deep.equal({ status: 'Next try in 3 s. Server error (503)', alert: '' });

      el.status = status({ state: 'failed', attempt: 10, error: feedError('http', 'The server answered 503.', true, 503) });
      await el.updateComplete;
      watch.flush();
      expect(spoken(el)).to.deep.equal({ status: '', alert: 'Connection failed. Server error (503)' });
      expect(watch.changes()).to.deep.equal({ status: 2, alert: 1 });
      await expectAccessible(el);

      el.status = status({ state: 'connected' });
      await el.updateComplete;
      watch.flush();
      expect(spoken(el)).to.deep.equal({ status: 'Reconnected', alert: '' });
      expect(watch.changes()).to.deep.equal({ status: 3, alert: 2 });

      el.status = status({ state: 'closed' });
      await closed(el);
      watch.flush();
      expect(spoken(el)).to.deep.equal({ status: '', alert: '' });
      expect(watch.changes()).to.deep.equal({ status: 4, alert: 2 });
      expect(watch.texts).to.deep.equal({
        status: ['Next try in 3 s. Server error (503)', '', 'Reconnected', ''],
        alert: ['Connection failed. Server error (503)', ''],
      });
    } finally {
      watch.stop();
    }
  });

  it('says the same words again after the region was emptied, so a repeat is announced', async () => {
    const el = await fixture<StatusToast>(html`<status-toast></status-toast>`);
    const failed = (): FeedStatus => status({ state: 'failed', error: feedError('http', 'x', true, 401) });
    el.status = failed();
    await opened(el);
    const watch = watchRegions(el);
    try {
      el.status = status({ state: 'paused' });
      await closed(el);
      el.status = failed();
      await opened(el);
      expect(spoken(el).alert, 'empty for a moment first').to.equal('');
      await waitUntil(() => spoken(el).alert !== '', 'the repeat was never written', { timeout: 1000 });
      watch.flush();
      expect(watch.texts.alert).to.deep.equal(['', 'Connection failed. Not authorised (401)']);
      expect(watch.texts.status).to.deep.equal([]);
      await expectAccessible(el);
    } finally {
      watch.stop();
    }
  });
});

describe('<status-toast>: rendering and motion', () => {
  beforeEach(defineFeed);
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' }));

  it('does not render once per message: 10,000 messages cause no update after connected', async function () {
    this.timeout(30_000);
    const server = serverSession({ count: 10_000, firstByteDelay: 200 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url}><counting-toast></counting-toast></sse-feed>`);
    const el = feed.querySelector<CountingToast>('counting-toast')!;
    await stateOf(feed, 'connected');
    await el.updateComplete;
    const atConnected = el.updates;
    await until(() => feed.status.messages === 10_000, 20_000, '10,000 messages');
    await nextFrame();
    await el.updateComplete;
    expect(el.updates - atConnected).to.equal(0);
  });

  it('transitions in and out, and not under prefers-reduced-motion', async () => {
    const el = await fixture<StatusToast>(html`<status-toast></status-toast>`);
    expect(getComputedStyle(base(el)).transitionDuration).to.contain('0.2s');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(base(el)).transitionDuration).to.equal('0s');
    el.status = status({ state: 'failed', error: feedError('http', 'x', true, 401) });
    await opened(el);
    expect(getComputedStyle(base(el)).opacity).to.equal('1');
  });

  it('has light and dark defaults', async () => {
    const el = await fixture<StatusToast>(html`<status-toast></status-toast>`);
    el.status = status({ state: 'failed', error: feedError('http', 'x', true, 401) });
    await opened(el);
    const light = getComputedStyle(base(el)).backgroundColor;
    await emulateMedia({ colorScheme: 'dark' });
    expect(getComputedStyle(base(el)).backgroundColor).to.not.equal(light);
    await expectAccessible(el);
  });
});
