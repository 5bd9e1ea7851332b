// What <connection-indicator> and <status-toast> share as a user sees it: themes from the page, custom
// states, invalid attribute values, a whole translation, and a toast that keeps its shape through an outage.

import { aTimeout, expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { emulateMedia } from './emulate-media.js';
import '../components/connection-indicator/define.js';
import '../components/status-toast/define.js';
import '../components/sse-feed/define.js';
import { ConnectionIndicator } from '../components/connection-indicator/connection-indicator.js';
import { StatusToast } from '../components/status-toast/status-toast.js';
import { FEED_STATES, feedError, IDLE_STATUS, type FeedStatus } from '../components/core/types.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import type { FeedStrings } from '../components/shared/strings.js';
import { serverSession, stateOf } from './helpers.js';

const LIGHT_PILL = 'rgb(243, 244, 246)';
const DARK_PILL = 'rgb(31, 41, 55)';
const LIGHT_TOAST = 'rgb(255, 255, 255)';
const DARK_TOAST = 'rgb(31, 41, 55)';

function status(changes: Partial<FeedStatus>): FeedStatus {
  return { ...IDLE_STATUS, ...changes };
}

const part = (el: HTMLElement, name: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`)!;
const background = (el: HTMLElement): string => getComputedStyle(part(el, 'base')).backgroundColor;

/** Both elements inside `page` (a wrapper whose style stands for the page's), the toast open as failed. */
async function both(pageStyle: string, attributes = ''): Promise<{ indicator: ConnectionIndicator; toast: StatusToast }> {
  const root = await fixture<HTMLDivElement>(html`<div style=${pageStyle}></div>`);
  root.innerHTML = `<connection-indicator ${attributes}></connection-indicator><status-toast ${attributes}></status-toast>`;
  const indicator = root.querySelector('connection-indicator')!;
  const toast = root.querySelector('status-toast')!;
  indicator.status = status({ state: 'connected' });
  toast.status = status({ state: 'failed', error: feedError('http', 'x', true, 401) });
  await waitUntil(() => toast.open, 'the toast never opened');
  await indicator.updateComplete;
  return { indicator, toast };
}

describe('themes: light and dark from the page, the OS only when the page says nothing', () => {
  afterEach(async () => {
    document.documentElement.style.colorScheme = '';
    await emulateMedia({ colorScheme: 'light' });
  });

  it('a light page on a dark OS stays light', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { indicator, toast } = await both('color-scheme: light');
    expect(background(indicator)).to.equal(LIGHT_PILL);
    expect(background(toast)).to.equal(LIGHT_TOAST);
    await expect(indicator).to.be.accessible();
    await expect(toast).to.be.accessible();
  });

  it('a dark page on a light OS is dark', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { indicator, toast } = await both('color-scheme: dark');
    expect(background(indicator)).to.equal(DARK_PILL);
    expect(background(toast)).to.equal(DARK_TOAST);
    await expect(indicator).to.be.accessible();
    await expect(toast).to.be.accessible();
  });

  it('a page that says nothing follows the OS, both ways', async () => {
    const { indicator, toast } = await both('');
    expect(background(indicator)).to.equal(LIGHT_PILL);
    expect(background(toast)).to.equal(LIGHT_TOAST);
    await emulateMedia({ colorScheme: 'dark' });
    expect(background(indicator)).to.equal(DARK_PILL);
    expect(background(toast)).to.equal(DARK_TOAST);
    await expect(indicator).to.be.accessible();
    await expect(toast).to.be.accessible();
  });

  it('a theme switch on <html> is followed: the page said nothing, then says dark', async () => {
    const { indicator, toast } = await both('');
    expect(background(indicator)).to.equal(LIGHT_PILL);
    document.documentElement.style.colorScheme = 'dark';
    await waitUntil(() => background(indicator) === DARK_PILL, 'the indicator did not follow the page');
    expect(background(toast)).to.equal(DARK_TOAST);
  });

  it('theme="dark" and theme="light" fix the scheme, whatever page and OS say', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const light = await both('color-scheme: dark', 'theme="light"');
    expect(background(light.indicator)).to.equal(LIGHT_PILL);
    expect(background(light.toast)).to.equal(LIGHT_TOAST);
    await emulateMedia({ colorScheme: 'light' });
    const dark = await both('color-scheme: light', 'theme="dark"');
    expect(background(dark.indicator)).to.equal(DARK_PILL);
    expect(background(dark.toast)).to.equal(DARK_TOAST);
  });

  it('page CSS on the element and the --sse-* custom properties still win', async () => {
    const { indicator, toast } = await both('color-scheme: light');
    indicator.style.colorScheme = 'dark';
    toast.style.setProperty('--sse-toast-background', 'rgb(1, 2, 3)');
    expect(background(indicator)).to.equal(DARK_PILL);
    expect(background(toast)).to.equal('rgb(1, 2, 3)');
  });

  it('uses the system sans-serif where the page has no font, and the page font where it has one', async () => {
    const plain = await both('');
    expect(getComputedStyle(part(plain.indicator, 'base')).fontFamily).to.equal('system-ui, sans-serif');
    const styled = await both('font-family: Georgia, serif');
    expect(getComputedStyle(part(styled.indicator, 'base')).fontFamily).to.equal('Georgia, serif');
    expect(getComputedStyle(part(styled.toast, 'base')).fontFamily).to.equal('Georgia, serif');
  });
});

describe('custom states beside the state attribute', () => {
  it('matches :state() for every feed state, and :state(stale) while connected but stale', async () => {
    const { indicator, toast } = await both('');
    for (const state of FEED_STATES) {
      for (const el of [indicator, toast]) {
        el.status = status({ state });
        await el.updateComplete;
        expect(el.matches(`:state(${state})`), `${el.localName} :state(${state})`).to.equal(true);
        expect(FEED_STATES.filter((other) => el.matches(`:state(${other})`)), 'one state at a time').to.deep.equal([state]);
        expect(el.getAttribute('state')).to.equal(state);
      }
    }
    indicator.status = status({ state: 'connected', stale: true, lastMessageAt: Date.now() - 3000 });
    await indicator.updateComplete;
    expect(indicator.matches(':state(connected):state(stale)')).to.equal(true);
    indicator.status = status({ state: 'connected' });
    await indicator.updateComplete;
    expect(indicator.matches(':state(stale)')).to.equal(false);
  });

  it('page CSS can style a state: connection-indicator:state(failed)', async () => {
    const style = document.createElement('style');
    style.textContent = 'connection-indicator:state(failed) { --sse-indicator-failed-color: rgb(9, 8, 7); }';
    document.head.append(style);
    try {
      const el = await fixture<ConnectionIndicator>(html`<connection-indicator></connection-indicator>`);
      el.status = status({ state: 'failed', error: feedError('http', 'x', true, 500) });
      await el.updateComplete;
      expect(getComputedStyle(part(el, 'dot')).backgroundColor).to.equal('rgb(9, 8, 7)');
    } finally {
      style.remove();
    }
  });
});

describe('invalid attribute values: one warning naming the accepted values, and the documented default', () => {
  let lines: string[];
  const original = console.warn;
  beforeEach(() => {
    lines = [];
    console.warn = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  });
  afterEach(() => (console.warn = original));

  it('position="middle", delay="abc", duration="", theme="blue": each said once, and the defaults used', async () => {
    const el = await fixture<StatusToast>(html`<status-toast position="middle" delay="abc" duration="" theme="blue"></status-toast>`);
    el.status = status({ state: 'failed', error: feedError('http', 'x', true, 401) });
    await waitUntil(() => el.open, 'the toast never opened');
    await aTimeout(300);
    const box = part(el, 'base').getBoundingClientRect();
    expect(innerHeight - box.bottom, 'bottom-end: at the bottom').to.be.lessThan(40);
    expect(innerWidth - box.right, 'bottom-end: at the end').to.be.lessThan(40);
    el.status = status({ state: 'connected' });
    await el.updateComplete;
    el.status = status({ state: 'retrying', attempt: 1, retryDelay: 5000, retryAt: Date.now() + 5000, error: feedError('http', 'x', false, 503) });
    await el.updateComplete;
    expect(el.open, 'delay is 1000, not NaN or 0: a new outage waits').to.equal(false);
    expect(lines.sort()).to.deep.equal([
      '<status-toast> delay=NaN is not valid: it accepts a number from 0 up, or Infinity. Using 1000.',
      '<status-toast> duration=NaN is not valid: it accepts a number from 0 up, or Infinity. Using 3000.',
      '<status-toast> position="middle" is not valid: it accepts "top-start", "top-center", "top-end", "bottom-start", "bottom-center", "bottom-end". Using "bottom-end".',
      '<status-toast> theme="blue" is not valid: it accepts "auto", "light", "dark". Using "auto".',
    ]);
  });

  it('duration="-5" is out of range: the default 3000 ms of "Reconnected"', async () => {
    const el = await fixture<StatusToast>(html`<status-toast duration="-5"></status-toast>`);
    el.status = status({ state: 'failed', error: feedError('http', 'x', true, 401) });
    await waitUntil(() => el.open, 'the toast never opened');
    el.status = status({ state: 'connected' });
    await aTimeout(300);
    expect(el.open, 'not closed at once by a negative duration').to.equal(true);
    expect(lines).to.deep.equal(['<status-toast> duration=-5 is not valid: it accepts a number from 0 up, or Infinity. Using 3000.']);
  });

  it('theme="sepia" on the indicator: one warning, the page decides', async () => {
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator theme="sepia"></connection-indicator>`);
    el.status = status({ state: 'connected' });
    await el.updateComplete;
    expect(background(el)).to.equal(LIGHT_PILL);
    expect(lines).to.deep.equal(['<connection-indicator> theme="sepia" is not valid: it accepts "auto", "light", "dark". Using "auto".']);
  });

  it('valid values say nothing', async () => {
    const el = await fixture<StatusToast>(html`<status-toast position="top-center" delay="0" duration="500" theme="dark"></status-toast>`);
    el.status = status({ state: 'failed', error: feedError('http', 'x', true, 401) });
    await waitUntil(() => el.open, 'the toast never opened');
    expect(lines).to.deep.equal([]);
  });
});

/** The Translating guide's French table, as the guide shows it (so the example there is the one that works). */
async function guideFrench(): Promise<Partial<FeedStrings>> {
  const guide = await (await fetch('/stories/guides/translating.mdx')).text();
  const block = /\{\/\* strings-fr \*\/\}\s*```js\n([^]*?)```/.exec(guide)?.[1];
  if (!block) throw new Error('stories/guides/translating.mdx has no {/* strings-fr */} block');
  const literal = /ConnectionIndicator\.strings = (\{[^]*?\n\});/.exec(block)?.[1];
  if (!literal) throw new Error('the guide block does not assign ConnectionIndicator.strings');
  return new Function(`return ${literal}`)() as Partial<FeedStrings>;
}

describe('translating every word at once', () => {
  afterEach(() => (ConnectionIndicator.strings = null));

  it('the French table of the Translating guide translates both elements, with French plural forms', async () => {
    const french = await guideFrench();
    const root = await fixture<HTMLDivElement>(html`<div lang="fr"><connection-indicator></connection-indicator><status-toast delay="0"></status-toast></div>`);
    const indicator = root.querySelector('connection-indicator')!;
    const toast = root.querySelector('status-toast')!;
    indicator.status = status({ state: 'retrying', attempt: 2, retryDelay: 1000, retryAt: Date.now() + 900, error: feedError('http', 'x', false, 503) });
    toast.status = indicator.status;
    await waitUntil(() => toast.open, 'the toast never opened');
    ConnectionIndicator.strings = french; // the page's words change: both re-render
    await indicator.updateComplete;
    await toast.updateComplete;
    // French says "1 seconde" and "0 seconde": one is the form for 0 and 1 in French (Intl.PluralRules).
    expect(part(indicator, 'label').textContent).to.equal('Reconnexion dans 1 seconde, tentative 2 sur 10');
    expect(part(indicator, 'announcement').textContent).to.equal('Reconnexion, tentative 2 sur 10');
    expect(part(toast, 'message').textContent).to.equal('Reconnexion…');
    expect(part(toast, 'reason').textContent).to.equal('Erreur du serveur (503)');
    indicator.status = status({ state: 'failed', error: feedError('http', 'x', true, 401) });
    toast.status = indicator.status;
    await indicator.updateComplete;
    await toast.updateComplete;
    expect(part(indicator, 'label').textContent).to.equal('Échec de la connexion : Accès non autorisé (401)');
    expect(part(toast, 'action').textContent!.trim()).to.equal('Réessayer');
    expect(part(toast, 'close').getAttribute('aria-label')).to.equal('Fermer');
    indicator.status = status({ state: 'connected', stale: true, lastMessageAt: Date.now() - 5500 });
    await indicator.updateComplete;
    expect(part(indicator, 'label').textContent).to.equal('Aucune donnée depuis 5 secondes');
    expect(StatusToast.strings, 'one table for both elements').to.equal(ConnectionIndicator.strings);
    await expect(toast).to.be.accessible();
  });

  it('an element\'s own strings and its label-* attributes take precedence over the page\'s', async () => {
    StatusToast.strings = { connected: 'Live', retry: 'Again' };
    const el = await fixture<ConnectionIndicator>(html`<connection-indicator label-closed="Done"></connection-indicator>`);
    el.status = status({ state: 'connected' });
    await el.updateComplete;
    expect(part(el, 'label').textContent).to.equal('Live');
    el.strings = { connected: 'On air' };
    await el.updateComplete;
    expect(part(el, 'label').textContent).to.equal('On air');
    el.status = status({ state: 'closed' });
    await el.updateComplete;
    expect(part(el, 'label').textContent).to.equal('Done');
    el.status = status({ state: 'idle' });
    await el.updateComplete;
    expect(part(el, 'label').textContent, 'keys not given stay English').to.equal('Not connected');
  });
});

describe('<status-toast> through a 5-attempt outage', () => {
  it('keeps one title, one width and the real reason, attempts in progress included', async function () {
    this.timeout(20_000);
    const server = serverSession(...Array.from({ length: 5 }, () => ({ status: 503, firstByteDelay: 150 })), { count: 1 });
    const feed = await fixture<SseFeed>(html`<sse-feed src=${server.url} retry-interval="300" retry-scaler="1" retry-jitter="0"
      ><status-toast delay="0" duration="100000"></status-toast
    ></sse-feed>`);
    const toast = feed.querySelector('status-toast')!;
    const seen: { state: string; attempt: number; title: string; reason: string; width: number; height: number }[] = [];
    // Measured a frame after each change of the feed, as the toast then shows it.
    feed.addEventListener('sse-state', async () => {
      await nextFrame();
      await toast.updateComplete;
      if (!toast.open) return;
      const box = part(toast, 'base').getBoundingClientRect();
      seen.push({
        state: toast.getAttribute('state')!,
        attempt: feed.status.attempt,
        title: part(toast, 'message').textContent!,
        reason: part(toast, 'reason')?.textContent ?? '',
        width: Math.round(box.width),
        height: Math.round(box.height),
      });
    });
    await stateOf(feed, 'connected', 15_000);
    await waitUntil(() => seen.at(-1)?.state === 'connected', 'the reconnected toast was never measured');
    const outage = seen.filter((entry) => entry.state !== 'connected');
    expect([...new Set(outage.filter((entry) => entry.state === 'retrying').map((entry) => entry.attempt))]).to.deep.equal([1, 2, 3, 4, 5]);
    expect(outage.filter((entry) => entry.state === 'connecting').length, 'attempts in progress measured too').to.be.at.least(4);
    expect([...new Set(outage.map((entry) => entry.title))]).to.deep.equal(['Reconnecting…']);
    expect([...new Set(outage.map((entry) => entry.reason))]).to.deep.equal(['Server error (503)']);
    expect([...new Set(outage.map((entry) => entry.width))].length, `widths ${outage.map((entry) => entry.width)}`).to.equal(1);
    expect([...new Set(outage.map((entry) => entry.height))].length, `heights ${outage.map((entry) => entry.height)}`).to.equal(1);
    const back = seen.at(-1)!;
    expect(back.title).to.equal('Reconnected');
    expect(back.width, 'the same width when it says Reconnected').to.equal(outage[0].width);
  });
});
