// Shared helpers for tests that talk to the real SSE server in test/sse-server.mjs.

import type { FeedState, FeedStatus } from '../components/core/types.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';

/** One step of the server's script; see test/sse-server.mjs. */
export interface ServerStep {
  status?: number;
  contentType?: string;
  retryAfter?: string | number;
  headers?: Record<string, string>;
  firstByteDelay?: number;
  retry?: number;
  raw?: string | string[];
  rawBase64?: string | string[];
  bulk?: [string, number] | [string, number, string];
  rawDelay?: number;
  count?: number;
  dropRandom?: [number, number];
  total?: number;
  interval?: number;
  perTick?: number;
  json?: boolean;
  comments?: number;
  end?: 'close' | 'abort' | 'reset' | 'hold';
  closeAfter?: number;
  abortAfter?: number;
  cors?: '*' | 'credentials';
  idParam?: string;
  /** Answer with a redirect instead of a stream; `to: 'self'` is a redirect loop (see test/sse-server.mjs). */
  redirect?: { to: string; status?: 302 | 303 | 307 };
}

/** A request as the server recorded it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  time: number;
}

let counter = 0;

/** A fresh server session: a stream URL that follows `steps`, and a way to read what the server saw. */
export function serverSession(...steps: ServerStep[]): {
  id: string;
  url: string;
  log(): Promise<{ requests: RecordedRequest[]; open: number; preflights: number }>;
} {
  const id = `s${Date.now().toString(36)}-${(counter += 1)}-${Math.random().toString(36).slice(2, 8)}`;
  const script = encodeURIComponent(JSON.stringify(steps.length > 0 ? steps : [{}]));
  return {
    id,
    url: `/sse/stream?session=${id}&script=${script}`,
    async log() {
      const response = await fetch(`/sse/log?session=${id}`, { cache: 'no-store' });
      return response.json();
    },
  };
}

/** Resolves with the first `sse-state` status for which `accept` is true (or the current one). */
export function nextStatus(
  target: HTMLElement & { status: FeedStatus },
  accept: (status: FeedStatus) => boolean,
  timeout = 10_000,
): Promise<FeedStatus> {
  if (accept(target.status)) return Promise.resolve(target.status);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener('sse-state', onState);
      reject(new Error(`timed out in state ${target.status.state}`));
    }, timeout);
    const onState = (event: CustomEvent<FeedStatus>): void => {
      if (!accept(event.detail)) return;
      clearTimeout(timer);
      target.removeEventListener('sse-state', onState);
      resolve(event.detail);
    };
    target.addEventListener('sse-state', onState);
  });
}

/** Resolves once the feed reaches `state`. */
export function stateOf(
  target: HTMLElement & { status: FeedStatus },
  state: FeedState,
  timeout?: number,
): Promise<FeedStatus> {
  return nextStatus(target, (status) => status.state === state, timeout);
}

/** Polls `check` until it returns true; for what only the server can tell (open connections). */
export async function until(check: () => boolean | Promise<boolean>, timeout = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A new `<sse-feed id=… src=…>`, not yet in the document. It imports nothing, so tests of a feed
 * defined later can use it before `<sse-feed>` is registered (the element upgrades when it is).
 */
export function feedElement(id: string, src: string): SseFeed {
  const feed = document.createElement('sse-feed');
  feed.id = id;
  feed.src = src;
  return feed;
}
