// Starts what the e2e tests visit, once per run: the built catalog with the demo SSE server and the repository
// behind it (examples/, dist/) on one origin, like a real deployment, and the catalog alone on a plain file server.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serveStatic, startDemoServer } from '../stories/demo-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const NEEDED = [
  ['storybook-static/index.json', 'npm run build-storybook'],
  ['dist/sse-feed.bundle.js', 'npm run build'],
  ['examples/react/dist/index.html', 'npm run build-examples'],
  ['examples/vue/dist/index.html', 'npm run build-examples'],
];

export default async function globalSetup(): Promise<() => Promise<void>> {
  const missing = NEEDED.filter(([path]) => !existsSync(`${root}${path}`));
  if (missing.length > 0) {
    throw new Error(missing.map(([path, command]) => `${path} is missing: run \`${command}\``).join('\n'));
  }
  // stories/demo-server.mjs is untyped: its `roots = []` default reads as never[] to TypeScript.
  const roots = [`${root}storybook-static`, root] as never[];
  const demo = await startDemoServer({ port: 0, roots });
  const plain = createServer((request, response) => serveStatic([`${root}storybook-static`], request, response));
  await new Promise<void>((listening) => plain.listen(0, '127.0.0.1', listening));
  // The workers inherit the environment the runner has after this setup.
  process.env.E2E_BASE = demo.url;
  process.env.E2E_PLAIN_BASE = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
  return async () => {
    plain.closeAllConnections();
    await new Promise((closed) => plain.close(closed));
    await demo.close();
  };
}
