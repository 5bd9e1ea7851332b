// Test-only: the library served without the files it loads on demand, as a bundle copied without chunks/.
//
// GET /no-chunks/PATH   the file at /PATH, except the modules that sse-feed imports on demand (persist, debug,
//                       eventsource, refusal, shared-feed, toast-view, value-text, list-view), which answer 404. A page
//                       that imports the library from /no-chunks/ (and from nowhere else: one copy of it) sees
//                       every such import fail as it would with dist/chunks/ missing.

const PREFIX = '/no-chunks/';
const ON_DEMAND = /\/(persist|debug|eventsource|refusal|shared-feed|toast-view|value-text|list-view)\.(js|ts)$/;

/** Koa-style middleware for @web/dev-server, beside sseMiddleware(). */
export function missingChunksMiddleware() {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(PREFIX)) return next();
    if (ON_DEMAND.test(ctx.path)) {
      ctx.status = 404;
      ctx.body = 'not served: the test stands for a bundle copied without its chunks/ folder';
      return;
    }
    // Relative imports resolve against the URL the browser asked for, so every module of the library stays here.
    ctx.url = ctx.url.slice(PREFIX.length - 1);
    return next();
  };
}
