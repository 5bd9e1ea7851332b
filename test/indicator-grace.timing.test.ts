// <connection-indicator>'s 2 s grace for a routine reconnect, to the millisecond: a real indicator inside a real
// <sse-feed> on a scripted stream (the test kit), with the page's clock faked while each test runs, so no late timer
// can move the bounds. indicator-answers.test.ts shows the same on the real server, with room for late timers.

import { expect } from '@open-wc/testing';
import '../components/connection-indicator/define.js';
import '../components/sse-feed/define.js';
import type { ConnectionIndicator } from '../components/connection-indicator/connection-indicator.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { createTestStream, type TestStream } from '../components/testing/index.js';
import { FakeClock } from './fake-clock.js';
import { createFeed } from './sse-feed-helpers.js';

const label = (el: ConnectionIndicator): string => el.shadowRoot!.querySelector('[part="label"]')!.textContent!.trim();
const spoken = (el: ConnectionIndicator): string => el.shadowRoot!.querySelector('[part="announcement"]')!.textContent!.trim();

/** What a person sees on the indicator: its state (the dot's colour) and its label. */
const seen = (el: ConnectionIndicator): string => `${el.getAttribute('state')}: ${label(el)}`;

/**
 * Runs the page's `Date.now`, `setTimeout` and `clearTimeout` on `clock` until the returned function puts them back:
 * the indicator's grace and countdown, and the feed's timers, move only when the test advances it. The stream and
 * the elements' updates go on by themselves (promises, message ports, microtasks). The clock starts at the real
 * time, so the feed's `retryAt` (from the engine's own `Date.now`, taken when it loaded) reads the same on both.
 */
function installClock(clock: FakeClock): () => void {
  const saved = { now: Date.now, setTimeout: window.setTimeout, clearTimeout: window.clearTimeout };
  clock.time = Date.now();
  Date.now = clock.now;
  window.setTimeout = clock.setTimeout as unknown as typeof window.setTimeout;
  window.clearTimeout = clock.clearTimeout as typeof window.clearTimeout;
  return () => {
    Date.now = saved.now;
    window.setTimeout = saved.setTimeout;
    window.clearTimeout = saved.clearTimeout;
  };
}

interface Scene {
  clock: FakeClock;
  stream: TestStream;
  feed: SseFeed;
  indicator: ConnectionIndicator;
  /** Every change of what the indicator showed, from the moment it first showed connected. */
  shown: string[];
  /** Advances the clock by `ms` and lets the indicator render what that changed. */
  advance(ms: number): Promise<void>;
}

/**
 * A feed (exact retries, `retryInterval` ms) with an indicator inside, on a stable stream: connected, one message
 * delivered (so the connection counts as stable, attempt 0). `run` gets it on the fake clock; all is undone after.
 */
async function onStableStream(retryInterval: number, run: (scene: Scene) => Promise<void>): Promise<void> {
  const clock = new FakeClock();
  const restore = installClock(clock);
  const stream = createTestStream();
  const feed = createFeed({ src: '/events', 'retry-interval': retryInterval, 'retry-jitter': 0 }, {}, false);
  feed.fetch = stream.fetch;
  const indicator = document.createElement('connection-indicator');
  feed.append(indicator);
  const shown: string[] = [];
  const note = (): void => {
    if (!shown.length && indicator.getAttribute('state') !== 'connected') return;
    if (shown.at(-1) !== seen(indicator)) shown.push(seen(indicator));
  };
  const advance = async (ms: number): Promise<void> => {
    clock.advance(ms);
    await indicator.updateComplete;
  };
  try {
    document.body.append(feed);
    await stream.nextRequest();
    stream.open();
    stream.send('first');
    await stream.flush();
    await indicator.updateComplete;
    expect(feed.status).to.include({ state: 'connected', attempt: 0, messages: 1 });
    expect(seen(indicator)).to.equal('connected: Connected');
    new MutationObserver(note).observe(indicator.shadowRoot!, { subtree: true, characterData: true, childList: true });
    new MutationObserver(note).observe(indicator, { attributes: true, attributeFilter: ['state'] });
    note();
    await run({ clock, stream, feed, indicator, shown, advance });
  } finally {
    feed.remove();
    restore();
  }
}

/** The server ends the stream cleanly, as one with a time limit does; the feed schedules its first retry. */
async function routineEnd({ stream, feed, indicator }: Scene): Promise<void> {
  stream.end();
  await stream.flush();
  await indicator.updateComplete;
  expect(feed.status).to.include({ state: 'retrying', attempt: 1 });
  expect(feed.status.error?.reason).to.equal('ended');
}

/** The routine end, then the clock through the feed's `wait` ms to its next attempt: a request is under way. */
async function nextAttempt(scene: Scene, wait: number): Promise<void> {
  await routineEnd(scene);
  await scene.advance(wait);
  await scene.stream.nextRequest();
}

describe('<connection-indicator>: the routine-reconnect grace, on a fake clock', () => {
  it('a reconnect still waiting at 1,999 ms shows connected; at 2,000 ms it shows retrying, with its countdown', async () => {
    await onStableStream(5000, async (scene) => {
      const { clock, feed, indicator, shown, advance } = scene;
      await routineEnd(scene);
      expect(seen(indicator), 'at once').to.equal('connected: Connected');
      await advance(1999);
      expect(seen(indicator), 'at 1,999 ms').to.equal('connected: Connected');
      expect(indicator.state).to.equal('connected');
      expect(spoken(indicator)).to.equal('Connected');
      await advance(1);
      // The rest of the 5 s wait, from the retryAt the feed set (its clock ran on while the scene was set up).
      const left = Math.ceil((feed.status.retryAt! - clock.time) / 1000);
      expect(left).to.be.within(3, 4);
      expect(seen(indicator), 'at 2,000 ms').to.equal(`retrying: Reconnecting in ${left} seconds, attempt 1 of 10`);
      expect(indicator.state).to.equal('retrying');
      expect(spoken(indicator)).to.equal('Reconnecting, attempt 1 of 10');
      expect(shown, 'connected until then, nothing in between').to.deep.equal(['connected: Connected', `retrying: Reconnecting in ${left} seconds, attempt 1 of 10`]);
      // The countdown goes on from there, a second at a time.
      await advance(1000);
      expect(seen(indicator), 'a second later').to.equal(`retrying: Reconnecting in ${left - 1} seconds, attempt 1 of 10`);
    });
  });

  it('an attempt still under way at 2,000 ms shows connecting then, not before', async () => {
    await onStableStream(1000, async (scene) => {
      const { feed, indicator, shown, advance } = scene;
      await nextAttempt(scene, 1000);
      expect(feed.status).to.include({ state: 'connecting', attempt: 1 });
      await advance(999);
      expect(seen(indicator), 'at 1,999 ms').to.equal('connected: Connected');
      await advance(1);
      expect(seen(indicator), 'at 2,000 ms').to.equal('connecting: Connecting…');
      expect(shown).to.deep.equal(['connected: Connected', 'connecting: Connecting…']);
    });
  });

  it('a reconnect that completes within the grace never shows: connected throughout', async () => {
    await onStableStream(1500, async (scene) => {
      const { stream, feed, indicator, shown, advance } = scene;
      await nextAttempt(scene, 1500);
      await advance(499);
      stream.open();
      stream.send('again');
      await stream.flush();
      await indicator.updateComplete;
      expect(feed.status).to.include({ state: 'connected', messages: 2 });
      // Past the end of the grace, and well after: the grace's timer fires, and nothing changes.
      await advance(1);
      await advance(5000);
      expect(shown).to.deep.equal(['connected: Connected']);
      expect(indicator.state).to.equal('connected');
      expect(spoken(indicator)).to.equal('Connected');
    });
  });

  it('a grace timer that fires a millisecond before Date.now() says it is due still ends the grace', async () => {
    // Firefox: a timer's clock and Date.now() differ by a millisecond at times. The timer then finds the grace not
    // over; the indicator must look again, not stay on connected until the feed changes.
    await onStableStream(5000, async (scene) => {
      const { clock, indicator, advance } = scene;
      await routineEnd(scene);
      expect(seen(indicator), 'at once').to.equal('connected: Connected');
      Date.now = () => clock.time - 1; // from here the wall clock reads a millisecond behind the timers
      await advance(2000);
      expect(seen(indicator), 'the timer fired at 1,999 ms by Date.now()').to.equal('connected: Connected');
      await advance(1);
      expect(indicator.getAttribute('state'), 'at 2,000 ms by Date.now()').to.equal('retrying');
      expect(label(indicator)).to.match(/^Reconnecting in [3-4] seconds, attempt 1 of 10$/);
    });
  });
});
