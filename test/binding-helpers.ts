// Helpers for the <feed-value>/<feed-list> tests: streams the test writes to (test/push-server.mjs),
// events in the wire format, and waiting for animation frames.

import { nextFrame } from '@open-wc/testing';

let counter = 0;

/** One SSE event in the wire format. */
export function sse(data: string | object, event?: string, id?: string): string {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ''}${id !== undefined ? `id: ${id}\n` : ''}${text
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
}

/** A stream the test writes to while it is open: `url` for a feed's src, `send()` to write events. */
export function pushChannel(): {
  url: string;
  send(...events: string[]): Promise<number>;
  log(): Promise<{ requests: number; open: number; urls: string[] }>;
} {
  const name = `c${Date.now().toString(36)}-${(counter += 1)}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    url: `/sse/push/stream?channel=${name}`,
    async send(...events) {
      const response = await fetch(`/sse/push/send?channel=${name}`, { method: 'POST', body: events.join('') });
      return Number(response.headers.get('X-Streams'));
    },
    async log() {
      const response = await fetch(`/sse/push/log?channel=${name}`, { cache: 'no-store' });
      return response.json();
    },
  };
}

/** Resolves after `count` animation frames. */
export async function frames(count = 2): Promise<void> {
  for (let index = 0; index < count; index += 1) await nextFrame();
}

/** Counts animation frames from now until `stop()`. */
export function countFrames(): { stop(): number } {
  let count = 0;
  let counting = true;
  const frame = (): void => {
    count += 1;
    if (counting) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  return {
    stop() {
      counting = false;
      return count;
    },
  };
}

/** Records the mutation batches under `root`: one entry per MutationObserver callback. */
export function watchMutations(root: Node): { batches: MutationRecord[][]; stop(): void } {
  const batches: MutationRecord[][] = [];
  const observer = new MutationObserver((records) => batches.push(records));
  observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  return {
    batches,
    stop() {
      const rest = observer.takeRecords();
      if (rest.length > 0) batches.push(rest);
      observer.disconnect();
    },
  };
}

/** Collects console warnings until `stop()`. */
export function watchWarnings(): { warnings: string[]; stop(): void } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  return {
    warnings,
    stop: () => {
      console.warn = original;
    },
  };
}
