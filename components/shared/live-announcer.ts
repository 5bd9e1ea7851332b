// A controller for what an element says through its live regions: each thing once, a repeat heard again.

import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';

/** The two live regions: `status` (polite, always present) and `alert` (for a failure the person must act on). */
export type LiveRegion = 'status' | 'alert';

/**
 * How long words that repeat a region's previous announcement wait after the region was emptied: long
 * enough for the empty region to reach the accessibility tree (more than a frame), so screen readers see
 * a change and say it again.
 */
export const REPEAT_DELAY = 100;

/**
 * Holds the text of a host's live regions, which the host renders (`text('status')`, `text('alert')`).
 * `announce()` writes one region and empties the other; words already there say nothing new, and words
 * that repeat what the region said before it was emptied are written a moment later, so they are heard
 * again. The host decides when something is news (a change of state, not a countdown tick).
 */
export class LiveAnnouncer implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #now: Partial<Record<LiveRegion, string>> = {}; // a region not named says nothing
  readonly #last: Partial<Record<LiveRegion, string>> = {}; // kept after clearing, to spot repeats
  #repeatTimer: ReturnType<typeof setTimeout> | undefined;

  /** Registers the controller with `host`. */
  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** What `region` says now. */
  text(region: LiveRegion): string {
    return this.#now[region] ?? '';
  }

  /** Says `text` in `region` and empties the other region; an empty `text` empties both. */
  announce(region: LiveRegion, text: string): void {
    if (!text) return this.clear();
    if (this.#now[region] === text && this.#repeatTimer === undefined) return;
    this.#cancelRepeat();
    const repeated = this.#last[region] === text;
    this.#last[region] = text;
    this.#say({ [region]: repeated ? '' : text });
    if (!repeated) return;
    this.#repeatTimer = setTimeout(() => {
      this.#repeatTimer = undefined;
      this.#say({ [region]: text });
    }, REPEAT_DELAY);
  }

  /** Empties both regions. */
  clear(): void {
    this.#cancelRepeat();
    if (this.#now.status || this.#now.alert) this.#say({});
  }

  /** Drops a pending repeat: a host out of the document says nothing. */
  hostDisconnected(): void {
    this.#cancelRepeat();
  }

  #say(now: Partial<Record<LiveRegion, string>>): void {
    this.#now = now;
    this.#host.requestUpdate();
  }

  #cancelRepeat(): void {
    clearTimeout(this.#repeatTimer);
    this.#repeatTimer = undefined;
  }
}
