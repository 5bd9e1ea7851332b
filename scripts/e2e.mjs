// Browser test of the catalog and the embedding examples, in Chromium through playwright-core.
//
// Serves storybook-static/ and the repository (examples, dist) with the demo SSE server, then:
//   1. drives the live story: drop, a 503 burst, malformed lines, a 401 and its retry button, a real offline;
//   2. opens each <sse-feed> state story and waits for its feed to reach that state;
//   3. loads every story once and fails on console errors or an empty render;
//   4. loads examples/plain-html, examples/react/dist and examples/vue/dist and waits for state and messages;
//   5. asks the streamed-answer story and examples/streaming-answer: a whole answer, a drop resumed by GET, Stop.
// Needs `npm run build-storybook && npm run build-examples` first (`npm run e2e` does both through `pree2e`).
// The last line is `e2e: N passed, N failed`; the exit code is 1 when anything failed.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { playwrightLaunchOptions } from './chromium.mjs';
import { serveStatic, startDemoServer } from '../stories/demo-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const LIVE_STORY = 'start-here-live-demo--live-demo';
const results = { passed: 0, failed: 0 };
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
// --screenshots also writes docs/screenshots/catalog-*.png: among them the landing page, the live demo (desktop,
// phone, dark background) and every docs page.
const screenshots = process.argv.includes('--screenshots');

async function check(name, run) {
  if (only.length > 0 && !only.some((word) => name.includes(word))) return;
  const started = Date.now();
  try {
    await run();
    results.passed += 1;
    console.log(`  ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.failed += 1;
    console.log(`  FAIL ${name} (${Date.now() - started} ms)\n       ${String(error?.message ?? error).split('\n').join('\n       ')}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * The console messages that the faults a story injects cause, and nothing else. Every page e2e opens fails its
 * check on any other console warning, console error or uncaught exception; a page names the faults it injects
 * (`openPage(..., { faults })`). Chromium logs each error response and each stream cut mid-chunk as a console
 * error: on those pages they are the fault asked for, not a fault of the page.
 */
const FAULT_MESSAGES = {
  503: { pattern: /^Failed to load resource: the server responded with a status of 503 /, cause: 'the server answers 503 (a "Server errors" fault, the Retrying story\'s script)' },
  401: { pattern: /^Failed to load resource: the server responded with a status of 401 /, cause: 'the server refuses with 401 (a "Refuse access" fault, the Failed story, a revoked or wrongly signed request)' },
  drop: { pattern: /^Failed to load resource: net::ERR_INCOMPLETE_CHUNKED_ENCODING$/, cause: 'the server cuts an open stream (drop, and every fault that ends open streams)' },
  offline: { pattern: /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/, cause: 'the browser is taken offline' },
  404: { pattern: /^Failed to load resource: the server responded with a status of 404 /, cause: 'a plain file server has no /demo/health (the static build\'s "needs npm start" notice)' },
};

/** What every page said on the console: `expected` counts the messages of injected faults, by fault. */
const consoleTally = { warnings: 0, errors: 0, uncaught: 0, expected: {}, unexpected: [] };

/**
 * A page that remembers its console warnings, console errors and uncaught exceptions, except the messages of
 * `faults` (keys of FAULT_MESSAGES), which are counted apart.
 */
async function openPage(context, url, { faults = [] } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning' && type !== 'assert') return;
    const text = message.text();
    const fault = faults.find((name) => FAULT_MESSAGES[name].pattern.test(text));
    if (fault !== undefined) {
      consoleTally.expected[fault] = (consoleTally.expected[fault] ?? 0) + 1;
      return;
    }
    if (type === 'warning') consoleTally.warnings += 1;
    else consoleTally.errors += 1;
    errors.push(`console ${type}: ${text}`);
    consoleTally.unexpected.push(`${url}: console ${type}: ${text}`);
  });
  page.on('pageerror', (error) => {
    consoleTally.uncaught += 1;
    errors.push(`pageerror: ${error.message}`);
    consoleTally.unexpected.push(`${url}: pageerror: ${error.message}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

/** Starts recording the first indicator's `state` attribute and the first feed's `sse-state` events. */
async function recordStates(page) {
  await page.evaluate(() => {
    const indicator = document.querySelector('connection-indicator');
    const feed = document.querySelector('sse-feed');
    const record = { states: [indicator.getAttribute('state')], events: [] };
    window.__e2e = record;
    new MutationObserver(() => record.states.push(indicator.getAttribute('state'))).observe(indicator, {
      attributes: true,
      attributeFilter: ['state'],
    });
    feed.addEventListener('sse-state', (event) =>
      record.events.push({ state: event.detail.state, kind: event.detail.error?.kind ?? null, status: event.detail.error?.status ?? null }),
    );
  });
}

/** Forgets what was recorded so far, so the next wait only sees what follows. */
async function mark(page) {
  await page.evaluate(() => {
    window.__e2e.states = [document.querySelector('connection-indicator').getAttribute('state')];
    window.__e2e.events = [];
  });
}

/** Waits until the indicator's recorded states contain `sequence` in order and it shows the last one now. */
async function waitForStates(page, sequence, timeout) {
  try {
    await page.waitForFunction(
      (wanted) => {
        const { states } = window.__e2e;
        let at = 0;
        for (const state of states) if (state === wanted[at]) at += 1;
        return at >= wanted.length && states[states.length - 1] === wanted[wanted.length - 1];
      },
      sequence,
      { timeout, polling: 50 },
    );
  } catch {
    const seen = await page.evaluate(() => window.__e2e.states.join(' → '));
    throw new Error(`expected ${sequence.join(' → ')}, the indicator showed ${seen}`);
  }
}

async function inject(page, fault, seconds) {
  if (seconds !== undefined) {
    const input = page.locator('demo-fault-panel input[type=number]');
    await input.fill(String(seconds));
    await input.dispatchEvent('change');
  }
  await page.locator(`demo-fault-panel button[data-fault="${fault}"]`).click();
}

async function liveStoryChecks(context, base) {
  const url = `${base}iframe.html?id=${LIVE_STORY}&viewMode=story`;
  const { page, errors } = await openPage(context, url, { faults: [503, 401, 'drop', 'offline'] });
  try {
    await check('live story: connects and shows each price in the table, in words', async () => {
      await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
      await page.waitForFunction(() => document.querySelector('sse-feed')?.status.messages >= 2, null, { timeout: 10_000 });
      const rows = await page.evaluate(() =>
        [...document.querySelector('demo-message-log').shadowRoot.querySelectorAll('tr[data-kind="message"]')].map((row) =>
          [...row.cells].map((cell) => cell.textContent.trim()),
        ),
      );
      assert(rows.length >= 2, `the table shows ${rows.length} messages`);
      const [, kind, id, details] = rows[0];
      assert(kind === 'message' && /^\d+$/.test(id) && /^SSE \d+\.\d\d$/.test(details), `the newest row reads: ${rows[0].join(' | ')}`);
      await recordStates(page);
    });

    await check('live story: "Drop connection" → retrying → connected', async () => {
      await mark(page);
      await inject(page, 'drop');
      await waitForStates(page, ['retrying', 'connected'], 10_000);
      const kinds = await page.evaluate(() => window.__e2e.events.map((event) => event.kind));
      assert(kinds.includes('network'), `no network error in sse-state: ${kinds.join(', ')}`);
    });

    await check('live story: "503 for 2 s" → retrying (http 503), toast opens, → connected', async () => {
      await mark(page);
      await page.evaluate(() => {
        window.__e2e.toastOpened = false;
        window.__e2e.toastKinds = [];
        document.addEventListener('toast-show', (event) => {
          window.__e2e.toastOpened = true;
          window.__e2e.toastKinds.push(event.detail.kind);
        });
      });
      // After the previous check's reconnect the attempt count stays at 1 until a message proves the connection
      // stable; a drop before that is attempt 2, whose wait (1.4-2 s) can outlast a 2 s burst of 503s.
      await page.waitForFunction(() => document.querySelector('sse-feed')?.status.attempt === 0, null, { timeout: 10_000 });
      await inject(page, '5xx', 2);
      await waitForStates(page, ['retrying', 'connected'], 20_000);
      const record = await page.evaluate(() => window.__e2e);
      assert(record.events.some((event) => event.status === 503), `no http 503 in sse-state: ${JSON.stringify(record.events)}`);
      assert(record.toastOpened, `the toast never opened during the 503 burst: ${JSON.stringify(record.events)}`);
      // The toast updates in place from "retrying" to "reconnected" (no second toast-show): read its text.
      await page.waitForFunction(
        () => /reconnected/i.test(document.querySelector('status-toast').shadowRoot.querySelector('[part="message"]')?.textContent ?? ''),
        null,
        { timeout: 3000 },
      );
    });

    await check('live story: malformed lines keep the stream up and markup stays text', async () => {
      await mark(page);
      const before = await page.evaluate(() => document.querySelector('sse-feed').status.messages);
      await inject(page, 'malformed');
      await page.waitForFunction((count) => document.querySelector('sse-feed').status.messages >= count + 3, before, { timeout: 8000 });
      const outcome = await page.evaluate(() => {
        const log = document.querySelector('demo-message-log').shadowRoot;
        return {
          state: document.querySelector('sse-feed').getAttribute('state'),
          text: log.textContent,
          images: log.querySelectorAll('img, b').length + document.querySelectorAll('img').length,
        };
      });
      assert(outcome.state === 'connected', `state ${outcome.state} after malformed lines`);
      assert(outcome.text.includes('<img src=x onerror=alert(1)>'), 'the markup message is not in the log as text');
      assert(outcome.text.includes('parse'), 'no parse error logged for the invalid JSON');
      assert(outcome.images === 0, 'server markup became elements');
    });

    await check('live story: "Answer 401" → failed with a retry button that reconnects', async () => {
      await mark(page);
      await inject(page, '401');
      await waitForStates(page, ['failed'], 10_000);
      const status = await page.evaluate(() => document.querySelector('sse-feed').status.error?.status);
      assert(status === 401, `failed with status ${status}, not 401`);
      const action = page.locator('status-toast [part="action"]');
      await action.waitFor({ state: 'visible', timeout: 3000 });
      await action.click();
      await waitForStates(page, ['failed', 'connected'], 10_000);
    });

    await check('live story: the browser going offline → retrying (offline) → connected when back', async () => {
      await mark(page);
      await context.setOffline(true);
      try {
        await page.waitForFunction(() => window.__e2e.events.some((event) => event.kind === 'offline'), null, { timeout: 5000 });
      } finally {
        await context.setOffline(false);
      }
      await waitForStates(page, ['retrying', 'connected'], 10_000);
    });

    await check('live story: no console warning or error beyond the injected faults\' own', async () => {
      assert(errors.length === 0, errors.join('\n'));
    });
  } finally {
    await page.close();
  }
}

async function everyStory(context, base) {
  const index = JSON.parse(readFileSync(new URL('../storybook-static/index.json', import.meta.url), 'utf8'));
  const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
  await check(`catalog: index lists stories (${stories.length})`, async () => assert(stories.length >= 20, 'too few stories'));
  for (const story of stories) {
    await check(`story renders without console warnings or errors: ${story.id}`, async () => {
      const { page, errors } = await openPage(context, `${base}iframe.html?id=${story.id}&viewMode=story`, { faults: STORY_FAULTS[story.id] });
      try {
        await page.waitForFunction(
          () => {
            const root = document.querySelector('#storybook-root');
            return root && root.childElementCount > 0 && !document.body.classList.contains('sb-show-preparing-story');
          },
          null,
          { timeout: 10_000 },
        );
        await page.waitForTimeout(600);
        const shown = await page.evaluate(() => ({
          error: document.body.classList.contains('sb-show-errordisplay') ? document.querySelector('#error-message')?.textContent : null,
          undefinedElements: [...document.querySelectorAll('#storybook-root *')]
            .filter((element) => element.localName.includes('-') && !customElements.get(element.localName))
            .map((element) => element.localName),
        }));
        assert(!shown.error, `Storybook shows an error: ${shown.error}`);
        assert(shown.undefinedElements.length === 0, `undefined elements: ${[...new Set(shown.undefinedElements)].join(', ')}`);
        assert(errors.length === 0, errors.join('\n'));
      } finally {
        await page.close();
      }
    });
  }
}

/**
 * The `<sse-feed>` state stories (stories/sse-feed.stories.ts): each real feed on the scripted stream must reach
 * its state, read from the feed's reflected `state` attribute; `extra` checks the status behind it.
 */
const STATE_STORIES = [
  { state: 'idle' },
  { state: 'connecting', holdMs: 1500 },
  { state: 'connected', extra: (status) => status.messages >= 1 || `no message yet (${status.messages})` },
  {
    state: 'retrying',
    extra: (status) =>
      (status.error?.kind === 'http' && status.error.status === 503 && status.retryDelay >= 19_000) ||
      `expected http 503 and a wait of at least Retry-After (20 s), got ${JSON.stringify(status)}`,
  },
  { state: 'paused', extra: (status) => status.messages === 0 || 'a paused feed delivered messages', resume: true },
  { state: 'failed', extra: (status) => (status.error?.status === 401 && status.error.fatal) || `expected a fatal 401, got ${JSON.stringify(status.error)}` },
  { state: 'closed', extra: (status) => status.error === null || `closed with an error: ${JSON.stringify(status.error)}` },
];

/**
 * The catalog as a newcomer meets it: the Storybook UI at its root lands on Start here/Introduction, whose first
 * preview is the live demo, connected; the sidebar starts with the introduction and the live demo; Storybook's
 * own onboarding checklist is not there; and neither the UI nor the preview logs a warning or an error.
 */
async function catalogLanding(context, base) {
  await check('catalog: the root lands on the introduction, the live demo first and connected, no onboarding checklist', async () => {
    const { page, errors } = await openPage(context, base);
    try {
      await page.waitForURL(/path=\/docs\/start-here-introduction--docs/, { timeout: 20_000 });
      const docs = page.frameLocator('#storybook-preview-iframe');
      const demo = docs.frameLocator('iframe').first();
      await demo.locator('connection-indicator[state="connected"]').waitFor({ timeout: 20_000 });
      await demo.locator('demo-fault-panel').waitFor({ timeout: 5000 });
      const sidebar = await page.locator('#storybook-explorer-menu').innerText();
      const order = ['Introduction', 'Live demo', 'Streaming answer'].map((name) => sidebar.indexOf(name));
      assert(order.every((at, index) => at >= 0 && (index === 0 || at > order[index - 1])), `the sidebar starts: ${sidebar.slice(0, 160)}`);
      const checklist = await page.getByText(/Get started/).count();
      assert(checklist === 0, 'Storybook\'s "Get started" checklist is shown');
      assert(errors.length === 0, errors.join('\n'));
    } finally {
      await page.close();
    }
  });

  await check('catalog: the live demo story in the Storybook UI, its toolbar and controls, logs no warning or error', async () => {
    const { page, errors } = await openPage(context, `${base}?path=/story/${LIVE_STORY}`);
    try {
      await page.frameLocator('#storybook-preview-iframe').locator('connection-indicator[state="connected"]').waitFor({ timeout: 20_000 });
      await page.locator('#storybook-panel-root').getByText('stall-timeout').first().waitFor({ timeout: 10_000 });
      await page.waitForTimeout(1000);
      assert(errors.length === 0, errors.join('\n'));
    } finally {
      await page.close();
    }
  });

  await check('catalog: on the landing page, "Server errors" opens the toast where the visitor sees it, then "Reconnected"', async () => {
    // The 503s are the fault asked for.
    const { page, errors } = await openPage(context, base, { faults: [503] });
    try {
      await page.waitForURL(/path=\/docs\/start-here-introduction--docs/, { timeout: 20_000 });
      const demo = page.frameLocator('#storybook-preview-iframe').frameLocator('iframe').first();
      await demo.locator('connection-indicator[state="connected"]').waitFor({ timeout: 20_000 });
      const seconds = demo.locator('demo-fault-panel input[type=number]');
      await seconds.fill('2');
      await seconds.dispatchEvent('change');
      await demo.locator('demo-fault-panel button[data-fault="5xx"]').click();
      const toast = demo.locator('status-toast[open]');
      await toast.waitFor({ state: 'attached', timeout: 10_000 });
      const card = await demo.locator('status-toast [part="message"]').boundingBox();
      const viewport = page.viewportSize();
      assert(
        card && card.y >= 0 && card.y + card.height <= viewport.height && card.x + card.width <= viewport.width,
        `the toast opened at ${JSON.stringify(card)}, outside the ${viewport.width}×${viewport.height} screen`,
      );
      await demo.locator('connection-indicator[state="connected"]').waitFor({ timeout: 20_000 });
      assert(errors.length === 0, errors.join('\n'));
    } finally {
      await page.close();
    }
  });
}

/**
 * Every docs page (the introduction and each element's page) renders without console warnings or errors, and no
 * toast opens in the docs page's own top layer: stories with a toast render in frames of their own there
 * (`docs.story.inline: false`), so it opens inside its preview. The page is scrolled through, as the story frames
 * load when they come into view.
 */
async function docsPages(context, base) {
  const index = JSON.parse(readFileSync(new URL('../storybook-static/index.json', import.meta.url), 'utf8'));
  const pages = Object.values(index.entries).filter((entry) => entry.type === 'docs');
  await check(`catalog: docs pages (${pages.length}): the introduction and one per element`, async () =>
    assert(pages.some((entry) => entry.id === 'start-here-introduction--docs') && pages.length >= 4, pages.map((entry) => entry.id).join(', ')),
  );
  for (const entry of pages) {
    await check(`docs page renders without console warnings or errors, toasts inside their previews: ${entry.id}`, async () => {
      const faults = Object.entries(STORY_FAULTS).flatMap(([id, list]) => (id.startsWith(`${entry.id.replace(/--docs$/, '')}--`) ? list : []));
      const { page, errors } = await openPage(context, `${base}iframe.html?id=${entry.id}&viewMode=docs`, { faults });
      try {
        await page.locator('.sbdocs-content').waitFor({ timeout: 15_000 });
        for (let step = 0; step < 40; step += 1) {
          const done = await page.evaluate(() => {
            window.scrollBy(0, window.innerHeight * 0.8);
            return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
          });
          await page.waitForTimeout(250);
          if (done) break;
        }
        await page.waitForTimeout(1500);
        // A toast rendered inline would open in the docs page's own top layer; in a story's frame it is not in this document.
        const openInPage = await page.evaluate(() => document.querySelectorAll('status-toast[open]').length);
        assert(openInPage === 0, `${openInPage} toast(s) open in the docs page itself, over its text`);
        assert(errors.length === 0, errors.join('\n'));
      } finally {
        await page.close();
      }
    });
  }
}

/** Stories whose server is scripted to fail when they load: the faults of FAULT_MESSAGES they inject by themselves. */
const STORY_FAULTS = { 'elements-sse-feed--retrying': [503], 'elements-sse-feed--failed': [401] };

async function stateStories(context, base) {
  for (const { state, holdMs = 0, extra, resume } of STATE_STORIES) {
    await check(`sse-feed state story reaches "${state}"`, async () => {
      const storyId = `elements-sse-feed--${state}`;
      const { page, errors } = await openPage(context, `${base}iframe.html?id=${storyId}&viewMode=story`, { faults: STORY_FAULTS[storyId] });
      try {
        const feed = page.locator('#storybook-root sse-feed');
        try {
          await page.waitForSelector(`#storybook-root sse-feed[state="${state}"]`, { timeout: 10_000 });
        } catch {
          throw new Error(`the feed never showed state ${state}; it shows ${await feed.getAttribute('state').catch(() => 'no feed')}`);
        }
        // A state that is a wait (connecting) must still be there a moment later.
        if (holdMs > 0) await page.waitForTimeout(holdMs);
        assert((await feed.getAttribute('state')) === state, `the feed left ${state}: now ${await feed.getAttribute('state')}`);
        const indicator = await page.locator('#storybook-root connection-indicator').getAttribute('state');
        assert(indicator === state, `the indicator shows ${indicator}, not ${state}`);
        const readout = await page.locator('demo-feed-status [data-field="state"]').textContent();
        assert(readout.trim() === state, `the status read-out says ${readout.trim()}`);
        const status = await feed.evaluate((element) => element.status);
        const verdict = extra ? extra(status) : true;
        assert(verdict === true, String(verdict));
        if (resume) {
          // Showing the (simulated) hidden page again connects at once.
          await page.locator('demo-page-visibility button').click();
          await page.waitForSelector('#storybook-root sse-feed[state="connected"]', { timeout: 10_000 });
        }
        assert(errors.length === 0, errors.join('\n'));
      } finally {
        await page.close();
      }
    });
  }
}

/** The static build on a plain file server (no demo routes): live stories must say they need `npm start`. */
async function staticBuildNotice(context) {
  const roots = [`${root}storybook-static`];
  const server = createServer((req, res) => serveStatic(roots, req, res));
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${server.address().port}/`;
  try {
    for (const story of [LIVE_STORY, 'elements-sse-feed--connected']) {
      await check(`static build without the demo server: ${story} says it needs npm start`, async () => {
        const { page, errors } = await openPage(context, `${base}iframe.html?id=${story}&viewMode=story`, { faults: [404] });
        try {
          const notice = page.locator('[data-needs-demo-server]');
          await notice.waitFor({ timeout: 10_000 });
          const text = await notice.textContent();
          assert(text.includes('npm start'), `the notice does not mention npm start: ${text}`);
          assert((await page.locator('sse-feed').count()) === 0, 'a feed was rendered anyway');
          // The probe's 404 for /demo/health is the expected answer of a plain file server.
          assert(errors.length === 0, errors.join('\n'));
        } finally {
          await page.close();
        }
      });
    }
  } finally {
    server.closeAllConnections?.();
    await new Promise((done) => server.close(done));
  }
}

/** WCAG contrast ratio of two `rgb(...)` colours (alpha ignored: the demo's text sits on opaque surfaces). */
function contrast(foreground, background) {
  const luminance = (color) => {
    const [r, g, b] = color.match(/[\d.]+/g).slice(0, 3).map((channel) => {
      const value = Number(channel) / 255;
      return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The live demo as a phone and the dark background show it: at 390 px nothing is wider than the screen (no
 * sideways scrolling, no control cut off), and on either background every text of the demo (its headings,
 * explanations, table and notes, inside the panels' shadow roots too) reaches WCAG AA contrast (4.5:1) on the
 * surface behind it.
 */
async function liveDemoLayout(browser, base) {
  const url = (background) => `${base}iframe.html?id=${LIVE_STORY}&viewMode=story&globals=backgrounds.value:${background}`;
  /** Every element with its own text in the demo, with its colour and the first opaque background behind it. */
  const textColours = (page) =>
    page.evaluate(() => {
      const found = [];
      const opaqueBackground = (element) => {
        for (let node = element; node; node = node.parentElement ?? node.getRootNode().host) {
          const colour = getComputedStyle(node).backgroundColor;
          if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
        }
        return getComputedStyle(document.body).backgroundColor;
      };
      const visit = (root) => {
        for (const element of root.querySelectorAll('*')) {
          if (element.shadowRoot) visit(element.shadowRoot);
          const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
          if (!ownText || element.closest('status-toast') || element.getClientRects().length === 0) continue;
          if (['STYLE', 'SCRIPT'].includes(element.tagName)) continue;
          found.push({ text: element.textContent.trim().slice(0, 40), color: getComputedStyle(element).color, background: opaqueBackground(element) });
        }
      };
      visit(document.querySelector('#storybook-root'));
      return found;
    });
  for (const background of ['light', 'dark']) {
    await check(`live demo on the ${background} background: every text reaches 4.5:1 contrast`, async () => {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      try {
        const { page, errors } = await openPage(context, url(background));
        await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
        await page.waitForFunction(() => document.querySelector('sse-feed').status.messages >= 2, null, { timeout: 10_000 });
        await page.waitForTimeout(300);
        const body = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const expectedBody = background === 'dark' ? 'rgb(22, 24, 29)' : 'rgb(255, 255, 255)';
        assert(body === expectedBody, `the page behind the demo is ${body}, not the ${background} background`);
        const texts = await textColours(page);
        assert(texts.length >= 30, `only ${texts.length} texts found`);
        const poor = texts.filter((entry) => contrast(entry.color, entry.background) < 4.5);
        assert(
          poor.length === 0,
          poor.map((entry) => `"${entry.text}": ${entry.color} on ${entry.background} (${contrast(entry.color, entry.background).toFixed(2)}:1)`).join('\n'),
        );
        assert(errors.length === 0, errors.join('\n'));
      } finally {
        await context.close();
      }
    });
  }
  await check('live demo on a 390 px phone: nothing wider than the screen, the table as wide as the screen, every button reachable', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      const { page, errors } = await openPage(context, url('light'));
      await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
      await page.waitForFunction(() => document.querySelector('sse-feed').status.messages >= 2, null, { timeout: 10_000 });
      await page.waitForTimeout(300);
      const layout = await page.evaluate(() => {
        const wide = [];
        const visit = (root) => {
          for (const element of root.querySelectorAll('*')) {
            if (element.shadowRoot) visit(element.shadowRoot);
            const box = element.getBoundingClientRect();
            if (box.width > 0 && (box.right > window.innerWidth + 0.5 || box.left < -0.5) && !element.closest('status-toast')) {
              wide.push(`${element.localName}${element.className ? `.${element.className}` : ''} ${Math.round(box.left)}..${Math.round(box.right)}`);
            }
          }
        };
        visit(document.querySelector('#storybook-root'));
        const log = document.querySelector('demo-message-log').shadowRoot.querySelector('table');
        return { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, wide, logWidth: log?.getBoundingClientRect().width ?? 0 };
      });
      assert(layout.scrollWidth <= layout.width, `the page scrolls sideways: ${layout.scrollWidth} px on a ${layout.width} px screen`);
      assert(layout.wide.length === 0, `wider than the screen: ${layout.wide.slice(0, 8).join(', ')}`);
      assert(layout.logWidth >= 300, `the table of what the feed reports is ${layout.logWidth} px wide`);
      const buttons = await page.locator('demo-fault-panel button').all();
      for (const button of buttons) {
        const box = await button.boundingBox();
        assert(box && box.x >= 0 && box.x + box.width <= 390 && box.height >= 24, `a button is cut off or too small to tap: ${JSON.stringify(box)}`);
      }
      assert(errors.length === 0, errors.join('\n'));
    } finally {
      await context.close();
    }
  });
}

/** Screenshots of the catalog for docs/screenshots (and for a person to look at). */
async function takeScreenshots(context, base) {
  const folder = new URL('../docs/screenshots/', import.meta.url);
  mkdirSync(folder, { recursive: true });
  const shot = (page, name) => page.screenshot({ path: fileURLToPath(new URL(`catalog-${name}.png`, folder)) });
  await check('screenshots: catalog-*.png', async () => {
    // The Storybook UI, with the manifest's controls for a states story.
    let { page } = await openPage(context, `${base}?path=/story/elements-connection-indicator--retrying-with-countdown`);
    await page.frameLocator('#storybook-preview-iframe').locator('connection-indicator[state="retrying"]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(800);
    await shot(page, 'manager-controls');
    await page.close();

    for (const [id, name] of [
      ['elements-connection-indicator--all-states', 'indicator-states'],
      ['elements-status-toast--failed', 'toast-failed'],
      ['elements-status-toast--positions', 'toast-positions'],
    ]) {
      ({ page } = await openPage(context, `${base}iframe.html?id=${id}&viewMode=story`));
      await page.waitForTimeout(800);
      await shot(page, name);
      await page.close();
    }

    // The server errors below are the fault asked for.
    ({ page } = await openPage(context, `${base}iframe.html?id=${LIVE_STORY}&viewMode=story`, { faults: [503] }));
    await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('sse-feed').status.messages >= 3, null, { timeout: 10_000 });
    await inject(page, 'malformed');
    await page.waitForTimeout(1200);
    await shot(page, 'live-connected');
    await inject(page, '5xx', 8);
    await page.waitForSelector('status-toast[open]', { state: 'attached', timeout: 10_000 });
    await page.waitForTimeout(500);
    await shot(page, 'live-retrying');
    await inject(page, 'reset');
    await page.close();
  });
}

/**
 * The screenshots issue 12 asks to look at: the landing page (the Storybook UI at its root), the live demo on a
 * desktop, a 390 px phone and the dark background (mid-outage, the toast open), and every docs page, whole.
 */
async function newcomerScreenshots(browser, base) {
  const folder = new URL('../docs/screenshots/', import.meta.url);
  mkdirSync(folder, { recursive: true });
  const path = (name) => fileURLToPath(new URL(`catalog-${name}.png`, folder));
  const liveDemo = async (context, name, background, { fullPage = true } = {}) => {
    // The server errors are the fault asked for; their 503s on the console are its own.
    const { page } = await openPage(context, `${base}iframe.html?id=${LIVE_STORY}&viewMode=story&globals=backgrounds.value:${background}`, {
      faults: [503, 'drop'],
    });
    try {
      await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
      await page.waitForFunction(() => document.querySelector('sse-feed').status.messages >= 4, null, { timeout: 15_000 });
      await inject(page, '5xx', 6);
      await page.waitForSelector('status-toast[open]', { state: 'attached', timeout: 10_000 });
      await page.waitForTimeout(600);
      await page.screenshot({ path: path(name), fullPage });
      await inject(page, 'reset');
    } finally {
      await page.close();
    }
  };
  await check('screenshots: the landing page, the live demo (desktop, phone, dark) and every docs page', async () => {
    let context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page } = await openPage(context, base);
      await page.waitForURL(/path=\/docs\/start-here-introduction--docs/, { timeout: 20_000 });
      await page.frameLocator('#storybook-preview-iframe').frameLocator('iframe').first().locator('demo-message-log').waitFor({ timeout: 20_000 });
      await page.waitForTimeout(2500);
      await page.screenshot({ path: path('landing') });
      await page.close();
      await liveDemo(context, 'live-demo-desktop', 'light');
      await liveDemo(context, 'live-demo-dark', 'dark');

      const index = JSON.parse(readFileSync(new URL('../storybook-static/index.json', import.meta.url), 'utf8'));
      for (const entry of Object.values(index.entries).filter((candidate) => candidate.type === 'docs')) {
        const { page: docs } = await openPage(context, `${base}iframe.html?id=${entry.id}&viewMode=docs`);
        await docs.locator('.sbdocs-content').waitFor({ timeout: 15_000 });
        // Story frames load as they come into view: scroll through, then back.
        for (let step = 0; step < 40; step += 1) {
          const done = await docs.evaluate(() => {
            window.scrollBy(0, window.innerHeight * 0.8);
            return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
          });
          await docs.waitForTimeout(200);
          if (done) break;
        }
        await docs.evaluate(() => window.scrollTo(0, 0));
        await docs.waitForTimeout(2000);
        await docs.screenshot({ path: path(`docs-${entry.id.replace(/--docs$/, '')}`), fullPage: true });
        await docs.close();
      }
    } finally {
      await context.close();
    }
    for (const background of ['light', 'dark']) {
      context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      try {
        await liveDemo(context, `live-demo-phone${background === 'dark' ? '-dark' : ''}`, background);
      } finally {
        await context.close();
      }
    }
  });
}

/**
 * The fetch-recipe and stale-data stories (stories/fetch-recipes.stories.ts, stories/stale-data.stories.ts): a
 * revoked token is replaced inside fetch without the feed failing; a dropped signed feed resumes signed, a wrongly
 * signed attempt is refused; a stalled stream turns the feed stale and back. `--screenshots` writes
 * docs/screenshots/recipes-*.png. Without the demo server (a plain file server) they must say they need it.
 */
async function recipeStories(context, base) {
  const folder = new URL('../docs/screenshots/', import.meta.url);
  const shot = async (page, name) => {
    if (!screenshots) return;
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: fileURLToPath(new URL(`recipes-${name}.png`, folder)), fullPage: true });
  };
  const story = (id) => `${base}iframe.html?id=${id}&viewMode=story`;
  const feedStates = (page) =>
    page.evaluate(() => {
      const feed = document.querySelector('sse-feed');
      window.__recipeStates = [feed.status.state];
      feed.addEventListener('sse-state', (event) => window.__recipeStates.push(event.detail.state));
    });

  await check('recipes story: expiring tokens: a revoked token gets a 401 inside fetch, a new token, and the feed stays up', async () => {
    // A revoked token is refused with a 401 on purpose; the stream it was on is cut.
    const { page, errors } = await openPage(context, story('live-fetch-recipes--expiring-tokens'), { faults: [401, 'drop'] });
    try {
      await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
      await page.waitForFunction(() => document.querySelector('sse-feed').status.messages >= 1, null, { timeout: 10_000 });
      const panel = page.locator('demo-token-panel');
      assert((await panel.locator('[data-field="fetched"]').textContent()).trim() === '1', 'the first attempt did not fetch one token');
      await feedStates(page);
      const before = await page.evaluate(() => document.querySelector('sse-feed').status.messages);
      await panel.locator('button[data-action="expire-token"]').click();
      await page.waitForFunction(
        (count) => {
          const panel = document.querySelector('demo-token-panel').shadowRoot;
          const field = (name) => panel.querySelector(`[data-field="${name}"]`).textContent.trim();
          const feed = document.querySelector('sse-feed');
          return field('refreshed') === '1' && field('fetched') === '2' && feed.status.state === 'connected' && feed.status.messages > count;
        },
        before,
        { timeout: 10_000 },
      );
      const states = await page.evaluate(() => window.__recipeStates);
      assert(!states.includes('failed'), `the feed failed: ${states.join(' → ')}`);
      await page.waitForTimeout(1200);
      await shot(page, 'expiring-tokens');
      assert(errors.length === 0, errors.join('\n'));
    } finally {
      await page.close();
    }
  });

  await check('recipes story: signed requests: the resume is signed with its Last-Event-ID; a wrong key is refused', async () => {
    // The drop button cuts the stream; a wrongly signed attempt is refused with a 401.
    const { page, errors } = await openPage(context, story('live-fetch-recipes--signed-requests'), { faults: [401, 'drop'] });
    try {
      await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
      await page.waitForFunction(() => document.querySelector('sse-feed').status.messages >= 1, null, { timeout: 10_000 });
      const rows = () =>
        page.evaluate(() =>
          [...document.querySelector('demo-signature-log').shadowRoot.querySelectorAll('tbody tr')].map((row) =>
            [...row.cells].map((cell) => cell.textContent.trim()),
          ),
        );
      await page.locator('demo-signature-log button[data-action="drop"]').click();
      await page.waitForFunction(() => document.querySelector('demo-signature-log').shadowRoot.querySelectorAll('tbody tr').length >= 2, null, {
        timeout: 10_000,
      });
      await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
      const [resume] = await rows();
      assert(/^\d+$/.test(resume[3]) && resume[6].startsWith('200'), `the resume row: ${resume.join(' | ')}`);
      assert(/^[A-Za-z0-9+/]{43}=$/.test(resume[5]), `not a base64 HMAC-SHA-256: ${resume[5]}`);

      await page.locator('demo-signature-log button[data-action="tamper"]').click();
      await page.waitForSelector('sse-feed[state="failed"]', { timeout: 10_000 });
      const error = await page.evaluate(() => document.querySelector('sse-feed').status.error);
      assert(error?.status === 401, `expected a 401, got ${JSON.stringify(error)}`);
      await page.locator('status-toast [part="action"]').click();
      await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
      const answers = (await rows()).map((row) => row[6].split(' ')[0]);
      assert(answers.slice(0, 3).join(',') === '200,401,200', `answers, newest first: ${answers.join(', ')}`);
      await page.waitForTimeout(500);
      await shot(page, 'signed-requests');
      assert(errors.length === 0, errors.join('\n'));
    } finally {
      await page.close();
    }
  });

  await check('stale story: a stalled stream turns the feed stale ("No new data for N seconds") without reconnecting, then fresh', async () => {
    const { page, errors } = await openPage(context, story('live-stale-data--dashboard'));
    try {
      await page.waitForSelector('sse-feed[state="connected"]', { timeout: 10_000 });
      await page.waitForFunction(() => document.querySelector('sse-feed').status.messages >= 1, null, { timeout: 10_000 });
      await feedStates(page);
      await page.locator('demo-fault-button[fault="stall"] button').click();
      await page.waitForSelector('sse-feed[stale] connection-indicator[stale]', { timeout: 8000 });
      await page.waitForTimeout(2200);
      const label = await page.locator('connection-indicator [part="label"]').textContent();
      assert(/^No new data for [4-9] seconds$/.test(label.trim()), `the indicator says "${label.trim()}"`);
      await shot(page, 'stale');
      await page.locator('demo-fault-button[fault="reset"] button').click();
      await page.waitForSelector('sse-feed:not([stale])[state="connected"]', { timeout: 5000 });
      const states = await page.evaluate(() => window.__recipeStates);
      assert(states.every((state) => state === 'connected'), `the feed left connected: ${states.join(' → ')}`);
      assert(errors.length === 0, errors.join('\n'));
    } finally {
      await fetch(`${base}demo/fault?type=reset`, { method: 'POST' }).catch(() => undefined);
      await page.close();
    }
  });

  // The static build on a plain file server: the same notice as the other live stories.
  const server = createServer((req, res) => serveStatic([`${root}storybook-static`], req, res));
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const staticBase = `http://127.0.0.1:${server.address().port}/`;
  try {
    await check('recipes and stale stories without the demo server say they need npm start', async () => {
      for (const id of ['live-fetch-recipes--expiring-tokens', 'live-fetch-recipes--signed-requests', 'live-stale-data--dashboard']) {
        const { page, errors } = await openPage(context, `${staticBase}iframe.html?id=${id}&viewMode=story`, { faults: [404] });
        try {
          await page.locator('[data-needs-demo-server]').waitFor({ timeout: 10_000 });
          assert((await page.locator('sse-feed').count()) === 0, `${id}: a feed was rendered anyway`);
          assert(errors.length === 0, errors.join('\n'));
        } finally {
          await page.close();
        }
      }
    });
  } finally {
    server.closeAllConnections?.();
    await new Promise((done) => server.close(done));
  }
}

async function examples(context, base) {
  const pages = [
    ['plain HTML', 'examples/plain-html/', 'ol#messages li'],
    ['React', 'examples/react/dist/', '[data-testid="messages"] li'],
    ['Vue', 'examples/vue/dist/', '[data-testid="messages"] li'],
  ];
  for (const [name, path, items] of pages) {
    await check(`example ${name}: state and messages arrive`, async () => {
      const { page, errors } = await openPage(context, `${base}${path}`);
      try {
        await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
        await page.waitForFunction((selector) => document.querySelectorAll(selector).length >= 2, items, { timeout: 10_000 });
        const first = await page.locator(items).first().textContent();
        assert(/^#\d+ SSE \d+(\.\d+)?$/.test(first.trim()), `unexpected message text: ${first}`);
        const output = page.locator('[data-testid="state"]');
        if ((await output.count()) > 0) {
          const state = (await output.textContent()).trim();
          assert(state === 'connected', `the framework saw state ${state} through sse-state`);
        }
        assert(errors.length === 0, errors.join('\n'));
      } finally {
        await page.close();
      }
    });
  }
}

const ANSWER_STORY = 'start-here-streaming-answer--streaming-answer';

/** The chat box in the catalog's first story and in examples/streaming-answer: the same markup hooks in both. */
const ANSWER_PAGES = [
  ['story', (base) => `${base}iframe.html?id=${ANSWER_STORY}&viewMode=story`],
  ['example page', (base) => `${base}examples/streaming-answer/`],
];

/** The demo server's record of the streamed answers (stories/demo-answers.mjs). */
async function answersLog(base, id) {
  const response = await fetch(`${base}demo/answers-log${id ? `?id=${encodeURIComponent(id)}` : ''}`);
  return response.json();
}

/** Types `prompt` into the chat box and sends it; resolves once the page shows the new turn. */
async function askQuestion(page, prompt) {
  const turns = page.locator('li[data-status]');
  const count = await turns.count();
  await page.locator('textarea').fill(prompt);
  await page.locator('button[data-action="send"]').click();
  await turns.nth(count).waitFor({ state: 'attached', timeout: 5000 });
}

/** The last turn as the page shows it: status, answer text (exactly as rendered), the feed's status. */
async function lastTurn(page) {
  const item = page.locator('li[data-status]').last();
  const feed = await page.locator('sse-feed').evaluate((element) => element.status);
  return {
    status: await item.getAttribute('data-status'),
    text: await item.locator('[data-answer]').evaluate((element) => element.textContent),
    resumedAfter: await item.getAttribute('data-resumed-after'),
    feed,
    answerId: feed.lastEventId.split(':')[0],
  };
}

/** Records the feed's `sse-state` events (state and error kind) from now on, in `window.__answerStates`. */
async function recordAnswerStates(page) {
  await page.locator('sse-feed').evaluate((feed) => {
    window.__answerStates = [];
    // One entry per state (an attempt count reset also dispatches sse-state, in the same state).
    feed.addEventListener('sse-state', (event) => {
      const entry = `${event.detail.state}${event.detail.error ? `(${event.detail.error.kind})` : ''}`;
      if (window.__answerStates.at(-1) !== entry) window.__answerStates.push(entry);
    });
  });
}

/**
 * The streamed answer (stories/streaming-answer.stories.ts, examples/streaming-answer/): a prompt streams a whole
 * answer through one POST and the feed ends `closed`; a connection dropped mid-answer resumes through
 * `GET /demo/answers/<id>` with Last-Event-ID and the text equals the server's, every token once; Stop closes the
 * stream and the server sees it closed. Without the demo server, the story says it needs npm start.
 */
async function streamingAnswer(context, base) {
  for (const [name, url] of ANSWER_PAGES) {
    await check(`streaming answer (${name}): a prompt streams the whole answer with one POST, then the feed is closed`, async () => {
      const { page, errors } = await openPage(context, url(base));
      try {
        await page.locator('textarea').waitFor({ timeout: 10_000 });
        const before = await answersLog(base);
        await recordAnswerStates(page);
        // Markup in the prompt must stay text, in the question bubble and wherever else it goes.
        await askQuestion(page, 'What are Server-Sent Events? <img src=x onerror="window.__xss=1">');
        await page.waitForSelector('li[data-status="done"]', { timeout: 20_000 });
        await page.waitForSelector('sse-feed[state="closed"]', { state: 'attached', timeout: 5000 });
        const turn = await lastTurn(page);
        const log = await answersLog(base, turn.answerId);
        const answer = log.answers[0];
        assert(answer, `the server has no answer ${turn.answerId}`);
        assert(log.posts - before.posts === 1, `${log.posts - before.posts} POSTs for one question`);
        assert(log.resumes === before.resumes, 'a resume was requested without a drop');
        assert(answer.requests.length === 1 && answer.requests[0].outcome === 'done', `requests: ${JSON.stringify(answer.requests)}`);
        assert(turn.text === answer.text, `the page shows another text than the server sent:\n${turn.text}\n---\n${answer.text}`);
        assert(turn.feed.state === 'closed' && turn.feed.error === null, `the feed: ${JSON.stringify(turn.feed)}`);
        const states = await page.evaluate(() => window.__answerStates);
        assert(states.join(' ') === 'connecting connected closed', `states: ${states.join(' → ')}`);
        const question = await page.locator('li[data-status] .question').last().textContent();
        assert(question.includes('<img src=x onerror="window.__xss=1">'), `the prompt is not shown as text: ${question}`);
        const images = await page.evaluate(() => document.querySelectorAll('img').length + (document.querySelector('answer-demo')?.shadowRoot.querySelectorAll('img').length ?? 0));
        assert(images === 0 && !(await page.evaluate(() => window.__xss)), 'the prompt became markup');
        // Finished means finished: nothing is posted again.
        await page.waitForTimeout(1500);
        const after = await answersLog(base);
        assert(after.posts === log.posts && after.resumes === log.resumes, 'a request followed the finished answer');
        assert(errors.length === 0, errors.join('\n'));
      } finally {
        await page.close();
      }
    });

    await check(`streaming answer (${name}): dropped mid-answer, it resumes with GET /demo/answers/<id> + Last-Event-ID, every token once`, async () => {
      // The server cuts the answer's stream mid-answer on purpose.
      const { page, errors } = await openPage(context, url(base), { faults: ['drop'] });
      const requests = [];
      page.on('request', (request) => {
        if (/\/demo\/answers?(\/|$|\?)/.test(new URL(request.url()).pathname + '/')) {
          requests.push({ method: request.method(), path: new URL(request.url()).pathname, lastEventId: request.headers()['last-event-id'] ?? '' });
        }
      });
      try {
        await page.locator('textarea').waitFor({ timeout: 10_000 });
        const before = await answersLog(base);
        await recordAnswerStates(page);
        await page.locator('input[data-action="drop"]').check();
        await askQuestion(page, 'How does an answer resume after a dropped connection?');
        await page.waitForSelector('li[data-status="done"]', { timeout: 25_000 });
        await page.waitForSelector('sse-feed[state="closed"]', { state: 'attached', timeout: 5000 });
        const turn = await lastTurn(page);
        const log = await answersLog(base, turn.answerId);
        const answer = log.answers[0];
        assert(answer, `the server has no answer ${turn.answerId}`);
        const [post, resume, ...more] = answer.requests;
        assert(more.length === 0 && post?.method === 'POST' && post.outcome === 'dropped', `requests: ${JSON.stringify(answer.requests)}`);
        assert(resume?.method === 'GET' && resume.outcome === 'done', `no finished GET resume: ${JSON.stringify(answer.requests)}`);
        // The page may lose the last chunks before a drop (the browser discards what it had not read): the resume
        // starts after the last token the page did receive, never after more than the server sent.
        assert(resume.after >= 1 && resume.after <= post.sent, `resumed after ${resume.after}, the POST sent ${post.sent}`);
        assert(log.posts - before.posts === 1 && log.resumes - before.resumes === 1, `POSTs ${log.posts - before.posts}, resumes ${log.resumes - before.resumes}`);
        const get = requests.find((request) => request.method === 'GET');
        assert(get && get.path === `/demo/answers/${turn.answerId}` && get.lastEventId === `${turn.answerId}:${resume.after}`,
          `the browser's requests: ${JSON.stringify(requests)}`);
        assert(turn.text === answer.text, `the text differs from the server's (a token lost or repeated):\n${turn.text}\n---\n${answer.text}`);
        assert(turn.resumedAfter === String(resume.after), `the page says it resumed after ${turn.resumedAfter}, the server after ${resume.after}`);
        const states = await page.evaluate(() => window.__answerStates.join(' '));
        assert(/^connecting connected retrying\(network\) connecting connected closed$/.test(states), `states: ${states}`);
        assert(errors.length === 0, errors.join('\n'));
      } finally {
        await page.close();
      }
    });

    await check(`streaming answer (${name}): Stop closes the stream mid-answer and the server sees it closed`, async () => {
      const { page, errors } = await openPage(context, url(base));
      try {
        await page.locator('textarea').waitFor({ timeout: 10_000 });
        const before = await answersLog(base);
        await askQuestion(page, 'Why stream answers with SSE and not WebSockets?');
        await page.waitForFunction(() => {
          const feed = document.querySelector('sse-feed') ?? document.querySelector('answer-demo')?.shadowRoot.querySelector('sse-feed');
          return feed?.status.messages >= 10;
        }, null, { timeout: 10_000 });
        await page.locator('button[data-action="stop"]').click();
        await page.waitForSelector('li[data-status="stopped"]', { timeout: 3000 });
        const turn = await lastTurn(page);
        assert(turn.feed.state === 'closed', `the feed is ${turn.feed.state}`);
        let answer;
        for (let tries = 0; tries < 30; tries += 1) {
          [answer] = (await answersLog(base, turn.answerId)).answers;
          if (answer?.requests[0]?.outcome !== 'streaming') break;
          await page.waitForTimeout(100);
        }
        assert(answer?.requests.length === 1 && answer.requests[0].outcome === 'client-closed', `the server's record: ${JSON.stringify(answer?.requests)}`);
        assert(answer.requests[0].sent < answer.tokens, 'the whole answer was sent before Stop');
        await page.waitForTimeout(1000);
        const later = await lastTurn(page);
        const after = await answersLog(base);
        assert(later.text === turn.text, 'tokens arrived after Stop');
        assert(after.posts - before.posts === 1 && after.resumes === before.resumes, 'a request followed Stop');
        assert(turn.text.length > 0 && answer.text.startsWith(turn.text), 'the partial answer is not the start of the server\'s text');
        assert(errors.length === 0, errors.join('\n'));
      } finally {
        await page.close();
      }
    });
  }

  // The static build on a plain file server: the story says it needs the demo server instead of failing.
  const server = createServer((req, res) => serveStatic([`${root}storybook-static`], req, res));
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  try {
    await check('streaming answer story without the demo server says it needs npm start', async () => {
      const { page, errors } = await openPage(context, `http://127.0.0.1:${server.address().port}/iframe.html?id=${ANSWER_STORY}&viewMode=story`, {
        faults: [404],
      });
      try {
        const notice = page.locator('[data-needs-demo-server]');
        await notice.waitFor({ timeout: 10_000 });
        assert((await notice.textContent()).includes('npm start'), 'the notice does not mention npm start');
        assert((await page.locator('sse-feed').count()) === 0, 'a feed was rendered anyway');
        assert(errors.length === 0, errors.join('\n'));
      } finally {
        await page.close();
      }
    });
  } finally {
    server.closeAllConnections?.();
    await new Promise((done) => server.close(done));
  }
}

/** docs/screenshots/answer-*.png: the story idle, mid-answer, finished, resumed after a drop (light and dark), and the example page. */
async function answerScreenshots(browser, base) {
  const folder = new URL('../docs/screenshots/', import.meta.url);
  mkdirSync(folder, { recursive: true });
  const shot = (page, name) => page.screenshot({ path: fileURLToPath(new URL(`answer-${name}.png`, folder)) });
  const tokens = (page, count) =>
    page.waitForFunction((wanted) => {
      const feed = document.querySelector('sse-feed') ?? document.querySelector('answer-demo')?.shadowRoot.querySelector('sse-feed');
      return feed?.status.messages >= wanted;
    }, count, { timeout: 10_000 });
  await check('screenshots: answer-*.png', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width: 900, height: 760 }, deviceScaleFactor: 1, colorScheme });
      const suffix = colorScheme === 'dark' ? '-dark' : '';
      const story = `${base}iframe.html?id=${ANSWER_STORY}&viewMode=story${colorScheme === 'dark' ? '&globals=backgrounds.value:dark' : ''}`;
      try {
        let { page } = await openPage(context, story);
        await page.locator('textarea').waitFor({ timeout: 10_000 });
        await page.waitForTimeout(300);
        if (colorScheme === 'light') await shot(page, 'story-idle');
        await askQuestion(page, 'What are Server-Sent Events?');
        await tokens(page, 30);
        await shot(page, `story-streaming${suffix}`);
        await page.waitForSelector('li[data-status="done"]', { timeout: 20_000 });
        await page.waitForTimeout(300);
        await shot(page, `story-done${suffix}`);
        await page.close();

        // The server drops this answer mid-stream on purpose.
        ({ page } = await openPage(context, story, { faults: ['drop'] }));
        await page.locator('textarea').waitFor({ timeout: 10_000 });
        await page.locator('input[data-action="drop"]').check();
        await askQuestion(page, 'How does an answer resume after a dropped connection?');
        await page.waitForSelector('li[data-resumed-after]', { timeout: 10_000 });
        await tokens(page, 30);
        await shot(page, `story-resumed${suffix}`);
        await page.waitForSelector('li[data-status="done"]', { timeout: 20_000 });
        await page.close();

        if (colorScheme === 'light') {
          ({ page } = await openPage(context, `${base}examples/streaming-answer/`, { faults: ['drop'] }));
          await page.locator('textarea').waitFor({ timeout: 10_000 });
          await page.locator('input[data-action="drop"]').check();
          await page.locator('button[data-action="send"]').click();
          await page.waitForSelector('li[data-status="done"]', { timeout: 25_000 });
          await page.waitForTimeout(300);
          await shot(page, 'example');
          await page.close();
        }
      } finally {
        await context.close();
      }
    }
  });
}

async function main() {
  const needed = [
    ['storybook-static/index.json', 'npm run build-storybook'],
    ['dist/sse-feed.bundle.js', 'npm run build'],
    ['examples/react/dist/index.html', 'npm run build-examples'],
    ['examples/vue/dist/index.html', 'npm run build-examples'],
  ];
  const missing = needed.filter(([path]) => !existsSync(new URL(`../${path}`, import.meta.url)));
  for (const [path, command] of missing) console.log(`e2e: ${path} is missing: run \`${command}\``);
  if (missing.length > 0) {
    results.failed += missing.length;
    return;
  }

  // The catalog at the root, the repository behind it (examples/, dist/): one origin, like a real deployment.
  const server = await startDemoServer({ port: 0, roots: [`${root}storybook-static`, root] });
  const browser = await chromium.launch(playwrightLaunchOptions());
  console.log(`e2e: serving ${server.url}`);
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    await catalogLanding(context, server.url);
    await liveStoryChecks(context, server.url);
    await stateStories(context, server.url);
    await staticBuildNotice(context);
    await everyStory(context, server.url);
    await docsPages(context, server.url);
    await recipeStories(context, server.url);
    await streamingAnswer(context, server.url);
    await examples(context, server.url);
    await liveDemoLayout(browser, server.url);
    if (screenshots) await takeScreenshots(context, server.url);
    if (screenshots) await newcomerScreenshots(browser, server.url);
    if (screenshots) await answerScreenshots(browser, server.url);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

const started = Date.now();
try {
  await main();
} catch (error) {
  results.failed += 1;
  console.log(`e2e: crashed: ${error?.stack ?? error}`);
}
console.log(`e2e: finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const expected = Object.entries(consoleTally.expected).map(([fault, count]) => `${count} × ${fault} (${FAULT_MESSAGES[fault].cause})`);
console.log(
  `e2e: console: ${consoleTally.warnings} warnings, ${consoleTally.errors} errors and ${consoleTally.uncaught} uncaught exceptions ` +
    `beyond the injected faults' own${expected.length ? `; the injected faults logged ${expected.join(', ')}` : ''}`,
);
for (const line of consoleTally.unexpected) console.log(`e2e: unexpected on ${line}`);
// Every page counts, those of the screenshots too: a console warning or error anywhere fails the run.
if (consoleTally.unexpected.length > 0) {
  results.failed += 1;
  console.log(`e2e: FAIL ${consoleTally.unexpected.length} console warnings, errors or uncaught exceptions beyond the injected faults' own`);
}
console.log(`e2e: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed > 0 ? 1 : 0);
