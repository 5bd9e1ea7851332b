// sse-feed: registers <sse-feed>, <connection-indicator> and <status-toast>, and exports what users
// program against (the same as sse-feed/elements, which registers nothing).

import './sse-feed/define.js';
import './connection-indicator/define.js';
import './status-toast/define.js';

export * from './elements.js';
