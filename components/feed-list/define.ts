// Registers <feed-list>: import this module (or `sse-feed`) for the tag; `sse-feed/elements` for the class alone.

import { FeedList } from './feed-list.js';

FeedList.define();
