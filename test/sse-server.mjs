// A real, scriptable SSE server on Node's http, mounted as dev-server middleware for the tests.
//
// GET|POST /sse/stream?session=S&script=JSON   one stream; the n-th request of session S follows
//                                             step min(n, steps - 1) of the script (an array of steps)
// GET /sse/log?session=S                      JSON: every request of S (method, url, headers, body, time)
//                                             and how many of its streams are open now
// POST /sse/chat/completions?session=S&script=JSON   an OpenAI-compatible chat-completion stream (the wire
//                                             format: test/chat-completions.mjs), recorded in session S like
//                                             /sse/stream; the n-th request follows step min(n, steps - 1):
//   tokens      the answer's content chunks (default: "You asked: " and the last user message, word by word)
//   pace        ms between chunks (20)
//   cutAfter    reset the connection (RST) after this many content chunks: no finish chunk, no [DONE]
//   done        false: end cleanly after the finish chunk without `data: [DONE]` (a server that forgets it)
//   end         'hold': keep the response open after [DONE], writing `afterDone` there (bytes a feed closed by
//               [DONE] must not deliver); default: end cleanly
//   status      answer this status with a JSON error body instead of a stream (as the APIs do)
//   cors        as for /sse/stream
//   A body that is not `{ "messages": [...] }` with a user message answers 400, as the APIs do.
// GET|POST /sse/hub/KEY[/publish|trim|drop|down|state]   a Mercure-style hub with a bounded history per test key:
//                                             test/mercure-hub.mjs
// GET|POST /sse/bfcache/page|away|mark|marks?key=K   pages for back/forward cache tests, and marks that count the
//                                             streams key K holds open at each lifecycle step: test/bfcache-server.mjs
//
// A step (every field optional):
//   status        HTTP status (200)               contentType   ('text/event-stream')
//   retryAfter    Retry-After header value        headers       extra response headers
//   firstByteDelay ms before the response starts  retry         a `retry:` field sent first
//   raw           text (or array of chunks) written as is, before any numbered events
//   rawBase64     bytes (base64, or an array of base64 chunks) written as is, after raw
//   rawDelay      ms between raw (and rawBase64) chunks
//   bulk          [text, times, after?]: text repeated that many times, then `after`; written after
//                 raw, in chunks of about 64 KiB (for huge lines that would not fit in a URL)
//   count         numbered events to send (id n, data n), resuming after Last-Event-ID
//   dropRandom    [min, max]: send a random number of events in that range, then end
//   total         the last event number of the whole stream: stop there and hold
//   interval      ms between events (0)           json          data is {"n":n} instead of n
//   perTick       events written together before each interval wait (1): interval 5 with perTick 10
//                 is 2000 events a second
//   comments      ms between `:` keep-alive comments
//   end           'close' (end the response cleanly once done), 'abort' (close the connection once done,
//                 the chunked body unterminated: Chromium and Firefox see a network error, WebKitGTK an end),
//                 'reset' (reset the connection, RST: a network error in every engine) or 'hold' (default)
//   closeAfter    ms after the response started: end it cleanly then, whatever else is going on
//   abortAfter    ms after the response started: destroy the connection then
//   idParam       the query parameter that carries the last id when no Last-Event-ID header came
//                 ('lastEventId', as EventSource reconnects send it)
//   cors          '*' (Access-Control-Allow-Origin: *) or 'credentials' (the request's Origin and
//                 Access-Control-Allow-Credentials: true) on the response and on an OPTIONS preflight;
//                 without it a cross-origin request gets no CORS headers at all
//   redirect      { to, status? }: no stream: answer `status` (302; 303 and 307 too) with `Location: to` (and
//                 the step's cors headers). The request's last-id query parameter (`idParam`), when present,
//                 is carried over to `to`. `to: 'self'` redirects back to the URL asked for with `hop=N+1`
//                 set in its query: a redirect loop, each hop a request of the session (`hop` tells a hop from
//                 the attempt that started the loop)
//
// A step with none of raw, rawBase64, bulk or count is a 200 `text/event-stream` that sends its headers and
// then not one byte of body, for as long as the client stays. `bulk` with a one-character text and no line
// end in it is a line that never ends: bulk: ['x', 52428800, '\n\n...'] is a 50 MiB line, then the rest.
//
// A preflight (OPTIONS) is answered from the step the next stream request will follow; it is
// counted in `preflights`, not recorded in `requests`.

import { lastUserMessage, streamCompletion } from './chat-completions.mjs';
import { hubOpenCount, serveHubRoute } from './mercure-hub.mjs';
import { serveBfcacheRoute } from './bfcache-server.mjs';

const sessions = new Map();

function session(id) {
  let entry = sessions.get(id);
  if (!entry) {
    entry = { requests: [], open: 0, preflights: 0 };
    sessions.set(id, entry);
  }
  return entry;
}

/** The whole request body as text ('' when the request breaks). */
export function readBody(req) {
  return new Promise((resolve) => {
    const parts = [];
    req.on('data', (part) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function parseScript(text) {
  if (!text) return [{}];
  const script = JSON.parse(text);
  return Array.isArray(script) && script.length > 0 ? script : [script];
}

function corsHeaders(step, req) {
  if (step.cors === '*') return { 'Access-Control-Allow-Origin': '*' };
  if (step.cors === 'credentials') {
    return {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      Vary: 'Origin',
    };
  }
  return {};
}

/** Where a `redirect` step sends the request: its `to` (with the last-id parameter), or back to itself. */
function redirectTarget(step, req, url) {
  const idParam = step.idParam ?? 'lastEventId';
  if (step.redirect.to === 'self') {
    const again = new URL(req.url ?? '/', 'http://localhost');
    again.searchParams.set('hop', String((Number(url.searchParams.get('hop')) || 0) + 1));
    return again.pathname + again.search;
  }
  const lastEventId = url.searchParams.get(idParam);
  if (lastEventId === null) return step.redirect.to;
  const target = new URL(step.redirect.to, 'http://relative.invalid');
  target.searchParams.set(idParam, lastEventId);
  return target.origin === 'http://relative.invalid' ? target.pathname + target.search : target.href;
}

/**
 * The part every scripted route shares: answers a preflight (OPTIONS) from the step the next request will follow
 * and resolves null; otherwise records the request in its session and resolves `{ entry, step, body }`.
 */
async function scriptedRequest(req, res, url) {
  const entry = session(url.searchParams.get('session') ?? 'default');
  const script = parseScript(url.searchParams.get('script'));
  if (req.method === 'OPTIONS') {
    entry.preflights += 1;
    const step = script[Math.min(entry.requests.length, script.length - 1)];
    const cors = corsHeaders(step, req);
    if (step.cors) {
      cors['Access-Control-Allow-Methods'] = req.headers['access-control-request-method'] ?? 'GET';
      cors['Access-Control-Allow-Headers'] = req.headers['access-control-request-headers'] ?? '';
    }
    res.writeHead(204, cors);
    res.end();
    return null;
  }
  const body = await readBody(req);
  const index = entry.requests.length;
  entry.requests.push({ method: req.method, url: req.url, headers: req.headers, body, time: Date.now() });
  return { entry, step: script[Math.min(index, script.length - 1)], body };
}

/** Serves one scripted stream on a raw Node request/response pair. */
export async function serveStream(req, res, url) {
  const scripted = await scriptedRequest(req, res, url);
  if (!scripted) return;
  const { entry, step } = scripted;

  const timers = new Set();
  let closed = false;
  const later = (ms, run) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(closed ? undefined : run?.());
      }, ms);
      timers.add(timer);
    });
  // Drops the connection without ending the response: the socket closes (FIN, after what was
  // written, so nothing sent is lost) with the chunked body unterminated, which the client sees as a
  // network error, not as a clean end.
  const abort = () => {
    closed = true;
    res.socket?.end();
  };
  // Resets the connection (RST): what a crashed proxy or a lost route looks like to the client.
  const reset = () => {
    closed = true;
    res.socket?.resetAndDestroy();
  };
  entry.open += 1;
  res.on('close', () => {
    closed = true;
    entry.open -= 1;
    for (const timer of timers) clearTimeout(timer);
  });

  if (step.firstByteDelay) await later(step.firstByteDelay);
  if (closed) return;
  if (step.redirect) {
    res.writeHead(step.redirect.status ?? 302, {
      Location: redirectTarget(step, req, url),
      'Cache-Control': 'no-store',
      ...corsHeaders(step, req),
    });
    res.end();
    return;
  }
  const status = step.status ?? 200;
  const headers = {
    'Content-Type': step.contentType ?? 'text/event-stream',
    'Cache-Control': 'no-cache',
    ...(step.retryAfter !== undefined ? { 'Retry-After': String(step.retryAfter) } : {}),
    ...corsHeaders(step, req),
    ...(step.headers ?? {}),
  };
  res.writeHead(status, headers);
  if (status !== 200 || !/event-stream/.test(headers['Content-Type'])) {
    res.end(status === 204 ? undefined : 'not a stream');
    return;
  }
  res.flushHeaders();
  if (step.retry !== undefined) res.write(`retry: ${step.retry}\n\n`);
  if (step.comments) {
    const keepAlive = setInterval(() => closed || res.write(': keep-alive\n\n'), step.comments);
    timers.add(keepAlive);
    res.on('close', () => clearInterval(keepAlive));
  }
  if (step.closeAfter !== undefined) {
    later(step.closeAfter, () => {
      closed = true; // stops the loops below before they write after the end
      res.end();
    });
  }
  if (step.abortAfter !== undefined) {
    later(step.abortAfter, abort);
  }
  const raw = [
    ...(step.raw === undefined ? [] : [].concat(step.raw)),
    ...(step.rawBase64 === undefined ? [] : [].concat(step.rawBase64).map((text) => Buffer.from(text, 'base64'))),
  ];
  for (const chunk of raw) {
    if (closed) return;
    res.write(chunk);
    if (step.rawDelay) await later(step.rawDelay);
  }

  if (step.bulk) {
    const [text, times, after] = step.bulk;
    const perChunk = Math.max(1, Math.floor(65536 / Math.max(1, Buffer.byteLength(text))));
    for (let written = 0; written < times; written += perChunk) {
      if (closed) return;
      // Wait for the socket to drain, so megabytes do not pile up in memory.
      if (!res.write(text.repeat(Math.min(perChunk, times - written)))) {
        await new Promise((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (closed) return;
    if (after) res.write(after);
  }

  const resumeFrom = Number(req.headers['last-event-id'] ?? url.searchParams.get(step.idParam ?? 'lastEventId') ?? 0) || 0;
  let count = step.count ?? 0;
  if (step.dropRandom) {
    const [min, max] = step.dropRandom;
    count = min + Math.floor(Math.random() * (max - min + 1));
  }
  const perTick = Math.max(1, step.perTick ?? 1);
  for (let n = resumeFrom + 1; n <= resumeFrom + count; n++) {
    if (closed) return;
    if (step.total !== undefined && n > step.total) break;
    const data = step.json ? JSON.stringify({ n }) : String(n);
    res.write(`id: ${n}\ndata: ${data}\n\n`);
    if (step.interval && (n - resumeFrom) % perTick === 0) await later(step.interval);
  }
  if (closed) return;
  const reachedTotal = step.total !== undefined && resumeFrom + count >= step.total;
  if (step.end === 'abort' && !reachedTotal) abort();
  else if (step.end === 'reset' && !reachedTotal) reset();
  else if ((step.end === 'close' || step.dropRandom) && !reachedTotal) res.end();
}

/** Serves one scripted chat-completion stream (`/sse/chat/completions`), recorded in its session. */
export async function serveChatCompletion(req, res, url) {
  const scripted = await scriptedRequest(req, res, url);
  if (!scripted) return;
  const { entry, step, body } = scripted;
  const cors = corsHeaders(step, req);
  const fail = (status, message) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...cors });
    res.end(JSON.stringify({ error: { message, type: 'invalid_request_error' } }));
  };
  const question = lastUserMessage(body);
  if (req.method !== 'POST') return fail(405, 'use POST');
  if (question === null) return fail(400, 'the body must be {"messages": [{"role": "user", "content": "..."}], "stream": true}');
  if (step.status !== undefined && step.status !== 200) return fail(step.status, `scripted status ${step.status}`);
  entry.open += 1;
  res.on('close', () => (entry.open -= 1));
  await streamCompletion(res, step.tokens ?? `You asked: ${question}`.match(/\s*\S+/g) ?? [], {
    pace: step.pace ?? 20,
    cutAfter: step.cutAfter ?? null,
    done: step.done !== false,
    end: step.end === 'hold' ? 'hold' : 'close',
    afterDone: step.afterDone ?? '',
    headers: cors,
  });
}

/** Streams the test server holds open for a test key now: its scripted and chat streams, and its hub's subscriptions. */
export function openCount(key) {
  return (sessions.get(key)?.open ?? 0) + hubOpenCount(key);
}

/** Koa-style middleware for @web/dev-server: serves `/sse/stream`, `/sse/chat/completions` and `/sse/log`. */
export function sseMiddleware() {
  return async (ctx, next) => {
    const url = new URL(ctx.request.url, 'http://localhost');
    if (url.pathname === '/sse/stream') {
      ctx.respond = false;
      await serveStream(ctx.req, ctx.res, url);
      return;
    }
    if (url.pathname === '/sse/chat/completions') {
      ctx.respond = false;
      await serveChatCompletion(ctx.req, ctx.res, url);
      return;
    }
    if (url.pathname.startsWith('/sse/hub/')) {
      ctx.respond = false;
      if (await serveHubRoute(ctx.req, ctx.res, url)) return;
      ctx.respond = true;
    }
    if (url.pathname.startsWith('/sse/bfcache/')) {
      ctx.respond = false;
      await serveBfcacheRoute(ctx.req, ctx.res, url, openCount);
      return;
    }
    if (url.pathname === '/sse/log') {
      const entry = session(url.searchParams.get('session') ?? 'default');
      ctx.set('Content-Type', 'application/json');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = JSON.stringify(entry);
      return;
    }
    await next();
  };
}
