// Registers <feed-value>: import this module (or `sse-feed`) for the tag; `sse-feed/elements` for the class alone.

import { FeedValue } from './feed-value.js';

FeedValue.define();
