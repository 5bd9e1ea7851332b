// What a feature loaded on demand does when its file does not come: says so once, and goes without.

/**
 * The rejection handler of the dynamic import of `name` (`import('./persist.js').catch(missing('persist'))`):
 * the file is not served beside the bundle (copied without `chunks/`, a 404, a CSP), so it says once in the
 * console which file and how to mend it, and the import resolves null: the feature is off, the rest goes on.
 * Each loader keeps its one promise, so a failed file is not asked for again until the page reloads.
 */
export const missing =
  (name: string) =>
  (cause: unknown): null => {
    console.warn(`sse-feed: chunks/${name}-*.js did not load: serve dist/chunks/ beside sse-feed.bundle.js`, cause);
    return null;
  };
