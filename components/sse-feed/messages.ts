// feed.messages(type?): a feed's messages as an async iterator, for `for await` loops in script.

import type { FeedMessage, FeedStatus } from '../core/types.js';

/**
 * The `sse-message` details that `feed` dispatches from the first `next()` on (of `type` only, when
 * given), in order, none lost while the loop body awaits. It ends once the queued messages are read
 * after the feed closes (state `closed`, which removing the feed from the document also brings), and at
 * once for a feed that is closed already. Leaving the loop (`break`, `return`, a throw) removes its
 * listeners.
 */
export async function* feedMessages<M extends FeedMessage = FeedMessage>(
  feed: EventTarget & { readonly status: FeedStatus },
  type?: string,
): AsyncGenerator<M, void, undefined> {
  const queue: M[] = [];
  let closed = feed.status.state === 'closed';
  let wake: (() => void) | null = null;
  const onMessage = (event: Event): void => {
    const message = (event as CustomEvent<M>).detail;
    if (event.target !== feed || (type !== undefined && message.type !== type)) return;
    queue.push(message);
    wake?.();
  };
  const onState = (event: Event): void => {
    if (event.target !== feed || (event as CustomEvent<FeedStatus>).detail.state !== 'closed') return;
    closed = true;
    wake?.();
  };
  feed.addEventListener('sse-message', onMessage);
  feed.addEventListener('sse-state', onState);
  try {
    for (;;) {
      // Handing messages out one by one from the front: a slow loop never makes the queue quadratic.
      let index = 0;
      while (index < queue.length) yield queue[index++];
      queue.length = 0;
      if (closed) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    feed.removeEventListener('sse-message', onMessage);
    feed.removeEventListener('sse-state', onState);
  }
}
