// The live demo story, driven as a visitor would, one page through a run of faults: a drop, a 503 burst,
// malformed lines, a 401 and its retry button, the browser going offline, a server that forgets.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, inject, LIVE_STORY, storyUrl, test, waitForMessages, watchConsole } from './fixtures.js';

type Recorded = { states: (string | null)[]; events: { state: string; kind: string | null; status: number | null }[] };

declare global {
  interface Window {
    __e2e: Recorded & { toastOpened?: boolean; gapHidden?: string };
  }
}

/** Starts recording the indicator's `state` attribute and the feed's `sse-state` events. */
async function recordStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const indicator = document.querySelector('connection-indicator')!;
    const record: Window['__e2e'] = { states: [indicator.getAttribute('state')], events: [] };
    window.__e2e = record;
    new MutationObserver(() => record.states.push(indicator.getAttribute('state'))).observe(indicator, {
      attributes: true,
      attributeFilter: ['state'],
    });
    document.querySelector('sse-feed')!.addEventListener('sse-state', (event) =>
      record.events.push({ state: event.detail.state, kind: event.detail.error?.kind ?? null, status: event.detail.error?.status ?? null }),
    );
  });
}

/** Forgets what was recorded so far, so the next wait only sees what follows. */
async function mark(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__e2e.states = [document.querySelector('connection-indicator')!.getAttribute('state')];
    window.__e2e.events = [];
  });
}

/** Waits until the indicator's recorded states contain `sequence` in order and it shows the last one now. */
async function waitForStates(page: Page, sequence: string[], timeout: number): Promise<void> {
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

test.describe('live story', () => {
  // One page through every step: each starts from the state the previous one left.
  test.describe.configure({ mode: 'serial' });
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  test.beforeAll(async ({ browser, baseURL }) => {
    context = await browser.newContext({ baseURL, viewport: { width: 1200, height: 800 } });
    problems = watchConsole(context, [503, 401, 'drop', 'offline']);
    page = await context.newPage();
    await page.goto(storyUrl(LIVE_STORY));
  });

  test.afterAll(async () => {
    await context.close();
  });

  test('connects and shows each price in the table, in words', async () => {
    await page.waitForSelector('connection-indicator[state="connected"]', { timeout: 10_000 });
    await waitForMessages(page, 2);
    const rows = await page.evaluate(() =>
      [...document.querySelector('demo-message-log')!.shadowRoot!.querySelectorAll('tr[data-kind="message"]')].map((row) =>
        [...(row as HTMLTableRowElement).cells].map((cell) => cell.textContent!.trim()),
      ),
    );
    expect(rows.length, 'messages in the table').toBeGreaterThanOrEqual(2);
    const [, kind, id, details] = rows[0];
    expect(kind === 'message' && /^\d+$/.test(id) && /^SSE \d+\.\d\d$/.test(details), `the newest row reads: ${rows[0].join(' | ')}`).toBe(true);
    await recordStates(page);
  });

  test('"Drop connection" → retrying → connected', async () => {
    await mark(page);
    await inject(page, 'drop');
    await waitForStates(page, ['retrying', 'connected'], 10_000);
    const kinds = await page.evaluate(() => window.__e2e.events.map((event) => event.kind));
    expect(kinds, 'error kinds in sse-state').toContain('network');
  });

  test('"503 for 2 s" → retrying (http 503), toast opens, → connected', async () => {
    await mark(page);
    await page.evaluate(() => {
      window.__e2e.toastOpened = false;
      document.addEventListener('toast-show', () => (window.__e2e.toastOpened = true));
    });
    // After the previous step's reconnect the attempt count stays at 1 until a message proves the connection
    // stable; a drop before that is attempt 2, whose wait (1.4-2 s) can outlast a 2 s burst of 503s.
    await page.waitForFunction(() => document.querySelector('sse-feed')?.status.attempt === 0, null, { timeout: 10_000 });
    await inject(page, '5xx', 2);
    await waitForStates(page, ['retrying', 'connected'], 20_000);
    const record = await page.evaluate(() => window.__e2e);
    expect(record.events.some((event) => event.status === 503), `no http 503 in sse-state: ${JSON.stringify(record.events)}`).toBe(true);
    expect(record.toastOpened, `the toast never opened during the 503 burst: ${JSON.stringify(record.events)}`).toBe(true);
    // The toast updates in place from "retrying" to "reconnected" (no second toast-show): read its text.
    await page.waitForFunction(
      () => /reconnected/i.test(document.querySelector('status-toast')!.shadowRoot!.querySelector('[part="message"]')?.textContent ?? ''),
      null,
      { timeout: 3000 },
    );
  });

  test('malformed lines keep the stream up and markup stays text', async () => {
    await mark(page);
    const before = await page.evaluate(() => document.querySelector('sse-feed')!.status.messages);
    await inject(page, 'malformed');
    await waitForMessages(page, before + 3, 8000);
    const outcome = await page.evaluate(() => {
      const log = document.querySelector('demo-message-log')!.shadowRoot!;
      return {
        state: document.querySelector('sse-feed')!.getAttribute('state'),
        text: log.textContent ?? '',
        images: log.querySelectorAll('img, b').length + document.querySelectorAll('img').length,
      };
    });
    expect(outcome.state, 'state after malformed lines').toBe('connected');
    expect(outcome.text, 'the markup message, as text').toContain('<img src=x onerror=alert(1)>');
    expect(outcome.text, 'a parse error logged for the invalid JSON').toContain('parse');
    expect(outcome.images, 'server markup that became elements').toBe(0);
  });

  test('"Answer 401" → failed with a retry button that reconnects', async () => {
    await mark(page);
    await inject(page, '401');
    await waitForStates(page, ['failed'], 10_000);
    const status = await page.evaluate(() => document.querySelector('sse-feed')!.status.error?.status);
    expect(status, 'the failure status').toBe(401);
    const action = page.locator('status-toast [part="action"]');
    await action.waitFor({ state: 'visible', timeout: 3000 });
    await action.click();
    await waitForStates(page, ['failed', 'connected'], 10_000);
  });

  test('the browser going offline → retrying (offline) → connected when back', async () => {
    await mark(page);
    await context.setOffline(true);
    try {
      await page.waitForFunction(() => window.__e2e.events.some((event) => event.kind === 'offline'), null, { timeout: 5000 });
    } finally {
      await context.setOffline(false);
    }
    await waitForStates(page, ['retrying', 'connected'], 10_000);
  });

  test('"The server forgets" → sse-gap, the page re-fetches its state, the toast says updates were missed', async () => {
    await mark(page);
    await page.evaluate(() => {
      window.__e2e.toastOpened = false;
      document.addEventListener('toast-show', (event) => (event as CustomEvent<{ kind: string }>).detail.kind === 'gap' && (window.__e2e.toastOpened = true));
      document.addEventListener('toast-hide', (event) => {
        const { kind, reason } = (event as CustomEvent<{ kind: string; reason: string }>).detail;
        if (kind === 'gap') window.__e2e.gapHidden = reason;
      });
    });
    await inject(page, 'forget');
    // The reconnect is routine: the indicator's grace may hide it, so the feed's own events are read.
    await page.waitForFunction(() => window.__e2e.events.some((event) => event.state === 'retrying'), null, { timeout: 10_000 });
    const log = page.locator('demo-message-log');
    await expect(log, 'the gap in the log').toContainText('updates were missed: asked to resume after id', { timeout: 10_000 });
    await expect(log, "the page's own re-fetch on sse-gap").toContainText('re-fetched /demo/live/state after sse-gap', { timeout: 5000 });
    const message = page.locator('status-toast [part="message"]');
    await expect(message, 'the notice').toHaveText('Some updates were missed', { timeout: 5000 });
    expect(await page.evaluate(() => window.__e2e.toastOpened), 'toast-show with kind gap').toBe(true);
    await page.locator('status-toast [part="action"]').click(); // Refresh: the page answers, no reload
    await expect(log, 'the re-fetch on Refresh').toContainText('re-fetched /demo/live/state on Refresh', { timeout: 5000 });
    // The notice closes: toast-hide for the gap, reason action.
    await page.waitForFunction(() => window.__e2e.gapHidden === 'action', null, { timeout: 3000 });
  });

  test("no console warning or error beyond the injected faults' own", async () => {
    expect(problems).toEqual([]);
  });
});
