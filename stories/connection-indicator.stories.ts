// <connection-indicator> in every state, driven through its `status` property: no server needed.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../components/index.js';
import type { FeedState } from '../components/core/types.js';
import { applyArgs } from './support/apply-args.js';
import { STATES, statusArgTypes, statusFor } from './support/status-fixtures.js';

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

/** Every state side by side, full and compact. */
export const AllStates: Story = {
  render: (args) => html`
    <table style="font: 14px system-ui, sans-serif; border-spacing: 1rem 0.5rem">
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

/** `label-*` attributes replace the English text; `{seconds}`, `{attempt}` and `{max}` are filled in. */
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

/** On a dark page: the custom properties restyle the pill (it also follows `prefers-color-scheme: dark` on its own). */
export const DarkBackground: Story = {
  globals: { backgrounds: { value: 'dark' } },
  args: {
    '--sse-indicator-background': '#1f2937',
    '--sse-indicator-color': '#f3f4f6',
    '--sse-indicator-border-color': '#4b5563',
    '--sse-indicator-connected-color': '#4ade80',
    '--sse-indicator-retrying-color': '#fbbf24',
    '--sse-indicator-failed-color': '#f87171',
  },
  render: (args) => html`<div style="display: grid; gap: 0.5rem; justify-items: start; padding: 1rem">
    ${STATES.map((feedState) => indicator({ ...args, feedState }))}
  </div>`,
};
