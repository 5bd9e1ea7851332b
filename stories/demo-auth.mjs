// The demo server's protected streams, for the catalog's fetch recipes: short-lived bearer tokens and signed requests.
//
// Both streams are the demo's live price stream (createDemo's `live`), behind a check:
//
// POST /demo/token[?seconds=N]  issues a bearer token valid for N seconds (default 15, at most 3600); answers JSON
//                               { token, id, expiresIn (s), expiresAt (ms since the epoch) }
// POST /demo/token/revoke       `Authorization: Bearer T`: T stops being valid now and its open streams end
//                               (the "Expire the token now" button); answers JSON { ok, revoked, streams }
// GET  /demo/secure             the live stream, with a valid `Authorization: Bearer T`; else 401 with a
//                               `WWW-Authenticate` header. An open stream ends when its token expires or is
//                               revoked, as a server that checks tokens on open streams would do
// GET  /demo/signed             the live stream, if `X-Signature` is the HMAC-SHA-256 (base64) of
//                               "METHOD\nPATH?QUERY\nX-Timestamp\nLast-Event-ID" with DEMO_SIGNING_KEY and
//                               `X-Timestamp` (ms since the epoch) is within a minute of now; else 401
//
// DEMO_SIGNING_KEY is public on purpose: the catalog page signs with it to show the mechanics. A real key never
// lives in a page; a browser would get a short-lived signing secret, or a token, from its own server.
//
// The token store and the signature check are exported: test/auth-middleware.mjs uses the same ones in front
// of the tests' scripted stream.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { corsHeaders, json, plain } from './demo-http.mjs';

/** The demo's signing key. Anyone can read it here and in the catalog's page: it shows the mechanics only. */
export const DEMO_SIGNING_KEY = 'sse-feed demo key: public on purpose, never a real key in a page';

/** How far a signed request's `X-Timestamp` may be from the server's clock, in ms. */
export const MAX_CLOCK_SKEW = 60_000;

const MAX_LIFETIME = 3_600_000;

/** Issued bearer tokens: random strings, each with an expiry, that can be revoked. Expired ones are forgotten. */
export function createTokenStore({ lifetime = 15_000 } = {}) {
  const tokens = new Map(); // token -> { id, expiresAt, revoked }
  let issued = 0;

  const prune = (now) => {
    for (const [token, entry] of tokens) if (entry.expiresAt <= now) tokens.delete(token);
  };

  return {
    /** A new token, valid for `ms` (default: the store's lifetime). */
    issue(ms = lifetime) {
      const now = Date.now();
      prune(now);
      const span = Math.min(Math.max(Math.round(ms), 1), MAX_LIFETIME);
      const token = randomBytes(24).toString('base64url');
      issued += 1;
      const entry = { id: issued, expiresAt: now + span, revoked: false };
      tokens.set(token, entry);
      return { token, id: entry.id, expiresIn: span / 1000, expiresAt: entry.expiresAt };
    },
    /** `{ ok: true, id, expiresAt }`, or `{ ok: false, reason }` in plain words. */
    check(token) {
      if (!token) return { ok: false, reason: 'no bearer token' };
      const entry = tokens.get(token);
      if (!entry) return { ok: false, reason: 'unknown or expired token' };
      if (entry.revoked) return { ok: false, reason: `token #${entry.id} was revoked` };
      if (entry.expiresAt <= Date.now()) return { ok: false, reason: `token #${entry.id} expired` };
      return { ok: true, id: entry.id, expiresAt: entry.expiresAt };
    },
    /** Makes `token` invalid now; false if it was unknown. */
    revoke(token) {
      const entry = tokens.get(token);
      if (!entry) return false;
      entry.revoked = true;
      return true;
    },
  };
}

/** The token of an `Authorization: Bearer …` header, or `''`. */
export function bearerToken(req) {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
}

/** What a signed request signs: method, path with query, timestamp and Last-Event-ID, one per line. */
export function signedText({ method, path, timestamp, lastEventId }) {
  return [method.toUpperCase(), path, timestamp, lastEventId].join('\n');
}

/**
 * Checks a signed request: `X-Signature` must be the base64 HMAC-SHA-256 of `signedText()` with `key`, and
 * `X-Timestamp` within `maxSkew` ms of now. Returns `{ ok, reason, text, lastEventId }`.
 */
export function verifySignature(req, { key = DEMO_SIGNING_KEY, maxSkew = MAX_CLOCK_SKEW, now = Date.now() } = {}) {
  const signature = String(req.headers['x-signature'] ?? '');
  const timestamp = String(req.headers['x-timestamp'] ?? '');
  const lastEventId = String(req.headers['last-event-id'] ?? '');
  const text = signedText({ method: req.method ?? 'GET', path: req.url ?? '/', timestamp, lastEventId });
  const result = (ok, reason) => ({ ok, reason, text, lastEventId });
  if (!signature || !timestamp) return result(false, 'no X-Signature or X-Timestamp header');
  const time = Number(timestamp);
  if (!Number.isFinite(time) || Math.abs(now - time) > maxSkew) return result(false, 'X-Timestamp is too far from the server clock');
  const expected = createHmac('sha256', key).update(text).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return result(false, 'the signature does not match');
  return result(true, 'verified');
}

/**
 * The protected routes, around `live(req, res, url)` (the demo's live stream). `handle` answers a route of its
 * own and resolves true, or resolves false for any other URL.
 */
export function createAuthRoutes({ live, tokenLifetime = 15_000 }) {
  const store = createTokenStore({ lifetime: tokenLifetime });
  const streams = new Map(); // token -> Set of open responses

  /** Serves the live stream on `res`, ending it when `until` passes (and when the token is revoked). */
  async function stream(req, res, url, token, until) {
    if (token) {
      const open = streams.get(token) ?? new Set();
      streams.set(token, open.add(res));
    }
    const timer = until === undefined ? null : setTimeout(() => res.end(), Math.max(0, until - Date.now()));
    res.once('close', () => {
      if (timer) clearTimeout(timer);
      const open = streams.get(token);
      open?.delete(res);
      if (open?.size === 0) streams.delete(token);
    });
    await live(req, res, url);
  }

  async function handle(req, res, url) {
    const path = url.pathname;
    if (path !== '/demo/token' && path !== '/demo/token/revoke' && path !== '/demo/secure' && path !== '/demo/signed') return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...corsHeaders(), 'Access-Control-Max-Age': '600' });
      res.end();
      return true;
    }
    const wanted = path.startsWith('/demo/token') ? 'POST' : 'GET';
    if (req.method !== wanted) {
      json(res, 405, { ok: false, error: `use ${wanted}` }, { Allow: wanted });
      return true;
    }
    if (path === '/demo/token') {
      const seconds = Number(url.searchParams.get('seconds'));
      json(res, 200, store.issue(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined));
    } else if (path === '/demo/token/revoke') {
      const token = bearerToken(req);
      const revoked = store.revoke(token);
      const open = [...(streams.get(token) ?? [])];
      for (const response of open) response.end();
      json(res, 200, { ok: true, revoked, streams: open.length });
    } else if (path === '/demo/secure') {
      const token = bearerToken(req);
      const verdict = store.check(token);
      if (!verdict.ok) {
        const header = token ? `Bearer realm="sse-feed demo", error="invalid_token", error_description="${verdict.reason}"` : 'Bearer realm="sse-feed demo"';
        plain(res, 401, `Unauthorized: ${verdict.reason}`, { 'WWW-Authenticate': header });
      } else {
        await stream(req, res, url, token, verdict.expiresAt);
      }
    } else {
      const verdict = verifySignature(req);
      if (!verdict.ok) plain(res, 401, `Unauthorized: ${verdict.reason}`);
      else await stream(req, res, url, '', undefined);
    }
    return true;
  }

  return { handle, store };
}

