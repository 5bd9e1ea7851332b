// Server values written as text for people: Intl formatters in the element's language, made once per
// language and options and reused for every message.

import { warnInvalid } from './attributes.js';

/** The formats `<feed-value format>` and `data-format` accept. */
export const FORMATS = ['text', 'number', 'percent', 'currency', 'unit', 'date', 'time', 'datetime'] as const;

/** How a value is written: as text, or through `Intl` as a number or a date. */
export type ValueFormat = (typeof FORMATS)[number];

/** What a format needs besides the value; `element` is who warns about a bad option. */
export interface FormatOptions {
  format: ValueFormat;
  lang: string | undefined;
  currency?: string;
  unit?: string;
  maxFractionDigits?: number;
}

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | null>();

/** A cached number formatter; null (with one warning) when Intl refuses the options. */
function numberFormatter(element: Element, { format, lang, currency, unit, maxFractionDigits }: FormatOptions): Intl.NumberFormat | null {
  const key = `${format}|${lang ?? ''}|${currency ?? ''}|${unit ?? ''}|${maxFractionDigits ?? ''}`;
  if (formatters.has(key)) return formatters.get(key) as Intl.NumberFormat | null;
  const options: Intl.NumberFormatOptions = {};
  if (format === 'percent') options.style = 'percent';
  if (format === 'currency') Object.assign(options, { style: 'currency', currency });
  if (format === 'unit') Object.assign(options, { style: 'unit', unit });
  if (maxFractionDigits !== undefined) options.maximumFractionDigits = maxFractionDigits;
  let formatter: Intl.NumberFormat | null = null;
  try {
    // A maximum under the style's minimum (2 for most currencies) lowers the minimum (ES2023 Intl).
    formatter = new Intl.NumberFormat(lang, options);
  } catch {
    const [attribute, value] = format === 'currency' ? ['currency', currency] : format === 'unit' ? ['unit', unit] : ['lang', lang];
    warnInvalid(element, attribute, value, `a valid ${attribute} for format="${format}"`, 'the value as text');
  }
  formatters.set(key, formatter);
  return formatter;
}

function dateFormatter(format: 'date' | 'time' | 'datetime', lang: string | undefined): Intl.DateTimeFormat {
  const key = `${format}|${lang ?? ''}`;
  let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions = format === 'date' ? { dateStyle: 'medium' } : format === 'time' ? { timeStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'medium' };
    try {
      formatter = new Intl.DateTimeFormat(lang, options);
    } catch {
      formatter = new Intl.DateTimeFormat(undefined, options); // an invalid lang: the browser's language
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A value as plain text: strings as they are, other JSON values as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/**
 * `value` written in `options.format`: numbers (or numeric strings) through `Intl.NumberFormat`,
 * dates (ISO strings or epoch milliseconds) through `Intl.DateTimeFormat`, in `options.lang`. A value
 * the format cannot read is written as text, so nothing the server sent is lost.
 */
export function formatValue(element: Element, value: unknown, options: FormatOptions): string {
  const { format } = options;
  if (format === 'date' || format === 'time' || format === 'datetime') {
    const time = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
    return Number.isFinite(time) ? dateFormatter(format, options.lang).format(time) : asText(value);
  }
  if (format !== 'text') {
    const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    const formatter = Number.isNaN(number) ? null : numberFormatter(element, options);
    if (formatter) return formatter.format(number);
  }
  return asText(value);
}
