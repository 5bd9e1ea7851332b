// <status-toast>: a button that stays is the same node through every update, so keyboard focus never drops.
//
// Driven by a status set in code: what is tested is the toast's own rendering (countdown ticks, new words, a
// change of topic), not a stream.

import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { feedError, IDLE_STATUS, type FeedStatus } from '../components/core/types.js';
import '../components/status-toast/define.js';
import type { StatusToast } from '../components/status-toast/status-toast.js';

const part = (el: StatusToast, name: string): HTMLElement | null => el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
const text = (el: StatusToast, name: string): string => part(el, name)?.textContent ?? '';
const status = (changes: Partial<FeedStatus>): FeedStatus => ({ ...IDLE_STATUS, ...changes });
const failed = (code: number): FeedStatus => status({ state: 'failed', attempt: 10, error: feedError('http', 'x', true, code) });

async function opened(el: StatusToast): Promise<void> {
  await waitUntil(() => el.open, 'the toast never opened', { timeout: 10_000 });
  await el.updateComplete;
}

/** Tab from a button before the toast until `name` has focus; fails if it never does. */
async function tabTo(el: StatusToast, name: string): Promise<HTMLElement> {
  const target = part(el, name)!;
  for (let presses = 0; presses < 3 && el.shadowRoot!.activeElement !== target; presses++) await sendKeys({ press: 'Tab' });
  expect(el.shadowRoot!.activeElement, `Tab reaches ${name}`).to.equal(target);
  return target;
}

/** `button` is still in the toast, is what the part names, and has focus. */
function expectFocused(el: StatusToast, name: string, button: HTMLElement, when: string): void {
  expect(part(el, name), `${when}: the same ${name} button`).to.equal(button);
  expect(el.shadowRoot!.activeElement, `${when}: focus stays on ${name}`).to.equal(button);
}

describe('<status-toast>: focus stays on a button that stays', () => {
  let before: HTMLButtonElement;
  beforeEach(async () => {
    before = await fixture<HTMLButtonElement>(html`<button>Before</button>`);
    before.focus();
  });

  it('keeps Retry focused through a new reason, a new label and a new title', async () => {
    const el = await fixture<StatusToast>(html`<status-toast delay="0" duration="100000"></status-toast>`);
    const statusRegion = el.shadowRoot!.querySelector('[role="status"]');
    el.status = failed(503);
    await opened(el);
    const retry = await tabTo(el, 'action');
    expect(retry.textContent).to.equal('Retry');

    el.status = failed(401);
    await el.updateComplete;
    expect(text(el, 'reason')).to.equal('Not authorised (401)');
    expectFocused(el, 'action', retry, 'a new reason');

    el.actionLabel = 'Try again';
    el.messageFailed = 'Gave up: {reason}';
    await el.updateComplete;
    expect(retry.textContent).to.equal('Try again');
    expect(text(el, 'message')).to.equal('Gave up: Not authorised (401)');
    expectFocused(el, 'action', retry, 'a new label and title');
    expect(el.shadowRoot!.querySelector('[role="status"]'), 'the status region is never replaced').to.equal(statusRegion);
  });

  it('keeps the close button focused through countdown ticks, attempts and every change of topic', async () => {
    const el = await fixture<StatusToast>(html`<status-toast delay="0" duration="100000" message-retrying="Retrying in {seconds} s"></status-toast>`);
    el.status = status({ state: 'retrying', attempt: 1, retryDelay: 2500, retryAt: Date.now() + 2500, error: feedError('http', 'x', false, 503) });
    await opened(el);
    const close = await tabTo(el, 'close');
    const icon = part(el, 'icon');
    const first = text(el, 'message');
    await waitUntil(() => text(el, 'message') !== first, 'the countdown never ticked', { timeout: 3000 });
    expectFocused(el, 'close', close, 'a countdown tick');

    el.status = status({ state: 'connecting', attempt: 2 });
    await el.updateComplete;
    el.status = status({ state: 'retrying', attempt: 2, retryDelay: 4000, retryAt: Date.now() + 4000, error: feedError('offline', 'x', false) });
    await el.updateComplete;
    expect(text(el, 'message')).to.equal('Waiting for the network…');
    expect(part(el, 'icon'), 'the icon is redrawn in place').to.equal(icon);
    expectFocused(el, 'close', close, 'offline');

    el.status = failed(503);
    await el.updateComplete;
    expect(part(el, 'action'), 'failed adds Retry').to.not.equal(null);
    expectFocused(el, 'close', close, 'failed');

    el.status = status({ state: 'connected' });
    await el.updateComplete;
    expect(text(el, 'message')).to.equal('Reconnected');
    expect(part(el, 'action'), 'Retry goes with the failure').to.equal(null);
    expectFocused(el, 'close', close, 'reconnected');
    before.focus();
  });
});
