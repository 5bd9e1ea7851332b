// A controller that counts whole seconds to or from a time, and updates its host when the number changes.

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { secondsUntil } from './strings.js';

/** Which way a countdown counts: down to a time (`until`) or up from one (`since`). */
export type CountDirection = 'until' | 'since';

/**
 * Counts whole seconds to a `Date.now()`-based time (down, rounded up: a retry countdown) or from one
 * (up, rounded down: time since the last message), and requests a host update each time the number
 * changes. Its timer runs only while there is something to count and the host is connected.
 */
export class CountdownController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #target: number | null = null;
  #direction: CountDirection = 'until';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #connected = false;

  /** Whole seconds left (or passed); 0 when there is nothing to count. */
  seconds = 0;

  /** Registers the controller with `host`. */
  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /**
   * Counts down to `target` (a `Date.now()` time), or, with `since`, up from it; stops with `null`.
   * Calling it again with the same target and direction does nothing.
   */
  follow(target: number | null, direction: CountDirection = 'until'): void {
    if (target === this.#target && direction === this.#direction) return;
    this.#target = target;
    this.#direction = direction;
    this.seconds = this.#read();
    this.#schedule();
  }

  /** Resumes counting when the host comes back. */
  hostConnected(): void {
    this.#connected = true;
    this.seconds = this.#read();
    this.#schedule();
  }

  /** Stops the timer. */
  hostDisconnected(): void {
    this.#connected = false;
    this.#schedule();
  }

  #read(): number {
    if (this.#direction === 'until') return secondsUntil(this.#target);
    return this.#target === null ? 0 : Math.max(0, Math.floor((Date.now() - this.#target) / 1000));
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#connected || this.#target === null) return;
    const remaining = this.#target - Date.now();
    if (this.#direction === 'until' && remaining <= 0) return;
    // Wake just after the next whole-second boundary.
    const toBoundary = this.#direction === 'until' ? remaining % 1000 || 1000 : 1000 - (Math.max(0, -remaining) % 1000);
    this.#timer = setTimeout(() => this.#tick(), toBoundary + 5);
  }

  #tick(): void {
    const seconds = this.#read();
    if (seconds !== this.seconds) {
      this.seconds = seconds;
      this.#host.requestUpdate();
    }
    this.#schedule();
  }
}
