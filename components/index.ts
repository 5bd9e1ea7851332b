// sse-feed: registers <sse-feed>, <connection-indicator> and <status-toast>, and exports the engine.

export * from './core/index.js';
export * from './sse-feed/events.js';
export * from './sse-feed/feed-context.js';
export * from './sse-feed/sse-feed.js';
export * from './connection-indicator/connection-indicator.js';
export * from './status-toast/status-toast.js';
