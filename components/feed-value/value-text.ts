// <feed-value>'s value read from a message, written as text (Intl formats, the nearest lang) and shown: loaded
// when the first one connects.

import type { FeedMessage } from '../core/types.js';
import { numberIn, oneOf } from '../shared/attributes.js';
import { FORMATS, formatValue } from '../shared/format.js';
import { langOf } from '../shared/lang.js';
import { messageValue, MISSING, NOT_JSON } from '../shared/message-data.js';
import type { FeedValue } from './feed-value.js';

/** The value `message` gives `host` (its data, or its `field`; undefined where the field is missing), or null for data that is not JSON. */
export function read(host: FeedValue, message: FeedMessage): [unknown] | null {
  const value = messageValue(message, host.field ?? '', 0);
  return value === NOT_JSON ? null : [value === MISSING ? undefined : value];
}

/** `value` as `host`'s attributes ask it to be written: `format`, `currency`, `unit`, `max-fraction-digits`, in its language. */
export function valueText(host: FeedValue, value: unknown): string {
  const digits = numberIn(host, 'max-fraction-digits', host.maxFractionDigits, 0, 100, NaN); // NaN: Intl's default
  return formatValue(host, value, {
    format: oneOf(host, 'format', host.format, FORMATS, 'text'),
    lang: langOf(host),
    currency: host.currency,
    unit: host.unit,
    maxFractionDigits: Number.isNaN(digits) ? undefined : digits,
  });
}

/** Shows `text` as `host`'s only content: one text node, changed in place (one characterData change per frame for a live region to read). */
export function show(host: FeedValue, text: string): void {
  const node = host.firstChild;
  if (node instanceof Text && host.childNodes.length === 1) {
    if (node.data !== text) node.data = text;
  } else host.replaceChildren(text);
}
