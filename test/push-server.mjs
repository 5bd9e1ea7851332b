// Streams a test writes to while they are open, and a page served under a strict CSP, mounted as
// dev-server middleware for the <feed-value>/<feed-list> tests.
//
// GET  /sse/push/stream?channel=C   a held text-event-stream (a `: open` comment first, so every engine
//                                   reports it open); counted in channel C
// POST /sse/push/send?channel=C     writes the request body, as is, to every open stream of C; answers
//                                   204 with `X-Streams: N`, the streams written to
// GET  /sse/push/log?channel=C      JSON { requests, open, urls }: streams asked for, open now, and their URLs
// GET  /csp-page?body=HTML          an HTML page with `body` (after a probe module that records
//                                   securitypolicyviolation events and console warnings), served with
//                                   Content-Security-Policy: require-trusted-types-for 'script';
//                                   trusted-types 'none'; script-src 'self'

import { readBody } from './sse-server.mjs';

const channels = new Map();

function channel(name) {
  let entry = channels.get(name);
  if (!entry) channels.set(name, (entry = { requests: 0, urls: [], streams: new Set() }));
  return entry;
}


/**
 * The policy of the CSP page: no inline script, no eval, Trusted Types required for every script sink, and no
 * policy may be made (`'none'`): the elements need none, as they write no markup and use no template engine.
 */
export const STRICT_CSP = "require-trusted-types-for 'script'; trusted-types 'none'; script-src 'self'";

/** Koa-style middleware for @web/dev-server: serves `/sse/push/*` and `/csp-page`. */
export function pushMiddleware() {
  return async (ctx, next) => {
    const url = new URL(ctx.request.url, 'http://localhost');
    const name = url.searchParams.get('channel') ?? 'default';
    if (url.pathname === '/sse/push/stream') {
      ctx.respond = false;
      const entry = channel(name);
      entry.requests += 1;
      entry.urls.push(ctx.req.url);
      const res = ctx.res;
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.write(': open\n\n');
      entry.streams.add(res);
      res.on('close', () => entry.streams.delete(res));
      return;
    }
    if (url.pathname === '/sse/push/send' && ctx.method === 'POST') {
      const text = await readBody(ctx.req);
      const entry = channel(name);
      for (const res of entry.streams) res.write(text);
      ctx.set('X-Streams', String(entry.streams.size));
      ctx.status = 204;
      return;
    }
    if (url.pathname === '/sse/push/log') {
      const entry = channel(name);
      ctx.set('Content-Type', 'application/json');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = JSON.stringify({ requests: entry.requests, open: entry.streams.size, urls: entry.urls });
      return;
    }
    if (url.pathname === '/csp-page') {
      ctx.set('Content-Type', 'text/html; charset=utf-8');
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Content-Security-Policy', STRICT_CSP);
      ctx.body =
        '<!doctype html><html lang="en"><title>CSP page</title>' +
        '<script type="module" src="/test/csp-probe.js"></script>' +
        '<script type="module" src="/components/index.ts"></script>' +
        `<body>${url.searchParams.get('body') ?? ''}</body></html>`;
      return;
    }
    await next();
  };
}
