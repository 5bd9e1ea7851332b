// The catalog's demo SSE server: one shared live price feed, and a fault endpoint that breaks it on demand.
//
// Plain Node http handlers, mounted three ways:
//   - into Storybook's dev server by the Vite plugin in .storybook/main.ts (`demoServerPlugin()`);
//   - standalone, serving static files beside it (the static catalog, the embedding examples):
//       node stories/demo-server.mjs [--port 8787] [--host 127.0.0.1] [--static DIR]...
//   - from scripts/e2e.mjs, through `startDemoServer()`.
//
// GET  /demo/live          the shared stream: `id: n` + `data: {"n","symbol","price","time"}` every second
//                          (`?interval=ms` for this client only); resumes after Last-Event-ID (or the
//                          `lastEventId` / Mercure's `lastEventID` query parameter) from the last 500 events, as a
//                          Mercure hub does (test/mercure-hub.mjs): a request that carried an id gets a
//                          `Last-Event-ID` response header, the id it resumes from, or `earliest` when that id is no
//                          longer held (then every held event is replayed): a page that sees `earliest` lost updates
// GET  /demo/live/state    JSON: the latest price `{ n, symbol, price, time }` and `lastEventID`: what a page
//                          re-fetches after a gap
// POST /demo/fault?type=T  breaks it; answers JSON { ok, fault, clients }:
//        drop               cuts every open stream now with a connection reset (a network error in every engine,
//                           as when a network fails; a clean end would read as a routine rotation, which the
//                           indicator rides out quietly)
//        5xx&seconds=N      every request answers 503 for N seconds (default 5) and open streams are dropped
//        401                the next request answers 401 (fatal: the feed goes `failed`); open streams dropped
//        204                the next request answers 204 (the feed goes `closed`); open streams dropped
//        stall&seconds=N    no bytes at all, on any stream, for N seconds (default 10): stall-timeout fires
//        slow&seconds=N     the next request waits N seconds (default 4) before its first byte; open streams dropped
//        malformed          writes broken and hostile lines into every open stream; the stream goes on
//        retry&ms=N         sends `retry: N` (default 5000) then drops, so the next wait starts from N
//        forget&keep=N      the server forgets: the live history keeps only its newest N events (default 0) and
//                           every stream is dropped, so each resume asks for an id no longer held: `earliest`
//        chat-drop&tokens=N the next chat completion is cut after N tokens (default 12) with a reset: demo-chat.mjs
//        reset              clears every pending fault
// GET  /demo/health        JSON: open streams, pending faults (the catalog uses it to tell if the server runs)
// GET|POST /sse/stream     test/sse-server.mjs's scripted stream, for the "scripted" story (same query syntax)
// POST /demo/token, GET /demo/secure, GET /demo/signed   the live stream behind a bearer token or a signature: demo-auth.mjs
// POST /demo/answer, GET /demo/answers/<id>, GET /demo/answers-log   a streamed, resumable answer: demo-answers.mjs
// POST /demo/chat/completions, GET /demo/chat/log   an answer in OpenAI's chat-completion wire format: demo-chat.mjs
// GET  /demo/dashboard     prices, orders that come and go, and a log, as named events: demo-dashboard.mjs

import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStream } from '../test/sse-server.mjs';
import { createAuthRoutes } from './demo-auth.mjs';
import { createAnswers } from './demo-answers.mjs';
import { createChat } from './demo-chat.mjs';
import { createDashboard } from './demo-dashboard.mjs';
import { corsHeaders, json, plain } from './demo-http.mjs';
import { createHistory, requestedId } from '../test/mercure-hub.mjs';

const FAULTS = ['drop', '5xx', '401', '204', 'stall', 'slow', 'malformed', 'retry', 'forget', 'chat-drop', 'reset'];
const HISTORY = 500;

// Lines a careless or hostile server might send. The parser must skip what the standard says to skip,
// keep going, and the page must show the markup as text.
const MALFORMED = [
  'this line has no colon so it is a field with an empty value\n',
  'unknown-field: ignored\n',
  'id: has\u0000null\n', // an id containing NULL is ignored
  'retry: soon\n', // not digits: ignored
  ': a comment in the middle\n',
  'data: {"price": "not json\n\n', // invalid JSON: an sse-error of kind parse when the feed has `json`
  'event: markup\ndata: {"html": "<img src=x onerror=alert(1)><b>shown as text, never as HTML</b>"}\n\n',
  'data: {"line": 1,\rdata: "after a lone CR": true}\r\n\r\n', // two data lines, joined with \n: valid JSON
  'data: {"split": "one line across ', // the rest follows in a separate write
  'two writes"}\n\n',
];

/** Creates the demo's state and its request handler; `close()` ends every stream and timer. */
export function createDemo({ interval = 1000, tokenLifetime = 15_000, historySize = HISTORY } = {}) {
  const clients = new Set();
  const history = createHistory(historySize);
  let latest = null;
  let sequence = 0;
  let price = 100;
  let ticker = null;
  const faults = { errorUntil: 0, stallUntil: 0, next: null };
  const answers = createAnswers(); // POST /demo/answer, GET /demo/answers/<id>, /demo/answers-log: see demo-answers.mjs
  const chat = createChat(); // POST /demo/chat/completions, GET /demo/chat/log: see demo-chat.mjs
  const dashboard = createDashboard(); // GET /demo/dashboard: see demo-dashboard.mjs

  const tick = () => {
    sequence += 1;
    price = Math.max(1, price + (Math.random() - 0.5) * 2);
    latest = { n: sequence, symbol: 'SSE', price: Number(price.toFixed(2)), time: new Date().toISOString() };
    const event = history.add({ id: String(sequence), data: JSON.stringify(latest) });
    if (Date.now() < faults.stallUntil) return;
    for (const client of clients) if (!client.interval) client.res.write(frame(event));
  };

  // The ticker runs only while someone listens; the sequence goes on across quiet periods.
  const updateTicker = () => {
    if (clients.size > 0 && !ticker) ticker = setInterval(tick, interval);
    if (clients.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  };

  const dropAll = () => {
    for (const client of [...clients]) client.res.end();
  };
  const cutAll = () => {
    for (const client of [...clients]) client.res.socket?.resetAndDestroy();
  };

  async function live(req, res, url) {
    // EventSource-style `lastEventId` (the feed's eventsource transport) as well as Mercure's `lastEventID`.
    const requested = requestedId(req, url) ?? url.searchParams.get('lastEventId');
    const replay = requested === null || requested === '' ? null : history.after(requested);
    if (Date.now() < faults.errorUntil) {
      const seconds = Math.ceil((faults.errorUntil - Date.now()) / 1000);
      return plain(res, 503, `Service unavailable (demo fault, ${seconds} s left)`);
    }
    const pending = faults.next;
    faults.next = null;
    if (pending?.status === 401) return plain(res, 401, 'Unauthorized (demo fault)');
    if (pending?.status === 204) {
      res.writeHead(204, corsHeaders());
      return res.end();
    }
    if (pending?.firstByteDelay) {
      const waited = await waitUnlessClosed(res, pending.firstByteDelay);
      if (!waited) return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      ...corsHeaders(),
      ...(replay ? { 'Last-Event-ID': replay.resumedFrom } : {}),
    });
    res.flushHeaders();
    const client = { res, interval: null };
    clients.add(client);
    updateTicker();
    res.on('close', () => {
      clients.delete(client);
      if (client.interval) clearInterval(client.interval);
      updateTicker();
    });
    if (Date.now() >= faults.stallUntil) {
      res.write(': sse-feed demo stream\n\n');
      if (replay) for (const event of replay.events) res.write(frame(event));
    }
    const own = Number(url.searchParams.get('interval'));
    if (own >= 50) {
      // A private pace for this client: same events, written on its own timer.
      let last = sequence;
      client.interval = setInterval(() => {
        if (Date.now() < faults.stallUntil) return;
        for (const event of history.events) if (Number(event.id) > last) res.write(frame(event));
        last = sequence;
      }, own);
    }
  }

  // The live stream behind a bearer token or a signature (stories/demo-auth.mjs), for the fetch recipes.
  const auth = createAuthRoutes({ live, tokenLifetime });

  function fault(url) {
    const type = url.searchParams.get('type') ?? '';
    const seconds = Number(url.searchParams.get('seconds'));
    const ms = Number(url.searchParams.get('ms'));
    const span = (fallback) => (Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 120) : fallback) * 1000;
    switch (type) {
      case 'drop':
        cutAll();
        return { fault: 'drop' };
      case '5xx':
        faults.errorUntil = Date.now() + span(5);
        dropAll();
        return { fault: '5xx', until: faults.errorUntil };
      case '401':
      case '204':
        faults.next = { status: Number(type) };
        dropAll();
        return { fault: type };
      case 'stall':
        faults.stallUntil = Date.now() + span(10);
        return { fault: 'stall', until: faults.stallUntil };
      case 'slow':
        faults.next = { firstByteDelay: span(4) };
        dropAll();
        return { fault: 'slow', firstByteDelay: faults.next.firstByteDelay };
      case 'malformed':
        for (const client of clients) for (const line of MALFORMED) client.res.write(line);
        return { fault: 'malformed' };
      case 'retry': {
        const retry = Number.isFinite(ms) && ms >= 0 ? Math.floor(ms) : 5000;
        for (const client of clients) client.res.write(`retry: ${retry}\n\n`);
        setTimeout(dropAll, 100);
        return { fault: 'retry', retry };
      }
      case 'forget': {
        const keep = Number(url.searchParams.get('keep'));
        history.trim(Number.isInteger(keep) && keep > 0 ? keep : 0);
        dropAll();
        return { fault: 'forget', kept: history.events.length };
      }
      case 'chat-drop': {
        const tokens = Number(url.searchParams.get('tokens'));
        return { fault: 'chat-drop', tokens: chat.armDrop(url.searchParams.has('tokens') ? tokens : 12) };
      }
      case 'reset':
        faults.errorUntil = 0;
        faults.stallUntil = 0;
        faults.next = null;
        chat.disarm();
        return { fault: 'reset' };
      default:
        return null;
    }
  }

  /** Handles a demo route and resolves true, or resolves false for any other URL. */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/demo/') && url.pathname !== '/sse/stream') return false;
    if (await auth.handle(req, res, url)) return true; // /demo/token, /demo/secure, /demo/signed (demo-auth.mjs)
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders());
      res.end();
      return true;
    }
    if (await answers.handle(req, res, url)) return true;
    if (await chat.handle(req, res, url)) return true;
    if (dashboard.handle(req, res, url)) return true;
    if (url.pathname === '/demo/live') {
      await live(req, res, url);
      return true;
    }
    if (url.pathname === '/demo/live/state') {
      json(res, 200, { ok: true, lastEventID: history.lastEventID, historySize: history.limit, held: history.events.length, latest });
      return true;
    }
    if (url.pathname === '/demo/fault') {
      if (req.method !== 'POST') return json(res, 405, { ok: false, error: 'use POST' }), true;
      const result = fault(url);
      if (!result) return json(res, 400, { ok: false, error: `type must be one of ${FAULTS.join(', ')}` }), true;
      json(res, 200, { ok: true, ...result, clients: clients.size });
      return true;
    }
    if (url.pathname === '/demo/health') {
      json(res, 200, {
        ok: true,
        clients: clients.size,
        lastEventId: String(sequence),
        errorUntil: faults.errorUntil > Date.now() ? faults.errorUntil : null,
        stallUntil: faults.stallUntil > Date.now() ? faults.stallUntil : null,
        next: faults.next,
      });
      return true;
    }
    if (url.pathname === '/sse/stream') {
      await serveStream(req, res, url);
      return true;
    }
    json(res, 404, { ok: false, error: 'no such demo route' });
    return true;
  }

  /** Connect-style middleware (Vite, Express): demo routes here, everything else to `next`. */
  function middleware(req, res, next) {
    handle(req, res).then(
      (handled) => {
        if (!handled) next();
      },
      (error) => next(error),
    );
  }

  function close() {
    dropAll();
    answers.close();
    chat.close();
    dashboard.close();
    faults.errorUntil = faults.stallUntil = 0;
    if (ticker) clearInterval(ticker);
    ticker = null;
  }

  return { handle, middleware, close, clients };
}

/** A Vite plugin that mounts the demo into the dev server (Storybook dev uses Vite in middleware mode). */
export function demoServerPlugin(options) {
  return {
    name: 'sse-feed-demo-server',
    configureServer(server) {
      const demo = createDemo(options);
      server.middlewares.use(demo.middleware);
      server.httpServer?.once('close', () => demo.close());
    },
    configurePreviewServer(server) {
      const demo = createDemo(options);
      server.middlewares.use(demo.middleware);
    },
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves files under `roots` (first match wins); `/dir/` means `/dir/index.html`. */
export function serveStatic(roots, req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let path = decodeURIComponent(url.pathname);
  if (path.endsWith('/')) path += 'index.html';
  for (const root of roots) {
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) continue;
    try {
      const stat = statSync(file);
      if (stat.isDirectory()) {
        res.writeHead(301, { Location: `${url.pathname}/` });
        return res.end();
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': stat.size,
        'Cache-Control': 'no-cache',
      });
      createReadStream(file).pipe(res);
      return;
    } catch {
      // not under this root: try the next one
    }
  }
  if (path === '/favicon.ico') {
    res.writeHead(204); // no icon, and no 404 in every page's console
    return res.end();
  }
  plain(res, 404, 'Not found');
}

/** Starts an http server with the demo routes and static files from `roots`; resolves once it listens. */
export async function startDemoServer({ port = 8787, host = '127.0.0.1', roots = [], interval } = {}) {
  const demo = createDemo({ interval });
  const absoluteRoots = roots.map((root) => resolve(root));
  const server = createServer((req, res) => {
    demo.handle(req, res).then(
      (handled) => {
        if (!handled) serveStatic(absoluteRoots, req, res);
      },
      (error) => {
        if (!res.headersSent) plain(res, 500, String(error));
        else res.destroy();
      },
    );
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  const address = server.address();
  const url = `http://${host}:${address.port}/`;
  return {
    url,
    port: address.port,
    demo,
    close: () =>
      new Promise((done) => {
        demo.close();
        server.closeAllConnections?.();
        server.close(() => done());
      }),
  };
}

function frame(event) {
  return `id: ${event.id}\ndata: ${event.data}\n\n`;
}

function waitUnlessClosed(res, ms) {
  return new Promise((done) => {
    const timer = setTimeout(() => done(true), ms);
    res.once('close', () => {
      clearTimeout(timer);
      done(false);
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag, fallback) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const roots = args.flatMap((arg, index) => (args[index - 1] === '--static' ? [arg] : []));
  const server = await startDemoServer({
    port: Number(value('--port', process.env.PORT ?? 8787)),
    host: value('--host', '127.0.0.1'),
    roots,
  });
  console.log(`demo server: ${server.url} (stream ${server.url}demo/live, faults POST ${server.url}demo/fault?type=...)`);
  for (const root of roots) console.log(`  serving ${resolve(root)}`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
