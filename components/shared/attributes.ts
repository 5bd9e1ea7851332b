// Attribute values as a page writes them: a value outside what an attribute accepts is said once, in the
// console, with the accepted values, and the documented default is used.

const warned = new WeakMap<Element, Set<string>>();

/** Warns once per element, attribute and value that `value` is not one of `accepted`; `fallback` is used. */
export function warnInvalid(element: Element, attribute: string, value: unknown, accepted: string, fallback: unknown): void {
  let seen = warned.get(element);
  if (seen === undefined) warned.set(element, (seen = new Set()));
  const key = `${attribute}=${String(value)}`;
  if (seen.has(key)) return;
  seen.add(key);
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  console.warn(`<${element.localName}> ${attribute}=${shown} is not valid: it accepts ${accepted}. Using ${String(fallback)}.`);
}

/** `value` when it is one of `choices`, else `fallback` (and a warning). */
export function oneOf<T extends string>(element: Element, attribute: string, value: unknown, choices: readonly T[], fallback: T): T {
  if ((choices as readonly unknown[]).includes(value)) return value as T;
  warnInvalid(element, attribute, value, choices.map((choice) => `"${choice}"`).join(', '), `"${fallback}"`);
  return fallback;
}

/**
 * `value` when it is a number within `[min, max]` (`Infinity` only where `max` is `Infinity`), else
 * `fallback` (and a warning). An empty attribute is not 0: it is invalid.
 */
export function numberIn(element: Element, attribute: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback; // not set: the default, nothing to say
  if (typeof value === 'number' && !Number.isNaN(value) && value >= min && value <= max) return value;
  const range = max === Infinity ? `a number from ${min} up, or Infinity` : `a number from ${min} to ${max}`;
  warnInvalid(element, attribute, value, range, fallback);
  return fallback;
}

/**
 * Lit's converter for a number attribute: an empty or non-numeric value stays visible as NaN (Lit's own
 * would make `""` a silent 0), a removed attribute is `undefined`, which means the default.
 */
export const numberAttribute = {
  fromAttribute(value: string | null): number {
    if (value === null) return undefined as unknown as number;
    const text = value.trim();
    return text === '' ? NaN : Number(text);
  },
  toAttribute: String,
};
