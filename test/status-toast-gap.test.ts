// <status-toast gaps>: the missed-updates notice, on a real <sse-feed> on which each test dispatches sse-gap as the
// contract shapes it (the feed dispatches it itself when a resume reports lost history).

import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import '../components/sse-feed/define.js';
import '../components/status-toast/define.js';
import { StatusToast, type ToastActionDetail, type ToastGap, type ToastHideDetail, type ToastKind } from '../components/status-toast/status-toast.js';
import type { FeedStrings } from '../components/shared/strings.js';
import { emulateMedia } from './emulate-media.js';
import { serverSession, stateOf } from './helpers.js';
import { sleep, track } from './sse-feed-helpers.js';

/** The gap a Mercure hub reports when the id asked for is gone. */
const EARLIEST: ToastGap = { requested: '41', resumedFrom: 'earliest', reason: 'header' };

/** Dispatches `sse-gap` on `feed` as the contract says the feed does: bubbling, composed, with this detail. */
function gap(feed: HTMLElement, detail: ToastGap = EARLIEST): void {
  feed.dispatchEvent(new CustomEvent('sse-gap', { detail, bubbles: true, composed: true }));
}

const part = (el: StatusToast, name: string): HTMLElement | null => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
const text = (el: StatusToast, name: string): string => part(el, name)?.textContent?.trim() ?? '';
const button = (el: StatusToast, name: 'action' | 'close'): HTMLButtonElement => part(el, name) as HTMLButtonElement;

/** What the live regions say: the status one always exists, the alert one only for a failure. */
function spoken(el: StatusToast): { status: string; alert: string | null } {
  return {
    status: el.shadowRoot!.querySelector('[role="status"]')?.textContent ?? '',
    alert: el.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? null,
  };
}

async function opened(el: StatusToast): Promise<void> {
  await waitUntil(() => el.open, 'the toast never opened', { timeout: 10_000 });
  await el.updateComplete;
  expect(part(el, 'base')!.matches(':popover-open'), 'shown in the top layer').to.equal(true);
}

async function closed(el: StatusToast): Promise<void> {
  await waitUntil(() => !el.open, 'the toast never closed', { timeout: 10_000 });
  await el.updateComplete;
  expect(part(el, 'base')!.matches(':popover-open')).to.equal(false);
}

/** The axe checks once the enter or leave transition is over (mid-fade, text is a blend no person reads). */
async function expectAccessible(el: StatusToast): Promise<void> {
  await el.updateComplete;
  const transitions = el.shadowRoot!.getAnimations().filter((animation) => animation instanceof CSSTransition);
  await Promise.all(transitions.map((transition) => transition.finished.catch(() => undefined)));
  await expect(el).to.be.accessible();
}

/** Every toast-show kind, toast-hide detail and toast-action detail, in order. */
function record(el: HTMLElement): { shows: ToastKind[]; hides: ToastHideDetail[]; actions: ToastActionDetail[] } {
  const log = { shows: [] as ToastKind[], hides: [] as ToastHideDetail[], actions: [] as ToastActionDetail[] };
  el.addEventListener('toast-show', (event) => log.shows.push(event.detail.kind));
  el.addEventListener('toast-hide', (event) => log.hides.push(event.detail));
  el.addEventListener('toast-action', (event) => log.actions.push(event.detail));
  return log;
}

/** An idle feed (no src: no request) with a toast inside, the toast's attributes given as markup. */
async function idleFeed(toast = html`<status-toast gaps></status-toast>`): Promise<{ feed: SseFeed; el: StatusToast }> {
  const feed = await fixture<SseFeed>(html`<sse-feed>${toast}</sse-feed>`);
  const el = feed.querySelector('status-toast')!;
  await el.updateComplete;
  return { feed, el };
}

/** The Translating guide's French table, as the guide shows it. */
async function guideFrench(): Promise<Partial<FeedStrings>> {
  const guide = await (await fetch('/stories/guides/translating.mdx')).text();
  const literal = /\{\/\* strings-fr \*\/\}\s*```js\n[^]*?ConnectionIndicator\.strings = (\{[^]*?\n\});/.exec(guide)?.[1];
  if (!literal) throw new Error('stories/guides/translating.mdx has no {/* strings-fr */} block assigning ConnectionIndicator.strings');
  return new Function(`return ${literal}`)() as Partial<FeedStrings>;
}

describe('<status-toast>: missed updates are off unless asked for', () => {
  it('shows nothing for sse-gap without `gaps`', async () => {
    const { feed, el } = await idleFeed(html`<status-toast></status-toast>`);
    const log = record(el);
    expect(el.gaps).to.equal(false);
    gap(feed);
    await aTimeout(300);
    await el.updateComplete;
    expect(el.open).to.equal(false);
    expect(log.shows).to.deep.equal([]);
    expect(spoken(el)).to.deep.equal({ status: '', alert: null });
  });

  it('turning `gaps` on later shows no gap from before; turning it off hides the notice', async () => {
    const { feed, el } = await idleFeed(html`<status-toast></status-toast>`);
    gap(feed);
    el.gaps = true;
    await el.updateComplete;
    await aTimeout(100);
    expect(el.open, 'a gap from before gaps was on').to.equal(false);
    gap(feed);
    await opened(el);
    el.gaps = false;
    await closed(el);
  });
});

describe('<status-toast gaps>: the notice', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' }));

  it('opens on sse-gap as a polite status with a Refresh button, and never takes focus', async () => {
    const before = await fixture<HTMLButtonElement>(html`<button>Elsewhere</button>`);
    before.focus();
    const { feed, el } = await idleFeed();
    const log = record(el);
    const shown = oneEvent(el, 'toast-show');
    gap(feed);
    expect((await shown).detail.kind).to.equal('gap');
    await opened(el);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(text(el, 'message')).to.equal('Some updates were missed');
    expect(text(el, 'reason')).to.equal('What you see may be out of date');
    expect(text(el, 'action')).to.equal('Refresh');
    expect(button(el, 'close').getAttribute('aria-label')).to.equal('Dismiss');
    expect(spoken(el), 'a status, not an alert').to.deep.equal({ status: 'Some updates were missed. What you see may be out of date', alert: null });
    const popover = part(el, 'base')!;
    expect(popover.getAttribute('role')).to.equal('group');
    expect(el.shadowRoot!.getElementById(popover.getAttribute('aria-labelledby')!)).to.equal(part(el, 'message'));
    expect(el.shadowRoot!.getElementById(popover.getAttribute('aria-describedby')!)).to.equal(part(el, 'reason'));
    expect(document.activeElement, 'the toast never takes focus').to.equal(before);
    await aTimeout(3500);
    expect(el.open, 'it does not time out like "Reconnected"').to.equal(true);
    expect(log.shows).to.deep.equal(['gap']);
    await expectAccessible(el);
    await emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(el);
  });

  it('takes the words of message-gap and action-gap, and of the strings', async () => {
    const { feed, el } = await idleFeed(html`<status-toast gaps message-gap="Prices may be stale" action-gap="Reload prices"></status-toast>`);
    gap(feed);
    await opened(el);
    expect(text(el, 'message')).to.equal('Prices may be stale');
    expect(text(el, 'action')).to.equal('Reload prices');
    el.messageGap = '';
    el.actionGap = '';
    el.strings = { toastGap: 'Missed', reasonGap: 'Old', refresh: 'Again' };
    await el.updateComplete;
    expect([text(el, 'message'), text(el, 'reason'), text(el, 'action')]).to.deep.equal(['Missed', 'Old', 'Again']);
  });

  it('speaks the Translating guide\'s French', async () => {
    const french = await guideFrench();
    for (const key of ['toastGap', 'reasonGap', 'refresh'] as const) expect(french[key], `the guide translates ${key}`).to.be.a('string');
    const root = await fixture<HTMLDivElement>(html`<div lang="fr"><sse-feed><status-toast gaps></status-toast></sse-feed></div>`);
    const el = root.querySelector('status-toast')!;
    StatusToast.strings = french;
    try {
      gap(root.querySelector('sse-feed')!);
      await opened(el);
      expect(text(el, 'message')).to.equal(french.toastGap);
      expect(text(el, 'reason')).to.equal(french.reasonGap);
      expect(text(el, 'action')).to.equal(french.refresh);
      expect(button(el, 'close').getAttribute('aria-label')).to.equal('Fermer');
      expect(spoken(el).status).to.equal(`${String(french.toastGap)}. ${String(french.reasonGap)}`);
      await expectAccessible(el);
    } finally {
      StatusToast.strings = null;
    }
  });

  it('does not move under prefers-reduced-motion', async () => {
    // The element first: WebKitGTK applies a media change to the style sheets in use when it happens (emulate-media.ts).
    const { feed, el } = await idleFeed();
    await emulateMedia({ reducedMotion: 'reduce' });
    gap(feed);
    await opened(el);
    expect(getComputedStyle(part(el, 'base')!).transitionDuration).to.equal('0s');
    expect(getComputedStyle(part(el, 'base')!).opacity).to.equal('1');
  });

  it('listens to the for= feed, and not to a feed nested in the one it follows', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>
      <sse-feed id="prices"><sse-feed id="inner"></sse-feed></sse-feed>
      <status-toast gaps for="prices"></status-toast>
    </div>`);
    const el = root.querySelector('status-toast')!;
    await el.updateComplete;
    gap(root.querySelector('#inner')!);
    await aTimeout(200);
    expect(el.open, 'a nested feed\'s gap bubbles through the followed one').to.equal(false);
    gap(root.querySelector('#prices')!);
    await opened(el);
  });
});

describe('<status-toast gaps>: the Refresh button', () => {
  it('dispatches a cancelable toast-action; preventDefault() keeps the page, and the notice closes', async () => {
    const { feed, el } = await idleFeed();
    const log = record(el);
    const detail: ToastGap = { requested: '7', resumedFrom: null, reason: 'event' };
    gap(feed, detail);
    await opened(el);
    let event: Event | null = null;
    document.addEventListener(
      'toast-action',
      (action) => {
        event = action;
        action.preventDefault();
      },
      { once: true },
    );
    button(el, 'action').click();
    expect(event, 'toast-action reaches the document').to.not.equal(null);
    const action = event! as CustomEvent<ToastActionDetail>;
    expect([action.bubbles, action.composed, action.cancelable]).to.deep.equal([true, true, true]);
    expect(action.detail).to.deep.equal({ kind: 'gap', gap: detail });
    await closed(el);
    expect(log.hides).to.deep.equal([{ kind: 'gap', reason: 'action' }]);
    expect(spoken(el).status, 'emptied when it closes').to.equal('');
    // The page's own re-fetch answered it: the next gap is news again.
    gap(feed);
    await opened(el);
    expect(log.shows).to.deep.equal(['gap', 'gap']);
  });

  it('works from the keyboard: Tab reaches Refresh and the close button, Enter presses them', async () => {
    const before = await fixture<HTMLButtonElement>(html`<button>Before</button>`);
    const { feed, el } = await idleFeed();
    const log = record(el);
    el.addEventListener('toast-action', (event) => event.preventDefault());
    gap(feed);
    await opened(el);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement, 'Tab reaches the Refresh button').to.equal(part(el, 'action'));
    await sendKeys({ press: 'Enter' });
    await closed(el);
    expect(log.actions.map((action) => action.kind)).to.deep.equal(['gap']);

    gap(feed);
    await opened(el);
    before.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement, 'then the close button').to.equal(part(el, 'close'));
    await sendKeys({ press: 'Enter' });
    await closed(el);
    expect(log.hides.map((hide) => hide.reason)).to.deep.equal(['action', 'dismiss']);
  });

  it('reloads the page unless the page prevents it', async function () {
    this.timeout(20_000);
    // A page of its own (a reload here would end the test run): loads in an iframe, a mark on its window.
    const frame = track(document.createElement('iframe'));
    frame.srcdoc = `<!doctype html><html lang="en"><title>page</title>
      <script type="module">import '/components/sse-feed/define.ts'; import '/components/status-toast/define.ts';</script>
      <sse-feed><status-toast gaps></status-toast></sse-feed>`;
    const loaded = (): Promise<void> => new Promise((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
    const firstLoad = loaded();
    document.body.append(frame);
    await firstLoad;
    const page = (): { window: Window & { mark?: string }; toast: StatusToast } => {
      const window = frame.contentWindow as Window & { mark?: string };
      return { window, toast: window.document.querySelector('status-toast') as StatusToast };
    };
    const ready = async (): Promise<StatusToast> => {
      await waitUntil(() => page().window.customElements.get('status-toast') && page().toast.shadowRoot, 'the page never defined its toast', { timeout: 10_000 });
      const toast = page().toast;
      await toast.updateComplete;
      return toast;
    };
    let toast = await ready();
    page().window.mark = 'first load';
    const openIn = async (): Promise<void> => {
      gap(page().window.document.querySelector('sse-feed')!);
      await waitUntil(() => toast.open, 'the page\'s toast never opened', { timeout: 10_000 });
      await toast.updateComplete;
    };

    await openIn();
    toast.addEventListener('toast-action', (event) => event.preventDefault(), { once: true });
    button(toast, 'action').click();
    await sleep(500);
    expect(page().window.mark, 'prevented: no reload').to.equal('first load');

    await openIn();
    const reloaded = loaded();
    button(toast, 'action').click();
    await reloaded;
    expect(page().window.mark, 'the page loaded again').to.equal(undefined);
    toast = await ready();
    expect(toast.open, 'a fresh page shows no notice').to.equal(false);
  });
});

describe('<status-toast gaps>: dismissing', () => {
  it('closes with the close button and with Escape; the next gap shows it again', async () => {
    const { feed, el } = await idleFeed();
    const log = record(el);
    gap(feed);
    await opened(el);
    button(el, 'close').click();
    await closed(el);
    await aTimeout(200);
    expect(el.open, 'a dismissed notice stays hidden').to.equal(false);

    gap(feed);
    await opened(el);
    button(el, 'action').focus();
    await sendKeys({ press: 'Escape' });
    await closed(el);
    expect(log.hides).to.deep.equal([
      { kind: 'gap', reason: 'dismiss' },
      { kind: 'gap', reason: 'dismiss' },
    ]);
    expect(log.actions, 'dismissing is no action').to.deep.equal([]);
  });

  it('Escape a page handled itself does not dismiss it', async () => {
    const { feed, el } = await idleFeed();
    gap(feed);
    await opened(el);
    const handled = (event: KeyboardEvent): void => event.preventDefault();
    window.addEventListener('keydown', handled, { capture: true });
    try {
      await sendKeys({ press: 'Escape' });
      await aTimeout(100);
      expect(el.open).to.equal(true);
    } finally {
      window.removeEventListener('keydown', handled, { capture: true });
    }
  });
});

describe('<status-toast gaps>: beside an outage, on a real stream', () => {
  it('waits behind "Reconnecting…" and takes the place of "Reconnected"', async function () {
    this.timeout(20_000);
    const server = serverSession({ status: 503 }, { status: 503 }, { count: 1, end: 'hold' });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url} retry-interval="1000" retry-jitter="0"
      ><status-toast gaps delay="0" duration="60000"></status-toast
    ></sse-feed>`);
    const el = feed.querySelector('status-toast')!;
    const log = record(el);
    await stateOf(feed, 'retrying');
    await opened(el);
    expect(text(el, 'message')).to.equal('Reconnecting…');
    gap(feed); // a gap reported during an outage the person was told of
    await el.updateComplete;
    expect(text(el, 'message'), 'the outage speaks first').to.equal('Reconnecting…');

    await stateOf(feed, 'connected');
    await el.updateComplete;
    expect(text(el, 'message'), 'instead of "Reconnected"').to.equal('Some updates were missed');
    expect(spoken(el).status).to.equal('Some updates were missed. What you see may be out of date');
    expect(log.shows, 'one toast, updated in place').to.deep.equal(['retrying']);
    await expectAccessible(el);

    // Dismissing the notice dismisses the "Reconnected" under it too.
    button(el, 'close').click();
    await closed(el);
    await aTimeout(200);
    expect(el.open).to.equal(false);
    expect(log.hides).to.deep.equal([{ kind: 'gap', reason: 'dismiss' }]);
    feed.close();
  });

  it('shows a gap reported when the stream comes back after a blip too short for a toast', async () => {
    const server = serverSession({ status: 503 }, { count: 1, end: 'hold' });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url} retry-interval="200" retry-jitter="0"
      ><status-toast gaps delay="5000"></status-toast
    ></sse-feed>`);
    const el = feed.querySelector('status-toast')!;
    const log = record(el);
    await stateOf(feed, 'retrying');
    await stateOf(feed, 'connected');
    await el.updateComplete;
    expect(el.open, 'a blip shows nothing').to.equal(false);
    gap(feed);
    await opened(el);
    expect(text(el, 'message')).to.equal('Some updates were missed');
    expect(log.shows).to.deep.equal(['gap']);
    feed.close();
    await aTimeout(100);
    expect(el.open, 'the notice outlives the stream: the page is still out of date').to.equal(true);
  });

  it('forgets the gap when it leaves the document', async () => {
    const { feed, el } = await idleFeed();
    gap(feed);
    await opened(el);
    el.remove();
    feed.append(el);
    await el.updateComplete;
    await aTimeout(100);
    expect(el.open).to.equal(false);
  });
});
