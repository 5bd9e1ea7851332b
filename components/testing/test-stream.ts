// The test kit's scripted server: a `fetch` for a feed whose every attempt the test answers, with no network.

/** One attempt a feed made through a test stream: what it asked for, as a server would see it. */
export interface TestRequest {
  /** The URL the feed asked for, query included (a `last-event-id-param` shows here). */
  readonly url: string;
  /** The HTTP method: `GET` unless the feed's `method` says otherwise. */
  readonly method: string;
  /**
   * The request headers. Names are in lower case, as `Headers` gives them, and reading one ignores case:
   * `headers['Last-Event-ID']` and `headers['last-event-id']` are the same value.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body as text, `null` when there is none. */
  readonly body: string | null;
  /** The `Last-Event-ID` header the attempt carried, `null` when it carried none (a first attempt). */
  readonly lastEventId: string | null;
  /** True once the feed aborted this attempt: it closed, reconnected, or left the document. */
  readonly aborted: boolean;
}

/** The fields of one event sent by `send()`; `data` may hold line breaks (each line becomes a `data:` line). */
export interface TestEvent {
  /** The event's data. */
  data: string;
  /** The `event:` field: the message's `type` (`message` when left out). */
  event?: string;
  /** The `id:` field: the feed's `lastEventId` from then on, sent back as `Last-Event-ID` on resume. */
  id?: string;
  /** The `retry:` field, in ms: the server's reconnection time. */
  retry?: number;
}

/** A scripted server: assign its `fetch` to a feed and answer each of the feed's attempts from the test. */
export interface TestStream {
  /** The function to give the feed (`feed.fetch = stream.fetch`); every call is one attempt the test answers. */
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Every attempt so far, oldest first, including those already answered or aborted. */
  readonly requests: ReadonlyArray<TestRequest>;
  /**
   * How many attempts the feed holds now: waiting for an answer, or answered with a response still open.
   * `0` once the feed has closed or left the document: nothing leaks.
   */
  readonly connections: number;
  /**
   * The next attempt not yet returned by `nextRequest()`, at once if the feed made it already. With
   * `timeout` (ms), rejects with an error that says so when no attempt comes in time.
   */
  nextRequest(options?: { timeout?: number }): Promise<TestRequest>;
  /** Answers the waiting attempt with 200 `text/event-stream` and keeps the response open; `headers` are added. */
  open(headers?: Record<string, string>): void;
  /**
   * Answers the waiting attempt with `status` (200 to 599), `headers` and a `body` sent whole, then ended:
   * `respond(503, { headers: { 'Retry-After': '2' } })`, `respond(204)`, `respond(401)`.
   */
  respond(status: number, init?: { headers?: Record<string, string>; body?: string }): void;
  /** Makes the waiting attempt reject with a `TypeError`, as `fetch()` does when the network fails. */
  fail(): void;
  /** Sends one event on the open response: a string is its data, an object names its fields. */
  send(event: string | TestEvent): void;
  /** Sends a comment line (`: text`) on the open response: bytes that keep it alive, dispatch nothing. */
  comment(text?: string): void;
  /** Sends raw text on the open response as it is, for what `send()` will not write (split lines, a BOM, bad fields). */
  write(text: string): void;
  /**
   * Resolves once the feed has handled everything written on the last response so far (its messages are
   * dispatched, an `end()` or `drop()` has changed its state), so a test can assert right after, with no polling.
   */
  flush(): Promise<void>;
  /** Ends the open response cleanly, as a server that finishes the stream. */
  end(): void;
  /** Breaks the open response, as a network error in the middle of a stream. */
  drop(): void;
}

type Phase = 'waiting' | 'open' | 'answered' | 'failed' | 'ended' | 'dropped' | 'aborted';

/** One call of the kit's `fetch` and how it stands. */
interface Attempt {
  readonly request: TestRequest;
  phase: Phase;
  resolve(response: Response): void;
  reject(error: unknown): void;
  /** What the test wrote on the open response and the feed has not read yet, in order; then how it ends. */
  readonly queue: Array<Uint8Array | 'end' | 'drop'>;
  /** Wakes the response's reader, waiting for the test to write. */
  wake: (() => void) | null;
  /** True while the feed waits for more of the body, having handled all it was given. */
  reading: boolean;
  /** True once the body has ended, broken or been aborted: the feed reads no more of it. */
  done: boolean;
  /** `flush()` calls waiting for the feed to catch up. */
  readonly flushes: Array<() => void>;
  body: ReadableStreamDefaultController<Uint8Array> | null;
  stopWatching(): void;
}

const EVENT_STREAM = 'text/event-stream';
// Statuses a Response cannot carry a body for.
const NULL_BODY = new Set([204, 205, 304]);

/** A header record whose reads ignore case, over lower-case names. */
function headerRecord(init: HeadersInit | undefined): Readonly<Record<string, string>> {
  const record = Object.freeze(Object.fromEntries(new Headers(init)));
  return new Proxy(record, {
    get: (target, name) => Reflect.get(target, typeof name === 'string' ? name.toLowerCase() : name),
    has: (target, name) => Reflect.has(target, typeof name === 'string' ? name.toLowerCase() : name),
  });
}

/**
 * A body as text: at once for text and query strings (so the attempt is recorded within the feed's own call),
 * by reading it for anything else (FormData, Blob, bytes).
 */
function bodyText(body: BodyInit | null | undefined): string | null | Promise<string> {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  return new Response(body).text();
}

const abortError = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The feed aborted this attempt.', 'AbortError');

/**
 * Runs `callback` in a later task, after every pending promise callback. A message channel, not a timer: a test's
 * fake clock (`vi.useFakeTimers()`, `sinon.useFakeTimers()`) leaves it alone, so `flush()` never waits for the test
 * to move time.
 */
function afterTask(callback: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    callback();
  };
  channel.port2.postMessage(null);
}

/** Checks a field of `send()` that must stay on one line, or it would write other fields. */
function oneLine(field: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new TypeError(`send(): the ${field} field cannot hold a line break (${JSON.stringify(value)})`);
  return value;
}

/** The event-stream text of one event. */
function eventText(event: string | TestEvent): string {
  const fields = typeof event === 'string' ? { data: event } : event;
  if (typeof fields?.data !== 'string') throw new TypeError('send(): an event needs its data as a string: send("text") or send({ data: "text" })');
  const lines: string[] = [];
  if (fields.event !== undefined) lines.push(`event: ${oneLine('event', fields.event)}`);
  if (fields.id !== undefined) lines.push(`id: ${oneLine('id', fields.id)}`);
  if (fields.retry !== undefined) {
    if (!Number.isInteger(fields.retry) || fields.retry < 0) throw new TypeError(`send(): retry must be a whole number of ms, not ${fields.retry}`);
    lines.push(`retry: ${fields.retry}`);
  }
  for (const line of fields.data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join('\n')}\n\n`;
}

class ScriptedStream implements TestStream {
  readonly #attempts: Attempt[] = [];
  readonly #requests: TestRequest[] = [];
  readonly #readers: Array<(request: TestRequest) => void> = [];
  readonly #encoder = new TextEncoder();
  #returned = 0;
  /** The response opened last, open or not: what `flush()` waits on. */
  #response: Attempt | null = null;
  /** How the last response left the open state, for the error that says none is open. */
  #lastClose = 'no response was opened yet (call open() first)';

  get requests(): ReadonlyArray<TestRequest> {
    return this.#requests;
  }

  get connections(): number {
    return this.#attempts.filter((attempt) => attempt.phase === 'waiting' || attempt.phase === 'open').length;
  }

  readonly fetch = (url: string, init: RequestInit = {}): Promise<Response> => {
    try {
      const body = bodyText(init.body);
      if (body instanceof Promise) return body.then((text) => this.#attempt(url, { ...init, body: text }));
      return this.#attempt(url, init);
    } catch (error) {
      // As fetch() does with a request it cannot make (a header value that is not a byte string): it rejects.
      return Promise.reject(error);
    }
  };

  #attempt(url: string, init: RequestInit): Promise<Response> {
    const signal = init.signal ?? null;
    // As fetch() does: an attempt aborted before it starts never reaches the server.
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const headers = headerRecord(init.headers);
    const body = init.body === undefined || init.body === null ? null : String(init.body);
    return new Promise<Response>((resolve, reject) => {
      const attempt: Attempt = {
        request: {
          url: String(url),
          method: (init.method ?? 'GET').toUpperCase(),
          headers,
          body,
          lastEventId: headers['last-event-id'] ?? null,
          get aborted() {
            return attempt.phase === 'aborted';
          },
        },
        phase: 'waiting',
        resolve,
        reject,
        queue: [],
        wake: null,
        reading: false,
        done: false,
        flushes: [],
        body: null,
        stopWatching: () => undefined,
      };
      if (signal) {
        // The feed's abort ends the attempt as it ends a real one: a waiting attempt rejects, an open body
        // errors, so the feed's reader and timers are released and nothing stays open.
        const onAbort = (): void => this.#abort(attempt, abortError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        attempt.stopWatching = () => signal.removeEventListener('abort', onAbort);
      }
      this.#attempts.push(attempt);
      this.#requests.push(attempt.request);
      const reader = this.#readers.shift();
      if (reader) {
        this.#returned += 1;
        reader(attempt.request);
      }
    });
  }

  nextRequest({ timeout }: { timeout?: number } = {}): Promise<TestRequest> {
    if (this.#returned < this.#requests.length) return Promise.resolve(this.#requests[this.#returned++]);
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const reader = (request: TestRequest): void => {
        clearTimeout(timer);
        resolve(request);
      };
      this.#readers.push(reader);
      if (timeout !== undefined) {
        timer = setTimeout(() => {
          this.#readers.splice(this.#readers.indexOf(reader), 1);
          reject(new Error(`nextRequest(): the feed made no request within ${timeout} ms (${this.#requests.length} so far)`));
        }, timeout);
      }
    });
  }

  open(headers: Record<string, string> = {}): void {
    const attempt = this.#waiting('open');
    const responseHeaders = new Headers({ 'Content-Type': EVENT_STREAM, 'Cache-Control': 'no-cache' });
    for (const [name, value] of Object.entries(headers)) responseHeaders.set(name, value);
    // The body hands out what the test wrote one piece at a time, as the feed reads: a drop() right after a
    // send() still delivers the event first, as bytes already on the wire would be (an erroring stream
    // would throw away what it holds).
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          attempt.body = controller;
        },
        // Called when the feed wants more: it has handled every piece before (it reads the next one only then).
        pull: async (controller) => {
          while (attempt.queue.length === 0 && !attempt.done) {
            attempt.reading = true;
            this.#caughtUp(attempt);
            await new Promise<void>((resolve) => (attempt.wake = resolve));
          }
          attempt.reading = false;
          if (attempt.done) return;
          const next = attempt.queue.shift();
          if (next === 'end' || next === 'drop') {
            attempt.done = true;
            if (next === 'end') controller.close();
            else controller.error(new TypeError('network error (the test stream dropped the connection)'));
            this.#caughtUp(attempt);
          } else if (next) controller.enqueue(next);
        },
        // The feed stopped reading (it cancelled the body): the response is no longer open.
        cancel: () => this.#settle(attempt, 'aborted', 'the feed cancelled the last response'),
      },
      { highWaterMark: 0 },
    );
    attempt.phase = 'open';
    this.#response = attempt;
    attempt.resolve(new Response(body, { status: 200, headers: responseHeaders }));
  }

  respond(status: number, { headers, body }: { headers?: Record<string, string>; body?: string } = {}): void {
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`respond(${status}): a status from 200 to 599 (for a network error, call fail())`);
    }
    if (body !== undefined && NULL_BODY.has(status)) throw new TypeError(`respond(${status}): a ${status} response has no body`);
    const attempt = this.#waiting(`respond(${status})`);
    this.#settle(attempt, 'answered');
    attempt.resolve(new Response(body ?? null, { status, headers }));
  }

  fail(): void {
    const attempt = this.#waiting('fail');
    this.#settle(attempt, 'failed');
    attempt.reject(new TypeError('Failed to fetch (the test stream failed this attempt)'));
  }

  send(event: string | TestEvent): void {
    this.#write('send', eventText(event));
  }

  comment(text = ''): void {
    this.#write('comment', `${text.split(/\r\n|\r|\n/).map((line) => `:${line === '' ? '' : ` ${line}`}`).join('\n')}\n`);
  }

  write(text: string): void {
    this.#write('write', text);
  }

  end(): void {
    const attempt = this.#open('end');
    this.#settle(attempt, 'ended', 'the last response was ended by end()');
    this.#push(attempt, 'end');
  }

  drop(): void {
    const attempt = this.#open('drop');
    this.#settle(attempt, 'dropped', 'the last response was broken by drop()');
    this.#push(attempt, 'drop');
  }

  flush(): Promise<void> {
    const attempt = this.#response;
    if (attempt === null || (attempt.reading && attempt.queue.length === 0)) return Promise.resolve();
    // An end or a drop handed over already may still be on its way through the feed's promise callbacks.
    if (attempt.done) return new Promise((resolve) => afterTask(resolve));
    return new Promise((resolve) => attempt.flushes.push(resolve));
  }

  /**
   * Resolves the `flush()` calls of an attempt the feed has caught up with. Data is handled once the feed
   * asks for more; an end, a drop or an abort may wait for messages still being delivered (promise callbacks),
   * so those resolve a task later.
   */
  #caughtUp(attempt: Attempt): void {
    const waiting = attempt.flushes.splice(0);
    if (waiting.length === 0) return;
    if (attempt.done) afterTask(() => waiting.forEach((resolve) => resolve()));
    else waiting.forEach((resolve) => resolve());
  }

  /** The oldest attempt still waiting for an answer, or an error that says there is none. */
  #waiting(method: string): Attempt {
    const attempt = this.#attempts.find((candidate) => candidate.phase === 'waiting');
    if (attempt) return attempt;
    const made = this.#requests.length;
    throw new Error(
      `${method}(): no request is waiting for an answer (${made} ${made === 1 ? 'request' : 'requests'} so far, ` +
        'each answered or aborted). Await stream.nextRequest() before answering it.',
    );
  }

  /** The response opened last that is still open, or an error that says there is none. */
  #open(method: string): Attempt {
    const attempt = this.#attempts.filter((candidate) => candidate.phase === 'open').at(-1);
    if (attempt) return attempt;
    throw new Error(`${method}(): no response is open: ${this.#lastClose}.`);
  }

  #write(method: string, text: string): void {
    this.#push(this.#open(method), this.#encoder.encode(text));
  }

  #push(attempt: Attempt, piece: Uint8Array | 'end' | 'drop'): void {
    attempt.queue.push(piece);
    attempt.wake?.();
    attempt.wake = null;
  }

  /** Ends an attempt's part in the stream: it no longer counts as a connection or as open. */
  #settle(attempt: Attempt, phase: Phase, reason?: string): void {
    if (attempt.phase !== 'waiting' && attempt.phase !== 'open') return;
    if (attempt.phase === 'open' && reason) this.#lastClose = reason;
    attempt.phase = phase;
    attempt.stopWatching();
    // Answered attempts are kept in `requests`; only the live ones are looked through.
    const index = this.#attempts.indexOf(attempt);
    if (index >= 0) this.#attempts.splice(index, 1);
  }

  #abort(attempt: Attempt, reason: unknown): void {
    const { phase } = attempt;
    this.#settle(attempt, 'aborted', 'the feed aborted the last response (it closed, reconnected or left the document)');
    if (phase === 'waiting') attempt.reject(reason);
    else if (phase === 'open') {
      // What the feed did not read is gone with the connection, as on a real abort.
      attempt.queue.length = 0;
      attempt.done = true;
      attempt.body?.error(reason);
      this.#caughtUp(attempt);
      attempt.wake?.();
      attempt.wake = null;
    }
  }
}

/**
 * A scripted server for a page's own tests and stories: `feed.fetch = stream.fetch`, then answer each
 * attempt the feed makes (`open`, `respond`, `fail`) and script the open response (`send`, `comment`,
 * `end`, `drop`). No network, no real server, and the feed reads a real `Response` with its own parser.
 */
export function createTestStream(): TestStream {
  return new ScriptedStream();
}
