// The contexts of <sse-feed>, kept at this path for the feed's imports: they live in components/shared/.

export * from '../shared/feed-context.js';
