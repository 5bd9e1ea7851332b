// <connection-indicator> in every state, driven through its `status` property: no server needed.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/index.js';
import type { FeedState } from '../components/core/types.js';
import { applyArgs } from './support/apply-args.js';
import { GERMAN, STATES, statusArgTypes, statusFor } from './support/status-fixtures.js';

type Args = Record<string, unknown> & { feedState: FeedState; retryInSeconds: number };

/** One indicator showing `feedState`; every other arg is applied as the manifest names it. */
function indicator({ feedState, retryInSeconds, ...rest }: Args): HTMLElementTagNameMap['connection-indicator'] {
  const element = applyArgs(document.createElement('connection-indicator'), rest);
  element.status = statusFor(feedState, { retryInSeconds });
  return element;
}

const meta: Meta<Args> = {
  title: 'Elements/connection-indicator',
  component: 'connection-indicator',
  tags: ['autodocs'],
  args: { feedState: 'connected', retryInSeconds: 30 },
  argTypes: statusArgTypes,
  render: (args) => indicator(args),
};
export default meta;

type Story = StoryObj<Args>;

export const Idle: Story = { args: { feedState: 'idle' } };
export const Connecting: Story = { args: { feedState: 'connecting' } };
export const Connected: Story = { args: { feedState: 'connected' } };
/** Counts down to `retryAt`; assistive technology hears "Reconnecting, attempt 3 of 10" once, not every tick. */
export const RetryingWithCountdown: Story = { args: { feedState: 'retrying' } };
export const Paused: Story = { args: { feedState: 'paused' } };
/** The label carries the reason in plain words. */
export const Failed: Story = { args: { feedState: 'failed' } };
export const Closed: Story = { args: { feedState: 'closed' } };
/** Closed because the stream finished (`[DONE]`, `close-event`, a `POST`'s clean end): "Done", not "Closed" (`label-finished`). */
export const Finished: Story = {
  args: { feedState: 'closed' },
  render: (args) => {
    const element = indicator(args);
    element.status = { ...element.status!, finished: true };
    return element;
  },
};

/** Every state side by side, full and compact. */
export const AllStates: Story = {
  render: (args) => html`
    <table style="font: 14px system-ui, sans-serif; border-spacing: 1rem 0.5rem; color: CanvasText">
      <thead>
        <tr><th align="left">state</th><th align="left">default</th><th align="left">compact</th></tr>
      </thead>
      <tbody>
        ${STATES.map(
          (feedState) => html`<tr>
            <td><code>${feedState}</code></td>
            <td>${indicator({ ...args, feedState })}</td>
            <td>${indicator({ ...args, feedState, compact: true })}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  `,
};

/** `compact` shows the dot alone; the label stays for assistive technology (and as the tooltip-less accessible name). */
export const Compact: Story = { args: { feedState: 'retrying', compact: true } };

/** `label-*` attributes replace the text of one element; `{seconds}`, `{attempt}` and `{max}` are filled in. */
export const CustomLabels: Story = {
  args: {
    feedState: 'retrying',
    'label-idle': 'Aus',
    'label-connecting': 'Verbinde…',
    'label-connected': 'Live',
    'label-retrying': 'Neuer Versuch in {seconds} s ({attempt}/{max})',
    'label-paused': 'Pausiert',
    'label-failed': 'Verbindung fehlgeschlagen',
    'label-closed': 'Getrennt',
  },
  render: (args) => html`<div style="display: grid; gap: 0.5rem; justify-items: start">
    ${STATES.map((feedState) => indicator({ ...args, feedState }))}
  </div>`,
};

/**
 * Light and dark come from the page (its `color-scheme`, else the OS) or from `theme`: here both, side by
 * side, whatever the catalog's background.
 */
export const Themes: Story = {
  render: (args) => html`<div style="display: grid; grid-template-columns: auto auto; gap: 0.5rem 2rem; justify-items: start">
    ${STATES.map((feedState) => html`${indicator({ ...args, feedState, theme: 'light' })}${indicator({ ...args, feedState, theme: 'dark' })}`)}
  </div>`,
};

/** Restyled through its custom properties; a value given as `light-dark(a, b)` keeps both schemes. */
export const CustomColours: Story = {
  args: {
    '--sse-indicator-background': 'light-dark(#ecfeff, #083344)',
    '--sse-indicator-border-color': 'light-dark(#67e8f9, #155e75)',
    '--sse-indicator-connected-color': 'light-dark(#0e7490, #22d3ee)',
  },
  render: (args) => html`<div style="display: grid; gap: 0.5rem; justify-items: start; padding: 1rem">
    ${STATES.map((feedState) => indicator({ ...args, feedState }))}
  </div>`,
};

/** Every word from the `strings` property (here for this story only; `ConnectionIndicator.strings` sets the page's). */
export const Translated: Story = {
  render: (args) => html`<div lang="de" style="display: grid; gap: 0.5rem; justify-items: start">
    ${STATES.map((feedState) => {
      const element = indicator({ ...args, feedState });
      element.strings = GERMAN;
      return element;
    })}
  </div>`,
};
