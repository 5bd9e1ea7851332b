// <sse-feed>: its attributes as controls (from custom-elements.json) on a live feed from the demo server.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../components/index.js';
import { applyArgs } from './support/apply-args.js';
import { demoUrl, probeDemoServer } from './support/demo-server-probe.js';
import { needsDemoServer } from './support/live-demo.js';
import './support/fault-panel.js';
import './support/message-log.js';

type Args = Record<string, unknown>;

/** A feed built from the controls, with an indicator and a toast inside and the log and fault buttons beside it. */
function playground(args: Args): TemplateResult {
  const src = String(args.src ?? '');
  const feed = applyArgs(document.createElement('sse-feed'), { ...args, src: src && !/^[a-z]+:/i.test(src) ? demoUrl(src) : src });
  feed.id = 'playground-feed';
  feed.append(document.createElement('connection-indicator'), document.createElement('status-toast'));
  return html`<div style="display: grid; gap: 0.75rem; font: 14px/1.5 system-ui, sans-serif; max-width: 72rem">
    ${feed}
    <div style="display: grid; grid-template-columns: minmax(18rem, 1fr) minmax(20rem, 1.3fr); gap: 0.75rem; align-items: start">
      <demo-fault-panel for="playground-feed"></demo-fault-panel>
      <demo-message-log for="playground-feed"></demo-message-log>
    </div>
  </div>`;
}

const meta: Meta<Args> = {
  title: 'Elements/sse-feed',
  component: 'sse-feed',
  tags: ['autodocs'],
  args: { src: 'demo/live', json: true, 'stall-timeout': 3000 },
  loaders: [async () => ({ demoServer: await probeDemoServer() })],
  render: (args, { loaded }) => (loaded.demoServer ? playground(args) : needsDemoServer()),
};
export default meta;

type Story = StoryObj<Args>;

/** Change any attribute in Controls: `src` reconnects, the retry policy applies from the next failure. */
export const Playground: Story = {};

/** A feed that gives up quickly: three attempts in a row, then `failed` and a toast with a retry button. */
export const GivesUpQuickly: Story = {
  args: { 'retry-max-count': 2, 'retry-interval': 500 },
};

/** `manual`: nothing happens until `connect()` (the button in the panel). */
export const Manual: Story = {
  args: { manual: true },
};
