// The framework-free engine of sse-feed: no Lit, no custom elements, no DOM needed at import.

export * from './types.js';
export * from './parser.js';
export * from './retry.js';
export * from './transport.js';
export * from './persist.js';
export * from './feed-connection.js';
export * from './shared-feed.js';
