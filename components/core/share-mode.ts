// Which sharing a feed gets for its `share` option: small, so a page that never shares loads none of the rest.

import type { FeedShare } from './types.js';

/**
 * The sharing a feed gets for `share`: an unknown value is `none`, and `tabs` falls back to `page`
 * where Web Locks or BroadcastChannel are missing (old browsers, Node, some workers).
 */
export function effectiveShare(share: string | null | undefined): FeedShare {
  if (share === 'page') return 'page';
  if (share === 'tabs') return canShareTabs() ? 'tabs' : 'page';
  return 'none';
}

function canShareTabs(): boolean {
  return typeof globalThis.BroadcastChannel === 'function' && typeof globalThis.navigator?.locks?.request === 'function';
}
