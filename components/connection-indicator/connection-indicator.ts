// <connection-indicator>: a dot and a short label that say what state a feed's connection is in.

import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from '../shared/define.js';
import type { FeedState, FeedStatus } from '../core/types.js';
import { fillTemplate, labelValues, type LabelValues } from '../sse-feed/describe.js';
import { CountdownController, FeedConsumer } from '../sse-feed/feed-consumer.js';
import { visuallyHidden } from '../sse-feed/visually-hidden.js';

/** The default English text of each state; the second entry is what is announced, once, on the change. */
function defaultText(status: FeedStatus, values: LabelValues, announced: LabelValues): [string, string] {
  switch (status.state) {
    case 'idle':
      return ['Not connected', 'Not connected'];
    case 'connecting':
      return ['Connecting…', 'Connecting'];
    case 'connected':
      if (status.stale) return [`No new data for ${values.seconds} s`, 'Connected, but no new data'];
      return ['Connected', 'Connected'];
    case 'paused':
      return ['Paused', 'Paused'];
    case 'closed':
      return ['Closed', 'Closed'];
    case 'failed':
      return values.reason ? [`Connection failed: ${values.reason}`, `Connection failed: ${announced.reason}`] : ['Connection failed', 'Connection failed'];
    case 'retrying': {
      const kind = status.error?.kind;
      if (kind === 'offline') return ['Offline, waiting for the network', 'Offline, waiting for the network'];
      const attempt = status.attempt > 0 ? `, attempt ${values.attempt} of ${values.max}` : '';
      const cause = kind === 'stall' ? `${values.reason}, reconnecting` : 'Reconnecting';
      if (status.retryAt === null) return [`${cause}…${attempt}`, `${cause}${attempt}`];
      return [`${cause} in ${values.seconds} s${attempt}`, `${cause}${attempt}`];
    }
  }
}

/**
 * Shows the state of a feed as a coloured dot and a short label, and announces each change of state
 * once to assistive technology through a `role="status"` live region. While the feed waits to retry,
 * the label counts down to the next attempt ("Reconnecting in 3 s, attempt 2 of 10"); the countdown
 * is hidden from assistive technology, which hears "Reconnecting, attempt 2 of 10" once.
 *
 * The feed is the `<sse-feed>` named by `for`, else the nearest ancestor `<sse-feed>`; a `status` set
 * from code takes precedence over both. With none of them it shows `idle`. It renders on state
 * changes (and countdown ticks) only, never per message, and renders all text as text.
 *
 * @tag connection-indicator
 *
 * @attr {string} state - Reflects the shown state (read-only): `idle`, `connecting`, `connected`, `retrying`, `paused`, `failed` or `closed`.
 * @attr {boolean} stale - Present while the feed is connected but stale (read-only): no message for its `stale-after` ms.
 *
 * @csspart base - The `role="status"` live region that holds the dot and the label.
 * @csspart dot - The coloured dot; it pulses gently while connecting or retrying, unless the user prefers reduced motion.
 * @csspart label - The visible text, countdown included. Hidden from assistive technology, which gets the announcement instead.
 * @csspart announcement - The visually hidden text announced once per state change.
 *
 * @cssprop [--sse-indicator-background=#f3f4f6 (dark: #1f2937)] - Background of the pill around dot and label.
 * @cssprop [--sse-indicator-color=#1f2937 (dark: #f3f4f6)] - Label text colour; the defaults pass WCAG AA on the default background.
 * @cssprop [--sse-indicator-border-color=#d1d5db (dark: #4b5563)] - Border of the pill.
 * @cssprop [--sse-indicator-font-size=0.875em] - Font size of the label.
 * @cssprop [--sse-indicator-padding=0.25em 0.75em] - Padding of the pill.
 * @cssprop [--sse-indicator-radius=999px] - Corner radius of the pill.
 * @cssprop [--sse-indicator-dot-size=0.625em] - Diameter of the dot.
 * @cssprop [--sse-indicator-pulse-duration=1.6s] - Length of one pulse of the dot.
 * @cssprop [--sse-indicator-idle-color=#6b7280 (dark: #9ca3af)] - Dot colour when idle.
 * @cssprop [--sse-indicator-connecting-color=#b45309 (dark: #fbbf24)] - Dot colour while connecting.
 * @cssprop [--sse-indicator-connected-color=#15803d (dark: #4ade80)] - Dot colour when connected.
 * @cssprop [--sse-indicator-retrying-color=#b45309 (dark: #fbbf24)] - Dot colour while waiting to retry.
 * @cssprop [--sse-indicator-paused-color=#6b7280 (dark: #9ca3af)] - Dot colour when paused.
 * @cssprop [--sse-indicator-failed-color=#b91c1c (dark: #f87171)] - Dot colour when failed.
 * @cssprop [--sse-indicator-closed-color=#6b7280 (dark: #9ca3af)] - Dot colour when closed.
 * @cssprop [--sse-indicator-stale-color=#a16207 (dark: #facc15)] - Dot colour when connected but stale.
 */
export class ConnectionIndicator extends LitElement {
  static override styles = css`
    :host {
      --_background: var(--sse-indicator-background, #f3f4f6);
      --_color: var(--sse-indicator-color, #1f2937);
      --_border: var(--sse-indicator-border-color, #d1d5db);
      --_idle: var(--sse-indicator-idle-color, #6b7280);
      --_connecting: var(--sse-indicator-connecting-color, #b45309);
      --_connected: var(--sse-indicator-connected-color, #15803d);
      --_retrying: var(--sse-indicator-retrying-color, #b45309);
      --_paused: var(--sse-indicator-paused-color, #6b7280);
      --_failed: var(--sse-indicator-failed-color, #b91c1c);
      --_closed: var(--sse-indicator-closed-color, #6b7280);
      --_stale: var(--sse-indicator-stale-color, #a16207);
      --_dot: var(--_idle);
      display: inline-block;
      vertical-align: middle;
    }

    @media (prefers-color-scheme: dark) {
      :host {
        --_background: var(--sse-indicator-background, #1f2937);
        --_color: var(--sse-indicator-color, #f3f4f6);
        --_border: var(--sse-indicator-border-color, #4b5563);
        --_idle: var(--sse-indicator-idle-color, #9ca3af);
        --_connecting: var(--sse-indicator-connecting-color, #fbbf24);
        --_connected: var(--sse-indicator-connected-color, #4ade80);
        --_retrying: var(--sse-indicator-retrying-color, #fbbf24);
        --_paused: var(--sse-indicator-paused-color, #9ca3af);
        --_failed: var(--sse-indicator-failed-color, #f87171);
        --_closed: var(--sse-indicator-closed-color, #9ca3af);
        --_stale: var(--sse-indicator-stale-color, #facc15);
      }
    }

    :host([hidden]) {
      display: none;
    }

    :host([state='connecting']) {
      --_dot: var(--_connecting);
    }
    :host([state='connected']) {
      --_dot: var(--_connected);
    }
    :host([state='retrying']) {
      --_dot: var(--_retrying);
    }
    :host([state='paused']) {
      --_dot: var(--_paused);
    }
    :host([state='failed']) {
      --_dot: var(--_failed);
    }
    :host([state='closed']) {
      --_dot: var(--_closed);
    }
    :host([state='connected'][stale]) {
      --_dot: var(--_stale);
    }

    .base {
      display: inline-flex;
      align-items: center;
      gap: 0.5em;
      box-sizing: border-box;
      padding: var(--sse-indicator-padding, 0.25em 0.75em);
      border: 1px solid var(--_border);
      border-radius: var(--sse-indicator-radius, 999px);
      background: var(--_background);
      color: var(--_color);
      font-size: var(--sse-indicator-font-size, 0.875em);
      line-height: 1.4;
      white-space: nowrap;
    }

    .dot {
      flex: none;
      width: var(--sse-indicator-dot-size, 0.625em);
      height: var(--sse-indicator-dot-size, 0.625em);
      border-radius: 50%;
      background: var(--_dot);
    }

    :host([state='connecting']) .dot,
    :host([state='retrying']) .dot {
      animation: pulse var(--sse-indicator-pulse-duration, 1.6s) ease-in-out infinite;
    }

    @keyframes pulse {
      0%,
      100% {
        opacity: 1;
        transform: scale(1);
      }
      50% {
        opacity: 0.35;
        transform: scale(0.8);
      }
    }

    @media (prefers-reduced-motion: reduce) {
      :host([state]) .dot {
        animation: none;
      }
    }

    .label {
      font-variant-numeric: tabular-nums;
    }

    :host([compact]) .base {
      padding: 0.25em;
      border-color: transparent;
      background: none;
    }

    :host([compact]) .label,
    .announcement {
      ${visuallyHidden}
    }
  `;

  /**
   * The id of the `<sse-feed>` to reflect, in the same document or shadow root. The feed is followed if
   * it is defined or added later, or replaced. When empty, the nearest ancestor `<sse-feed>` is used.
   */
  /**
   * Registers the class as `tag` in `registry` (the global one by default); `connection-indicator` registers it as
   * `<connection-indicator>`. A tag taken by another class is left alone, with a console warning.
   */
  static define(tag = 'connection-indicator', registry: CustomElementRegistry = customElements): void {
    defineElement(this, tag, registry);
  }

  @property({ attribute: 'for' }) htmlFor = '';

  /**
   * A status to show instead of the feed's, for pages that drive the indicator from code (or a catalog).
   * Takes precedence over `for` and the ancestor feed; set `null` to follow the feed again.
   */
  @property({ attribute: false }) status: FeedStatus | null = null;

  /** Shows the dot alone; the label stays available to assistive technology. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** Replaces the `idle` text. `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
  @property({ attribute: 'label-idle' }) labelIdle = '';

  /** Replaces the `connecting` text. `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
  @property({ attribute: 'label-connecting' }) labelConnecting = '';

  /** Replaces the `connected` text. `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
  @property({ attribute: 'label-connected' }) labelConnected = '';

  /**
   * Replaces the `retrying` text while an attempt is scheduled (stalls included; see `label-offline`).
   * `{seconds}` counts down to the next attempt on screen; the announcement uses the whole wait and is
   * made once.
   */
  @property({ attribute: 'label-retrying' }) labelRetrying = '';

  /**
   * Replaces the text shown while retrying because the device is offline (no attempt is scheduled then,
   * so `label-retrying` does not apply). `{attempt}`, `{max}` and `{reason}` are filled in.
   */
  @property({ attribute: 'label-offline' }) labelOffline = '';

  /**
   * Replaces the text shown while the feed is connected but stale (no message for its `stale-after`
   * ms). `{seconds}` counts the time since the last message (or since the feed connected) on screen;
   * the announcement, made once when the feed turns stale, uses the same template without counting.
   */
  @property({ attribute: 'label-stale' }) labelStale = '';

  /** Replaces the `paused` text. `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
  @property({ attribute: 'label-paused' }) labelPaused = '';

  /** Replaces the `failed` text. `{reason}` gives the error in plain words, e.g. "Not authorised (401)". */
  @property({ attribute: 'label-failed' }) labelFailed = '';

  /** Replaces the `closed` text. `{seconds}`, `{attempt}`, `{max}` and `{reason}` are filled in. */
  @property({ attribute: 'label-closed' }) labelClosed = '';

  readonly #feed = new FeedConsumer(this);
  readonly #countdown = new CountdownController(this);
  #connectedSince: number | null = null; // when the shown state last became connected
  #staleSeconds: number | null = null; // {seconds} when the feed turned stale: what is announced

  /** The state shown now, as reflected in the `state` attribute. */
  get state(): FeedState {
    return this.#shown().state;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('htmlFor')) this.#feed.refresh();
    const status = this.#shown();
    if (this.getAttribute('state') !== status.state) this.setAttribute('state', status.state);
    const stale = status.state === 'connected' && status.stale;
    if (this.hasAttribute('stale') !== stale) this.toggleAttribute('stale', stale);
    if (status.state !== 'connected') this.#connectedSince = null;
    else this.#connectedSince ??= Date.now();
    if (stale) {
      this.#countdown.follow(status.lastMessageAt ?? this.#connectedSince, 'since');
      this.#staleSeconds ??= this.#countdown.seconds;
    } else {
      this.#staleSeconds = null;
      this.#countdown.follow(status.state === 'retrying' ? status.retryAt : null);
    }
  }

  #shown(): FeedStatus {
    return this.status ?? this.#feed.status;
  }

  #template(status: FeedStatus): string {
    if (status.state === 'retrying' && status.error?.kind === 'offline') return this.labelOffline;
    if (status.state === 'connected' && status.stale) return this.labelStale;
    const templates: Record<FeedState, string> = {
      idle: this.labelIdle,
      connecting: this.labelConnecting,
      connected: this.labelConnected,
      retrying: this.labelRetrying,
      paused: this.labelPaused,
      failed: this.labelFailed,
      closed: this.labelClosed,
    };
    return templates[status.state] ?? '';
  }

  protected override render(): unknown {
    const status = this.#shown();
    const values = { ...labelValues(status, null), seconds: this.#countdown.seconds };
    // Announced once: a countdown, or the time since the last message, never re-announces.
    const announced = this.#staleSeconds === null ? labelValues(status, null) : { ...values, seconds: this.#staleSeconds };
    const template = this.#template(status);
    const [label, announcement] = template
      ? [fillTemplate(template, values), fillTemplate(template, announced)]
      : defaultText(status, values, announced);
    return html`<span part="base" class="base" role="status"
      ><span part="dot" class="dot" aria-hidden="true"></span
      ><span part="label" class="label" aria-hidden="true">${label}</span
      ><span part="announcement" class="announcement">${announcement}</span></span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'connection-indicator': ConnectionIndicator;
  }
}
