// Type test (checked by `npm run typecheck`, never run): a typed feed's messages type-check strict without
// casts, and wrong uses fail.

import type { FeedMessage } from '../components/core/types.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';

interface Price {
  symbol: string;
  last: number;
}
interface Order {
  id: string;
  qty: number;
}

export async function typedFeed(): Promise<number> {
  const feed = document.querySelector<SseFeed<{ price: Price; order: Order }>>('#prices')!;
  let total = 0;
  feed.addEventListener('sse-message', (event) => {
    const message = event.detail;
    if (message.type === 'price') total += message.json.last;
    else total += message.json.qty;
    // @ts-expect-error: an order has no `last`
    if (message.type === 'order') total += message.json.last;
  });
  feed.addEventListener('sse-state', (event) => event.detail.state);
  for await (const message of feed.messages('price')) {
    total += message.json.last;
    const symbol: string = message.json.symbol;
    // @ts-expect-error: a price has no `qty`
    total += message.json.qty;
    if (symbol === 'stop') break;
  }
  // @ts-expect-error: the feed has no `trade` messages
  feed.messages('trade');
  return total;
}

export async function singleTypeFeed(): Promise<number> {
  const feed = document.querySelector<SseFeed<{ message: { price: number } }>>('sse-feed')!;
  let last = 0;
  feed.addEventListener('sse-message', (e) => (last = e.detail.json.price));
  for await (const m of feed.messages()) last = m.json.price;
  // @ts-expect-error: price is a number
  feed.addEventListener('sse-message', (e) => e.detail.json.price.toUpperCase());
  return last;
}

export async function untypedFeed(): Promise<void> {
  const feed = document.createElement('sse-feed');
  for await (const message of feed.messages('anything')) {
    const same: FeedMessage = message;
    // @ts-expect-error: an untyped feed's JSON is unknown
    void same.json.price;
  }
  feed.addEventListener('sse-message', (event) => {
    // @ts-expect-error: json is unknown and may be absent
    void event.detail.json.price;
  });
  const typed: FeedMessage<{ n: number }> = { type: 'message', data: '{"n":1}', lastEventId: '', origin: '', json: { n: 1 } };
  void typed.json?.n.toFixed();
}
