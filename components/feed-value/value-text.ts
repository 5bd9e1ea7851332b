// <feed-value>'s value written as text (Intl formats, the nearest lang): loaded the first time one renders.

import { numberIn, oneOf } from '../shared/attributes.js';
import { FORMATS, formatValue } from '../shared/format.js';
import { langOf } from '../shared/lang.js';
import type { FeedValue } from './feed-value.js';

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
