// Test-only routes in front of test/sse-server.mjs's scripted stream: a bearer token or a signature is checked
// first, with the demo server's own token store and signature check (stories/demo-auth.mjs), and every check is
// logged so test/recipes.test.ts can see what each attempt sent and whether the server accepted it.
//
// POST /auth/token?ms=N                  a token valid for N ms (default 15000): { token, id, expiresIn, expiresAt }
// POST /auth/revoke                      `Authorization: Bearer T`: T is refused from now on
// GET|POST /auth/bearer?session=S&...    a valid bearer token, then /sse/stream with the same query; else 401
// GET|POST /auth/signed?session=S&...    a valid X-Signature / X-Timestamp (DEMO_SIGNING_KEY), then the same; else 401
// GET  /auth/log?session=S               JSON: every checked request of S, in order:
//                                        { route, token, tokenId, lastEventId, url, ok, reason }

import { bearerToken, createTokenStore, verifySignature } from '../stories/demo-auth.mjs';
import { serveStream } from './sse-server.mjs';

/** Koa-style middleware for @web/dev-server, beside sseMiddleware(). */
export function authMiddleware() {
  const store = createTokenStore();
  const logs = new Map(); // session -> checks

  return async (ctx, next) => {
    const url = new URL(ctx.request.url, 'http://localhost');
    const { req, res } = ctx;
    if (!url.pathname.startsWith('/auth/')) return next();
    const session = url.searchParams.get('session') ?? 'default';
    const log = logs.get(session) ?? [];
    logs.set(session, log);

    if (url.pathname === '/auth/token' && req.method === 'POST') {
      const ms = Number(url.searchParams.get('ms'));
      ctx.set('Cache-Control', 'no-store');
      ctx.body = store.issue(Number.isFinite(ms) && ms > 0 ? ms : undefined);
      return;
    }
    if (url.pathname === '/auth/revoke' && req.method === 'POST') {
      ctx.body = { revoked: store.revoke(bearerToken(req)) };
      return;
    }
    if (url.pathname === '/auth/log') {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = log;
      return;
    }
    if (url.pathname === '/auth/bearer' || url.pathname === '/auth/signed') {
      const lastEventId = req.headers['last-event-id'] ?? null;
      let verdict;
      if (url.pathname === '/auth/bearer') {
        const token = bearerToken(req);
        const check = store.check(token);
        verdict = { route: 'bearer', token, tokenId: check.id ?? null, ok: check.ok, reason: check.reason ?? 'valid' };
      } else {
        const check = verifySignature(req);
        verdict = { route: 'signed', signed: check.text, ok: check.ok, reason: check.reason };
      }
      log.push({ ...verdict, lastEventId, url: req.url });
      if (!verdict.ok) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', 'Bearer realm="test"');
        ctx.body = `Unauthorized: ${verdict.reason}`;
        return;
      }
      ctx.respond = false;
      await serveStream(req, res, url);
      return;
    }
    return next();
  };
}
