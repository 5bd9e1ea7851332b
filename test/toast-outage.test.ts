// The toast's outage logic, nextToast(previous, status, now), on a fake clock: no element, no timers of its own.

import { expect } from '@open-wc/testing';
import { feedError, IDLE_STATUS, type FeedState, type FeedStatus } from '../components/core/types.js';
import { dismissToast, nextToast, NO_TOAST, type Toast } from '../components/status-toast/outage.js';
import { FakeClock } from './fake-clock.js';

const TIMING = { delay: 1000, duration: 3000 };
const http503 = feedError('http', 'The server answered 503.', false, 503);

function status(state: FeedState, changes: Partial<FeedStatus> = {}): FeedStatus {
  return { ...IDLE_STATUS, state, ...changes };
}

/** Drives nextToast as the element does: on each status, and again at `wakeAt` on the fake clock. */
function driver(timing = TIMING): { clock: FakeClock; toast: () => Toast; feed(next: FeedStatus): Toast; dismiss(): void } {
  const clock = new FakeClock();
  let toast = NO_TOAST;
  let last = status('idle');
  let timer: unknown;
  const apply = (next: Toast): Toast => {
    toast = next;
    clock.clearTimeout(timer);
    if (toast.wakeAt !== null) timer = clock.setTimeout(() => apply(nextToast(toast, last, clock.now(), timing)), toast.wakeAt - clock.now());
    return toast;
  };
  return {
    clock,
    toast: () => toast,
    feed: (next) => apply(nextToast(toast, (last = next), clock.now(), timing)),
    dismiss: () => void apply(dismissToast(toast)),
  };
}

describe('nextToast: what the toast shows through an outage', () => {
  it('shows nothing for a blip shorter than delay', () => {
    const run = driver();
    run.feed(status('connected'));
    run.feed(status('retrying', { attempt: 1, error: http503 }));
    run.clock.advance(500);
    run.feed(status('connecting', { attempt: 1 }));
    run.clock.advance(200);
    run.feed(status('connected'));
    run.clock.advance(5000);
    expect(run.toast().open).to.equal(false);
    expect(run.toast().kind).to.equal(null);
  });

  it('opens once the outage (attempts in between included) has lasted delay, and keeps the last reason while connecting', () => {
    const run = driver();
    run.feed(status('connected'));
    const first = status('retrying', { attempt: 1, error: http503 });
    run.feed(first);
    run.clock.advance(600);
    run.feed(status('connecting', { attempt: 1 }));
    expect(run.toast().open).to.equal(false);
    run.clock.advance(400);
    expect(run.toast()).to.include({ open: true, kind: 'retrying' });
    expect(run.toast().words, 'the words of the last retrying status').to.equal(first);
    const second = status('retrying', { attempt: 2, error: feedError('stall', 'x', false, { timeout: 45_000 }) });
    run.feed(second);
    run.feed(status('connecting', { attempt: 2 }));
    expect(run.toast().words).to.equal(second);
    expect(run.toast().open).to.equal(true);
  });

  it('says reconnected for duration after a shown outage, then closes with reason timeout', () => {
    const run = driver();
    run.feed(status('retrying', { attempt: 1, error: http503 }));
    run.clock.advance(1000);
    run.feed(status('connecting', { attempt: 1 }));
    run.feed(status('connected'));
    expect(run.toast()).to.include({ open: true, kind: 'reconnected', since: null, told: false });
    run.clock.advance(2999);
    expect(run.toast().open).to.equal(true);
    run.clock.advance(1);
    expect(run.toast()).to.include({ open: false, kind: 'reconnected', hideReason: 'timeout' });
  });

  it('shows failed at once, and a retry from failed starts a new outage that waits for delay again', () => {
    const run = driver();
    run.feed(status('failed', { error: feedError('http', 'x', true, 401) }));
    expect(run.toast()).to.include({ open: true, kind: 'failed' });
    run.dismiss();
    expect(run.toast()).to.include({ open: false, hideReason: 'dismiss', dismissed: 'failed' });
    run.feed(status('failed', { error: feedError('http', 'x', true, 401) }));
    expect(run.toast().open, 'the same state again is no news').to.equal(false);
    run.feed(status('connecting'));
    run.feed(status('retrying', { attempt: 1, error: http503 }));
    expect(run.toast().open).to.equal(false);
    run.clock.advance(1000);
    expect(run.toast()).to.include({ open: true, kind: 'retrying', dismissed: null });
  });

  it('a dismissed retrying toast stays hidden through the outage, and reconnected still follows', () => {
    const run = driver();
    run.feed(status('retrying', { attempt: 1, error: http503 }));
    run.clock.advance(1000);
    run.dismiss();
    for (let attempt = 2; attempt <= 4; attempt += 1) {
      run.feed(status('connecting', { attempt: attempt - 1 }));
      run.feed(status('retrying', { attempt, error: http503 }));
      run.clock.advance(2000);
      expect(run.toast().open, `attempt ${attempt}`).to.equal(false);
    }
    run.feed(status('connected'));
    expect(run.toast()).to.include({ open: true, kind: 'reconnected' });
  });

  it('closes with reason state when the feed is paused, closed or idle, and ends the outage', () => {
    for (const state of ['paused', 'closed', 'idle'] as const) {
      const run = driver();
      run.feed(status('failed', { error: http503 }));
      run.feed(status(state));
      expect(run.toast(), state).to.include({ open: false, hideReason: 'state', since: null, told: false });
      run.feed(status('connected'));
      expect(run.toast().open, `${state}: nothing to say after`).to.equal(false);
    }
  });

  it('a new outage while "Reconnected" shows closes it and waits for delay', () => {
    const run = driver();
    run.feed(status('failed', { error: http503 }));
    run.feed(status('connected'));
    run.clock.advance(500);
    run.feed(status('retrying', { attempt: 1, error: http503 }));
    expect(run.toast()).to.include({ open: false, hideReason: 'state' });
    run.clock.advance(999);
    expect(run.toast().open).to.equal(false);
    run.clock.advance(1);
    expect(run.toast()).to.include({ open: true, kind: 'retrying' });
  });

  it('delay 0 opens with the first retrying status, without waiting for a timer', () => {
    const run = driver({ delay: 0, duration: 3000 });
    run.feed(status('retrying', { attempt: 1, error: http503 }));
    expect(run.toast()).to.include({ open: true, kind: 'retrying', wakeAt: null });
  });

  it('is a pure function: the previous toast is never changed', () => {
    const before = Object.freeze({ ...NO_TOAST });
    const after = nextToast(before, status('failed', { error: http503 }), 1000, TIMING);
    expect(after).to.not.equal(before);
    expect(before).to.deep.equal(NO_TOAST);
  });
});
