// Registers <connection-indicator>: import this module (or `sse-feed`) for the tag; `sse-feed/elements` for the class alone.

import { ConnectionIndicator } from './connection-indicator.js';

ConnectionIndicator.define();
