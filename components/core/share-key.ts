// Which feeds may share a connection: the share key, derived from the options table; only sharing loads it.

import { NAMES, OPTIONS, type FeedOptions, type OptionRow } from './options.js';
import { resolveStreamUrl } from './url.js';

/**
 * The canonical string of everything that shapes a connection, so feeds that would make the same
 * requests and deliver the same messages share one: every row but those marked `shared: false`. Null
 * when the feed cannot be shared: a `src` that does not resolve to an http(s) URL (its own connection
 * reports why), or a body that is not a string (a `FormData` or stream cannot be compared).
 */
export function shareKey(options: Readonly<FeedOptions>): string | null {
  const { body } = options;
  if (body !== null && typeof body !== 'string') return null;
  const resolved = options.src === '' ? null : resolveStreamUrl(options.src, options.baseURL);
  if (resolved === null || !('url' in resolved)) return null;
  const parts = NAMES.filter((name) => (OPTIONS[name] as OptionRow<unknown>).shared !== false).map((name): unknown => {
    const value = options[name];
    if (name === 'src') return resolved.url;
    if (name === 'headers') return Object.entries(options.headers).map(([header, text]) => `${header.toLowerCase()}:${text}`).sort();
    if (name === 'events') return [...options.events].sort();
    // As strings: JSON would turn Infinity (a valid retryMaxCount) into null.
    return typeof value === 'number' ? String(value) : value;
  });
  return JSON.stringify(parts);
}
