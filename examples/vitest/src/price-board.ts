// The page under test: a live price with its connection indicator and toast, fed by one <sse-feed>.
import 'sse-feed';
import type { SseFeed } from 'sse-feed';

/** Where the board gets its stream: the browser's fetch, unless a test hands it a scripted one. */
export interface PriceBoardOptions {
  fetch?: SseFeed['fetch'];
}

/** Renders the board into `root` and connects it; returns the feed. */
export function renderPriceBoard(root: HTMLElement, { fetch }: PriceBoardOptions = {}): SseFeed {
  const feed = document.createElement('sse-feed');
  feed.src = '/api/prices';
  feed.json = true;
  // A test's fetch is set before the feed is in the document, so even its first request is scripted.
  if (fetch) feed.fetch = fetch;

  const price = document.createElement('output');
  price.className = 'price';
  price.textContent = '…';
  feed.addEventListener('sse-message', (event) => {
    const { json } = event.detail;
    if (event.detail.type === 'price' && typeof json === 'object' && json !== null && 'last' in json) {
      price.textContent = String(json.last);
    }
  });

  feed.append(document.createElement('connection-indicator'), price, document.createElement('status-toast'));
  root.append(feed);
  return feed;
}
