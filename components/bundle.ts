// The one-file bundle (dist/sse-feed.bundle.js): everything sse-feed exports and registers, with the code of
// connection sharing loaded on first use (createFeedHandle below takes the place of the one in sse-feed/core).

export * from './index.js';
export { createFeedHandle } from './core/lazy-share.js';
