// The demo server's dashboard stream: prices, orders that come and go, and an activity log, for the catalog's
// "Live dashboard" story and examples/dashboard/ (both built with no script of their own).
//
// Mounted by stories/demo-server.mjs (`createDashboard()`, routed from its `handle()`).
//
// GET /demo/dashboard[?interval=ms]   one stream per client (interval between ticks, default 1000, 100..10000):
//     event: price          data {"price": EUR, "change": fraction, "throughput": MB/s, "time": ISO}, every tick
//     event: order          data {"id","item","qty","total","status"}: a new order, or one whose status moved on
//                           (new → packing → shipped); keyed by id
//     event: order-removed  data {"id"}: a shipped order leaves the table
//     event: notice         data {"text"}: one line for the log per order event
//     Every event has an increasing `id`. A comment opens the stream at once (Firefox reports it open only
//     at its first byte).

import { corsHeaders } from './demo-http.mjs';

const ITEMS = ['Green tea', 'Espresso beans', 'Oat milk', 'Croissant', 'Dark chocolate', 'Honey jar', 'Matcha whisk'];
const STATUSES = ['new', 'packing', 'shipped'];

/** Creates the dashboard's request handler; `close()` ends every stream. */
export function createDashboard() {
  const streams = new Set();

  function serve(req, res, url) {
    const asked = Number(url.searchParams.get('interval'));
    const interval = Number.isFinite(asked) && asked >= 100 ? Math.min(asked, 10_000) : 1000;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', ...corsHeaders() });
    res.write(': dashboard\n\n');
    let id = 0;
    let orderNumber = 100;
    let price = 42;
    const orders = new Map();
    const send = (event, data) => res.write(`id: ${(id += 1)}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const newOrder = () => {
      const qty = 1 + Math.floor(Math.random() * 5);
      const item = ITEMS[Math.floor(Math.random() * ITEMS.length)];
      const order = { id: `A-${(orderNumber += 1)}`, item, qty, total: Number((qty * (2 + Math.random() * 18)).toFixed(2)), status: 'new' };
      orders.set(order.id, order);
      send('order', order);
      send('notice', { text: `Order ${order.id}: ${qty} × ${item}` });
    };
    const tick = () => {
      const change = (Math.random() - 0.5) * 0.02;
      price = Math.max(1, price * (1 + change));
      send('price', { price: Number(price.toFixed(2)), change: Number(change.toFixed(4)), throughput: Number((20 + Math.random() * 30).toFixed(1)), time: new Date().toISOString() });
      const open = [...orders.values()];
      const shipped = open.find((order) => order.status === 'shipped');
      const roll = Math.random();
      if (open.length < 3 || (roll < 0.4 && open.length < 8)) newOrder();
      else if (shipped && roll < 0.7) {
        orders.delete(shipped.id);
        send('order-removed', { id: shipped.id });
        send('notice', { text: `Order ${shipped.id} delivered` });
      } else {
        const order = open.find((candidate) => candidate.status !== 'shipped');
        if (!order) return;
        order.status = STATUSES[STATUSES.indexOf(order.status) + 1];
        send('order', order);
        send('notice', { text: `Order ${order.id} is ${order.status}` });
      }
    };
    tick();
    const timer = setInterval(tick, interval);
    const stream = { res, timer };
    streams.add(stream);
    res.on('close', () => {
      clearInterval(timer);
      streams.delete(stream);
    });
  }

  /** Handles `/demo/dashboard` and returns true, or false for any other URL. */
  function handle(req, res, url) {
    if (url.pathname !== '/demo/dashboard') return false;
    serve(req, res, url);
    return true;
  }

  function close() {
    for (const { res, timer } of streams) {
      clearInterval(timer);
      res.end();
    }
    streams.clear();
  }

  return { handle, close };
}
