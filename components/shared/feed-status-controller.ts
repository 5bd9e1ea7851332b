// What <connection-indicator> and <status-toast> share: the feed they reflect, its state on the host, a
// countdown, their words and the page's colour scheme.

import type { ReactiveController, ReactiveElement } from '@lit/reactive-element';
import type { FeedStatus } from '../core/types.js';
import type { FeedControl } from './feed-context.js';
import { oneOf } from './attributes.js';
import { FeedConsumer } from './feed-consumer.js';
import { langOf } from './lang.js';
import { PageStyleController } from './page-style.js';
import { reflectState } from './reflect-state.js';
import { getStrings, onStringsChange, say, secondsUntil, valuesOf, type FeedStrings, type Phrase, type PhraseValues } from './strings.js';

/** The colour schemes an element can be given: from the page (`auto`), or fixed. */
export const THEMES = ['auto', 'light', 'dark'] as const;

/** `auto` (from the page, else the OS), `light` or `dark`. */
export type Theme = (typeof THEMES)[number];

/** An element that reflects a feed: the properties the controller reads. */
export interface FeedReflectingElement extends ReactiveElement {
  /** The `for` attribute: the id of the feed to follow; empty for the nearest ancestor feed. */
  htmlFor: string;
  /** A status set from code, shown instead of the feed's. */
  status: FeedStatus | null;
  /** Words that replace the page's for this element. */
  strings: Partial<FeedStrings> | null;
  /** The `theme` attribute. */
  theme: Theme;
}

/**
 * The plumbing of an element that reflects a feed. It finds the feed (`for`, else the nearest
 * ancestor feed, with a `status` set from code taking precedence), reflects the shown state as the
 * host's `state` attribute and custom state (`:state(retrying)`), and `stale` as both while the feed is
 * connected but stale; it counts the seconds to the next attempt (or since the last message while
 * stale), gives the host its words (the page's table, the element's own `strings`, plural forms in
 * the element's `lang`), and its colour scheme and font from the page. Hosts re-render when the
 * status, the countdown or the page's words change.
 */
export class FeedStatusController implements ReactiveController {
  readonly #host: FeedReflectingElement;
  readonly #feed: FeedConsumer;
  readonly #internals: ElementInternals;
  readonly #counts: () => boolean;
  readonly #grace: number;
  #held: FeedStatus | null = null; // the connected status shown through a routine reconnect
  #heldUntil = 0;
  #for = '';
  #connectedSince: number | null = null; // when the shown state last became connected
  #staleSeconds: number | null = null; // {seconds} when the feed turned stale: what is announced
  #stopWords: (() => void) | undefined;
  #seconds = 0; // to the next attempt, or since the last message while stale: what `{seconds}` shows
  #tick: ReturnType<typeof setTimeout> | undefined; // the next whole second of the countdown, or the grace's end

  /**
   * Registers the controller with `host`. `counts` says whether the countdown should run now (by
   * default whenever there is something to count). With a `grace` (ms), a routine reconnect is not shown:
   * when a stable connection (attempt 0) ends cleanly, the connected status stays shown while the first
   * attempt is scheduled and made, for at most `grace` ms.
   */
  constructor(host: FeedReflectingElement, counts: () => boolean = () => true, grace = 0) {
    this.#host = host;
    this.#counts = counts;
    this.#grace = grace;
    this.#feed = new FeedConsumer(host);
    this.#internals = host.attachInternals();
    new PageStyleController(host);
    host.addController(this);
  }

  /**
   * The shown status: the one set from code, else the followed feed's, else idle; the last connected
   * one through a routine reconnect (see `grace`).
   */
  get status(): FeedStatus {
    if (this.#host.htmlFor !== this.#for) {
      this.#for = this.#host.htmlFor;
      this.#feed.refresh();
    }
    const status = this.#host.status ?? this.#feed.status;
    if (!this.#grace) return status;
    const { state, attempt } = status;
    if (state === 'connected') {
      this.#held = attempt ? null : status;
      this.#heldUntil = 0;
      return status;
    }
    // A clean end of a stable stream, then its first attempt: nothing a person needs to see, unless it lasts.
    if (this.#held && attempt === 1 && (state === 'retrying' ? status.error?.reason === 'ended' : state === 'connecting' && this.#heldUntil)) {
      this.#heldUntil ||= Date.now() + this.#grace;
      if (Date.now() < this.#heldUntil) return this.#held;
    }
    this.#held = null;
    return status;
  }

  /** The followed feed's public methods (`reconnect()` for a retry button), or null. */
  get feed(): FeedControl | null {
    return this.#feed.control;
  }

  /** The words in use: the page's table with the element's own `strings` over it. */
  get strings(): FeedStrings {
    return { ...getStrings(), ...this.#host.strings };
  }

  /**
   * The placeholder values of `status`. `{seconds}` counts (to the next attempt, or since the last
   * message while stale) or, for an announcement, stays fixed: the whole wait, or the seconds at the
   * moment the feed turned stale.
   */
  values(status: FeedStatus = this.status, announced = false): PhraseValues {
    const seconds = !announced
      ? this.#seconds
      : status.state === 'connected' && status.stale
        ? (this.#staleSeconds ?? 0)
        : Math.max(0, Math.ceil((status.retryDelay ?? 0) / 1000));
    return valuesOf(status, seconds, this.strings, langOf(this.#host));
  }

  /** `phrase` in words, in its plural form for `values.seconds` in the element's language. */
  say(phrase: Phrase, values: PhraseValues): string {
    return say(phrase, values, langOf(this.#host));
  }

  /** Re-renders the host when the page's words change, and now: the countdown goes on. */
  hostConnected(): void {
    this.#stopWords = onStringsChange(() => this.#host.requestUpdate());
    this.#host.requestUpdate();
  }

  /** Stops listening for the page's words, the countdown and the grace. */
  hostDisconnected(): void {
    this.#stopWords?.();
    clearTimeout(this.#tick);
  }

  /** Before each render: reflects the state, follows the countdown, checks `theme`. */
  hostUpdate(): void {
    const status = this.status;
    const stale = status.state === 'connected' && status.stale;
    reflectState(this.#host, this.#internals.states, status);
    if (this.#host.hasAttribute('theme')) oneOf(this.#host, 'theme', this.#host.theme, THEMES, 'auto');

    if (status.state !== 'connected') this.#connectedSince = null;
    else this.#connectedSince ??= Date.now();
    // The countdown: whole seconds to the next attempt (rounded up, so it reaches 0 as the attempt starts)
    // or, while stale, since the last message (rounded down); the host updates at each whole second.
    const counting = this.#counts();
    const since = counting && stale ? (status.lastMessageAt ?? this.#connectedSince!) : null;
    const until = counting && status.state === 'retrying' ? status.retryAt : null;
    const now = Date.now();
    this.#seconds = since !== null ? Math.floor((now - since) / 1000) : secondsUntil(until, now);
    this.#staleSeconds = stale ? (this.#staleSeconds ?? this.#seconds) : null;
    clearTimeout(this.#tick);
    const target = since ?? until;
    // While a routine reconnect is held, its end; armed anew at each update, so a timer that fires a millisecond
    // before Date.now() says the grace is over is followed by another.
    if (this.#held && this.#heldUntil > now) this.#tick = setTimeout(() => this.#host.requestUpdate(), this.#heldUntil - now);
    else if (target !== null && this.#host.isConnected && (since !== null || target > now)) {
      // Just after the next whole-second boundary.
      this.#tick = setTimeout(() => this.#host.requestUpdate(), 1005 - ((((now - target) % 1000) + 1000) % 1000));
    }
  }
}
