// @ts-check
// "Main thread under bursts": how long the page's main thread is blocked while a burst of messages pours in,
// in Chromium, for the built bundle users get (dist/sse-feed.bundle.js, both transports) beside its peers in the
// same run: the browser's own EventSource, @microsoft/fetch-event-source, and a hand-written fetch-and-split
// reader (the floor). Used by bench.mjs.

import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

import {
  fetchEventSourceScript,
  launchChromium,
  markdownTable,
  median,
  openFeedPage,
  packageVersion,
  roundOrder,
  sleep,
  startPageServer,
} from './bench-common.mjs';

/** @typedef {{ key: string, title: string, perWrite: number, everyMs: number, writes: number }} Shape */
/** @typedef {{ key: string, label: string, kind: string, scripts: string }} Contestant */
/** @typedef {{ requests: number, sent: number, bytes: number, writingMs: number, done: boolean }} Stream */
/**
 * What the page measured of one contestant on one burst.
 * @typedef {{ reason: string, received: number, sum: number, outOfOrder: number, ms: number, toFirstMs: number, longest: number, longTasks: number, blocking: number, frameGap: number, frames: number, errors: string[] }} PageResult
 */
/** @typedef {PageResult & { taskSeconds: number, onCore: number, sent: number, bytes: number, problems: string[] }} Result */

/** A long task, as the Long Tasks API counts it: more than 50 ms. */
const LONG_TASK = 50;

/**
 * The burst shapes the server writes. `rate`: 100,000 messages/s as 1000 messages every 10 ms. `chunk`: one
 * write of ~1.6 MB. `frame`: 1000 messages every 60 Hz frame. `seconds` shortens the timed ones (quick runs).
 * @param {number} seconds
 * @returns {Shape[]}
 */
export function burstShapes(seconds) {
  return [
    {
      key: 'rate',
      title: `100k messages/s for ${seconds} s (1000 messages every 10 ms)`,
      perWrite: 1000,
      everyMs: 10,
      writes: seconds * 100,
    },
    { key: 'chunk', title: 'one ~1.6 MB write (28,000 messages at once)', perWrite: 28_000, everyMs: 0, writes: 1 },
    {
      key: 'frame',
      title: `1000 messages per frame for ${seconds} s (1000 messages every 16.7 ms, 60 Hz)`,
      perWrite: 1000,
      everyMs: 1000 / 60,
      writes: seconds * 60,
    },
  ];
}

/** The stream's bytes for messages `from`..`to`: `id: n` and ~40 bytes of JSON each (~58 bytes a message). */
/** @param {number} from @param {number} to */
function messages(from, to) {
  let text = '';
  for (let n = from; n <= to; n++) text += `id: ${n}\ndata: {"n":${n},"symbol":"SSE","price":${(100 + (n % 997) / 100).toFixed(2)}}\n\n`;
  return text;
}

/**
 * A local server for the pages (bench-common's page server: the bundle and fetch-event-source held in memory, so a
 * rebuild during the run cannot change them) with `/burst?shape=KEY&token=T`, which writes that burst on its
 * schedule (never waiting for the client: a client that falls behind finds the rest queued), then holds the
 * stream open and silent. A second request for the same token gets 204 and is counted as a reconnect.
 */
/** @param {{ scripts: Record<string, import('./bench-common.mjs').PageScript>, shapes: Shape[] }} options */
async function startServer({ scripts, shapes }) {
  /** @type {Map<string, Stream>} */
  const streams = new Map();
  const server = await startPageServer({
    scripts,
    async handle(_request, response, url) {
      if (url.pathname !== '/burst') return false;
      const shape = shapes.find((candidate) => candidate.key === url.searchParams.get('shape'));
      const token = url.searchParams.get('token') ?? '';
      const stream = streams.get(token) ?? { requests: 0, sent: 0, bytes: 0, writingMs: 0, done: false };
      streams.set(token, stream);
      stream.requests += 1;
      if (!shape || stream.requests > 1) {
        response.writeHead(shape ? 204 : 404).end();
        return true;
      }
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      response.flushHeaders();
      let closed = false;
      response.on('close', () => (closed = true));
      const started = performance.now();
      let next = 1;
      for (let write = 0; write < shape.writes && !closed; write++) {
        const wait = started + write * shape.everyMs - performance.now();
        if (wait >= 1) await sleep(wait);
        if (closed) break;
        const text = messages(next, next + shape.perWrite - 1);
        response.write(text);
        next += shape.perWrite;
        stream.sent += shape.perWrite;
        stream.bytes += Buffer.byteLength(text);
      }
      stream.writingMs = performance.now() - started;
      stream.done = true;
      return true;
    },
  });
  return { url: server.url, stream: (/** @type {string} */ token) => streams.get(token), close: () => server.close() };
}

/**
 * Runs in the page: watches long tasks and animation frames, opens one contestant on `src` and waits until
 * `expected` messages have arrived (or `timeoutMs` passed: a contestant slower than the burst is stopped there
 * with the rest still queued; or the stream gave up), then lets the last task end and two frames pass before
 * reading the long tasks, and closes the stream.
 * @param {{ contestant: string, src: string, expected: number, timeoutMs: number }} options
 * @returns {Promise<PageResult>}
 */
function runInPage({ contestant, src, expected, timeoutMs }) {
  return new Promise((resolve) => {
    /** @type {PerformanceEntry[]} */
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
    observer.observe({ type: 'longtask', buffered: true });

    let framing = true;
    let lastFrame = 0;
    let frameGap = 0;
    let frames = 0;
    const frame = (/** @type {number} */ time) => {
      if (lastFrame > 0) frameGap = Math.max(frameGap, time - lastFrame);
      lastFrame = time;
      frames += 1;
      if (framing) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);

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
      // Out of the delivering task first, so that task's long-task entry exists; then two frames, so the
      // frame gap after the last message is counted.
      setTimeout(() =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            framing = false;
            tasks.push(...observer.takeRecords());
            observer.disconnect();
            stop();
            const during = tasks.filter((task) => task.startTime + task.duration >= started);
            resolve({
              reason,
              received,
              sum,
              outOfOrder,
              ms: lastAt - firstAt,
              toFirstMs: firstAt - started,
              longest: Math.max(0, ...during.map((task) => task.duration)),
              longTasks: during.length,
              blocking: during.reduce((total, task) => total + Math.max(0, task.duration - 50), 0),
              frameGap,
              frames,
              errors: errors.slice(0, 3),
            });
          }),
        ),
      );
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);

    /** The listener's trivial work: count, sum `n`, check order. `n` is null where nothing is parsed (floor). */
    const onMessage = (/** @type {number | null} */ n) => {
      if (finished) return; // stopped: what still arrives before the stream closes is not counted
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

    if (contestant === 'fetch-event-source') {
      const controller = new AbortController();
      stop = () => controller.abort();
      window
        .fetchEventSource(src, {
          signal: controller.signal,
          openWhenHidden: true,
          onmessage: (message) => onMessage(JSON.parse(message.data).n),
          onerror: (error) => {
            errors.push(String(error));
            throw error; // no retry: a reconnect is a failure here
          },
        })
        .catch((error) => {
          if (finished) return;
          errors.push(String(error));
          finish('error');
        });
    } else if (contestant === 'native') {
      const source = new EventSource(src);
      source.addEventListener('message', (event) => onMessage(JSON.parse(event.data).n));
      source.addEventListener('error', () => {
        errors.push('EventSource error');
        source.close();
        finish('error');
      });
      stop = () => source.close();
    } else if (contestant === 'floor') {
      // fetch + reader + TextDecoder + split at blank lines + one bubbling, composed CustomEvent per message.
      const target = document.createElement('div');
      document.body.append(target);
      target.addEventListener('floor-message', () => onMessage(null));
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
          let end = buffer.indexOf('\n\n');
          let from = 0;
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
      feed.append(document.createElement('connection-indicator'));
      feed.addEventListener('sse-message', (event) => onMessage(/** @type {{ n: number }} */ (event.detail.json).n));
      feed.addEventListener('sse-error', (event) => errors.push(`${event.detail.kind}: ${event.detail.message}`));
      feed.addEventListener('sse-state', (event) => {
        if (['failed', 'closed'].includes(event.detail.state)) finish(event.detail.state);
      });
      feed.transport = contestant === 'feed-eventsource' ? 'eventsource' : 'fetch';
      feed.json = true;
      feed.src = src;
      document.body.append(feed);
      stop = () => feed.close();
    }
  });
}

/**
 * The renderer's cumulative main-thread task time (wall) and thread CPU time, in seconds (CDP Performance).
 * @param {import('playwright-core').CDPSession} cdp
 */
async function mainThreadTime(cdp) {
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((metric) => [metric.name, metric.value]));
  return { tasks: metrics.TaskDuration, cpu: metrics.ThreadTime };
}

/**
 * One contestant on one burst, in a fresh browser context and page.
 * @param {import('playwright-core').Browser} browser @param {Awaited<ReturnType<typeof startServer>>} server
 * @param {Contestant} contestant @param {Shape} shape @param {number} runIndex @param {number} catchUpMs
 * @returns {Promise<Result>}
 */
async function measureOnce(browser, server, contestant, shape, runIndex, catchUpMs) {
  const context = await browser.newContext();
  const page = await context.newPage();
  /** @type {string[]} */
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    const url = `${server.url}page?scripts=${contestant.scripts}`;
    if (contestant.scripts === 'feed') await openFeedPage(page, url);
    else await page.goto(url);
    if (contestant.scripts === 'fes') await page.waitForFunction(() => typeof window.fetchEventSource === 'function');
    const token = `${contestant.key}-${shape.key}-${runIndex}`;
    const expected = shape.perWrite * shape.writes;
    const burstMs = shape.writes * shape.everyMs;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await mainThreadTime(cdp);
    const result = await page.evaluate(runInPage, {
      contestant: contestant.kind,
      src: `${server.url}burst?shape=${shape.key}&token=${token}`,
      expected,
      // A contestant slower than the burst gets `catchUpMs` after the burst's last write (5 s at least for
      // the single write, which is all catching up), then is stopped.
      timeoutMs: burstMs + (shape.writes === 1 ? Math.max(catchUpMs, 5000) : catchUpMs),
    });
    const after = await mainThreadTime(cdp);
    const taskSeconds = after.tasks - before.tasks;
    const stream = server.stream(token) ?? { sent: 0, requests: 0, bytes: 0 };
    const problems = [...pageErrors, ...result.errors];
    if (result.reason === 'timeout') problems.unshift(`behind: ${count(stream.sent - result.received)} still queued when stopped`);
    else if (result.reason !== 'complete') problems.unshift(`stopped: ${result.reason}`);
    if (stream.requests > 1) problems.push(`${stream.requests - 1} reconnect(s)`);
    if (result.outOfOrder > 0) problems.push(`${result.outOfOrder} out of order`);
    if (contestant.kind !== 'floor' && result.received === stream.sent && result.sum !== (stream.sent * (stream.sent + 1)) / 2) {
      problems.push('sum of n differs: a message was lost and another repeated');
    }
    return {
      ...result,
      taskSeconds,
      onCore: taskSeconds > 0 ? (after.cpu - before.cpu) / taskSeconds : 1,
      sent: stream.sent,
      bytes: stream.bytes,
      problems,
    };
  } finally {
    await context.close();
  }
}

const ms = (/** @type {number} */ value) => (value < LONG_TASK ? '—' : `${Math.round(value)}`);
const count = (/** @type {number} */ value) => Math.round(value).toLocaleString('en-US');

/**
 * Delivered / sent over the rounds: equal and in order in every round, or "behind" (stopped after the catch-up
 * time with the rest still queued, nothing missing from what arrived), or FLAGGED with what went wrong
 * (messages missing, out of order or repeated, an error, a reconnect).
 * @param {Result[]} results
 */
function deliveryCell(results) {
  const behind = (/** @type {Result} */ result) => result.problems.length === 1 && result.problems[0].startsWith('behind:') && result.received < result.sent;
  const ok = (/** @type {Result} */ result) => result.problems.length === 0 && result.received === result.sent;
  const sent = count(results[0].sent);
  if (results.every(ok)) return `${count(results[0].received)} / ${sent}`;
  if (results.every((result) => ok(result) || behind(result))) {
    return `behind: ${results.map((result) => count(result.received)).join(', ')} / ${sent} when stopped (in order, none missing)`;
  }
  const problems = [...new Set(results.flatMap((result) => result.problems.map((problem) => problem.replace(/^behind: .*/, 'behind'))))];
  return `FLAGGED ${results.map((result) => count(result.received)).join(', ')} / ${sent}: ${problems.join('; ')}`;
}

/**
 * Measures every contestant on every burst shape, `rounds` times in alternating order, prints one Markdown
 * table per shape (medians) and resolves to the figures for the results file, or null without Chromium.
 * @param {{ root: string, quick: boolean, seconds: number, rounds: number, catchUpSeconds: number, only: string[] | null, bundle: import('./bench-common.mjs').PageScript, bundleInfo: object }} options
 */
export async function burstBench({ root, quick, seconds, rounds, catchUpSeconds, only, bundle, bundleInfo }) {
  const shapes = burstShapes(seconds);
  const scripts = { feed: bundle, fes: { body: await fetchEventSourceScript(root), module: true } };
  /** @type {Contestant[]} */
  const contestants = [
    { key: 'feed-fetch', label: '`<sse-feed>`', kind: 'feed', scripts: 'feed' },
    { key: 'feed-eventsource', label: '`<sse-feed transport="eventsource">`', kind: 'feed-eventsource', scripts: 'feed' },
    { key: 'native', label: 'native EventSource', kind: 'native', scripts: '' },
    { key: 'fetch-event-source', label: `@microsoft/fetch-event-source ${packageVersion(root, '@microsoft/fetch-event-source')}`, kind: 'fetch-event-source', scripts: 'fes' },
    { key: 'floor', label: 'floor: fetch + split + CustomEvent', kind: 'floor', scripts: '' },
  ].filter((contestant) => (only ? only.includes(contestant.key) : true));

  const browser = await launchChromium('main thread under bursts');
  if (!browser) return null;
  const server = await startServer({ scripts, shapes });
  const version = browser.version();
  /** @type {Map<string, Result[]>} */
  const runs = new Map(); // `${shape}/${contestant}` -> results of every round
  const started = Date.now();
  const loadBefore = loadavg()[0];
  try {
    for (let round = 0; round < rounds; round++) {
      // Alternate the order between rounds, so no contestant always runs first (or right after another).
      const order = roundOrder(contestants, round);
      for (const shape of shapes) {
        for (const contestant of order) {
          const result = await measureOnce(browser, server, contestant, shape, round, catchUpSeconds * 1000);
          const key = `${shape.key}/${contestant.key}`;
          runs.set(key, [...(runs.get(key) ?? []), result]);
          process.stdout.write('.');
        }
      }
    }
    process.stdout.write('\n');
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }

  console.log(
    `\n## Main thread under bursts\n\nChromium ${version} (headless=new), median of ${rounds} round(s)${quick ? ' (quick)' : ''}, ` +
      `each contestant in a fresh page, order alternating between rounds; ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
      `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${cpus().length} CPUs ` +
      '(other work on the machine lengthens tasks: compare figures of one run, and runs by their load).',
  );
  console.log(
    'Listener: counts and sums `n` (the feeds: `detail.json.n` with `json`; native EventSource: `JSON.parse(data).n`; ' +
      'the floor: counts only). Longest task, long tasks (> 50 ms) and TBT (sum of their time over 50 ms) from ' +
      "PerformanceObserver 'longtask'; frame gap = longest time between requestAnimationFrame callbacks; " +
      'msgs/s = delivered / (last - first message). "—" = no task over 50 ms. Main-thread task time = the renderer\'s ' +
      'time in tasks during the run (CDP Performance TaskDuration), and the share of it the thread was running on ' +
      'a core (ThreadTime / TaskDuration): under 100% other load on the machine stretched every wall-clock figure ' +
      'here. A contestant still behind ' +
      `${catchUpSeconds} s after the burst's last write is stopped there ("behind"; its figures cover the time until then).`,
  );

  const figures = [];
  for (const shape of shapes) {
    /** @type {(string | number)[][]} */
    const rows = [
      [
        'contestant',
        'longest task ms',
        'long tasks',
        'TBT ms',
        'longest frame gap ms',
        'delivered / sent',
        'msgs/s',
        'longest task, every round',
        'main-thread task time, % on a core',
      ],
    ];
    /** @type {{ key: string, title: string, contestants: object[] }} */
    const shapeFigures = { key: shape.key, title: shape.title, contestants: [] };
    for (const contestant of contestants) {
      const results = runs.get(`${shape.key}/${contestant.key}`) ?? [];
      if (results.length === 0) continue;
      const pick = (/** @type {'longest' | 'longTasks' | 'blocking' | 'frameGap' | 'taskSeconds' | 'onCore'} */ field) => median(results.map((result) => result[field]));
      const perSecond = median(results.map((result) => (result.ms > 0 ? result.received / (result.ms / 1000) : 0)));
      const delivery = deliveryCell(results);
      rows.push([
        contestant.label,
        ms(pick('longest')),
        count(pick('longTasks')),
        count(pick('blocking')),
        Math.round(pick('frameGap')),
        delivery,
        count(perSecond),
        results.map((result) => ms(result.longest)).join(' / '),
        // The two counters are not taken at exactly the same moments: a share a little over 100% is 100%.
        `${pick('taskSeconds').toFixed(1)} s, ${Math.round(Math.min(1, pick('onCore')) * 100)}%`,
      ]);
      shapeFigures.contestants.push({
        key: contestant.key,
        label: contestant.label,
        median: {
          longestTaskMs: pick('longest'),
          longTasks: pick('longTasks'),
          totalBlockingMs: pick('blocking'),
          longestFrameGapMs: pick('frameGap'),
          messagesPerSecond: perSecond,
          mainThreadTaskSeconds: pick('taskSeconds'),
          mainThreadOnCoreShare: pick('onCore'),
        },
        delivery,
        rounds: results.map((result) => ({
          longestTaskMs: result.longest,
          longTasks: result.longTasks,
          totalBlockingMs: result.blocking,
          longestFrameGapMs: result.frameGap,
          mainThreadTaskSeconds: result.taskSeconds,
          mainThreadOnCoreShare: result.onCore,
          delivered: result.received,
          sent: result.sent,
          bytes: result.bytes,
          firstToLastMs: result.ms,
          problems: result.problems,
        })),
      });
    }
    console.log(`\n### ${shape.title}\n`);
    console.log(markdownTable(rows));
    figures.push(shapeFigures);
  }
  return {
    chromium: version,
    rounds,
    seconds,
    catchUpSeconds,
    loadAverage: { before: loadBefore, after: loadavg()[0] },
    bundle: { path: 'dist/sse-feed.bundle.js', ...bundleInfo },
    shapes: figures,
  };
}
