// @ts-check
// "End to end in Chromium": messages per second into a page's listener over loopback, for <sse-feed> (both
// transports, from the shipped dist/sse-feed.bundle.js) beside native EventSource, @microsoft/fetch-event-source
// and a floor that only splits the body at blank lines. Every message is checked delivered. Used by bench.mjs.

import { count, fetchEventSourceScript, launchChromium, markdownTable, median, openFeedPage, packageVersion, roundOrder, startPageServer, writeAll } from './bench-common.mjs';

/** The stream's bytes: messages 1..count, `id: n` and ~40 bytes of JSON each (~60 bytes a message). */
/** @param {number} total */
function numbered(total) {
  const parts = [];
  for (let n = 1; n <= total; n++) parts.push(`id: ${n}\ndata: {"n":${n},"symbol":"SSE","price":${(100 + (n % 997) / 100).toFixed(2)}}\n\n`);
  return Buffer.from(parts.join(''));
}

/**
 * Runs in the page: opens one contestant on `src` and counts messages into a listener until `expected` have
 * arrived (or `timeoutMs` passed, or the stream failed), then closes it. The listener reads `n` from each
 * message's JSON data (the floor: counts only, it parses nothing).
 * @param {{ contestant: string, src: string, expected: number, timeoutMs: number }} options
 * @returns {Promise<{ reason: string, received: number, sum: number, outOfOrder: number, ms: number, toLastMs: number, errors: string[] }>}
 */
function throughputInPage({ contestant, src, expected, timeoutMs }) {
  return new Promise((resolve) => {
    const started = performance.now();
    let received = 0;
    let sum = 0;
    let lastN = 0;
    let outOfOrder = 0;
    let firstAt = 0;
    let lastAt = 0;
    let finished = false;
    /** @type {() => void} */
    let stop = () => undefined;
    /** @type {string[]} */
    const errors = [];
    const finish = (/** @type {string} */ reason) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      try {
        stop();
      } catch (error) {
        errors.push(`stop: ${error}`);
      }
      resolve({ reason, received, sum, outOfOrder, ms: lastAt - firstAt, toLastMs: lastAt - started, errors: errors.slice(0, 3) });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const onMessage = (/** @type {number | null} */ n) => {
      if (finished) return;
      lastAt = performance.now();
      if (received === 0) firstAt = lastAt;
      received += 1;
      if (n !== null) {
        sum += n;
        if (n !== lastN + 1) outOfOrder += 1;
        lastN = n;
      }
      if (received >= expected) finish('complete');
    };

    if (contestant === 'native') {
      const source = new EventSource(src);
      source.addEventListener('message', (event) => onMessage(JSON.parse(event.data).n));
      source.addEventListener('error', () => {
        errors.push('EventSource error');
        finish('error');
      });
      stop = () => source.close();
    } else if (contestant === 'fetch-event-source') {
      const controller = new AbortController();
      stop = () => controller.abort();
      window
        .fetchEventSource(src, {
          signal: controller.signal,
          openWhenHidden: true,
          onmessage: (message) => onMessage(JSON.parse(message.data).n),
          onclose: () => finish('closed'),
          onerror: (error) => {
            errors.push(String(error));
            finish('error');
            throw error; // no retry
          },
        })
        .catch((error) => {
          if (!finished) errors.push(String(error));
          finish('error');
        });
    } else if (contestant === 'floor') {
      // fetch + reader + TextDecoder + split at blank lines + one bubbling, composed CustomEvent per message.
      const target = document.createElement('div');
      document.body.append(target);
      document.body.addEventListener('floor-message', () => onMessage(null));
      const controller = new AbortController();
      stop = () => controller.abort();
      (async () => {
        const response = await fetch(src, { signal: controller.signal, cache: 'no-store' });
        if (!response.body) throw new Error('no body');
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let from = 0;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            target.dispatchEvent(new CustomEvent('floor-message', { bubbles: true, composed: true, detail: buffer.slice(from, end) }));
            from = end + 2;
            end = buffer.indexOf('\n\n', from);
          }
          buffer = buffer.slice(from);
        }
        finish('ended');
      })().catch((error) => {
        if (finished) return;
        errors.push(String(error));
        finish('error');
      });
    } else {
      const feed = document.createElement('sse-feed');
      feed.addEventListener('sse-message', (event) => onMessage(JSON.parse(event.detail.data).n));
      feed.addEventListener('sse-error', (event) => errors.push(`${event.detail.kind}: ${event.detail.message}`));
      feed.addEventListener('sse-state', (event) => {
        if (['failed', 'closed', 'retrying'].includes(event.detail.state)) finish(event.detail.state);
      });
      feed.transport = contestant === 'feed-eventsource' ? 'eventsource' : 'fetch';
      feed.src = src;
      document.body.append(feed);
      stop = () => feed.close();
    }
  });
}

/**
 * Runs the section: prints one Markdown table and resolves to its figures, or null without Chromium.
 * `bundle` is the snapshot's dist/sse-feed.bundle.js; `compare`, another build's bundle, runs as one more
 * contestant (its fetch transport) in the same rounds.
 * @param {{ root: string, bundle: import('./bench-common.mjs').PageScript, compare?: { bundle: import('./bench-common.mjs').PageScript, label: string }, quick: boolean, rounds: number, messages: number }} options
 */
export async function endToEndBench({ root, bundle, compare, quick, rounds, messages }) {
  /** @type {Record<string, import('./bench-common.mjs').PageScript>} */
  const scripts = { feed: bundle, fes: { body: await fetchEventSourceScript(root), module: true } };
  if (compare) scripts.compare = compare.bundle;
  const body = numbered(messages);
  /** @type {Map<string, { requests: number }>} */
  const streams = new Map();
  const server = await startPageServer({
    scripts,
    async handle(_request, response, url) {
      if (url.pathname !== '/stream') return false;
      const token = url.searchParams.get('token') ?? '';
      const stream = streams.get(token) ?? { requests: 0 };
      streams.set(token, stream);
      stream.requests += 1;
      if (stream.requests > 1) {
        response.writeHead(204).end();
        return true;
      }
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      // Written as fast as the socket takes it, then held open and silent, so nobody reconnects.
      await writeAll(response, body);
      return true;
    },
  });
  const browser = await launchChromium('end to end in Chromium');
  if (!browser) {
    await server.close();
    return null;
  }
  const fesVersion = packageVersion(root, '@microsoft/fetch-event-source');
  const contestants = [
    { key: 'feed-fetch', label: '`<sse-feed>` (fetch transport)', scripts: 'feed' },
    { key: 'feed-eventsource', label: '`<sse-feed transport="eventsource">`', scripts: 'feed' },
    { key: 'native', label: 'native EventSource', scripts: '' },
    { key: 'fetch-event-source', label: `@microsoft/fetch-event-source ${fesVersion}`, scripts: 'fes' },
    { key: 'floor', label: 'floor: fetch + split at blank lines + CustomEvent', scripts: '' },
    ...(compare ? [{ key: 'feed-fetch-compare', label: `\`<sse-feed>\` (fetch transport) from ${compare.label}`, scripts: 'compare' }] : []),
  ];
  /** @typedef {{ received: number, ms: number, toLastMs: number, requests: number, problems: string[] }} Run */
  /** @type {Map<string, Run[]>} */
  const runs = new Map();
  const started = Date.now();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const contestant of roundOrder(contestants, round)) {
        const context = await browser.newContext();
        const page = await context.newPage();
        /** @type {string[]} */
        const pageErrors = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        try {
          if (contestant.scripts === 'feed' || contestant.scripts === 'compare') await openFeedPage(page, `${server.url}page?scripts=${contestant.scripts}`);
          else await page.goto(`${server.url}page?scripts=${contestant.scripts}`);
          if (contestant.scripts === 'fes') await page.waitForFunction(() => typeof window.fetchEventSource === 'function');
          const token = `${contestant.key}-${round}`;
          const result = await page.evaluate(throughputInPage, {
            contestant: contestant.key,
            src: `${server.url}stream?token=${token}`,
            expected: messages,
            timeoutMs: 60_000,
          });
          const requests = streams.get(token)?.requests ?? 0;
          const problems = [...pageErrors, ...result.errors];
          if (result.reason !== 'complete') problems.unshift(`stopped: ${result.reason}`);
          if (result.received !== messages) problems.push(`${count(result.received)} of ${count(messages)} delivered`);
          if (requests !== 1) problems.push(`${requests} requests`);
          if (result.outOfOrder > 0) problems.push(`${result.outOfOrder} out of order`);
          if (contestant.key !== 'floor' && result.received === messages && result.sum !== (messages * (messages + 1)) / 2) {
            problems.push('sum of n differs: a message lost and another repeated');
          }
          runs.set(contestant.key, [...(runs.get(contestant.key) ?? []), { ...result, requests, problems }]);
        } catch (error) {
          // This contestant could not run this round (its script failed to load, say): the others still do.
          const problem = `not run: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
          runs.set(contestant.key, [...(runs.get(contestant.key) ?? []), { received: 0, ms: 0, toLastMs: NaN, requests: 0, problems: [problem] }]);
        } finally {
          await context.close();
        }
        process.stdout.write('.');
      }
    }
    process.stdout.write('\n');
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }

  const rate = (/** @type {Run} */ result) => (result.ms > 0 ? result.received / (result.ms / 1000) : 0);
  const medianRate = (/** @type {string} */ key) => median((runs.get(key) ?? []).map(rate));
  const rows = [['contestant', 'msgs/s', 'vs native EventSource', 'vs floor', 'start → last ms', 'msgs/s, every round', 'delivered']];
  const figures = [];
  for (const contestant of contestants) {
    const results = runs.get(contestant.key) ?? [];
    const perSecond = medianRate(contestant.key);
    const problems = [...new Set(results.flatMap((result) => result.problems))];
    const delivered =
      problems.length === 0
        ? `${count(messages)} / ${count(messages)} every round${contestant.key === 'floor' ? ' (counted)' : ', in order'}`
        : `FLAGGED: ${problems.slice(0, 3).join('; ')}`;
    rows.push([
      contestant.label,
      count(perSecond),
      `${(perSecond / medianRate('native')).toFixed(2)}×`,
      `${(perSecond / medianRate('floor')).toFixed(2)}×`,
      median(results.map((result) => result.toLastMs)).toFixed(0),
      results.map((result) => count(rate(result))).join(' / '),
      delivered,
    ]);
    figures.push({
      key: contestant.key,
      label: contestant.label,
      messagesPerSecond: perSecond,
      speedVsNative: perSecond / medianRate('native'),
      speedVsFloor: perSecond / medianRate('floor'),
      startToLastMs: median(results.map((result) => result.toLastMs)),
      rounds: results.map((result) => ({ messagesPerSecond: rate(result), firstToLastMs: result.ms, startToLastMs: result.toLastMs, delivered: result.received, problems: result.problems })),
      problems,
    });
  }
  console.log(
    `\n## End to end in Chromium\n\nChromium ${browser.version()} (headless=new), ${count(messages)} messages of ~60 bytes ` +
      `(\`id: n\` + JSON data) over loopback, written as fast as the socket takes them in 64 KB writes; median of ${rounds} ` +
      `round(s)${quick ? ' (quick)' : ''}, each contestant in a fresh page, order alternating between rounds; ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s. msgs/s = delivered / (last - first message) into one listener that ` +
      'reads `n` with JSON.parse (the floor counts, it parses nothing); start → last = from creating the contestant to the ' +
      'last message. Delivered: every message, in order, the sum of `n` as sent, one request, no error.',
  );
  console.log(`\n${markdownTable(rows)}`);
  return { chromium: browser.version(), messages, rounds, contestants: figures };
}
