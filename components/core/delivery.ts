// Delivery in slices: a burst of messages is dispatched a few milliseconds per task, so a live feed
// never freezes the page it lives in. One scheduler per environment: the default one is shared by every
// feed of the realm (page, worker), so they share one budget.

/** Milliseconds of delivery per task; the rest waits for a new task, after rendering and input. */
export const SLICE_BUDGET = 8;

/** When a feed may deliver, and how it waits for a new task. */
export interface DeliveryScheduler {
  /**
   * True while the current task may go on delivering: opens a slice on the first call of a task and
   * answers false once the slice has used its budget. Cheap enough to ask once per message.
   */
  hasTime(): boolean;
  /** Starts a fresh slice now (a drain that has just yielded owns the task it runs in). */
  openSlice(): void;
  /**
   * Resolves in a new task, after the browser could render, handle input and run other tasks: a
   * MessageChannel message (an ordinary task, not throttled like timers), `setImmediate` in Node (where a
   * port with a listener would keep the process alive). Not `scheduler.yield()`: its continuations outrank rendering, and measured here
   * (Chromium 156, a 0.2 ms listener) a burst then rendered every ~60 ms instead of every ~12 ms.
   */
  nextTask(): Promise<void>;
  /**
   * Resolves in a new task that runs ahead of ordinary ones: `scheduler.yield()` where there is one, else
   * {@link nextTask}. For a backlog that nothing holds back (the browser's EventSource keeps dispatching):
   * ordinary tasks wait behind the browser's network tasks, and a drain in them falls behind for good.
   */
  nextTaskAhead(): Promise<void>;
}

type Scheduler = { yield?: () => Promise<void> };

/** A scheduler on `clock`. */
export function createDelivery(clock: { now(): number } = globalThis.performance ?? Date): DeliveryScheduler {
  let sliceStart = -1; // when the current slice began; -1 when none is open
  let closing = false; // a task that ends the open slice is queued
  let channel: MessageChannel | null = null;
  const waiting: Array<() => void> = [];

  const nextTask = (): Promise<void> =>
    new Promise((resolve) => {
      const { setImmediate } = globalThis as { setImmediate?: (run: () => void) => unknown };
      if (typeof setImmediate === 'function') return void setImmediate(resolve);
      if (channel === null) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => waiting.shift()?.();
      }
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });

  const openSlice = (now: number = clock.now()): void => {
    sliceStart = now;
    if (closing) return;
    closing = true;
    void nextTask().then(() => {
      closing = false;
      sliceStart = -1;
    });
  };

  return {
    hasTime() {
      const now = clock.now();
      if (sliceStart < 0) {
        openSlice(now);
        return true;
      }
      return now - sliceStart < SLICE_BUDGET;
    },
    openSlice,
    nextTask,
    nextTaskAhead() {
      const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
      return typeof scheduler?.yield === 'function' ? scheduler.yield() : nextTask();
    },
  };
}
