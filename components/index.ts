// sse-feed: registers <sse-feed>, <connection-indicator>, <status-toast>, <feed-value> and <feed-list>, and
// exports what users program against (the same as sse-feed/elements, which registers nothing).

import { ConnectionIndicator, FeedList, FeedValue, SseFeed, StatusToast } from './elements.js';

// Here rather than through the define modules: the build keeps one file per module, and package.json
// marks only this entry as having side effects, so a bundler would drop a bare import of another.
SseFeed.define();
ConnectionIndicator.define();
StatusToast.define();
FeedValue.define();
FeedList.define();

export * from './elements.js';
