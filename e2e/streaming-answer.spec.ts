// The streamed answer (stories/streaming-answer.stories.ts, examples/streaming-answer/), in the catalog's story and
// on the example page: a prompt streams a whole answer through one POST and the feed ends `closed`; a connection
// dropped mid-answer resumes through `GET /demo/answers/<id>` with Last-Event-ID and the text equals the server's,
// every token once; Stop closes the stream and the server sees it closed.
import type { Page } from '@playwright/test';
import type { FeedStatus } from '../components/core/types.js';
import { ANSWER_STORY, expect, storyUrl, test } from './fixtures.js';

declare global {
  interface Window {
    __answerStates: string[];
    __xss?: number;
  }
}

/** The chat box in the catalog's first story and in examples/streaming-answer: the same markup hooks in both. */
const ANSWER_PAGES: [string, string][] = [
  ['story', storyUrl(ANSWER_STORY)],
  ['example page', 'examples/streaming-answer/'],
];

type AnswerRequest = { method: string; outcome: string; sent: number; after: number };
type AnswersLog = { posts: number; resumes: number; answers: { text: string; tokens: number; requests: AnswerRequest[] }[] };

/** The demo server's record of the streamed answers (stories/demo-answers.mjs). */
async function answersLog(base: string, id?: string): Promise<AnswersLog> {
  const response = await fetch(`${base}demo/answers-log${id ? `?id=${encodeURIComponent(id)}` : ''}`);
  return (await response.json()) as AnswersLog;
}

/** Types `prompt` into the chat box and sends it; resolves once the page shows the new turn. */
async function askQuestion(page: Page, prompt: string): Promise<void> {
  const turns = page.locator('li[data-status]');
  const count = await turns.count();
  await page.locator('textarea').fill(prompt);
  await page.locator('button[data-action="send"]').click();
  await turns.nth(count).waitFor({ state: 'attached', timeout: 5000 });
}

/** The last turn as the page shows it: status, answer text (exactly as rendered), the feed's status. */
async function lastTurn(page: Page) {
  const item = page.locator('li[data-status]').last();
  const feed: FeedStatus = await page.locator('sse-feed').evaluate((element) => (element as HTMLElementTagNameMap['sse-feed']).status);
  return {
    status: await item.getAttribute('data-status'),
    text: await item.locator('[data-answer]').evaluate((element) => element.textContent ?? ''),
    resumedAfter: await item.getAttribute('data-resumed-after'),
    feed,
    answerId: (feed.lastEventId ?? '').split(':')[0],
  };
}

/** Records the feed's `sse-state` events (state and error kind) from now on, in `window.__answerStates`. */
async function recordAnswerStates(page: Page): Promise<void> {
  await page.locator('sse-feed').evaluate((feed) => {
    window.__answerStates = [];
    // One entry per state (an attempt count reset also dispatches sse-state, in the same state).
    feed.addEventListener('sse-state', (event) => {
      const { detail } = event as HTMLElementEventMap['sse-state'];
      const entry = `${detail.state}${detail.error ? `(${detail.error.kind})` : ''}`;
      if (window.__answerStates.at(-1) !== entry) window.__answerStates.push(entry);
    });
  });
}

for (const [name, url] of ANSWER_PAGES) {
  test(`streaming answer (${name}): a prompt streams the whole answer with one POST, then the feed is closed`, async ({ page, baseURL }) => {
    const base = baseURL!;
    await page.goto(url);
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
    expect(answer, `the server's answer ${turn.answerId}`).toBeTruthy();
    expect(log.posts - before.posts, 'POSTs for one question').toBe(1);
    expect(log.resumes, 'resumes without a drop').toBe(before.resumes);
    expect(answer.requests.map((request) => request.outcome), `requests: ${JSON.stringify(answer.requests)}`).toEqual(['done']);
    expect(turn.text, 'the text the page shows, against the server\'s').toBe(answer.text);
    expect(turn.feed.state === 'closed' && turn.feed.error === null, `the feed: ${JSON.stringify(turn.feed)}`).toBe(true);
    expect((await page.evaluate(() => window.__answerStates)).join(' '), 'states').toBe('connecting connected closed');
    expect(await page.locator('li[data-status] .question').last().textContent(), 'the prompt, as text').toContain('<img src=x onerror="window.__xss=1">');
    const images = await page.evaluate(
      () => document.querySelectorAll('img').length + (document.querySelector('answer-demo')?.shadowRoot?.querySelectorAll('img').length ?? 0),
    );
    expect(images === 0 && !(await page.evaluate(() => window.__xss)), 'the prompt became markup').toBe(true);
    // Finished means finished: nothing is posted again.
    await page.waitForTimeout(1500);
    const after = await answersLog(base);
    expect(after.posts === log.posts && after.resumes === log.resumes, 'a request followed the finished answer').toBe(true);
  });

  test.describe(() => {
    // The server cuts the answer's stream mid-answer on purpose.
    test.use({ faults: ['drop'] });
    test(`streaming answer (${name}): dropped mid-answer, it resumes with GET /demo/answers/<id> + Last-Event-ID, every token once`, async ({
      page,
      baseURL,
    }) => {
      const base = baseURL!;
      const requests: { method: string; path: string; lastEventId: string }[] = [];
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (/\/demo\/answers?(\/|$|\?)/.test(`${path}/`)) {
          requests.push({ method: request.method(), path, lastEventId: request.headers()['last-event-id'] ?? '' });
        }
      });
      await page.goto(url);
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
      expect(answer, `the server's answer ${turn.answerId}`).toBeTruthy();
      const [post, resume, ...more] = answer.requests;
      expect(more.length === 0 && post?.method === 'POST' && post.outcome === 'dropped', `requests: ${JSON.stringify(answer.requests)}`).toBe(true);
      expect(resume?.method === 'GET' && resume.outcome === 'done', `no finished GET resume: ${JSON.stringify(answer.requests)}`).toBe(true);
      // The page may lose the last chunks before a drop (the browser discards what it had not read): the resume
      // starts after the last token the page did receive, never after more than the server sent.
      expect(resume.after >= 1 && resume.after <= post.sent, `resumed after ${resume.after}, the POST sent ${post.sent}`).toBe(true);
      expect([log.posts - before.posts, log.resumes - before.resumes], 'POSTs and resumes').toEqual([1, 1]);
      const get = requests.find((request) => request.method === 'GET');
      expect(get, `the browser's requests: ${JSON.stringify(requests)}`).toEqual({
        method: 'GET',
        path: `/demo/answers/${turn.answerId}`,
        lastEventId: `${turn.answerId}:${resume.after}`,
      });
      expect(turn.text, 'the text against the server\'s (a token lost or repeated)').toBe(answer.text);
      expect(turn.resumedAfter, 'where the page says it resumed').toBe(String(resume.after));
      expect((await page.evaluate(() => window.__answerStates)).join(' '), 'states').toMatch(
        /^connecting connected retrying\(network\) connecting connected closed$/,
      );
    });
  });

  test(`streaming answer (${name}): Stop closes the stream mid-answer and the server sees it closed`, async ({ page, baseURL }) => {
    const base = baseURL!;
    await page.goto(url);
    await page.locator('textarea').waitFor({ timeout: 10_000 });
    const before = await answersLog(base);
    await askQuestion(page, 'Why stream answers with SSE and not WebSockets?');
    await page.waitForFunction(
      () => {
        const feed = document.querySelector('sse-feed') ?? document.querySelector('answer-demo')?.shadowRoot?.querySelector('sse-feed');
        return (feed?.status.messages ?? 0) >= 10;
      },
      null,
      { timeout: 10_000 },
    );
    await page.locator('button[data-action="stop"]').click();
    await page.waitForSelector('li[data-status="stopped"]', { timeout: 3000 });
    const turn = await lastTurn(page);
    expect(turn.feed.state, 'the feed after Stop').toBe('closed');
    let answer: AnswersLog['answers'][number] | undefined;
    for (let tries = 0; tries < 30; tries += 1) {
      [answer] = (await answersLog(base, turn.answerId)).answers;
      if (answer?.requests[0]?.outcome !== 'streaming') break;
      await page.waitForTimeout(100);
    }
    expect(answer?.requests.map((request) => request.outcome), `the server's record: ${JSON.stringify(answer?.requests)}`).toEqual(['client-closed']);
    expect(answer!.requests[0].sent, 'tokens sent before Stop, of the whole answer').toBeLessThan(answer!.tokens);
    await page.waitForTimeout(1000);
    const later = await lastTurn(page);
    const after = await answersLog(base);
    expect(later.text, 'the text after Stop').toBe(turn.text);
    expect([after.posts - before.posts, after.resumes - before.resumes], 'POSTs and resumes after Stop').toEqual([1, 0]);
    expect(turn.text.length > 0 && answer!.text.startsWith(turn.text), "the partial answer is the start of the server's text").toBe(true);
  });
}
