// <status-toast> in every state, driven through its `status` property: no server needed.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../components/index.js';
import type { FeedState } from '../components/core/types.js';
import { applyArgs } from './support/apply-args.js';
import { GERMAN, statusArgTypes, statusFor } from './support/status-fixtures.js';

type Args = Record<string, unknown> & { feedState: FeedState; retryInSeconds: number };

const POSITIONS = ['top-start', 'top-center', 'top-end', 'bottom-start', 'bottom-center', 'bottom-end'] as const;
const QUIET: readonly FeedState[] = ['idle', 'connecting', 'connected', 'paused', 'closed'];

/** One toast reacting to `feedState`; every other arg is applied as the manifest names it. */
function toast({ feedState, retryInSeconds, ...rest }: Args): HTMLElementTagNameMap['status-toast'] {
  const element = applyArgs(document.createElement('status-toast'), rest);
  element.status = statusFor(feedState, { retryInSeconds });
  return element;
}

/** The toast only speaks in some states; the others get a caption so the story is not a blank page. */
function withCaption(args: Args): TemplateResult {
  const quiet = QUIET.includes(args.feedState);
  return html`<p style="font: 14px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 1rem">
      ${quiet
        ? `In state "${args.feedState}" the toast stays closed: there is nothing to tell the user.`
        : `State "${args.feedState}": the toast sits in the top layer at position "${String(args.position ?? 'bottom-end')}".`}
    </p>
    ${toast(args)}`;
}

const meta: Meta<Args> = {
  title: 'Elements/status-toast',
  component: 'status-toast',
  tags: ['autodocs'],
  // delay 0: the stories set a retrying status once, so the toast should not wait for a longer outage.
  args: { feedState: 'retrying', retryInSeconds: 30, delay: 0 },
  argTypes: {
    ...statusArgTypes,
    position: { control: 'select', options: [...POSITIONS] },
  },
  render: (args) => withCaption(args),
  parameters: {
    layout: 'fullscreen',
    // Each story in its own frame on the docs page: a toast opens in its preview's top layer, not over the page's text.
    docs: { story: { inline: false, height: '200px' } },
  },
};
export default meta;

type Story = StoryObj<Args>;

// The states that open a toast come first: the first story is the one a docs page shows at the top.

/** Opens once the feed has retried for `delay` ms (0 here); a `message-retrying` with `{seconds}` counts down. */
export const Retrying: Story = { args: { feedState: 'retrying', 'message-retrying': 'Reconnecting in {seconds} s…' } };
/** Stays open as a `role="alert"` with a retry button (`part="action"`) that calls the feed's `reconnect()`. */
export const Failed: Story = { args: { feedState: 'failed' } };

/** Retrying, then connected again: "Reconnected" shows for `duration` ms (long here, so it can be looked at). */
export const Reconnected: Story = {
  args: { duration: 600_000 },
  render: (args) => {
    const element = toast({ ...args, feedState: 'retrying' });
    setTimeout(() => (element.status = statusFor('connected')), 300);
    return html`<p style="font: 14px/1.5 system-ui, sans-serif; margin: 1rem">Retrying, then connected 300 ms later.</p>
      ${element}`;
  },
};

/**
 * `gaps`: updates were missed. An idle `<sse-feed>` here dispatches `sse-gap` as a feed does when a server no longer
 * held the events after the id it resumed from (`Last-Event-ID: earliest`). The notice stays until the person presses
 * Refresh or dismisses it. Refresh dispatches a cancelable `toast-action`; this page answers it (`preventDefault()`,
 * then it would re-fetch its data), so the story does not reload.
 */
export const MissedUpdates: Story = {
  name: 'Missed updates (gaps)',
  args: { gaps: true },
  render: ({ feedState: _state, retryInSeconds: _seconds, ...rest }) => {
    const element = applyArgs(document.createElement('status-toast'), rest);
    const said = document.createElement('output');
    element.addEventListener('toast-action', (event) => {
      event.preventDefault();
      said.textContent = `toast-action ${JSON.stringify(event.detail)}: the page re-fetches its data here.`;
    });
    // Once the toast has found its feed (its first update), the feed reports a gap, as after a resume.
    void element.updateComplete.then(() =>
      element.closest('sse-feed')?.dispatchEvent(
        new CustomEvent('sse-gap', { detail: { requested: '41', resumedFrom: 'earliest', reason: 'header' }, bubbles: true, composed: true }),
      ),
    );
    return html`<p style="font: 14px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 1rem">
        The feed resumed, but the server no longer held what was sent meanwhile: updates were missed.<br />${said}
      </p>
      <sse-feed>${element}</sse-feed>`;
  },
};

/** The quiet states: the toast stays closed, as there is nothing to tell the person. */
export const Idle: Story = { args: { feedState: 'idle' } };
export const Connecting: Story = { args: { feedState: 'connecting' } };
export const Connected: Story = { args: { feedState: 'connected' } };
export const Paused: Story = { args: { feedState: 'paused' } };
export const Closed: Story = { args: { feedState: 'closed' } };

/** The six positions, at once (each toast is its own popover in the top layer). */
export const Positions: Story = {
  // Narrower than the default 22rem (--sse-toast-width), so three fit side by side in a docs page's preview.
  render: (args) => html`<div style="--sse-toast-width: 16rem">
    ${POSITIONS.map((position) => toast({ ...args, feedState: 'retrying', position, 'message-retrying': `position="${position}"` }))}
  </div>`,
  parameters: { docs: { story: { height: '280px' } } },
};

/** `message-*` attributes replace the text; `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
export const CustomMessages: Story = {
  args: {
    feedState: 'failed',
    'message-failed': 'Prices stopped after {attempt} attempt(s)',
    'action-label': 'Try again',
    'close-label': 'Hide',
    position: 'bottom-center',
  },
};

/** `theme="dark"`: dark whatever the page and the OS say (by default the page's `color-scheme` decides, else the OS). */
export const Dark: Story = {
  args: { feedState: 'failed', theme: 'dark' },
};

/** Every word from the `strings` property, with German plural forms (`StatusToast.strings` sets the page's). */
export const Translated: Story = {
  args: { feedState: 'failed' },
  render: (args) => {
    const element = toast(args);
    element.strings = GERMAN;
    return html`<div lang="de">${element}</div>`;
  },
};
