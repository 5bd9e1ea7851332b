// URLs of streams: resolving a feed's `src`, the origin of a response, a query parameter set, a query hidden.

/**
 * Resolves a feed's `src` against `baseURL` (default: the document's base URL or the worker's location)
 * to an absolute http(s) URL, or says in plain words why it cannot.
 */
export function resolveStreamUrl(src: string, baseURL?: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(src, baseURL ?? defaultBaseURL());
  } catch {
    return { problem: `Invalid URL: "${src}".` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `Not http(s): "${src}".` };
  return { url: url.href };
}

/** The base a relative `src` resolves against: the document's base URL, else the worker's location. */
export function defaultBaseURL(): string | undefined {
  return globalThis.document?.baseURI ?? globalThis.location?.href;
}

/** The origin of an absolute URL; `""` when it is not one. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** `url` with `name=value` set in its query. */
export function withParam(url: string, name: string, value: string): string {
  const result = new URL(url);
  result.searchParams.set(name, value);
  return result.href;
}
