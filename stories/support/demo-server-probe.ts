// Tells a live story whether the demo SSE server (stories/demo-server.mjs) answers beside this catalog.

/** Resolves true when `/demo/health` answers; a static catalog on a plain file server resolves false. */
export async function probeDemoServer(timeoutMs = 1500): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(new URL('demo/health', demoBase()), { cache: 'no-store', signal: controller.signal });
    if (!response.ok) return false;
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The demo routes sit at the root of the server that serves the catalog (or under its sub-path). */
export function demoBase(): URL {
  return new URL('./', location.href);
}

/** Absolute URL of a demo route, e.g. `demoUrl('demo/live')`. */
export function demoUrl(path: string): string {
  return new URL(path, demoBase()).href;
}
