// <sse-feed>: its attributes as controls (from custom-elements.json) on a live feed, and one story per state.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../components/index.js';
import type { FeedState } from '../components/core/types.js';
import { applyArgs } from './support/apply-args.js';
import { demoUrl, probeDemoServer } from './support/demo-server-probe.js';
import { demoPageStyles, needsDemoServer } from './support/live-demo.js';
import './support/fault-panel.js';
import './support/feed-status-readout.js';
import './support/message-log.js';
import './support/page-visibility-switch.js';

type Args = Record<string, unknown>;

/** A feed built from the controls, with an indicator and a toast inside and the log and fault buttons beside it. */
function playground(args: Args): TemplateResult {
  const src = String(args.src ?? '');
  const feed = applyArgs(document.createElement('sse-feed'), { ...args, src: src && !/^[a-z]+:/i.test(src) ? demoUrl(src) : src });
  feed.id = 'playground-feed';
  feed.append(document.createElement('connection-indicator'), document.createElement('status-toast'));
  return html`<div style="display: grid; gap: 0.75rem; font: 14px/1.5 system-ui, sans-serif; max-width: 72rem">
    ${feed}
    <div style="display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 21rem), 1fr)); gap: 0.75rem; align-items: start">
      <demo-fault-panel for="playground-feed" stall-timeout=${Number(args['stall-timeout'] ?? 0)}></demo-fault-panel>
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
  parameters: {
    // Each story in its own frame on the docs page: its toast opens inside its preview, and the Paused story's
    // simulated hidden page hides that frame only.
    docs: { story: { inline: false, height: '760px' } },
  },
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

// ---- One story per state ----------------------------------------------------------------------------------
// Each is a real <sse-feed> on the demo server's scripted stream (test/sse-server.mjs: `/sse/stream?script=`),
// with an indicator inside it, a read-out of `feed.status` and the message log. the e2e (e2e/*.spec.ts) checks that
// each one reaches its state.

/** One step of the scripted stream; see the header of test/sse-server.mjs for every field. */
interface ScriptStep {
  status?: number;
  retryAfter?: number;
  firstByteDelay?: number;
  count?: number;
  interval?: number;
  json?: boolean;
}

interface StateDemo {
  /** The state this story shows. */
  state: FeedState;
  /** The server's script; none means no `src` (idle). */
  script?: readonly ScriptStep[];
  json?: boolean;
  pauseWhenHidden?: boolean;
  /** What the story shows, in one or two sentences under the feed. */
  note: string;
}

const stateDemoStyles = html`${demoPageStyles}<style>
  .state-demo {
    max-width: 56rem;
  }
  .state-demo sse-feed {
    display: grid;
    gap: 0.75rem;
  }
  .state-demo demo-message-log {
    min-height: 6rem;
    max-height: 14rem;
  }
</style>`;

/** A fresh session per render, so the script starts again at its first step whenever the story is shown. */
function scriptedSrc(demo: StateDemo, script: readonly ScriptStep[]): string {
  const session = `state-${demo.state}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return demoUrl(`sse/stream?session=${session}&script=${encodeURIComponent(JSON.stringify(script))}`);
}

/** The feed for one state: indicator and script on a bar, the status read-out and the log below. */
function stateDemo(demo: StateDemo): TemplateResult {
  const src = demo.script ? scriptedSrc(demo, demo.script) : '';
  return html`${stateDemoStyles}
    <div class="demo-page state-demo" data-state-story=${demo.state}>
      ${demo.pauseWhenHidden ? html`<demo-page-visibility page-hidden></demo-page-visibility>` : nothing}
      <sse-feed src=${src} ?json=${demo.json ?? false} ?pause-when-hidden=${demo.pauseWhenHidden ?? false}>
        <div class="bar">
          <connection-indicator></connection-indicator>
          <code>${demo.script ? `script: ${JSON.stringify(demo.script)}` : 'no src'}</code>
        </div>
        <demo-feed-status></demo-feed-status>
        <demo-message-log max="12"></demo-message-log>
      </sse-feed>
      <p class="note">${demo.note}</p>
    </div>`;
}

/** A state story: the demo (or, for a scripted one without the demo server, the "needs npm start" notice). */
function stateStory(demo: StateDemo): Story {
  return {
    render: (_args, { loaded }) => (demo.script && !loaded.demoServer ? needsDemoServer() : stateDemo(demo)),
    // The controls drive the playground's feed, not these fixed scenarios.
    parameters: { controls: { disable: true } },
    // Seven live streams on one docs page would pass the browser's six connections per host: the state stories
    // are in the sidebar, and the docs page keeps the playground.
    tags: ['!autodocs'],
  };
}

/** No `src`: the server is never asked and the feed stays `idle` (it needs no demo server). */
export const Idle: Story = stateStory({
  state: 'idle',
  note: 'An empty src means idle: no request, no timers. Setting src starts the feed.',
});

/**
 * The server accepts the request but holds back its response for ten minutes (`firstByteDelay`); the feed stays
 * `connecting`, with no error, because it has no `stall-timeout` to give up on a silent server.
 */
export const Connecting: Story = stateStory({
  state: 'connecting',
  script: [{ firstByteDelay: 600_000 }],
  note: 'The response has not started yet. With stall-timeout set, this wait would count as a stall after that many ms.',
});

/** The server answers 200 `text/event-stream` and sends a JSON event every second; the feed is `connected` and delivers each. */
export const Connected: Story = stateStory({
  state: 'connected',
  script: [{ count: 100_000, interval: 1000, json: true }],
  json: true,
  note: 'Each event arrives as an sse-message with detail.json; messages and the last id update the status silently.',
});

/**
 * Every request answers 503 with `Retry-After: 20`; the feed is `retrying` (kind `http`, status 503) and waits at
 * least the 20 s the server asked for, so the indicator counts down before each new attempt.
 */
export const Retrying: Story = stateStory({
  state: 'retrying',
  script: [{ status: 503, retryAfter: 20 }],
  note: 'Retry-After makes the wait at least 20 s whatever the backoff says; each failure adds one to the attempt.',
});

/**
 * The server would stream an event a second, but the feed has `pause-when-hidden` and the page reads as hidden:
 * the feed is `paused` and sends no request. A page cannot hide itself, so, like the live stories' simulated
 * offline, this story makes `document.hidden` read true in its own frame and fires `visibilitychange`; the button
 * shows the page again and the feed connects at once (resuming with `Last-Event-ID` after a pause).
 */
export const Paused: Story = stateStory({
  state: 'paused',
  script: [{ count: 100_000, interval: 1000, json: true }],
  json: true,
  pauseWhenHidden: true,
  note:
    'Simulated: a page cannot hide itself, so document.hidden reads true in this frame only (the tab stays visible). ' +
    'For the real thing, switch to another tab and back on a feed with pause-when-hidden.',
});

/** The server answers 401 Unauthorized; any 4xx other than 408 and 429 is fatal, so the feed is `failed` at once, without a retry. */
export const Failed: Story = stateStory({
  state: 'failed',
  script: [{ status: 401 }],
  note: 'A fatal error: no retry follows. connect() or reconnect() starts over (here the server would say 401 again).',
});

/** The server answers 204 No Content, the HTML standard's "stop reconnecting"; the feed is `closed` and does not retry. */
export const Closed: Story = stateStory({
  state: 'closed',
  script: [{ status: 204 }],
  note: 'Closed is not an error: error stays null. close() on a running feed ends in the same state.',
});
