// Keeps a feed's resume point and backoff position in sessionStorage, so a reload picks up where it was.

import { hashText } from './hash.js';
import type { Model } from './step.js';
import { feedError, type FeedError, type FeedErrorDetails, type FeedErrorKind, type FeedNetworkReason } from './types.js';

/** What survives a reload: the fields of the same names of a feed's model. */
export interface PersistedFeed {
  lastEventId: string;
  /** Consecutive failed attempts. */
  attempt: number;
  /** `Date.now()` time of the scheduled retry, if one was scheduled. */
  retryAt: number | null;
  /** The last `retry:` the server sent, in ms. */
  serverRetry: number | null;
  /** What caused the scheduled retry, so the restored wait can say why; null without one. */
  error: FeedError | null;
}

const PREFIX = 'sse-feed:';

/**
 * The sessionStorage key of a stream: one per absolute URL, as a hash, so no key holds the URL (its
 * query may carry a token).
 */
export function persistKey(url: string): string {
  return PREFIX + hashText(url);
}

/** Reads what was saved for `url` in `store`; null when nothing valid was. */
export function loadPersisted(url: string, store: Storage | null): PersistedFeed | null {
  try {
    const raw = store?.getItem(persistKey(url));
    if (!raw) return null;
    const saved: unknown = JSON.parse(raw);
    if (typeof saved !== 'object' || saved === null) return null;
    const { lastEventId, attempt, retryAt, serverRetry, error } = saved as Record<string, unknown>;
    const at = typeof retryAt === 'number' && Number.isFinite(retryAt) ? retryAt : null;
    return {
      lastEventId: typeof lastEventId === 'string' ? lastEventId : '',
      attempt: isCount(attempt) ? attempt : 0,
      retryAt: at,
      serverRetry: isCount(serverRetry) ? serverRetry : null,
      error: at === null ? null : toError(error), // the cause of a wait resumes with the wait
    };
  } catch {
    return null;
  }
}

/**
 * Saves in `store`, under the model's `url`, what survives a reload: the resume point and the server's `retry:`,
 * and while the feed waits to retry, the backoff position, the wait and its cause (after giving up, the count
 * starts over). A full or blocked storage is ignored, persistence being best effort.
 */
export function savePersisted({ url, state, lastEventId, attempt, retryAt, serverRetry, error }: Model, store: Storage | null): void {
  const retrying = state === 'retrying';
  const saved: PersistedFeed = { lastEventId, attempt: state === 'failed' ? 0 : attempt, retryAt: retrying ? retryAt : null, serverRetry, error: retrying ? error : null };
  try {
    store?.setItem(persistKey(url), JSON.stringify(saved));
  } catch {
    // Quota exceeded or storage disabled: the feed works on without persistence.
  }
}

/** Removes what was saved for `url`: the feed was closed or moved to another stream. */
export function forgetPersisted(url: string, store: Storage | null): void {
  try {
    store?.removeItem(persistKey(url));
  } catch {
    // Storage blocked: nothing was saved either.
  }
}

const RETRY_KINDS: ReadonlySet<string> = /* @__PURE__ */ new Set<FeedErrorKind>(['network', 'http', 'stall', 'offline']);

const NETWORK_REASONS: ReadonlySet<string> = /* @__PURE__ */ new Set<FeedNetworkReason>(['unreachable', 'lost', 'ended', 'not-a-response']);

// Storage is input like any other: only a well-formed, retryable error comes back, as plain text,
// with the details of its kind and nothing else.
function toError(value: unknown): FeedError | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, status, statusText, reason, timeout, message } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || !RETRY_KINDS.has(kind) || typeof message !== 'string') return null;
  const details: FeedErrorDetails = {
    status: kind === 'http' && isCount(status) ? status : undefined,
    statusText: kind === 'http' && typeof statusText === 'string' ? statusText : undefined,
    reason: kind === 'network' && typeof reason === 'string' && NETWORK_REASONS.has(reason) ? (reason as FeedNetworkReason) : undefined,
    timeout: kind === 'stall' && isCount(timeout) ? timeout : undefined,
  };
  return feedError(kind as FeedErrorKind, message, false, details);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
