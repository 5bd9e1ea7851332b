// <feed-value>: one story per format, each on a scripted stream of the demo server, and a live price.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../components/index.js';
import { demoUrl, probeDemoServer } from './support/demo-server-probe.js';
import { needsDemoServer } from './support/live-demo.js';
import { scriptedStream, sseEvent } from './support/scripted-feed.js';

interface Args {
  format: string;
  field: string;
  lang: string;
  currency: string;
  unit: string;
  'max-fraction-digits': string;
  placeholder: string;
  value: unknown;
}

const meta: Meta<Args> = {
  title: 'Elements/feed-value',
  component: 'feed-value',
  tags: ['autodocs'],
  loaders: [async () => ({ demoServer: await probeDemoServer() })],
  args: { format: 'text', field: 'v', lang: 'en', currency: '', unit: '', 'max-fraction-digits': '', placeholder: '…', value: 'Hello, <b>text</b>' },
  render: (args, { loaded }) => (loaded.demoServer ? scripted(args) : needsDemoServer()),
  parameters: {
    docs: {
      description: {
        component:
          'The latest value of one message type of a feed, as text, with no script on the page. Each story sends the ' +
          'value shown in its `value` arg (as `{"v": value}`) a moment after the placeholder appears. Needs `npm start`.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Args>;

function scripted(args: Args): TemplateResult {
  const src = scriptedStream([sseEvent({ v: args.value })], 600);
  const digits = args['max-fraction-digits'];
  return html`<p lang=${args.lang} style="font: 16px/1.5 system-ui, sans-serif">
    <sse-feed src=${src}>
      <code>${args.format}</code>:
      <strong
        ><feed-value
          field=${args.field}
          format=${args.format}
          currency=${args.currency}
          unit=${args.unit}
          max-fraction-digits=${ifDefined(digits === '' ? undefined : digits)}
          placeholder=${args.placeholder}
        ></feed-value
      ></strong>
    </sse-feed>
  </p>`;
}

/** Text: the value exactly as sent, markup included, never parsed as HTML. */
export const Text: Story = {};

/** A number in the page's language (here German: `1.234.567,891`). */
export const NumberFormat: Story = { args: { format: 'number', value: 1234567.891, lang: 'de' } };

/** A fraction as a percentage, with at most one fraction digit. */
export const Percent: Story = { args: { format: 'percent', value: 0.0456, 'max-fraction-digits': '1' } };

/** An amount in a currency (`currency="EUR"`), in French. */
export const Currency: Story = { args: { format: 'currency', currency: 'EUR', value: 1299.5, lang: 'fr' } };

/** A number with a unit (`unit="megabyte-per-second"`). */
export const Unit: Story = { args: { format: 'unit', unit: 'megabyte-per-second', value: 42.75, 'max-fraction-digits': '1' } };

/** A date from an ISO string. */
export const DateFormat: Story = { args: { format: 'date', value: '2026-03-01T12:30:00Z' } };

/** A time from epoch milliseconds. */
export const Time: Story = { args: { format: 'time', value: 1772368200000 } };

/** Date and time, in Japanese. */
export const Datetime: Story = { args: { format: 'datetime', value: '2026-03-01T12:30:00Z', lang: 'ja' } };

/** The placeholder shows until the first value and while the field is missing from the latest message. */
export const Placeholder: Story = { args: { field: 'missing', placeholder: 'No value yet' } };

/** The demo server's live price, as a currency, with `announce` (a polite live region). */
export const LivePrice: Story = {
  render: (_args, { loaded }) =>
    loaded.demoServer
      ? html`<p style="font: 16px/1.5 system-ui, sans-serif">
          <sse-feed src=${demoUrl('demo/live')} json stale-after="3000">
            SSE: <strong><feed-value field="price" format="currency" currency="USD" placeholder="…" announce></feed-value></strong>
            <connection-indicator></connection-indicator>
          </sse-feed>
        </p>`
      : needsDemoServer(),
};
