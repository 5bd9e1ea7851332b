// Test-side handles on the test server's extra routes: the chat-completion stream and the Mercure-style hub.

import type { RecordedRequest } from './helpers.js';

/** One step of a `/sse/chat/completions` script; see test/sse-server.mjs. */
export interface ChatStep {
  tokens?: string[];
  pace?: number;
  cutAfter?: number;
  done?: false;
  end?: 'close' | 'hold';
  afterDone?: string;
  status?: number;
  cors?: '*' | 'credentials';
}

/** What the server recorded for one test key. */
export interface SessionLog {
  requests: RecordedRequest[];
  open: number;
  preflights: number;
}

let counter = 0;
const freshKey = (prefix: string): string =>
  `${prefix}${Date.now().toString(36)}-${(counter += 1)}-${Math.random().toString(36).slice(2, 8)}`;

/** The body a chat client sends: `{ messages: [{ role: 'user', content }], stream: true }`. */
export function chatBody(content: string): string {
  return JSON.stringify({ model: 'test', messages: [{ role: 'user', content }], stream: true });
}

/**
 * A fresh test key for the chat-completion route: `url` to POST to (the n-th request follows step n, the last
 * step after that) and `log()` with every request it got and how many of its streams are open.
 */
export function chatSession(...steps: ChatStep[]): { id: string; url: string; log(): Promise<SessionLog> } {
  const id = freshKey('chat');
  const script = encodeURIComponent(JSON.stringify(steps.length > 0 ? steps : [{}]));
  return {
    id,
    url: `/sse/chat/completions?session=${id}&script=${script}`,
    async log() {
      const response = await fetch(`/sse/log?session=${id}`, { cache: 'no-store' });
      return response.json() as Promise<SessionLog>;
    },
  };
}

/** An event the hub holds. */
export interface HubEvent {
  id: string;
  data: string;
  type?: string;
}

/** A subscription as the hub recorded it. */
export interface HubSubscription {
  requested: string | null;
  resumedFrom: string | null;
  sent: string[];
  open: boolean;
  time: number;
}

/** What the hub of one test key holds and saw. */
export interface HubState {
  lastEventID: string;
  historySize: number;
  history: HubEvent[];
  subscriptions: HubSubscription[];
  open: number;
  down: boolean;
}

/**
 * A fresh Mercure-style hub for one test (test/mercure-hub.mjs), keeping at most `historySize` events:
 * `url` to subscribe to; `publish()` sends an event to every open subscription and into the history;
 * `trim()` keeps only the newest `keep` events; `drop()` breaks every open subscription; `setDown(true)` answers
 * every subscription 503 until `setDown(false)`; `state()` (`stateUrl`) is also the page's re-fetch target.
 */
export function hubSession(historySize = 100): {
  id: string;
  url: string;
  stateUrl: string;
  publish(data: string | Record<string, unknown>, options?: { id?: string; type?: string }): Promise<HubEvent>;
  trim(keep: number): Promise<HubState>;
  drop(mode?: 'reset' | 'end'): Promise<HubState>;
  setDown(down: boolean): Promise<HubState>;
  state(): Promise<HubState>;
} {
  const id = freshKey('hub');
  const base = `/sse/hub/${id}`;
  const sized = `?history=${historySize}`;
  const post = async (path: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${base}/${path}${sized}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`hub ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    id,
    url: `${base}${sized}`,
    stateUrl: `${base}/state${sized}`,
    publish: (data, options = {}) =>
      post('publish', { data: typeof data === 'string' ? data : JSON.stringify(data), ...options }) as Promise<HubEvent>,
    trim: (keep) => post('trim', { keep }) as Promise<HubState>,
    drop: (mode = 'reset') => post('drop', { mode }) as Promise<HubState>,
    setDown: (down) => post('down', { down }) as Promise<HubState>,
    async state() {
      const response = await fetch(`${base}/state${sized}`, { cache: 'no-store' });
      return response.json() as Promise<HubState>;
    },
  };
}

/** Reads a `text/event-stream` response until `until` says stop (or the body ends); returns the events. */
export async function readEvents(
  response: Response,
  until: (events: Array<{ data: string; id?: string; event?: string }>) => boolean,
  timeout = 5_000,
): Promise<Array<{ data: string; id?: string; event?: string }>> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Array<{ data: string; id?: string; event?: string }> = [];
  let buffer = '';
  const deadline = Date.now() + timeout;
  try {
    while (!until(events)) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${events.length} events`)), Math.max(0, deadline - Date.now()));
      });
      const { value, done } = await Promise.race([reader.read(), expired]).finally(() => clearTimeout(timer));
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: { data: string; id?: string; event?: string } = { data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':') || line === '') continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') data.push(value);
          else if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
        }
        if (data.length === 0) continue;
        event.data = data.join('\n');
        events.push(event);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return events;
}
