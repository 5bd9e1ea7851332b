// Recipes for <sse-feed>'s `fetch` property: a bearer token on every attempt (a fresh one after a 401), and a signed request.
// The Expiring tokens guide (stories/guides/tokens.mdx) shows this file as it is (scripts/check-docs.mjs checks that), and test/recipes.test.ts runs it against a real server.

import type { FeedFetch } from '../../components/core/transport.js';

/** Gives the token to send; `refresh` is true when the server has just refused the last one (401). */
export type GetToken = (refresh: boolean) => Promise<string>;

/**
 * A feed `fetch` that sends `Authorization: Bearer <token>`, asking `getToken` on every attempt. When the
 * server answers 401, it asks for a fresh token and sends the request once more, and the feed gets that
 * second response, whatever it is (a second 401 fails the feed, as it should).
 */
export function bearerFetch(getToken: GetToken): FeedFetch {
  return async (url, init) => {
    init.headers.Authorization = `Bearer ${await getToken(false)}`;
    const refused = await fetch(url, init);
    if (refused.status !== 401) return refused;
    await refused.body?.cancel();
    init.headers.Authorization = `Bearer ${await getToken(true)}`;
    return fetch(url, init);
  };
}

/** A token and when it stops being valid (ms since the epoch). */
export interface IssuedToken {
  token: string;
  expiresAt: number;
}

/**
 * A `GetToken` that keeps a token until `marginMs` before it expires, and otherwise (or when asked to
 * refresh) gets a new one from `issue`. Attempts that need a token at the same time share one request.
 */
export function cachedToken(issue: () => Promise<IssuedToken>, marginMs = 1000): GetToken {
  let current: IssuedToken | null = null;
  let pending: Promise<IssuedToken> | null = null;
  return async (refresh) => {
    if (refresh || current === null || current.expiresAt - marginMs <= Date.now()) {
      pending ??= issue().finally(() => (pending = null));
      current = await pending;
    }
    return current.token;
  };
}

/**
 * Gets a token from an endpoint that answers `{ token, expiresIn }` (seconds) to a POST, as the demo
 * server's `/demo/token` does; yours may want a cookie, a refresh token or your auth library instead. A
 * rejection here rejects the feed's fetch: a failure of kind `network`, retried like any other.
 */
export async function tokenFrom(endpoint: string): Promise<IssuedToken> {
  const response = await fetch(endpoint, { method: 'POST' });
  if (!response.ok) throw new Error(`The token endpoint answered ${response.status}.`);
  const { token, expiresIn } = (await response.json()) as { token: string; expiresIn: number };
  return { token, expiresAt: Date.now() + expiresIn * 1000 };
}

/**
 * A feed `fetch` that signs every attempt: an HMAC-SHA-256 with `key` over the method, the path with its
 * query, a timestamp and the Last-Event-ID, sent as `X-Timestamp` and `X-Signature` (base64). The server
 * computes the same and refuses a request whose signature differs or whose timestamp is old.
 */
export function signedFetch(key: CryptoKey): FeedFetch {
  return async (url, init) => {
    const { pathname, search } = new URL(url);
    const timestamp = String(Date.now());
    const signed = [init.method.toUpperCase(), pathname + search, timestamp, init.headers['Last-Event-ID'] ?? ''].join('\n');
    const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signed));
    init.headers['X-Timestamp'] = timestamp;
    init.headers['X-Signature'] = btoa(String.fromCharCode(...new Uint8Array(signature)));
    return fetch(url, init);
  };
}

/** An HMAC-SHA-256 signing key from a secret (`crypto.subtle` needs https, or localhost). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}
