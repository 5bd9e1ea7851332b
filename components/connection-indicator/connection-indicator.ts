// <connection-indicator>: a dot and a short label that say what state a feed's connection is in.

import type { PropertyValues } from '@lit/reactive-element';
import type { FeedState, FeedStatus } from '../core/types.js';
import { element, setText } from '../shared/dom.js';
import { FeedStatusController } from '../shared/feed-status-controller.js';
import { FeedStatusElement } from '../shared/feed-status-element.js';
import { LiveAnnouncer } from '../shared/live-announcer.js';
import { palette } from '../shared/theme.js';
import styles from './connection-indicator.styles.js';

/** What the indicator can say: a state, or one of the three situations with words of their own. */
type Situation = FeedState | 'offline' | 'stale' | 'finished';

function situationOf(status: FeedStatus): Situation {
  if (status.state === 'retrying' && status.error?.kind === 'offline') return 'offline';
  if (status.state === 'connected' && status.stale) return 'stale';
  return status.finished ? 'finished' : status.state;
}

/**
 * How long a routine reconnect may take unseen: after a stable stream that the server ended cleanly (as
 * servers with time limits do every few minutes), the indicator goes on showing `connected` while the
 * first attempt is scheduled and made, for at most this many ms. A real outage shows at once.
 */
const ROUTINE_RECONNECT_GRACE = 2000;

/**
 * Shows the state of a feed as a coloured dot and a short label, and announces each change of state
 * once to assistive technology through a `role="status"` live region. While the feed waits to retry,
 * the label counts down to the next attempt ("Reconnecting in 3 seconds, attempt 2 of 10"); the
 * countdown is hidden from assistive technology, which hears "Reconnecting, attempt 2 of 10" once.
 * A feed closed because its stream finished (`status.finished`: the server's clean end read as `close`,
 * the close event, the close data) says "Done", not "Closed": a complete answer is not a broken one.
 * A routine reconnect, a stable stream that the server ended cleanly and that connects again within
 * `ROUTINE_RECONNECT_GRACE` (2 s), shows no change at all: label, dot and `state` stay `connected`.
 *
 * The feed is the one named by `for`, else the nearest ancestor feed; a `status` set from code takes
 * precedence over both. With none of them it shows `idle`. It renders on state changes (and countdown
 * ticks) only, never per message, and renders all text as text: every word comes from its strings
 * (`ConnectionIndicator.strings`, the `strings` property) or its `label-*` attributes, none from the server.
 *
 * @tag connection-indicator
 *
 * @attr {string} state - Reflects the shown state (read-only): `idle`, `connecting`, `connected`, `retrying`, `paused`, `failed` or `closed`; `connected` through a routine reconnect. Also a custom state: `:state(retrying)`.
 * @attr {boolean} stale - Present while the feed is connected but stale (read-only): no message for its `stale-after` ms. Also `:state(stale)`.
 *
 * @cssstate idle - The feed has not started (or has no src).
 * @cssstate connecting - An attempt is under way.
 * @cssstate connected - The stream is open.
 * @cssstate retrying - Waiting for the next attempt (or for the network).
 * @cssstate paused - Closed while the page is hidden.
 * @cssstate failed - Given up; a person must act.
 * @cssstate closed - Closed by the page, the server or the stream's end (`label-finished` for the last two).
 * @cssstate stale - Connected, but no message for the feed's `stale-after` ms.
 *
 * @csspart base - The `role="status"` live region that holds the dot and the label.
 * @csspart dot - The coloured dot; it pulses gently while connecting or retrying, unless the user prefers reduced motion.
 * @csspart label - The visible text, countdown included. Hidden from assistive technology, which gets the announcement instead.
 * @csspart announcement - The visually hidden text announced once per state change.
 *
 * @cssprop [--sse-indicator-background=light-dark(#f3f4f6, #1f2937)] - Background of the pill around dot and label.
 * @cssprop [--sse-indicator-color=light-dark(#111827, #f3f4f6)] - Label text colour; the defaults pass WCAG AA on the default background.
 * @cssprop [--sse-indicator-border-color=light-dark(#d1d5db, #4b5563)] - Border of the pill.
 * @cssprop [--sse-indicator-font-size=0.875em] - Font size of the label.
 * @cssprop [--sse-indicator-padding=0.25em 0.75em] - Padding of the pill.
 * @cssprop [--sse-indicator-radius=999px] - Corner radius of the pill.
 * @cssprop [--sse-indicator-dot-size=0.625em] - Diameter of the dot.
 * @cssprop [--sse-indicator-pulse-duration=1.6s] - Length of one pulse of the dot.
 * @cssprop [--sse-indicator-idle-color=light-dark(#6b7280, #9ca3af)] - Dot colour when idle.
 * @cssprop [--sse-indicator-connecting-color=light-dark(#b45309, #fbbf24)] - Dot colour while connecting.
 * @cssprop [--sse-indicator-connected-color=light-dark(#15803d, #4ade80)] - Dot colour when connected.
 * @cssprop [--sse-indicator-retrying-color=light-dark(#b45309, #fbbf24)] - Dot colour while waiting to retry.
 * @cssprop [--sse-indicator-paused-color=light-dark(#6b7280, #9ca3af)] - Dot colour when paused.
 * @cssprop [--sse-indicator-failed-color=light-dark(#b91c1c, #f87171)] - Dot colour when failed.
 * @cssprop [--sse-indicator-closed-color=light-dark(#6b7280, #9ca3af)] - Dot colour when closed.
 * @cssprop [--sse-indicator-stale-color=light-dark(#a16207, #facc15)] - Dot colour when connected but stale.
 */
export class ConnectionIndicator extends FeedStatusElement {
  static override styles = [palette, styles];

  static override readonly tag: string = 'connection-indicator';

  static override properties = {
    compact: { type: Boolean, reflect: true },
    labelIdle: { attribute: 'label-idle' },
    labelConnecting: { attribute: 'label-connecting' },
    labelConnected: { attribute: 'label-connected' },
    labelRetrying: { attribute: 'label-retrying' },
    labelOffline: { attribute: 'label-offline' },
    labelStale: { attribute: 'label-stale' },
    labelPaused: { attribute: 'label-paused' },
    labelFailed: { attribute: 'label-failed' },
    labelClosed: { attribute: 'label-closed' },
    labelFinished: { attribute: 'label-finished' },
  };

  /** Shows the dot alone; the label stays available to assistive technology. */
  declare compact: boolean;

  /** Replaces the `idle` text. `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
  declare labelIdle: string;

  /** Replaces the `connecting` text. `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
  declare labelConnecting: string;

  /** Replaces the `connected` text. `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
  declare labelConnected: string;

  /**
   * Replaces the `retrying` text while an attempt is scheduled (see `label-offline`). `{seconds}` counts
   * down to the next attempt on screen; the announcement uses the whole wait and is made once.
   */
  declare labelRetrying: string;

  /**
   * Replaces the text shown while retrying because the device is offline (no attempt is scheduled then,
   * so `label-retrying` does not apply). `{attempt}`, `{max}` and `{reason}` are filled in.
   */
  declare labelOffline: string;

  /**
   * Replaces the text shown while the feed is connected but stale (no message for its `stale-after`
   * ms). `{seconds}` counts the time since the last message (or since the feed connected) on screen;
   * the announcement, made once when the feed turns stale, uses the same template without counting.
   */
  declare labelStale: string;

  /** Replaces the `paused` text. `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
  declare labelPaused: string;

  /** Replaces the `failed` text. `{reason}` gives the error in plain words, e.g. "Not authorised (401)". */
  declare labelFailed: string;

  /** Replaces the `closed` text (closed by the page; see `label-finished`). `{attempt}` and `{max}` are filled in. */
  declare labelClosed: string;

  /**
   * Replaces the text shown when the feed closed because its stream finished (the server's clean end read
   * as `close`, the close event, the close data): a complete answer, not a broken one.
   */
  declare labelFinished: string;

  constructor() {
    super();
    this.compact = false;
    this.labelIdle = '';
    this.labelConnecting = '';
    this.labelConnected = '';
    this.labelRetrying = '';
    this.labelOffline = '';
    this.labelStale = '';
    this.labelPaused = '';
    this.labelFailed = '';
    this.labelClosed = '';
    this.labelFinished = '';
  }

  readonly #feed = new FeedStatusController(this, undefined, ROUTINE_RECONNECT_GRACE);
  readonly #live = new LiveAnnouncer(this);
  // Made once: each update writes only the two texts.
  readonly #label = element('span', { part: 'label', class: 'label', 'aria-hidden': 'true' });
  readonly #announcement = element('span', { part: 'announcement', class: 'announcement' });

  /** The state shown now, as reflected in the `state` attribute. */
  get state(): FeedState {
    return this.#feed.status.state;
  }

  protected override update(changed: PropertyValues<this>): void {
    // After the controller's hostUpdate, so the countdown has caught up with the status.
    const status = this.#feed.status;
    const situation = situationOf(status);
    const template = this[`label${situation[0]!.toUpperCase()}${situation.slice(1)}` as `label${Capitalize<Situation>}`];
    const shown = this.#feed.values(status);
    const strings = this.#feed.strings;
    // A page's own template is a phrase without plural forms, said as it is written: the label and the
    // announcement alike, with the error's words (or none) as its reason.
    const reason = template ? shown.reason : shown.reason || this.#feed.say(strings.reasonUnknown, shown);
    const spoken = situation === 'stale' || situation === 'retrying' ? strings[`${situation}Announced`] : strings[situation];
    setText(this.#label, this.#feed.say(template || strings[situation], { ...shown, reason }));
    // Said once per change: a countdown tick or the seconds counting up never change it.
    this.#live.announce('status', this.#feed.say(template || spoken, { ...this.#feed.values(status, true), reason }));
    super.update(changed);
    setText(this.#announcement, this.#live.text('status'));
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    const dot = element('span', { part: 'dot', class: 'dot', 'aria-hidden': 'true' });
    root.append(element('span', { part: 'base', class: 'base', role: 'status' }, dot, this.#label, this.#announcement));
    return root;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'connection-indicator': ConnectionIndicator;
  }
}
