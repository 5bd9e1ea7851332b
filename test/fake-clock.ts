// A clock for FeedConnection's environment that only moves when a test says so.

import type { FeedEnvironment } from '../components/core/feed-connection.js';

/** A clock that only moves when told to, with timers that only fire then. */
export class FakeClock implements FeedEnvironment {
  time = 1_000_000;
  #nextId = 1;
  readonly timers = new Map<number, { at: number; callback: () => void }>();

  now = (): number => this.time;
  random = (): number => 0.5;
  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.#nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Moves time on by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}
