// @ts-check
// Bundles components/index.ts for the browser (esbuild, in memory) and serves it beside one HTML page on Node's http.
// Used by scripts/screenshots.mjs and scripts/bench.mjs, so neither needs `npm run build` first.

import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The elements and lit in one unminified ES module, as bytes (nothing is written to disk). */
export async function bundleComponents() {
  const result = await build({
    entryPoints: [join(root, 'components', 'index.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2021',
    write: false,
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  return result.outputFiles[0].contents;
}

/**
 * Serves the bundle at `/index.js` and `page` (HTML) at every other path, on 127.0.0.1 and a free port.
 * `handle(request, response, url)` sees each request first and returns true when it answered it (an SSE
 * endpoint, say). `script` serves those bytes instead (a built bundle), and `chunks` the directory of the files it
 * loads on demand, at `/chunks/` beside it. Resolves to `{ url, close() }`; `close()`
 * also ends open streams.
 * @param {{ page?: string, script?: string | Uint8Array, chunks?: string, handle?: (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse, url: URL) => boolean | Promise<boolean> }} [options]
 */
export async function serveBundle({ page, handle, script: given, chunks } = {}) {
  const script = given ?? (await bundleComponents());
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    try {
      if (handle && (await handle(request, response, url))) return;
      // The chunks of a built bundle import it as ../sse-feed.bundle.js: served there, with /index.js re-exporting
      // it, the page and its chunks share one copy of the library.
      const bundlePath = chunks ? '/sse-feed.bundle.js' : '/index.js';
      if (url.pathname === bundlePath || url.pathname === '/index.js') {
        response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
        response.end(url.pathname === bundlePath ? script : `export * from '${bundlePath}';\n`);
        return;
      }
      const chunk = chunks && url.pathname.startsWith('/chunks/') ? join(chunks, basename(url.pathname)) : '';
      if (chunk && existsSync(chunk)) {
        response.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
        response.end(readFileSync(chunk));
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(page ?? '<!doctype html><script type="module" src="/index.js"></script>');
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(String(error));
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  return {
    url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`,
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done(undefined)));
    },
  };
}
