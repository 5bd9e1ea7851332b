// @ts-check
// The test runner's `emulate-media` command for every engine we run. The runner's own command speaks CDP only
// (Chromium); this one asks each launcher: Chromium through CDP, Firefox through its preferences (WebDriver BiDi
// with system access), WebKitGTK through the GTK settings an XSETTINGS daemon serves (scripts/browsers.mjs).
// Tests call it through test/emulate-media.ts; it resolves once the page's media queries say what was asked.

/**
 * @typedef {{ colorScheme?: string | null, reducedMotion?: string | null }} MediaPayload what `emulateMedia()` asks for
 */

/**
 * The media queries that must match once `payload` applies; none for a value left out.
 * @param {MediaPayload} payload
 */
export function expectedQueries({ colorScheme, reducedMotion }) {
  const queries = [];
  if (colorScheme === 'dark' || colorScheme === 'light') queries.push(`(prefers-color-scheme: ${colorScheme})`);
  if (reducedMotion === 'reduce') queries.push('(prefers-reduced-motion: reduce)');
  if (reducedMotion === 'no-preference') queries.push('(prefers-reduced-motion: no-preference)');
  return queries;
}

/**
 * Polls `matches(queries)` (true when the page's media queries all match) until it is true.
 * @param {(queries: string[]) => Promise<boolean>} matches @param {string[]} queries @param {string} what
 */
export async function untilMediaMatches(matches, queries, what, timeout = 5000) {
  const deadline = Date.now() + timeout;
  while (!(await matches(queries))) {
    if (Date.now() > deadline) throw new Error(`${what}: the page never matched ${queries.join(' and ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const COMMAND = 'sse-emulate-media';

/** Server side of `emulateMedia()` in test/emulate-media.ts. */
export function emulateMediaPlugin() {
  return {
    name: 'sse-emulate-media',
    /**
     * @param {{ command: string, payload: MediaPayload, session: { id: string, browser: { emulateMedia?: (id: string, payload: MediaPayload) => Promise<void>, getPage: (id: string) => { emulateMediaFeatures: (features: { name: string, value: string }[]) => Promise<void> } } } }} call
     */
    async executeCommand({ command, payload, session }) {
      if (command !== COMMAND) return undefined;
      const launcher = session.browser;
      if (typeof launcher.emulateMedia === 'function') {
        await launcher.emulateMedia(session.id, payload);
        return true;
      }
      // Chromium: the DevTools protocol, as the runner's own command does.
      const page = launcher.getPage(session.id);
      const features = [];
      if (payload.colorScheme != null) features.push({ name: 'prefers-color-scheme', value: payload.colorScheme });
      if (payload.reducedMotion != null) features.push({ name: 'prefers-reduced-motion', value: payload.reducedMotion });
      await page.emulateMediaFeatures(features);
      return true;
    },
  };
}
