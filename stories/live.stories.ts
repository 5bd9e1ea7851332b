// The live demo's variants: other transports and timeouts on the demo server's streams (stories/demo-server.mjs).
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/index.js';
import { probeDemoServer } from './support/demo-server-probe.js';
import { liveDemo, liveDemoDefaults, needsDemoServer, type LiveDemoArgs } from './support/live-demo.js';

const meta: Meta<LiveDemoArgs> = {
  title: 'Live/Transports and timeouts',
  args: liveDemoDefaults,
  argTypes: {
    transport: { control: 'inline-radio', options: ['fetch', 'eventsource'] },
    stallTimeout: { name: 'stall-timeout' },
    retryInterval: { name: 'retry-interval' },
    retryMaxCount: { name: 'retry-max-count' },
    toastPosition: {
      control: 'select',
      options: ['top-start', 'top-center', 'top-end', 'bottom-start', 'bottom-center', 'bottom-end'],
    },
    note: { table: { disable: true } },
  },
  // Ask once per story whether the demo server is there; the static build usually has none.
  loaders: [async () => ({ demoServer: await probeDemoServer() })],
  render: (args, { loaded }) => (loaded.demoServer ? liveDemo(args) : needsDemoServer()),
  parameters: {
    docs: {
      story: { inline: false, height: '720px' },
      description: {
        component:
          'The live demo (*Start here/Live demo*) with other settings: the browser\'s `EventSource` transport, no ' +
          '`stall-timeout`, and a scripted stream. Needs `npm start`; the static build only explains that.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<LiveDemoArgs>;

/**
 * The browser's EventSource: it cannot see status codes, so every failure is kind `network`, and it cannot send
 * headers: the last id travels as the `lastEventId` query parameter, which the demo server honours.
 */
export const EventSourceTransport: Story = {
  args: {
    transport: 'eventsource',
    json: true,
    stallTimeout: 0,
    note:
      'EventSource hides status codes: "Answer 401" looks like any other network failure here, and "Answer 204" ' +
      'makes the browser give up on that EventSource.',
  },
};

/** No stall timeout and a patient retry policy: silence goes unnoticed, which is why stall-timeout exists. */
export const WithoutStallTimeout: Story = {
  args: {
    stallTimeout: 0,
    retryMaxCount: Infinity,
    note: '"Go silent" does nothing visible here: without stall-timeout an open but silent stream looks healthy.',
  },
};

/**
 * A scripted stream from test/sse-server.mjs (the one the tests use): three events and a close, then a 503, then a
 * steady stream. Edit the `src` control to try other scripts (see that file's header for the step fields).
 */
export const ScriptedStream: Story = {
  args: {
    src: `sse/stream?session=story-${Date.now().toString(36)}&script=${encodeURIComponent(
      JSON.stringify([{ count: 3, interval: 400, end: 'close' }, { status: 503 }, { count: 1000, interval: 1000 }]),
    )}`,
    json: false,
    note:
      'Request 1 sends three events and closes, request 2 answers 503, every later request streams steadily: watch the ' +
      'log go connected → retrying (network) → retrying (http 503) → connected, resuming after the last id.',
  },
};
