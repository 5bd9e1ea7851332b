// <status-toast>: one toast, in the top layer, that tells the user what happens to a feed's connection.

import { adoptStyles, css, type PropertyValues } from '@lit/reactive-element';
import { missing } from '../core/on-demand.js';
import type { FeedStatus } from '../core/types.js';
import { numberAttribute, numberIn, oneOf } from '../shared/attributes.js';
import { attributes, element, setText } from '../shared/dom.js';
import { FeedStatusController } from '../shared/feed-status-controller.js';
import { FeedStatusElement } from '../shared/feed-status-element.js';
import { LiveAnnouncer } from '../shared/live-announcer.js';
import { palette } from '../shared/theme.js';
import { visuallyHidden } from '../shared/visually-hidden.js';
import { dismissToast, nextToast, NO_TOAST, type Toast, type ToastHideReason, type ToastKind } from './outage.js';

export type { ToastHideReason, ToastKind } from './outage.js';

// Until its looks and words arrive (a module of their own, loaded when the first toast connects) a toast
// shows nothing but its empty live regions, and does not open: it never shows unstyled. When their file
// does not load (null) it opens unseen: its live regions still say, in the page's words, what happens.
// These rules stay under its looks once they are adopted, which count on them.
const UNSTYLED = css`
  :host {
    display: contents;
  }
  .toast {
    display: none;
  }
  .live {
    ${visuallyHidden}
  }
`;
type ToastView = typeof import('./toast-view.js');
let view: ToastView | null | undefined;
let loadingView: Promise<unknown> | undefined;

const POSITIONS = ['top-start', 'top-center', 'top-end', 'bottom-start', 'bottom-center', 'bottom-end'] as const;

/** Where the toast sits in the viewport; `start` and `end` follow the writing direction. */
export type ToastPosition = (typeof POSITIONS)[number];

/** What the toast is about: its kind, with offline apart from other retries. */
export type ToastTopic = 'offline' | ToastKind;

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

/** What a feed's `sse-gap` says: the id it asked to resume from, what the server resumed from, and how it knew. */
export interface ToastGap {
  readonly requested: string;
  readonly resumedFrom: string | null;
  readonly reason: 'header' | 'event';
}

/** Detail of `toast-action`: the button's toast (`failed`: Retry, `gap`: Refresh) and, for `gap`, the feed's gap. */
export interface ToastActionDetail {
  readonly kind: ToastKind;
  readonly gap: ToastGap | null;
}

declare global {
  interface HTMLElementEventMap {
    /** A `<status-toast>` opened. */
    'toast-show': CustomEvent<ToastShowDetail>;
    /** A `<status-toast>` closed. */
    'toast-hide': CustomEvent<ToastHideDetail>;
    /** The person pressed a `<status-toast>`'s button; cancelable: `preventDefault()` stops its default action. */
    'toast-action': CustomEvent<ToastActionDetail>;
  }
}

/**
 * Tells the user what happens to a feed's connection, in a single toast that updates in place and is
 * shown in the top layer (Popover API, `popover="manual"`), so it never fights the page's z-index.
 *
 * It opens when the feed has been retrying for longer than `delay` ms (blips shorter than that show
 * nothing), when the feed has `failed` (it stays open, with a retry button that calls the feed's
 * `reconnect()`), and says "Reconnected" for `duration` ms when the feed is connected again after a toast
 * was shown. Through an outage it keeps one title, one width and the last real reason, attempts in
 * progress included. The close button and Escape dismiss it; a dismissed toast stays hidden until the
 * feed's state calls for a different toast (or a new outage starts). It never takes focus.
 *
 * With `gaps`, it also says when updates were missed: the feed's `sse-gap` (a server that no longer held
 * the events after the id the feed resumed from) opens a notice, `role="status"`, with a Refresh button. The
 * notice waits behind an outage (retrying, failed) and takes the place of "Reconnected"; it stays until the
 * person presses Refresh or dismisses it. Refresh dispatches a cancelable `toast-action` (`kind: 'gap'`):
 * unless the page calls `preventDefault()` (to re-fetch its data itself), the page reloads.
 *
 * Announcements go through visually hidden live regions in the shadow root, outside the popover: a
 * `role="status"` region that always exists (retrying, offline, reconnected), and, for the failed toast
 * alone, a `role="alert"` region that appears with its text. Each time the toast opens or changes what
 * it is about, title and reason are said once ("Reconnecting… Server error (503)"); both regions are
 * emptied when it closes. The popover is a `role="group"` named by its title, not a live region.
 *
 * @tag status-toast
 *
 * @attr {string} state - Reflects the shown feed state (read-only); also a custom state, `:state(failed)`.
 * @attr {boolean} open - Present while the toast is showing (read-only: set by the element).
 * @attr {boolean} gaps - Tell the person when updates were missed (the feed's `sse-gap`); off by default.
 *
 * @fires {CustomEvent<ToastShowDetail>} toast-show - The toast opened: `{ kind, status }`. Bubbles and is composed.
 * @fires {CustomEvent<ToastHideDetail>} toast-hide - The toast closed: `{ kind, reason }`, reason `dismiss`, `timeout`, `state` or `action`. Bubbles and is composed.
 * @fires {CustomEvent<ToastActionDetail>} toast-action - The person pressed the button: `{ kind, gap }`, kind `failed` (Retry; by default the feed's `reconnect()`) or `gap` (Refresh; by default `location.reload()`). Cancelable: `preventDefault()` skips the default. Bubbles and is composed.
 *
 * @cssstate idle - The feed has not started (or has no src).
 * @cssstate connecting - An attempt is under way.
 * @cssstate connected - The stream is open.
 * @cssstate retrying - Waiting for the next attempt (or for the network).
 * @cssstate paused - Closed while the page is hidden.
 * @cssstate failed - Given up; a person must act.
 * @cssstate closed - Closed by the page, the server or the stream's end.
 * @cssstate stale - Connected, but no message for the feed's `stale-after` ms.
 *
 * @csspart base - The toast itself: the popover element, a `role="group"` named by its title.
 * @csspart icon - The icon at the start: arrows while retrying, no network while offline, an exclamation when failed, a check when reconnected, a broken clock when updates were missed.
 * @csspart body - The wrapper of message and reason.
 * @csspart message - The title, from the `message-*` attributes or the strings.
 * @csspart reason - What went wrong, in plain words ("Server error (503)").
 * @csspart action - The retry button when the feed has failed; the refresh button when updates were missed.
 * @csspart close - The dismiss button.
 *
 * @cssprop [--sse-toast-background=light-dark(#ffffff, #1f2937)] - Background of the toast.
 * @cssprop [--sse-toast-color=light-dark(#111827, #f3f4f6)] - Text colour of the title.
 * @cssprop [--sse-toast-reason-color=light-dark(#374151, #d1d5db)] - Text colour of the reason line.
 * @cssprop [--sse-toast-border-color=light-dark(#d1d5db, #4b5563)] - Border of the toast.
 * @cssprop [--sse-toast-retrying-color=light-dark(#b45309, #fbbf24)] - Accent (strip and icon) while retrying.
 * @cssprop [--sse-toast-failed-color=light-dark(#b91c1c, #f87171)] - Accent when failed.
 * @cssprop [--sse-toast-reconnected-color=light-dark(#15803d, #4ade80)] - Accent when reconnected.
 * @cssprop [--sse-toast-gap-color=light-dark(#2563eb, #93c5fd)] - Accent when updates were missed.
 * @cssprop [--sse-toast-action-background=light-dark(#111827, #f3f4f6)] - Background of the retry button.
 * @cssprop [--sse-toast-action-color=light-dark(#ffffff, #111827)] - Text colour of the retry button.
 * @cssprop [--sse-toast-focus-color=light-dark(#2563eb, #93c5fd)] - Focus ring of the buttons.
 * @cssprop [--sse-toast-radius=0.5rem] - Corner radius.
 * @cssprop [--sse-toast-shadow=0 10px 30px rgb(0 0 0 / 0.2)] - Shadow.
 * @cssprop [--sse-toast-offset=1rem] - Distance from the viewport edges.
 * @cssprop [--sse-toast-width=22rem] - The width it keeps, whatever it says.
 * @cssprop [--sse-toast-max-width=24rem] - Widest the toast gets.
 * @cssprop [--sse-toast-z-index=1000] - Stacking order, only where the Popover API (top layer) is missing.
 * @cssprop [--sse-toast-transition-duration=200ms] - Length of the enter and leave transitions; none under reduced motion.
 */
export class StatusToast extends FeedStatusElement {
  static override styles = [palette, UNSTYLED];

  static override readonly tag: string = 'status-toast';

  static override properties = {
    delay: { converter: numberAttribute },
    duration: { converter: numberAttribute },
    position: { reflect: true },
    messageRetrying: { attribute: 'message-retrying' },
    messageOffline: { attribute: 'message-offline' },
    messageFailed: { attribute: 'message-failed' },
    messageReconnected: { attribute: 'message-reconnected' },
    actionLabel: { attribute: 'action-label' },
    closeLabel: { attribute: 'close-label' },
    gaps: { type: Boolean },
    messageGap: { attribute: 'message-gap' },
    actionGap: { attribute: 'action-gap' },
    open: { type: Boolean, reflect: true },
  };

  /** Milliseconds the feed must have been retrying before the toast opens; shorter blips show nothing. */
  declare delay: number;

  /** Milliseconds the "Reconnected" message stays. */
  declare duration: number;

  /** Where the toast sits: `top-start`, `top-center`, `top-end`, `bottom-start`, `bottom-center` or `bottom-end`. */
  declare position: ToastPosition;

  /** Replaces the title while retrying; `{seconds}` (a live countdown), `{attempt}`, `{max}`, `{reason}` are filled in. */
  declare messageRetrying: string;

  /** Replaces the title while retrying because the device is offline; `{attempt}`, `{max}`, `{reason}` are filled in. */
  declare messageOffline: string;

  /** Replaces the title when the feed has failed. `{attempt}`, `{max}` and `{reason}` are filled in. */
  declare messageFailed: string;

  /** Replaces the title when the feed is connected again. `{attempt}` and `{max}` are filled in. */
  declare messageReconnected: string;

  /** The text of the retry button; empty for the strings' `retry` ("Retry"). */
  declare actionLabel: string;

  /** The accessible name of the close button; empty for the strings' `dismiss` ("Dismiss"). */
  declare closeLabel: string;

  /**
   * Tells the person when updates were missed (the feed's `sse-gap`), with a Refresh button; off by default,
   * since a page that re-fetches its data by itself on `sse-gap` has nothing to ask of the person.
   */
  declare gaps: boolean;

  /** Replaces the title of the missed-updates notice; empty for the strings' `toastGap`. */
  declare messageGap: string;

  /** The text of the missed-updates notice's button; empty for the strings' `refresh` ("Refresh"). */
  declare actionGap: string;

  /** True while the toast is showing; reflected as the `open` attribute. Read-only: set by the element; call `hide()` to dismiss. */
  declare open: boolean;

  constructor() {
    super();
    this.delay = 1000;
    this.duration = 3000;
    this.position = 'bottom-end';
    this.messageRetrying = '';
    this.messageOffline = '';
    this.messageFailed = '';
    this.messageReconnected = '';
    this.actionLabel = '';
    this.closeLabel = '';
    this.gaps = false;
    this.messageGap = '';
    this.actionGap = '';
    this.open = false;
  }

  #toast: Toast = NO_TOAST;
  #seen: FeedStatus | null = null; // the last status given to nextToast
  #kind: ToastKind | null = null; // what it shows, or showed last: the outage's kind, or `gap`
  #hideReason: ToastHideReason = 'state';
  #gap: ToastGap | null = null; // a gap the person has neither acted on nor dismissed
  #wakeTimer: ReturnType<typeof setTimeout> | undefined;
  #topic: string | null = null; // what the live regions last announced
  #styled = false; // its looks are adopted: it may open
  // Its nodes, made once: the popover is no live region (the two regions after it announce, so nothing is
  // said twice); as a group named by its title it gives context when Tab reaches its buttons.
  readonly #popover = element('div', { part: 'base', popover: 'manual', role: 'group' });
  readonly #status = element('div', { class: 'live', role: 'status' });
  #alert: HTMLElement | null = null; // made afresh each time it has words, so it is announced as it appears
  #paint: ReturnType<ToastView['body']> | undefined;

  // Its countdown runs only while it shows a page's own retrying title with {seconds} in it.
  readonly #feed = new FeedStatusController(this, () => this.open && this.#topicNow() === 'retrying' && this.messageRetrying.includes('{seconds}'));
  readonly #live = new LiveAnnouncer(this);

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.#onKeydown);
    document.addEventListener('sse-gap', this.#onGap);
    if (!this.#styled) void (loadingView ??= import('./toast-view.js').catch(missing('toast-view')).then((module) => (view = module))).then(() => this.#style());
    // Read the feed's story afresh: it may have moved on while the toast was out of the document.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onKeydown);
    document.removeEventListener('sse-gap', this.#onGap);
    this.#gap = null;
    this.#live.clear();
    this.#topic = null;
    this.#seen = null;
    // Closed, and starting afresh when added back; the kind stays for toast-hide.
    this.#apply({ ...NO_TOAST, kind: this.#toast.kind });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Out of the document a toast cannot show; the story is read again when it comes back.
    const status = this.#feed.status;
    if (!this.gaps) this.#gap = null;
    if (this.isConnected && status !== this.#seen) {
      this.#seen = status;
      this.#next(status);
    } else if (changed.has('gaps')) this.#apply(this.#toast);
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.append(this.#popover, this.#status);
    return root;
  }

  protected override update(changed: PropertyValues<this>): void {
    // Announced when the toast opens, closes or changes topic; a countdown tick or a new attempt says nothing.
    const shown = this.open ? this.#topicNow() : null;
    if (shown !== this.#topic) {
      this.#topic = shown;
      const [title, reason] = this.#words(true);
      const said = !reason || title.includes(reason) ? title : `${title}${/[.…!?:]$/.test(title) ? ' ' : '. '}${reason}`;
      this.#live.announce(shown === 'failed' ? 'alert' : 'status', shown ? said : '');
    }
    super.update(changed);
    // Written in place, only what differs: the nodes stay, and so does the focus of a button that stays.
    const topic = view ? this.#topicNow() : null;
    const [title, reason] = this.#words();
    const [block, inline] = oneOf(this, 'position', this.position, POSITIONS, 'bottom-end').split('-');
    attributes(this.#popover, {
      class: `toast ${this.#kind ?? ''} ${block} ${inline}`,
      'aria-labelledby': topic ? 'toast-message' : null,
      'aria-describedby': reason ? 'toast-reason' : null,
    });
    if (view) (this.#paint ??= view.body(this, this.#feed, this.#popover, this.#onAction))(topic, title, reason);
    setText(this.#status, this.#live.text('status'));
    const alert = this.#live.text('alert');
    if (this.#alert && alert) setText(this.#alert, alert);
    else if (alert) this.#status.after((this.#alert = element('div', { class: 'live', role: 'alert' }, alert)));
    else {
      this.#alert?.remove();
      this.#alert = null;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const popover = this.#popover;
    const kind = this.#kind;
    if ('showPopover' in popover && this.isConnected && this.open !== popover.matches(':popover-open')) popover.togglePopover(this.open);
    if (!kind || this.open === (changed.get('open') === true)) return;
    const detail = this.open ? { kind, status: this.#feed.status } : { kind, reason: this.#hideReason };
    this.dispatchEvent(new CustomEvent(this.open ? 'toast-show' : 'toast-hide', { detail, bubbles: true, composed: true }));
  }

  /** Adopts its looks, once (none when their file did not load), and opens if the feed already calls for it. */
  #style(): void {
    if (this.#styled || view === undefined) return;
    this.#styled = true;
    // Over the sheets the root holds (its own, and the page's colour scheme and font that the page-style check
    // adopted), not instead of them; without adopted sheets, its own are <style> elements, and stay.
    const root = this.renderRoot as ShadowRoot;
    if (view) adoptStyles(root, [...(root.adoptedStyleSheets ?? []), view.looks]);
    if (this.isConnected) this.#apply(this.#toast);
  }

  /** Dismisses the toast, as the close button and Escape do; it stays hidden until the feed calls for a different toast. */
  hide(): void {
    this.#close('dismiss');
  }

  /** Closes what it shows: the gap notice (with a "Reconnected" under it), or the outage toast. */
  #close(reason: ToastHideReason): void {
    const gap = this.#gapShown();
    if (gap) this.#gap = null;
    const next = dismissToast(this.#toast);
    if (gap || next !== this.#toast) this.#apply(next, reason);
  }

  /** True while the gap notice shows: a gap waits, and no outage the person was told of (or dismissed) goes on. */
  #gapShown(): boolean {
    const { open, kind, since, dismissed } = this.#toast;
    const outage = open ? kind === 'retrying' || kind === 'failed' : since !== null && (dismissed === 'retrying' || dismissed === 'failed');
    return this.gaps && this.#gap !== null && !outage;
  }

  #next(status: FeedStatus): void {
    const timing = {
      delay: numberIn(this, 'delay', this.delay, 0, Infinity, 1000),
      duration: numberIn(this, 'duration', this.duration, 0, Infinity, 3000),
    };
    this.#apply(nextToast(this.#toast, status, Date.now(), timing));
  }

  /** Takes the toast's next state (with the gap notice over it), and wakes at its `wakeAt` to look again. */
  #apply(toast: Toast, hideReason: ToastHideReason = toast.hideReason): void {
    this.#toast = toast;
    const gap = this.#gapShown();
    // While closed it keeps the kind it last showed, for its leave transition and toast-hide.
    if (gap) this.#kind = 'gap';
    else if (toast.open || this.#kind !== 'gap') this.#kind = toast.kind;
    this.#hideReason = hideReason;
    this.open = this.#styled && (toast.open || gap);
    clearTimeout(this.#wakeTimer);
    this.#wakeTimer = undefined;
    if (toast.wakeAt !== null && this.isConnected) {
      this.#wakeTimer = setTimeout(() => this.#next(this.#feed.status), Math.max(0, toast.wakeAt - Date.now()));
    }
    this.requestUpdate();
  }

  /** What the toast is about: its kind, with offline apart from other retries. */
  #topicNow(): ToastTopic | null {
    const kind = this.#kind;
    return kind === 'retrying' && this.#toast.words?.error?.kind === 'offline' ? 'offline' : kind;
  }

  /** Title and reason: the status behind the words (the last retrying one, through attempts in between). */
  #words(announced = false): [string, string] {
    const topic = this.#topicNow();
    const feed = this.#feed;
    if (!topic) return ['', ''];
    const name = `${topic[0]!.toUpperCase()}${topic.slice(1)}` as Capitalize<ToastTopic>;
    if (view) return view.words(this, feed, topic, name, this.#toast.words ?? feed.status, announced);
    // Without its words' file: the strings' title of the topic, and what the feed says went wrong now.
    const values = feed.values(undefined, true);
    return [feed.say(feed.strings[`toast${name}`], values), values.reason];
  }


  readonly #onKeydown = (event: KeyboardEvent): void => {
    // A page (or a dialog) that handled Escape itself keeps it; hide() does nothing while closed.
    if (event.key === 'Escape' && !event.defaultPrevented) this.hide();
  };

  readonly #onGap = (event: Event): void => {
    // sse-gap is composed and bubbles to the document, from any feed: only the followed one's counts.
    const feed: unknown = this.#feed.feed;
    if (!this.gaps || event.composedPath()[0] !== feed) return;
    this.#gap = (event as CustomEvent<ToastGap>).detail;
    this.#apply(this.#toast);
  };

  /** The button (its view's, which does what it asks): the gap notice's, or the failed toast's. */
  readonly #onAction = (): void => view?.act(this, this.#feed, this.#kind === 'gap' ? this.#gap : null, () => this.#close('action'));
}

declare global {
  interface HTMLElementTagNameMap {
    'status-toast': StatusToast;
  }
}
