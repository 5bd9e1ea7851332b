// @ts-check
// "Hostile servers": how many requests a client makes in a fixed window against a server that asks for a flood
// (`retry: 0` and a stream that ends at once, or 503 with a Retry-After of ~25 days), in Chromium, for
// <sse-feed> (the shipped bundle, both transports) beside native EventSource and @microsoft/fetch-event-source,
// each with its defaults. The test suite asserts the ceilings (test/sse-feed-hostile.test.ts); this prints the
// figures beside the peers'. Used by bench.mjs.

import { count, fetchEventSourceScript, launchChromium, markdownTable, openFeedPage, packageVersion, sleep, startPageServer } from './bench-common.mjs';

/**
 * What the server answers every request of a case with.
 * @type {{ key: string, title: string, answer: (response: import('node:http').ServerResponse) => void, windowMs: (quick: boolean) => number }[]}
 */
const CASES = [
  {
    key: 'retry-0',
    title: '`retry: 0`, one event, then the stream ends',
    answer: (response) => {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      response.end('retry: 0\nid: 1\ndata: {"n":1}\n\n');
    },
    windowMs: (quick) => (quick ? 1000 : 10_000),
  },
  {
    key: '503-retry-after',
    title: '503 with `Retry-After: 2147484` (~25 days)',
    answer: (response) => {
      response.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '2147484', 'Cache-Control': 'no-store' });
      response.end('busy');
    },
    windowMs: (quick) => (quick ? 1000 : 3300),
  },
];

/**
 * Runs in the page: opens one contestant on `src` with its defaults and keeps how to close it (window.__stop).
 * @param {{ contestant: string, src: string }} options
 */
function openInPage({ contestant, src }) {
  if (contestant === 'native') {
    const source = new EventSource(src);
    window.__stop = () => source.close();
  } else if (contestant === 'fetch-event-source') {
    const controller = new AbortController();
    window.fetchEventSource(src, { signal: controller.signal, openWhenHidden: true, onmessage: () => undefined }).catch(() => undefined);
    window.__stop = () => controller.abort();
  } else {
    const feed = document.createElement('sse-feed');
    feed.transport = contestant === 'feed-eventsource' ? 'eventsource' : 'fetch';
    feed.src = src;
    document.body.append(feed);
    window.__stop = () => feed.close();
  }
}

/**
 * Runs the section: prints one Markdown table and resolves to its figures, or null without Chromium.
 * @param {{ root: string, bundle: import('./bench-common.mjs').PageScript, quick: boolean }} options
 */
export async function floodBench({ root, bundle, quick }) {
  /** @type {Map<string, number>} */
  const requests = new Map();
  const server = await startPageServer({
    scripts: { feed: bundle, fes: { body: await fetchEventSourceScript(root), module: true } },
    async handle(_request, response, url) {
      const hostile = CASES.find((candidate) => url.pathname === `/${candidate.key}`);
      if (!hostile) return false;
      const token = url.searchParams.get('token') ?? '';
      requests.set(token, (requests.get(token) ?? 0) + 1);
      hostile.answer(response);
      return true;
    },
  });
  const browser = await launchChromium('hostile servers');
  if (!browser) {
    await server.close();
    return null;
  }
  const contestants = [
    { key: 'feed-fetch', label: '`<sse-feed>` (fetch transport)', scripts: 'feed' },
    { key: 'feed-eventsource', label: '`<sse-feed transport="eventsource">`', scripts: 'feed' },
    { key: 'native', label: 'native EventSource', scripts: '' },
    { key: 'fetch-event-source', label: `@microsoft/fetch-event-source ${packageVersion(root, '@microsoft/fetch-event-source')}`, scripts: 'fes' },
  ];
  /** @type {{ key: string, label: string, requests: Record<string, number> }[]} */
  const figures = [];
  try {
    for (const contestant of contestants) {
      /** @type {(typeof figures)[number]} */
      const row = { key: contestant.key, label: contestant.label, requests: {} };
      for (const hostile of CASES) {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          const url = `${server.url}page?scripts=${contestant.scripts}`;
          if (contestant.scripts === 'feed') await openFeedPage(page, url);
          else await page.goto(url);
          if (contestant.scripts === 'fes') await page.waitForFunction(() => typeof window.fetchEventSource === 'function');
          const token = `${contestant.key}-${hostile.key}`;
          await page.evaluate(openInPage, { contestant: contestant.key, src: `${server.url}${hostile.key}?token=${token}` });
          await sleep(hostile.windowMs(quick));
          row.requests[hostile.key] = requests.get(token) ?? 0;
          await page.evaluate(() => window.__stop());
        } finally {
          await context.close();
        }
        process.stdout.write('.');
      }
      figures.push(row);
    }
    process.stdout.write('\n');
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
  const rows = [['contestant', ...CASES.map((hostile) => `${hostile.title}: requests in ${(hostile.windowMs(quick) / 1000).toFixed(1)} s`)]];
  for (const row of figures) rows.push([row.label, ...CASES.map((hostile) => count(row.requests[hostile.key]))]);
  console.log(
    `\n## Hostile servers\n\nChromium ${browser.version()} (headless=new): requests each client makes, with its defaults, in a ` +
      `fixed window against a server that answers every request the same way${quick ? ' (quick: shorter windows)' : ''}. ` +
      'Fewer is kinder to the server; one is all a client needs to learn it should wait.',
  );
  console.log(`\n${markdownTable(rows)}`);
  return { chromium: browser.version(), cases: CASES.map((hostile) => ({ key: hostile.key, title: hostile.title, windowMs: hostile.windowMs(quick) })), contestants: figures };
}
