// What <status-toast> shows, as a pure function of the toast before, the feed's status and the time.

import type { FeedState, FeedStatus } from '../core/types.js';

/**
 * What the toast is saying: the feed is retrying, has failed, or has reconnected; or updates were missed
 * (`gap`, a notice the element keeps apart from the outage: `nextToast` never says it).
 */
export type ToastKind = 'retrying' | 'failed' | 'reconnected' | 'gap';

/**
 * Why a toast was hidden: the user dismissed it, its time ran out, the feed's state made it moot, or the
 * user pressed its button (`action`, the missed-updates notice's).
 */
export type ToastHideReason = 'dismiss' | 'timeout' | 'state' | 'action';

/** The toast at one moment: plain data, a new object for every change. */
export interface Toast {
  /** What it says; kept while closed, so the leave transition still shows it. */
  readonly kind: ToastKind | null;
  readonly open: boolean;
  /** Why it last closed. */
  readonly hideReason: ToastHideReason;
  /**
   * The status whose words it shows: the last `retrying` or `failed` one. An attempt in progress
   * (`connecting`) keeps them, so title, reason and width stay put through an outage.
   */
  readonly words: FeedStatus | null;
  /** The state of the status it last saw. */
  readonly state: FeedState | null;
  /** When the current outage (run of failures) began. */
  readonly since: number | null;
  /** A retrying or failed toast was shown (or dismissed) in this outage, so "Reconnected" is worth saying. */
  readonly told: boolean;
  /** The kind the user dismissed: not shown again until the toast would say something else. */
  readonly dismissed: ToastKind | null;
  /** When to call `nextToast` again with the same status (the end of `delay` or `duration`); null for never. */
  readonly wakeAt: number | null;
}

/** How long an outage must last before it shows, and how long "Reconnected" stays, in ms. */
export interface ToastTiming {
  readonly delay: number;
  readonly duration: number;
}

/** A toast that has seen nothing. */
export const NO_TOAST: Toast = Object.freeze({
  kind: null,
  open: false,
  hideReason: 'state',
  words: null,
  state: null,
  since: null,
  told: false,
  dismissed: null,
  wakeAt: null,
});

/** Shows `kind`, unless the user dismissed it; either way the outage has been told. */
function show(toast: Toast, kind: ToastKind): Toast {
  const dismissed = toast.dismissed === kind ? kind : null;
  const told = toast.told || kind !== 'reconnected';
  if (dismissed) return { ...toast, dismissed, told };
  return { ...toast, kind, open: true, dismissed, told };
}

function close(toast: Toast, hideReason: ToastHideReason): Toast {
  return toast.open ? { ...toast, open: false, hideReason } : toast;
}

function endOutage(toast: Toast): Toast {
  return { ...toast, since: null, told: false, dismissed: null, wakeAt: null };
}

/**
 * The toast after `status` at `now` (a `Date.now()` time). Call it with every new status, and again with
 * the same one at `wakeAt`. It opens once the feed has been retrying (attempts in between included) for
 * `delay` ms, at once for `failed`, and says "Reconnected" for `duration` ms when the feed is connected
 * after a toast was shown; it closes for paused, closed and idle.
 */
export function nextToast(previous: Toast, status: FeedStatus, now: number, timing: ToastTiming): Toast {
  const state = status.state;
  let toast: Toast = { ...previous, state };
  if (state === 'retrying' || state === 'failed') toast = { ...toast, words: status };

  if (state === previous.state) {
    if (previous.wakeAt === null || now < previous.wakeAt) return toast;
    toast = { ...toast, wakeAt: null };
    if (toast.open && toast.kind === 'reconnected') return close(toast, 'timeout');
    return state === 'retrying' || state === 'connecting' ? show(toast, 'retrying') : toast;
  }

  if (state === 'retrying' || (state === 'connecting' && previous.since !== null)) {
    // A retry after `failed` (the button, or reconnect() from code) starts a new run of attempts, and a
    // new situation: a toast the user dismissed may speak again.
    if (previous.state === 'failed') toast = { ...toast, since: now, dismissed: null };
    const since = toast.since ?? now;
    toast = { ...toast, since };
    if (toast.open && toast.kind !== 'reconnected') return show(toast, 'retrying');
    toast = close(toast, 'state');
    return since + timing.delay <= now ? show({ ...toast, wakeAt: null }, 'retrying') : { ...toast, wakeAt: since + timing.delay };
  }
  if (state === 'failed') return show({ ...toast, since: toast.since ?? now, wakeAt: null }, 'failed');
  if (state === 'connected' && previous.told) {
    return { ...show(endOutage(toast), 'reconnected'), wakeAt: now + timing.duration };
  }
  // Connecting for the first time, connected after a quiet blip, idle, paused or closed.
  if (state === 'connecting') return toast;
  return close(endOutage(toast), 'state');
}

/** The toast after the user dismissed it (close button, Escape, `hide()`). */
export function dismissToast(toast: Toast): Toast {
  return toast.open && toast.kind ? { ...close(toast, 'dismiss'), dismissed: toast.kind } : toast;
}
