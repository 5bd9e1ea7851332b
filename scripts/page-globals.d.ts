// What the scripts' pages hold on `window`, for the functions the scripts run in them (page.evaluate).
import type { fetchEventSource } from '@microsoft/fetch-event-source';
import type { FeedStatus } from '../components/core/types.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';

declare global {
  interface Window {
    /** fetch-event-source, on the bench pages that load it (bench-common's fetchEventSourceScript). */
    fetchEventSource: typeof fetchEventSource;
    /** Closes the contestant a hostile-server page opened (bench-flood.mjs). */
    __stop: () => void;
    /** What the soak page records of each feed, by id (soak.mjs). */
    __soak: Record<
      string,
      { next: number; received: number; duplicates: number; missing: number; invalid: number; anomalies: string[]; errors: Record<string, number>; failed: number }
    >;
    /** The soak page's uncaught errors and rejections. */
    __pageErrors: string[];
    /** The recovery bench's feed and what it recorded (bench-recovery.mjs). */
    __recovery: {
      feed: SseFeed;
      log: {
        states: { at: number; state: string; attempt: number; retryDelay: number | null; retryAt: number | null; kind: string | null }[];
        messages: number;
        startedAt: number;
      };
    };
    /** The churn bench's feed and what its listeners counted (bench-churn.mjs). */
    __churn: {
      feed: SseFeed;
      waiting: (() => void) | null;
      lastId: number;
      messages: number;
      repeated: number;
      errors: number;
      lastError: string;
    };
    /** The churn page's resource counter (bench-churn.mjs's PRELUDE): an uncounted timer, and what is outstanding. */
    __resources: {
      setTimeout: (callback: () => void, ms: number) => number;
      snapshot: () => { timeouts: number; intervals: number; listeners: string[]; created: { timeouts: number; intervals: number; listeners: number } };
    };
    /** Every state's status, by name (screenshots.mjs). */
    statuses: () => [string, FeedStatus][];
  }
}

export {};
