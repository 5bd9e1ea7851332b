// <status-toast>: one toast, in the top layer, that tells the user what happens to a feed's connection.

import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from '../shared/define.js';
import type { FeedState, FeedStatus } from '../core/types.js';
import { describeError, fillTemplate, labelValues, usesSeconds, type LabelValues } from '../sse-feed/describe.js';
import { CountdownController, FeedConsumer } from '../sse-feed/feed-consumer.js';
import { visuallyHidden } from '../sse-feed/visually-hidden.js';

/** What the toast is saying: the feed is retrying, has failed, or has reconnected. */
export type ToastKind = 'retrying' | 'failed' | 'reconnected';

/** Where the toast sits in the viewport; `start` and `end` follow the writing direction. */
export type ToastPosition = 'top-start' | 'top-center' | 'top-end' | 'bottom-start' | 'bottom-center' | 'bottom-end';

/** Why a toast was hidden: the user dismissed it, its time ran out, or the feed's state made it moot. */
export type ToastHideReason = 'dismiss' | 'timeout' | 'state';

/** Detail of `toast-show`. */
export interface ToastShowDetail {
  readonly kind: ToastKind;
  readonly status: FeedStatus;
}

/** Detail of `toast-hide`. */
export interface ToastHideDetail {
  readonly kind: ToastKind;
  readonly reason: ToastHideReason;
}

declare global {
  interface HTMLElementEventMap {
    /** A `<status-toast>` opened. */
    'toast-show': CustomEvent<ToastShowDetail>;
    /** A `<status-toast>` closed. */
    'toast-hide': CustomEvent<ToastHideDetail>;
  }
}

/** States in which the connection is being re-established after a failure. */
const RECOVERING: ReadonlySet<FeedState> = new Set(['retrying', 'connecting']);

/**
 * The two live regions: `status` (polite, always present) for retrying, offline and reconnected; `alert`
 * for failed, present only then: an alert is announced when it appears, and `role="alert"` is for the
 * failed toast alone.
 */
type LiveRegion = 'status' | 'alert';

/** What is announced; a change of topic is announced once, anything else (a countdown, a new attempt) is not. */
type AnnouncementTopic = 'retrying' | 'offline' | 'failed' | 'reconnected';

/**
 * How long an announcement that repeats the region's previous words waits after the region was cleared:
 * long enough for the empty region to reach the accessibility tree (more than a frame), so screen readers
 * see a change and say it again.
 */
const REPEAT_DELAY = 100;

/** Nothing in either live region. */
const SILENT: Readonly<Record<LiveRegion, string>> = { status: '', alert: '' };

/**
 * Tells the user what happens to a feed's connection, in a single toast that updates in place and is
 * shown in the top layer (Popover API, `popover="manual"`), so it never fights the page's z-index.
 *
 * It opens when the feed has been retrying for longer than `delay` ms (blips shorter than that show
 * nothing), when the feed has `failed` (it stays open, with a retry button that calls the feed's
 * `reconnect()`), and says "Reconnected" for `duration` ms when the feed is connected again after a toast
 * was shown. The close button and Escape dismiss it; a dismissed toast stays hidden until the feed's
 * state calls for a different toast (or a new outage starts). It never takes focus.
 *
 * Announcements go through visually hidden live regions in the shadow root, outside the popover: a
 * `role="status"` region that always exists, so screen readers know it before its text changes (retrying,
 * offline, reconnected), and, for the failed toast alone, a `role="alert"` region that appears with its
 * text (an alert is announced when it appears). Each time the toast opens or changes what it is about, the
 * message and reason are said once ("Reconnecting, attempt 2 of 10. Server error (503)", with `{seconds}`
 * as the whole wait, never the countdown); both are emptied when the toast closes. The visible popover is a `role="group"`
 * named by its message, not a live region, so nothing is said twice; its buttons stay in the tab order.
 *
 * The feed is the `<sse-feed>` named by `for`, else the nearest ancestor `<sse-feed>`; a `status` set
 * from code takes precedence over both. It renders on state changes only, never per message, and
 * renders all text (error messages included) as text.
 *
 * @tag status-toast
 *
 * @attr {string} state - Reflects the shown feed state (read-only).
 * @attr {boolean} open - Present while the toast is showing (read-only: set by the element).
 *
 * @fires {CustomEvent<ToastShowDetail>} toast-show - The toast opened: `{ kind, status }`. Bubbles and is composed.
 * @fires {CustomEvent<ToastHideDetail>} toast-hide - The toast closed: `{ kind, reason }`, reason `dismiss`, `timeout` or `state`. Bubbles and is composed.
 *
 * @csspart base - The toast itself: the popover element, a `role="group"` named by its message (not a live region: the hidden live regions beside it announce).
 * @csspart icon - The coloured mark at the start of the toast.
 * @csspart body - The wrapper of message and reason.
 * @csspart message - The main text, from the `message-*` attributes or the defaults.
 * @csspart reason - What went wrong, in plain words ("Server error (503)").
 * @csspart action - The retry button, shown when the feed has failed.
 * @csspart close - The dismiss button.
 *
 * @cssprop [--sse-toast-background=#ffffff (dark: #1f2937)] - Background of the toast.
 * @cssprop [--sse-toast-color=#111827 (dark: #f9fafb)] - Text colour of the message.
 * @cssprop [--sse-toast-reason-color=#374151 (dark: #d1d5db)] - Text colour of the reason line.
 * @cssprop [--sse-toast-border-color=#d1d5db (dark: #4b5563)] - Border of the toast.
 * @cssprop [--sse-toast-retrying-color=#b45309 (dark: #fbbf24)] - Accent (edge and icon) while retrying.
 * @cssprop [--sse-toast-failed-color=#b91c1c (dark: #f87171)] - Accent when failed.
 * @cssprop [--sse-toast-reconnected-color=#15803d (dark: #4ade80)] - Accent when reconnected.
 * @cssprop [--sse-toast-action-background=#1f2937 (dark: #f3f4f6)] - Background of the retry button.
 * @cssprop [--sse-toast-action-color=#ffffff (dark: #111827)] - Text colour of the retry button.
 * @cssprop [--sse-toast-focus-color=#2563eb (dark: #93c5fd)] - Focus ring of the buttons.
 * @cssprop [--sse-toast-radius=0.5rem] - Corner radius.
 * @cssprop [--sse-toast-shadow=0 10px 30px rgb(0 0 0 / 0.2)] - Shadow.
 * @cssprop [--sse-toast-offset=1rem] - Distance from the viewport edges.
 * @cssprop [--sse-toast-max-width=24rem] - Widest the toast gets.
 * @cssprop [--sse-toast-z-index=1000] - Stacking order, only where the Popover API (top layer) is missing.
 * @cssprop [--sse-toast-transition-duration=200ms] - Length of the enter and leave transitions; none under reduced motion.
 */
export class StatusToast extends LitElement {
  static override styles = css`
    :host {
      --_background: var(--sse-toast-background, #ffffff);
      --_color: var(--sse-toast-color, #111827);
      --_reason: var(--sse-toast-reason-color, #374151);
      --_border: var(--sse-toast-border-color, #d1d5db);
      --_retrying: var(--sse-toast-retrying-color, #b45309);
      --_failed: var(--sse-toast-failed-color, #b91c1c);
      --_reconnected: var(--sse-toast-reconnected-color, #15803d);
      --_action-background: var(--sse-toast-action-background, #1f2937);
      --_action-color: var(--sse-toast-action-color, #ffffff);
      --_focus: var(--sse-toast-focus-color, #2563eb);
      --_offset: var(--sse-toast-offset, 1rem);
      --_duration: var(--sse-toast-transition-duration, 200ms);
      --_shift: 0.75rem;
      display: contents;
    }

    @media (prefers-color-scheme: dark) {
      :host {
        --_background: var(--sse-toast-background, #1f2937);
        --_color: var(--sse-toast-color, #f9fafb);
        --_reason: var(--sse-toast-reason-color, #d1d5db);
        --_border: var(--sse-toast-border-color, #4b5563);
        --_retrying: var(--sse-toast-retrying-color, #fbbf24);
        --_failed: var(--sse-toast-failed-color, #f87171);
        --_reconnected: var(--sse-toast-reconnected-color, #4ade80);
        --_action-background: var(--sse-toast-action-background, #f3f4f6);
        --_action-color: var(--sse-toast-action-color, #111827);
        --_focus: var(--sse-toast-focus-color, #93c5fd);
      }
    }

    :host([position^='top']) {
      --_shift: -0.75rem;
    }

    .toast {
      --_accent: var(--_retrying);
      position: fixed;
      inset: auto var(--_offset) var(--_offset) auto;
      inset-inline: auto var(--_offset);
      z-index: var(--sse-toast-z-index, 1000);
      box-sizing: border-box;
      width: max-content;
      max-width: min(var(--sse-toast-max-width, 24rem), calc(100vw - 2 * var(--_offset)));
      margin: 0;
      padding: 0.75rem 0.5rem 0.75rem 0.875rem;
      overflow: visible;
      display: none;
      align-items: flex-start;
      gap: 0.625rem;
      border: 1px solid var(--_border);
      border-inline-start: 4px solid var(--_accent);
      border-radius: var(--sse-toast-radius, 0.5rem);
      background: var(--_background);
      color: var(--_color);
      box-shadow: var(--sse-toast-shadow, 0 10px 30px rgb(0 0 0 / 0.2));
      font: inherit;
      font-size: 0.9375rem;
      line-height: 1.4;
      opacity: 0;
      transform: translateY(var(--_shift));
      transition:
        opacity var(--_duration) ease,
        transform var(--_duration) ease,
        display var(--_duration) allow-discrete,
        overlay var(--_duration) allow-discrete;
    }

    .toast.failed {
      --_accent: var(--_failed);
    }
    .toast.reconnected {
      --_accent: var(--_reconnected);
    }

    /* Shown: the top layer where the Popover API exists, a fixed box with z-index elsewhere. */
    .toast:popover-open {
      display: flex;
      opacity: 1;
      transform: none;
    }
    :host([open]) .toast {
      display: flex;
      opacity: 1;
      transform: none;
    }
    @starting-style {
      .toast:popover-open {
        opacity: 0;
        transform: translateY(var(--_shift));
      }
    }

    :host([position^='top']) .toast {
      inset-block: var(--_offset) auto;
    }
    :host([position$='start']) .toast {
      inset-inline: var(--_offset) auto;
    }
    :host([position$='center']) .toast {
      inset-inline: 0;
      margin-inline: auto;
    }

    @media (prefers-reduced-motion: reduce) {
      .toast {
        transition: none;
        transform: none;
      }
      @starting-style {
        .toast:popover-open {
          transform: none;
        }
      }
    }

    .icon {
      flex: none;
      width: 0.625rem;
      height: 0.625rem;
      margin-block-start: 0.375rem;
      border-radius: 50%;
      background: var(--_accent);
    }

    .body {
      flex: 1 1 auto;
      min-width: 0;
      overflow-wrap: anywhere;
    }

    .message {
      margin: 0;
      font-weight: 600;
    }

    .reason {
      margin: 0.125rem 0 0;
      color: var(--_reason);
      font-size: 0.875rem;
    }

    button {
      flex: none;
      font: inherit;
      cursor: pointer;
    }

    button:focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }

    .action {
      align-self: center;
      padding: 0.25rem 0.75rem;
      border: 0;
      border-radius: 0.375rem;
      background: var(--_action-background);
      color: var(--_action-color);
      font-size: 0.875rem;
      font-weight: 600;
    }

    .close {
      display: inline-grid;
      place-items: center;
      width: 1.75rem;
      height: 1.75rem;
      padding: 0;
      border: 0;
      border-radius: 0.375rem;
      background: transparent;
      color: var(--_reason);
      font-size: 1.25rem;
      line-height: 1;
    }

    .close:hover {
      color: var(--_color);
      background: color-mix(in srgb, currentColor 12%, transparent);
    }

    /* The live regions: in the accessibility tree at all times (so never display: none), invisible. */
    .live {
      ${visuallyHidden}
    }
  `;

  /**
   * The id of the `<sse-feed>` to reflect, in the same document or shadow root. The feed is followed if
   * it is defined or added later, or replaced. When empty, the nearest ancestor `<sse-feed>` is used.
   */
  /**
   * Registers the class as `tag` in `registry` (the global one by default); `status-toast` registers it as
   * `<status-toast>`. A tag taken by another class is left alone, with a console warning.
   */
  static define(tag = 'status-toast', registry: CustomElementRegistry = customElements): void {
    defineElement(this, tag, registry);
  }

  @property({ attribute: 'for' }) htmlFor = '';

  /**
   * A status to react to instead of the feed's, for pages that drive the toast from code (or a catalog).
   * Takes precedence over `for` and the ancestor feed; set `null` to follow the feed again.
   */
  @property({ attribute: false }) status: FeedStatus | null = null;

  /** Milliseconds the feed must have been retrying before the toast opens; shorter blips show nothing. */
  @property({ type: Number }) delay = 1000;

  /** Milliseconds the "Reconnected" message stays. */
  @property({ type: Number }) duration = 3000;

  /** Where the toast sits: `top-start`, `top-center`, `top-end`, `bottom-start`, `bottom-center` or `bottom-end`. */
  @property({ reflect: true }) position: ToastPosition = 'bottom-end';

  /**
   * Replaces the text shown while retrying or reconnecting (see `message-offline`). `{seconds}` (a live
   * countdown), `{attempt}`, `{max}` and `{reason}` are filled in; the reason line stays below it.
   */
  @property({ attribute: 'message-retrying' }) messageRetrying = '';

  /**
   * Replaces the text shown while retrying because the device is offline (no attempt is scheduled then,
   * so `message-retrying` does not apply). `{attempt}`, `{max}` and `{reason}` are filled in.
   */
  @property({ attribute: 'message-offline' }) messageOffline = '';

  /** Replaces the text shown when the feed has failed. `{attempt}`, `{max}` and `{reason}` are filled in. */
  @property({ attribute: 'message-failed' }) messageFailed = '';

  /** Replaces the text shown when the feed is connected again. `{attempt}` and `{max}` are filled in. */
  @property({ attribute: 'message-reconnected' }) messageReconnected = '';

  /** The accessible name (and visible text) of the retry button. */
  @property({ attribute: 'action-label' }) actionLabel = 'Retry';

  /** The accessible name of the close button. */
  @property({ attribute: 'close-label' }) closeLabel = 'Dismiss';

  /** True while the toast is showing; reflected as the `open` attribute. Set by the element: call `hide()` to dismiss. */
  @property({ type: Boolean, reflect: true }) open = false;

  #kind: ToastKind | null = null; // what the toast says (kept while hidden, for the leave transition)
  #previous: FeedStatus | null = null;
  #outageSince: number | null = null; // when the current run of failures began
  #shownInOutage = false; // a retrying or failed toast was shown, so "Reconnected" is worth saying
  #dismissed: ToastKind | null = null; // the kind the user dismissed, suppressed until it changes
  #delayTimer: ReturnType<typeof setTimeout> | undefined;
  #durationTimer: ReturnType<typeof setTimeout> | undefined;
  #hideReason: ToastHideReason = 'state';
  #listeningForEscape = false;
  #topic: AnnouncementTopic | null = null; // what the live regions last announced, while open
  #liveText: Readonly<Record<LiveRegion, string>> = SILENT;
  #lastAnnounced: Record<LiveRegion, string> = { status: '', alert: '' }; // kept after clearing, to spot repeats
  #repeatTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #feed = new FeedConsumer(this);
  readonly #countdown = new CountdownController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    // Read the feed's story afresh: it may have moved on while the toast was out of the document.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#clearTimers();
    this.#listenForEscape(false);
    this.#announce(null);
    // Start afresh if added back: the feed's story will be read again from its current status.
    this.#previous = null;
    this.#outageSince = null;
    this.#shownInOutage = false;
    this.#dismissed = null;
    this.open = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('htmlFor')) this.#feed.refresh();
    const status = this.#shown();
    if (this.getAttribute('state') !== status.state) this.setAttribute('state', status.state);
    // Out of the document a toast cannot show; the story is read again when it comes back.
    if (!this.isConnected) return;
    if (status !== this.#previous) {
      const previous = this.#previous;
      this.#previous = status;
      if (status.state !== previous?.state) this.#onStateChange(status, previous);
    }
    const ticking = this.open && this.#kind === 'retrying' && status.state === 'retrying' && usesSeconds(this.messageRetrying);
    this.#countdown.follow(ticking ? status.retryAt : null);
    this.#updateAnnouncement(status);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const popover = this.isConnected ? this.renderRoot.querySelector<HTMLElement>('[part="base"]') : null;
    const wasOpen = changed.get('open') === true;
    if (this.open) {
      if (popover && typeof popover.showPopover === 'function' && !popover.matches(':popover-open')) popover.showPopover();
      this.#listenForEscape(true);
      if (!wasOpen && this.#kind) {
        const detail: ToastShowDetail = { kind: this.#kind, status: this.#shown() };
        this.dispatchEvent(new CustomEvent('toast-show', { detail, bubbles: true, composed: true }));
      }
    } else {
      if (popover && typeof popover.hidePopover === 'function' && popover.matches(':popover-open')) popover.hidePopover();
      this.#listenForEscape(false);
      if (wasOpen && this.#kind) {
        const detail: ToastHideDetail = { kind: this.#kind, reason: this.#hideReason };
        this.dispatchEvent(new CustomEvent('toast-hide', { detail, bubbles: true, composed: true }));
      }
    }
  }

  /** Dismisses the toast, as the close button and Escape do; it stays hidden until the feed calls for a different toast. */
  hide(): void {
    if (!this.open || !this.#kind) return;
    this.#dismissed = this.#kind;
    this.#close('dismiss');
  }

  #shown(): FeedStatus {
    return this.status ?? this.#feed.status;
  }

  /** The feed's story so far decides which toast (if any) to show. */
  #onStateChange(status: FeedStatus, previous: FeedStatus | null): void {
    const state = status.state;
    if (state === 'retrying' || (state === 'connecting' && this.#outageSince !== null)) {
      // A retry after `failed` (the button, or reconnect() from code) starts a new run of attempts,
      // and a new situation: a toast the user dismissed may speak again.
      if (previous?.state === 'failed') this.#dismissed = null;
      if (previous?.state === 'failed' || this.#outageSince === null) this.#outageSince = Date.now();
      if (this.open && this.#kind !== 'reconnected') {
        this.#show('retrying');
      } else {
        this.#clearTimer('duration');
        if (this.open) this.#close('state');
        this.#waitForDelay();
      }
      return;
    }
    this.#clearTimer('delay');
    if (state === 'failed') {
      if (this.#outageSince === null) this.#outageSince = Date.now();
      this.#show('failed');
      return;
    }
    if (state === 'connected' && this.#shownInOutage) {
      this.#endOutage();
      this.#show('reconnected');
      this.#durationTimer = setTimeout(() => {
        this.#durationTimer = undefined;
        if (this.#kind === 'reconnected') this.#close('timeout');
      }, this.duration);
      return;
    }
    // connecting for the first time, connected after a quiet blip, idle, paused or closed.
    if (state !== 'connecting') this.#endOutage();
    if (this.open && state !== 'connecting') this.#close('state');
  }

  #waitForDelay(): void {
    if (this.#delayTimer !== undefined || this.#outageSince === null) return;
    const wait = Math.max(0, this.#outageSince + this.delay - Date.now());
    this.#delayTimer = setTimeout(() => {
      this.#delayTimer = undefined;
      if (RECOVERING.has(this.#shown().state)) this.#show('retrying');
    }, wait);
  }

  #show(kind: ToastKind): void {
    if (kind !== this.#dismissed) this.#dismissed = null;
    if (this.#dismissed === kind) {
      this.#shownInOutage = true;
      return;
    }
    this.#clearTimer('duration');
    this.#kind = kind;
    if (kind !== 'reconnected') this.#shownInOutage = true;
    this.open = true;
    this.requestUpdate();
  }

  #close(reason: ToastHideReason): void {
    this.#hideReason = reason;
    this.open = false;
  }

  #endOutage(): void {
    this.#outageSince = null;
    this.#shownInOutage = false;
    this.#dismissed = null;
    this.#clearTimer('delay');
  }

  #clearTimer(which: 'delay' | 'duration'): void {
    if (which === 'delay') {
      clearTimeout(this.#delayTimer);
      this.#delayTimer = undefined;
    } else {
      clearTimeout(this.#durationTimer);
      this.#durationTimer = undefined;
    }
  }

  #clearTimers(): void {
    this.#clearTimer('delay');
    this.#clearTimer('duration');
  }

  /** Announces when the toast opens, closes or changes topic; a countdown tick or a new attempt says nothing. */
  #updateAnnouncement(status: FeedStatus): void {
    const topic = this.open ? this.#topicOf(status) : null;
    if (topic === this.#topic) return;
    this.#topic = topic;
    if (!topic) {
      this.#announce(null);
      return;
    }
    const values = labelValues(status, null); // the whole wait: the same words for as long as it lasts
    const message = this.#message(status, values);
    const reason = this.#reason(status);
    const text = !reason || message.includes(reason) ? message : `${message}${/[.…!?:]$/.test(message) ? ' ' : '. '}${reason}`;
    this.#announce(topic === 'failed' ? 'alert' : 'status', text);
  }

  #topicOf(status: FeedStatus): AnnouncementTopic | null {
    if (this.#kind !== 'retrying') return this.#kind;
    // An attempt in progress (connecting) is no news: it keeps whatever the retrying toast said last.
    if (status.state === 'connecting') return this.#topic === 'offline' ? 'offline' : 'retrying';
    return status.error?.kind === 'offline' ? 'offline' : 'retrying';
  }

  /**
   * Writes `text` into `region` and empties the other one; `null` empties both. Words that repeat the
   * region's previous announcement are written a moment after the region was emptied, so they are heard again.
   */
  #announce(region: LiveRegion | null, text = ''): void {
    clearTimeout(this.#repeatTimer);
    this.#repeatTimer = undefined;
    if (!region || !text) {
      this.#liveText = SILENT;
      if (!region) this.#topic = null;
      return;
    }
    const repeated = this.#lastAnnounced[region] === text;
    this.#lastAnnounced[region] = text;
    if (!repeated) {
      this.#liveText = { ...SILENT, [region]: text };
      return;
    }
    this.#liveText = SILENT;
    this.#repeatTimer = setTimeout(() => {
      this.#repeatTimer = undefined;
      this.#liveText = { ...SILENT, [region]: text };
      this.requestUpdate();
    }, REPEAT_DELAY);
  }

  #listenForEscape(on: boolean): void {
    if (on === this.#listeningForEscape) return;
    this.#listeningForEscape = on;
    if (on) document.addEventListener('keydown', this.#onKeydown);
    else document.removeEventListener('keydown', this.#onKeydown);
  }

  readonly #onKeydown = (event: KeyboardEvent): void => {
    // A page (or a dialog) that handled Escape itself keeps it.
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    this.hide();
  };

  readonly #onClose = (): void => {
    this.hide();
  };

  readonly #onRetry = (): void => {
    this.#feed.control?.reconnect();
  };

  #message(status: FeedStatus, values: LabelValues): string {
    switch (this.#kind) {
      case 'failed':
        return fillTemplate(this.messageFailed || 'Connection failed', values);
      case 'reconnected':
        return fillTemplate(this.messageReconnected || 'Reconnected', values);
      default:
        if (status.state === 'retrying' && status.error?.kind === 'offline') {
          return fillTemplate(this.messageOffline || 'Waiting for the network…', values);
        }
        if (this.messageRetrying) return fillTemplate(this.messageRetrying, values);
        if (status.state === 'connecting') return 'Reconnecting…';
        return status.attempt > 0 ? `Reconnecting, attempt ${values.attempt} of ${values.max}` : 'Reconnecting…';
    }
  }

  /** The reason line: what went wrong in plain words, or nothing for "Reconnected". */
  #reason(status: FeedStatus): string {
    if (this.#kind === 'reconnected') return '';
    return describeError(status.error) || (this.#kind === 'failed' ? '' : 'Connection lost');
  }

  protected override render(): unknown {
    const status = this.#shown();
    const kind = this.#kind;
    const failed = kind === 'failed';
    const reason = kind ? this.#reason(status) : '';
    const values = { ...labelValues(status, null), seconds: this.#countdown.seconds };
    // The popover is no live region (the two regions after it announce, so nothing is said twice); as a
    // group named by its message it gives context when Tab reaches its buttons.
    return html`<div
        part="base"
        class="toast ${kind ?? ''}"
        popover="manual"
        role="group"
        aria-labelledby=${kind ? 'toast-message' : nothing}
        aria-describedby=${reason ? 'toast-reason' : nothing}
      >
        ${kind
          ? html`<span part="icon" class="icon" aria-hidden="true"></span>
              <div part="body" class="body">
                <p part="message" class="message" id="toast-message">${this.#message(status, values)}</p>
                ${reason ? html`<p part="reason" class="reason" id="toast-reason">${reason}</p>` : nothing}
              </div>
              ${failed ? html`<button part="action" class="action" type="button" @click=${this.#onRetry}>${this.actionLabel}</button>` : nothing}
              <button part="close" class="close" type="button" aria-label=${this.closeLabel} @click=${this.#onClose}>
                <span aria-hidden="true">×</span>
              </button>`
          : nothing}
      </div
      ><div class="live" role="status">${this.#liveText.status}</div
      >${this.#liveText.alert ? html`<div class="live" role="alert">${this.#liveText.alert}</div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'status-toast': StatusToast;
  }
}
