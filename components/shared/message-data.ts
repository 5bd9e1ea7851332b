// Reading values out of a feed's messages for <feed-value> and <feed-list>: JSON parsed once per
// message whoever asks, and dot-separated paths into it.

import type { FeedMessage } from '../core/types.js';

/** What a path finds when there is nothing there. */
export const MISSING: unique symbol = Symbol('missing');

/** What a message whose data is not JSON gives a path into its JSON: the elements leave it alone. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

const parsed = new WeakMap<FeedMessage, unknown>();

/**
 * The message's JSON value: `detail.json` when the feed parsed it, else `data` parsed here, once per
 * message for every element that asks; `NOT_JSON` when the data is not JSON.
 */
export function jsonOf(message: FeedMessage): unknown {
  if ('json' in message) return message.json;
  if (parsed.has(message)) return parsed.get(message);
  let value: unknown = NOT_JSON;
  try {
    value = JSON.parse(message.data);
  } catch {
    // Not JSON: the elements that need JSON leave this message alone.
  }
  parsed.set(message, value);
  return value;
}

/**
 * The value at a dot-separated `path` (`price.last`, `items.0.name`; `.` is the whole value), own
 * properties only, so `constructor` or `__proto__` in a path find nothing; `MISSING` where it ends.
 */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '.') return value;
  let current = value;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) return MISSING;
    current = (current as Record<string, unknown>)[step];
  }
  return current === undefined ? MISSING : current;
}

/**
 * The value a binding names in `message`: `@id`, `@type`, `@time` (the arrival time, given), `""` for
 * the data as text, else a path into its JSON: `MISSING` when absent, `NOT_JSON` when the data is not JSON.
 */
export function messageValue(message: FeedMessage, path: string, time: number): unknown {
  if (path === '') return message.data;
  if (path === '@id') return message.lastEventId;
  if (path === '@type') return message.type;
  if (path === '@time') return time;
  const json = jsonOf(message);
  return json === NOT_JSON ? NOT_JSON : valueAt(json, path);
}

/** True when reading `path` needs the message's JSON. */
export function needsJson(path: string): boolean {
  return path !== '' && !path.startsWith('@');
}
