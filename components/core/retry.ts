// The retry policy as pure functions: backoff, jitter, the count of retries and the longest timer.

import { OPTIONS } from './options.js';

/** The numbers that shape backoff; the attribute names of `<sse-feed>` without the `retry-` prefix. */
export interface RetryPolicy {
  /** Base delay before the first retry, in ms. */
  interval: number;
  /** Each further consecutive failure multiplies the delay by this. */
  scaler: number;
  /** Cap on one delay, in ms. */
  maxWait: number;
  /** Retries after consecutive failures before giving up. */
  maxCount: number;
  /** Fraction 0..1: a delay is drawn uniformly from `[d * (1 - jitter), d]`. */
  jitter: number;
}

/** The policy `<sse-feed>` uses when no attribute says otherwise: the defaults of the options table. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = /* @__PURE__ */ defaultPolicy();

function defaultPolicy(): Readonly<RetryPolicy> {
  const { retryInterval, retryScaler, retryMaxWait, retryMaxCount, retryJitter } = OPTIONS;
  return Object.freeze({
    interval: retryInterval.value,
    scaler: retryScaler.value,
    maxWait: retryMaxWait.value,
    maxCount: retryMaxCount.value,
    jitter: retryJitter.value,
  });
}

/** Milliseconds a connection must stay open, without an event, before it counts as stable. */
export const STABLE_AFTER = 5000;

/** The longest wait a `Retry-After` gets when `retry-max-wait` is shorter: 5 minutes. */
export const RETRY_AFTER_CEILING = 300_000;

/** The longest delay one `setTimeout` can take (2^31 - 1 ms, 24.8 days); longer ones fire at once. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * The un-jittered wait after the `failures`-th consecutive failure (1-based):
 * `min(maxWait, base * scaler^(failures - 1))`, where `base` is the larger of the policy's interval
 * and the server's last `retry:` value: a server may ask for longer waits, never for shorter ones.
 */
export function backoffDelay(failures: number, policy: RetryPolicy, serverRetry: number | null = null): number {
  const base = Math.max(policy.interval, serverRetry ?? 0);
  // A base of 0 stays 0: 0 * Infinity (a power that overflowed) would be NaN.
  if (!(base > 0)) return 0;
  const exponent = Math.max(0, failures - 1);
  const delay = base * Math.pow(policy.scaler, exponent);
  return Math.max(0, Math.min(policy.maxWait, Number.isFinite(delay) ? delay : policy.maxWait));
}

/**
 * The wait before the next attempt: the (jittered) backoff, or the server's `Retry-After` when that is
 * longer, honoured up to the larger of `maxWait` and {@link RETRY_AFTER_CEILING}; through
 * {@link clampDelay}.
 */
export function retryWait(backoff: number, retryAfter: number | null, policy: RetryPolicy): number {
  const asked = retryAfter === null ? 0 : Math.min(retryAfter, Math.max(policy.maxWait, RETRY_AFTER_CEILING));
  return clampDelay(Math.max(backoff, asked));
}

/**
 * Every delay the engine waits passes here: NaN and negatives become 0, and the result is a whole
 * number of ms. `Infinity` stays (it means never); a delay longer than one timer can take is waited
 * in several (see {@link MAX_TIMER_DELAY}), never cut short.
 */
export function clampDelay(ms: number): number {
  if (!(ms > 0)) return 0;
  return ms === Infinity ? ms : Math.ceil(ms);
}

/** Draws a delay uniformly from `[delay * (1 - jitter), delay]`; `random` returns a number in [0, 1). */
export function jitterDelay(delay: number, jitter: number, random: () => number = Math.random): number {
  const spread = jitter > 0 ? Math.min(1, jitter) : 0; // NaN and negatives mean no jitter
  if (spread === 0) return delay;
  const lowest = delay * (1 - spread);
  // Whole milliseconds, but rounding must not leave the promised range when its bounds are fractional.
  return Math.min(delay, Math.max(lowest, Math.round(delay - (delay - lowest) * random())));
}

/** A `retry-max-count` as the policy uses it: a whole number, `Infinity` allowed, the default for junk. */
export function retryMaxCount(value: number): number {
  return value >= 0 ? Math.floor(value) : DEFAULT_RETRY_POLICY.maxCount;
}
