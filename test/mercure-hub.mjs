// A small Mercure-style hub with a bounded history, written from the Mercure spec's "Reconnection, State
// Reconciliation, and Event Sourcing" section, for the test server and the demo server.
//
// What it does as the spec says:
//   - every event has an id (`urn:uuid:…` unless the publisher gives one);
//   - a subscription sends the last id it received as the `Last-Event-ID` header or the `lastEventID` query
//     parameter (the header wins when both are there); the hub sends every held event published after it;
//   - when the request carried an id, the response has a `Last-Event-ID` header: the id of the event preceding
//     the first one sent (the id asked for, when the hub still holds it), or `earliest` when there is no such
//     event (the id is no longer held, or was never published): the hub then sends every event it holds.
//     `lastEventID=earliest` asks for everything held. A subscriber compares the header with the id it sent and
//     re-fetches the topic when they differ: updates were lost.
//   - `match` query parameters select topics by exact comparison (none: every topic).
// What it leaves out: authorization, URL-pattern matching, subscription events, discovery.
//
// Test server routes (mounted by test/sse-server.mjs; KEY is the test's own key, `history=N` (default 100) sizes
// a key's history when its first request creates it):
//   GET  /sse/hub/KEY[?match=T][&lastEventID=ID][&gapEvent=TYPE]   subscribe; `gapEvent` makes the hub send an
//        event of that type (data `{"requested","resumedFrom":"earliest"}`) before the replay when the id is gone
//   POST /sse/hub/KEY/publish   JSON { data, id?, type?, topic? } → the event as held
//   POST /sse/hub/KEY/trim      JSON { keep }: forget all but the newest `keep` events → state
//   POST /sse/hub/KEY/drop      JSON { mode?: 'reset' | 'end' }: break every open subscription (RST by default)
//   POST /sse/hub/KEY/down      JSON { down: boolean }: while down, subscriptions answer 503 (open ones are reset)
//   GET  /sse/hub/KEY/state     JSON { lastEventID, history, subscriptions, open }: also the page's re-fetch target
// Every hub answer allows any origin and exposes `Last-Event-ID` to it (`Access-Control-Expose-Headers`).

import { randomUUID } from 'node:crypto';

/** The reserved id meaning "before the first event": what the hub answers when it cannot resume. */
export const EARLIEST = 'earliest';

/** CORS for a hub answer: any origin may subscribe, send `Last-Event-ID`, and read the response's. */
export function hubCorsHeaders() {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Last-Event-ID, Content-Type, Cache-Control, Accept',
    'Access-Control-Expose-Headers': 'Last-Event-ID',
  };
}

/**
 * A bounded history of events, oldest first. `after(id)` is the reconciliation rule: the events to replay for a
 * subscription that asked to resume after `id`, and the `Last-Event-ID` response header that goes with them.
 */
export function createHistory(limit = 100) {
  let events = [];
  return {
    get events() {
      return events;
    },
    get limit() {
      return limit;
    },
    /** The newest event's id, or `earliest` when none is held. */
    get lastEventID() {
      return events.length > 0 ? events[events.length - 1].id : EARLIEST;
    },
    add(event) {
      events.push(event);
      if (events.length > limit) events = events.slice(events.length - limit);
      return event;
    },
    /** Keeps only the newest `keep` events: what a hub with a short memory, or a restarted one, still has. */
    trim(keep) {
      events = keep > 0 ? events.slice(-keep) : [];
    },
    /** `{ resumedFrom, events }` for a resume after `requested`: from it when held, else `earliest` and all. */
    after(requested) {
      const index = requested === EARLIEST ? -1 : events.findIndex((event) => event.id === requested);
      if (index < 0) return { resumedFrom: EARLIEST, events: [...events] };
      return { resumedFrom: requested, events: events.slice(index + 1) };
    },
  };
}

/** One event in the text/event-stream format; a line break in `data` starts another `data:` line. */
export function eventFrame({ id, type, data }) {
  const lines = String(data)
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `id: ${id}\n${type ? `event: ${type}\n` : ''}${lines}\n`;
}

/** The id a subscription asks to resume after: the `Last-Event-ID` header, else `lastEventID`; null for none. */
export function requestedId(req, url) {
  const header = req.headers['last-event-id'];
  if (typeof header === 'string') return header;
  return url.searchParams.get('lastEventID');
}

/** Creates one hub: its history, its open subscriptions, and the handlers the routes call. */
export function createHub({ historySize = 100 } = {}) {
  const history = createHistory(historySize);
  const subscribers = new Set();
  const subscriptions = []; // every subscription's record, oldest first, for tests and the demo
  let down = false;

  const matches = (subscriber, event) => subscriber.topics.length === 0 || subscriber.topics.includes(event.topic);

  /** Holds `event` and sends it to every open subscription that matches its topic. */
  function publish({ data, id, type, topic } = {}) {
    const event = { id: id ? String(id) : `urn:uuid:${randomUUID()}`, data: String(data ?? ''), ...(type ? { type } : {}), ...(topic ? { topic } : {}) };
    history.add(event);
    for (const subscriber of subscribers) {
      if (!matches(subscriber, event)) continue;
      subscriber.res.write(eventFrame(event));
      subscriber.record.sent.push(event.id);
    }
    return event;
  }

  /** Answers a subscription on a raw Node request/response pair. */
  function subscribe(req, res, url, extraHeaders = {}) {
    if (down) {
      res.writeHead(503, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store', ...extraHeaders });
      res.end('hub down');
      return;
    }
    const requested = requestedId(req, url);
    const topics = url.searchParams.getAll('match');
    const gapEvent = url.searchParams.get('gapEvent');
    const replay = requested === null ? { resumedFrom: null, events: [] } : history.after(requested);
    const record = { requested, resumedFrom: replay.resumedFrom, sent: [], open: true, time: Date.now() };
    subscriptions.push(record);
    const subscriber = { res, topics, record };
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      ...(replay.resumedFrom === null ? {} : { 'Last-Event-ID': replay.resumedFrom }),
      ...extraHeaders,
    });
    res.write(': mercure-style hub\n\n');
    if (gapEvent && requested !== null && requested !== EARLIEST && replay.resumedFrom === EARLIEST) {
      // The server's own word that history was lost; no id, so it does not move the client's resume point.
      res.write(`event: ${gapEvent}\ndata: ${JSON.stringify({ requested, resumedFrom: EARLIEST })}\n\n`);
    }
    for (const event of replay.events) {
      if (!matches(subscriber, event)) continue;
      res.write(eventFrame(event));
      record.sent.push(event.id);
    }
    subscribers.add(subscriber);
    res.on('close', () => {
      record.open = false;
      subscribers.delete(subscriber);
    });
  }

  /** Breaks every open subscription: `reset` (RST: a network error in every engine) or `end` (a clean end). */
  function drop(mode = 'reset') {
    for (const { res } of [...subscribers]) {
      if (mode === 'end') res.end();
      else res.socket?.resetAndDestroy();
    }
  }

  function setDown(value) {
    down = Boolean(value);
    if (down) drop('reset');
  }

  function state() {
    return {
      lastEventID: history.lastEventID,
      historySize: history.limit,
      history: history.events.map((event) => ({ ...event })),
      subscriptions: subscriptions.map((record) => ({ ...record, sent: [...record.sent] })),
      open: subscribers.size,
      down,
    };
  }

  return { publish, subscribe, trim: (keep) => history.trim(keep), drop, setDown, state, history };
}

function readJson(req) {
  return new Promise((resolve) => {
    const parts = [];
    req.on('data', (part) => parts.push(part));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(parts).toString('utf8') || '{}'));
      } catch {
        resolve(null);
      }
    });
    req.on('error', () => resolve(null));
  });
}

const hubs = new Map(); // test key → hub

/** How many subscriptions the test hub of `key` holds open now (0 when it has no hub). */
export function hubOpenCount(key) {
  return hubs.get(key)?.state().open ?? 0;
}

/** Serves `/sse/hub/KEY…` for the test server; resolves false for any other path. */
export async function serveHubRoute(req, res, url) {
  const match = /^\/sse\/hub\/([\w.-]+)(?:\/(publish|trim|drop|down|state))?$/.exec(url.pathname);
  if (!match) return false;
  const [, key, action] = match;
  let hub = hubs.get(key);
  if (!hub) {
    const size = Number(url.searchParams.get('history'));
    hub = createHub({ historySize: Number.isInteger(size) && size >= 0 ? size : 100 });
    hubs.set(key, hub);
  }
  const cors = hubCorsHeaders();
  const answer = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...cors });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors);
    res.end();
    return true;
  }
  if (!action) {
    if (req.method !== 'GET') return answer(405, { error: 'subscribe with GET' }), true;
    hub.subscribe(req, res, url, cors);
    return true;
  }
  if (action === 'state') return answer(200, hub.state()), true;
  if (req.method !== 'POST') return answer(405, { error: `POST to ${action}` }), true;
  const body = await readJson(req);
  if (body === null) return answer(400, { error: 'the body must be JSON' }), true;
  if (action === 'publish') return answer(200, hub.publish(body)), true;
  if (action === 'trim') {
    hub.trim(Math.max(0, Number(body.keep) || 0));
    return answer(200, hub.state()), true;
  }
  if (action === 'drop') {
    hub.drop(body.mode === 'end' ? 'end' : 'reset');
    return answer(200, hub.state()), true;
  }
  hub.setDown(body.down);
  return answer(200, hub.state()), true;
}
