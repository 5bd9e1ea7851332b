// Registers <sse-feed>: import this module (or `sse-feed`) for the tag; `sse-feed/elements` for the class alone.

import { SseFeed } from './sse-feed.js';

SseFeed.define();
