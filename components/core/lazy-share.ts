// Connection sharing on demand: its loader, and createFeedHandle for the one-file bundle, whose shared feeds
// load that code the first time a feed shares.

import { FeedConnection, type FeedCallbacks, type FeedHandle } from './feed-connection.js';
import { missing } from './on-demand.js';
import { applyOptions, DEFAULT_FEED_OPTIONS, type FeedOptions } from './options.js';
import { retryMaxCount } from './retry.js';
import { effectiveShare } from './share-mode.js';
import { IDLE_STATUS, type FeedStatus } from './types.js';

type Sharing = typeof import('./shared-feed.js');
let loadingSharing: Promise<Sharing | null> | undefined;

/** Loads the code of connection sharing, once for the page; null when its file did not load: each feed then connects alone. */
export const loadSharing = (): Promise<Sharing | null> => (loadingSharing ??= import('./shared-feed.js').catch(missing('shared-feed')));

/**
 * As `createFeedHandle` of `shared-feed.ts`, whose code it loads on first use: until it is here, a
 * shared handle keeps its options and what it was asked (connect, reconnect, close), then hands them on;
 * when its file does not load, to a feed of its own, which connects alone.
 */
export function createFeedHandle(share: string, callbacks: FeedCallbacks = {}, options: Partial<FeedOptions> = {}): FeedHandle {
  const mode = effectiveShare(share);
  if (mode === 'none') return new FeedConnection(options, callbacks);
  let current = applyOptions(DEFAULT_FEED_OPTIONS, options);
  let asked: 'connect' | 'reconnect' | 'close' | null = null;
  let real: FeedHandle | null = null;
  void loadSharing().then((module) => {
    real = module ? module.createFeedHandle(mode, callbacks, current) : new FeedConnection(current, callbacks);
    if (asked !== null) real[asked]();
  });
  return {
    get status(): FeedStatus {
      return real?.status ?? { ...IDLE_STATUS, retryMaxCount: retryMaxCount(current.retryMaxCount) };
    },
    get pendingResources() {
      return real?.pendingResources ?? 0;
    },
    update(changes) {
      if (real !== null) return real.update(changes);
      current = applyOptions(current, changes);
      return false;
    },
    connect: () => (real ? real.connect() : void (asked = asked === 'reconnect' ? asked : 'connect')),
    reconnect: () => (real ? real.reconnect() : void (asked = 'reconnect')),
    close: () => (real ? real.close() : void (asked = 'close')),
  };
}
