// The price board's own tests: each one scripts the board's stream with the test kit, no server needed.
import { createTestStream, type TestStream } from 'sse-feed/testing';
import type { SseFeed } from 'sse-feed';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPriceBoard } from './price-board.js';

let stream: TestStream;
let feed: SseFeed;
const price = (): string | null | undefined => feed.querySelector('.price')?.textContent;
const stateOf = (selector: string): string | null | undefined => feed.querySelector(selector)?.getAttribute('state');

beforeEach(() => {
  stream = createTestStream();
  feed = renderPriceBoard(document.body, { fetch: stream.fetch });
});

afterEach(() => {
  feed.remove();
  vi.useRealTimers();
});

describe('price board', () => {
  it('asks for the prices and shows each new one', async () => {
    const request = await stream.nextRequest();
    expect(request.url).toMatch(/\/api\/prices$/);
    expect(request.headers.accept).toBe('text/event-stream');

    stream.open();
    stream.send({ event: 'price', data: JSON.stringify({ last: 101.5 }), id: '1' });
    await vi.waitFor(() => expect(price()).toBe('101.5'));
    stream.send({ event: 'price', data: JSON.stringify({ last: 99 }), id: '2' });
    // flush(): the feed has handled everything sent so far, so the page shows it now.
    await stream.flush();
    expect(price()).toBe('99');
    expect(stateOf('connection-indicator')).toBe('connected');
  });

  it('resumes after a dropped connection from the last price it saw', async () => {
    await stream.nextRequest();
    stream.open();
    stream.send({ event: 'price', data: '{"last":7}', id: 'p-7' });
    stream.drop();
    await vi.waitFor(() => expect(stateOf('connection-indicator')).toMatch(/retrying|connecting/));

    const resume = await stream.nextRequest();
    expect(resume.headers['Last-Event-ID']).toBe('p-7');
    stream.open();
    await vi.waitFor(() => expect(stateOf('connection-indicator')).toBe('connected'));
    expect(price()).toBe('7');
  });

  it('waits as long as the server asks (Retry-After), with the clock driven by the test', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await stream.nextRequest();
    stream.respond(503, { headers: { 'Retry-After': '120' } });
    await vi.waitFor(() => expect(feed.status.state).toBe('retrying'));
    expect(feed.status.retryDelay).toBeGreaterThanOrEqual(120_000);

    // Two minutes pass in no time: nothing before the server's wait is over, then the next attempt.
    await vi.advanceTimersByTimeAsync(119_000);
    expect(stream.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await stream.nextRequest();
    expect(stream.requests).toHaveLength(2);
  });

  it('tells the person when the prices cannot be had, and tries again when asked', async () => {
    await stream.nextRequest();
    stream.respond(401);
    const toast = feed.querySelector('status-toast')!;
    await vi.waitFor(() => expect(toast.hasAttribute('open')).toBe(true));
    expect(toast.getAttribute('state')).toBe('failed');
    const retry = toast.shadowRoot!.querySelector<HTMLButtonElement>('[part="action"]')!;
    retry.click();

    await stream.nextRequest();
    stream.open();
    await vi.waitFor(() => expect(stateOf('connection-indicator')).toBe('connected'));
  });

  it('leaves no connection open once the board is gone', async () => {
    const request = await stream.nextRequest();
    stream.open();
    feed.remove();
    await vi.waitFor(() => expect(request.aborted).toBe(true));
    expect(stream.connections).toBe(0);
  });
});
