// The catalog's live demo: a feed on the demo server's price stream, with buttons that break the server while you watch.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/index.js';
import { probeDemoServer } from './support/demo-server-probe.js';
import { liveDemo, liveDemoDefaults, needsDemoServer, type LiveDemoArgs } from './support/live-demo.js';

const meta: Meta<LiveDemoArgs> = {
  title: 'Start here/Live demo',
  args: liveDemoDefaults,
  argTypes: {
    src: { description: 'The stream: a demo server route, or any URL' },
    transport: { control: 'inline-radio', options: ['fetch', 'eventsource'], description: 'fetch streaming or the browser\'s EventSource' },
    json: { description: 'Parse each message as JSON' },
    stallTimeout: { name: 'stall-timeout', control: { type: 'number', min: 0, step: 500 }, description: 'ms of silence that count as a dead connection (0: off)' },
    retryInterval: { name: 'retry-interval', control: { type: 'number', min: 0, step: 250 }, description: 'ms before the first retry' },
    retryMaxCount: { name: 'retry-max-count', control: { type: 'number', min: 0 }, description: 'retries before the feed gives up' },
    toastPosition: {
      name: 'position (toast)',
      control: 'select',
      options: ['top-start', 'top-center', 'top-end', 'bottom-start', 'bottom-center', 'bottom-end'],
      description: 'Where the toast opens',
    },
    note: { table: { disable: true } },
  },
  // Ask once per story whether the demo server is there; the static build usually has none.
  loaders: [async () => ({ demoServer: await probeDemoServer() })],
  render: (args, { loaded }) => (loaded.demoServer ? liveDemo(args, 'live-feed', { intro: true }) : needsDemoServer()),
  parameters: {
    layout: 'padded',
    docs: {
      // In its own frame on a docs page, so the toast opens inside the preview, not over the page's text.
      story: { inline: false, height: '760px' },
      description: {
        component:
          'A feed on the demo server\'s shared price stream, with its indicator, toast and a table of what it reports. The ' +
          'buttons break the server (`POST /demo/fault?type=...`). Needs `npm start`; the static build only explains that.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<LiveDemoArgs>;

/** The fetch transport: sees status codes, so 401 fails at once and 204 closes; stall-timeout 3 s catches silence. */
export const LiveDemo: Story = { name: 'Live demo' };

/**
 * The same demo as the introduction page embeds it: in a frame as tall as the demo, a toast at the bottom would
 * open below the screen, so it opens at the top, beside the indicator. Not in the sidebar (the story above is).
 */
export const OnTheIntroduction: Story = {
  name: 'Live demo (introduction)',
  args: { toastPosition: 'top-end' },
  tags: ['!dev'],
};
