// <answer-demo>: a small chat box whose answers stream token by token from the demo server, through one <sse-feed>.
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { FeedRequestInit } from '../../components/core/transport.js';
import type { FeedError, FeedMessage, FeedStatus } from '../../components/core/types.js';
import type { SseFeed } from '../../components/sse-feed/sse-feed.js';
import { visuallyHidden } from '../../components/shared/visually-hidden.js';
import { demoUrl } from './demo-server-probe.js';

/** What happened to one question's answer. */
type TurnStatus = 'streaming' | 'done' | 'stopped' | 'ended' | 'failed';

/** One resume of a dropped answer, as the feed's `fetch` made it. */
interface Resume {
  /** The last token the page had received: the answer goes on after it. */
  readonly after: number;
  readonly lastEventId: string;
  /** The resume request, e.g. `GET /demo/answers/a1b2c3`. */
  readonly request: string;
}

/** One question and its answer. Every string is rendered as text. */
interface Turn {
  readonly key: number;
  readonly prompt: string;
  /** The answer so far: the tokens joined in the order they arrived. */
  text: string;
  /** The answer's id on the server (`a1b2c3`), known from the first token's event id. */
  answerId: string | null;
  /** Tokens received, and the number of the last one. */
  received: number;
  lastToken: number;
  /** Tokens that came twice, and numbers that were skipped: both must stay 0. */
  repeated: number;
  missing: number;
  /** The `done` event's token count. */
  total: number | null;
  status: TurnStatus;
  /** The connection broke and no resume has been requested yet. */
  interrupted: boolean;
  resumes: Resume[];
  /** Drop this answer's first connection after this many tokens (the "drop" switch, used once). */
  dropAfter: number | null;
  error: string;
}

const SUGGESTIONS = [
  'What are Server-Sent Events?',
  'How does an answer resume after a dropped connection?',
  'Why stream answers with SSE and not WebSockets?',
];

/** The request headers of the first attempt: the prompt travels as JSON. One object, so rendering never reconnects. */
/** Which demo route answers: the resumable answers (`answers`) or the OpenAI-format chat completions (`chat`). */
export type AnswerApi = 'answers' | 'chat';

/** One chunk of an OpenAI-format chat completion, as far as a page reads it. */
interface ChatChunk {
  choices?: Array<{ delta?: { content?: string } }>;
}

const POST_HEADERS: Record<string, string> = Object.freeze({ 'Content-Type': 'application/json' }) as Record<string, string>;

/**
 * A chat box on the demo server's streamed answers (`stories/demo-answers.mjs`). Send posts the prompt through an
 * `<sse-feed method="POST" manual close-event="done">`; each `token` event is appended to the answer as text; Stop
 * calls the feed's `close()`. The feed's `fetch` makes the first attempt `POST /demo/answer` and every resume
 * `GET /demo/answers/<id>`, with the `Last-Event-ID` the feed passes, so a dropped answer goes on where the page
 * stopped receiving it. The "drop" switch asks the server to cut the next answer's connection after a few tokens.
 */
export class AnswerDemo extends LitElement {
  static override styles = css`
    :host {
      --answer-surface: #ffffff;
      --answer-text: #1f2328;
      --answer-muted: #59636e;
      --answer-border: #d1d9e0;
      --answer-bubble: #f6f8fa;
      --answer-accent: #0969da;
      --answer-accent-text: #ffffff;
      --answer-accent-hover: #0860ca;
      --answer-focus: #0969da;
      --answer-warning: #9a6700;
      --answer-danger: #cf222e;
      --answer-success: #1a7f37;
      --answer-note-background: #fff8c5;
      --answer-note-border: #d4a72c;
      display: block;
      max-width: 46rem;
      color: var(--answer-text);
      font: 15px/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
      color-scheme: light;
    }
    @media (prefers-color-scheme: dark) {
      :host {
        --answer-surface: #151b23;
        --answer-text: #e6edf3;
        --answer-muted: #9198a1;
        --answer-border: #3d444d;
        --answer-bubble: #212830;
        --answer-accent: #1f6feb;
        --answer-accent-text: #ffffff;
        --answer-accent-hover: #1a66d9;
        --answer-focus: #4493f8;
        --answer-warning: #d29922;
        --answer-danger: #f85149;
        --answer-success: #3fb950;
        --answer-note-background: #2e2a1a;
        --answer-note-border: #9e6a03;
        color-scheme: dark;
      }
    }
    .card {
      display: grid;
      background: var(--answer-surface);
      border: 1px solid var(--answer-border);
      border-radius: 12px;
      box-shadow: 0 1px 3px rgb(0 0 0 / 0.06), 0 8px 24px rgb(0 0 0 / 0.06);
      overflow: hidden;
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
      flex-wrap: wrap;
      padding: 0.85rem 1.1rem;
      border-bottom: 1px solid var(--answer-border);
    }
    h2 {
      margin: 0;
      font-size: 1.05rem;
      line-height: 1.3;
    }
    header p {
      margin: 0.1rem 0 0;
      font-size: 0.85rem;
      color: var(--answer-muted);
    }
    .conversation {
      min-height: 12rem;
      max-height: min(30rem, 55vh);
      overflow-y: auto;
      padding: 1rem 1.1rem;
      display: grid;
      align-content: start;
      gap: 1.1rem;
    }
    .empty {
      display: grid;
      gap: 0.75rem;
      justify-items: start;
      color: var(--answer-muted);
    }
    .empty p {
      margin: 0;
    }
    .suggestions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    ol.turns {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 1.25rem;
    }
    .turn {
      display: grid;
      gap: 0.5rem;
    }
    .bubble {
      max-width: 85%;
      padding: 0.6rem 0.9rem;
      border-radius: 14px;
      overflow-wrap: anywhere;
    }
    .question {
      white-space: pre-wrap;
      justify-self: end;
      background: var(--answer-accent);
      color: var(--answer-accent-text);
      border-bottom-right-radius: 4px;
    }
    .answer {
      justify-self: start;
      background: var(--answer-bubble);
      border: 1px solid var(--answer-border);
      border-bottom-left-radius: 4px;
    }
    .answer .text {
      white-space: pre-wrap;
    }
    .waiting {
      color: var(--answer-muted);
      font-style: italic;
    }
    /* The caret that shows the answer is still coming; it blinks unless motion is reduced. */
    .caret {
      display: inline-block;
      width: 0.5em;
      height: 1.05em;
      margin-inline-start: 1px;
      vertical-align: text-bottom;
      background: var(--answer-accent);
      border-radius: 1px;
      animation: blink 1s steps(2, start) infinite;
    }
    @keyframes blink {
      to {
        visibility: hidden;
      }
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.75rem;
      align-items: baseline;
      font-size: 0.8rem;
      color: var(--answer-muted);
      padding-inline-start: 0.25rem;
    }
    .meta > * + *::before {
      content: '·';
      margin-inline-end: 0.75rem;
    }
    .meta .ok {
      color: var(--answer-success);
      font-weight: 600;
    }
    .meta .warn {
      color: var(--answer-warning);
      font-weight: 600;
    }
    .meta .bad {
      color: var(--answer-danger);
      font-weight: 600;
    }
    .resume {
      justify-self: start;
      max-width: 85%;
      font-size: 0.8rem;
      padding: 0.3rem 0.65rem;
      border: 1px solid var(--answer-note-border);
      border-radius: 8px;
      background: var(--answer-note-background);
    }
    .resume code {
      font: 0.95em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      white-space: nowrap;
    }
    form {
      display: grid;
      gap: 0.5rem;
      padding: 0.85rem 1.1rem 1rem;
      border-top: 1px solid var(--answer-border);
    }
    .label-row {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: baseline;
      gap: 0.25rem 1rem;
    }
    .label-row .hint {
      font-size: 0.8rem;
    }
    label.prompt-label {
      font-size: 0.85rem;
      font-weight: 600;
    }
    .composer {
      display: flex;
      gap: 0.5rem;
      align-items: stretch;
    }
    textarea {
      flex: 1;
      min-width: 0;
      resize: vertical;
      min-height: 2.6rem;
      max-height: 10rem;
      padding: 0.5rem 0.7rem;
      font: inherit;
      color: inherit;
      background: var(--answer-surface);
      border: 1px solid var(--answer-border);
      border-radius: 8px;
    }
    textarea::placeholder {
      color: var(--answer-muted);
      opacity: 1;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      align-items: flex-end;
    }
    button {
      font: inherit;
      font-weight: 600;
      padding: 0.5rem 1rem;
      border-radius: 8px;
      border: 1px solid var(--answer-border);
      background: var(--answer-bubble);
      color: var(--answer-text);
      cursor: pointer;
    }
    button:hover:not(:disabled, [aria-disabled='true']) {
      border-color: var(--answer-muted);
    }
    button.send {
      background: var(--answer-accent);
      border-color: var(--answer-accent);
      color: var(--answer-accent-text);
    }
    button.send:hover:not(:disabled, [aria-disabled='true']) {
      background: var(--answer-accent-hover);
    }
    button:disabled,
    button[aria-disabled='true'] {
      opacity: 0.5;
      cursor: not-allowed;
    }
    .suggestions button {
      font-weight: 500;
      font-size: 0.875rem;
      padding: 0.35rem 0.8rem;
      border-radius: 999px;
    }
    button:focus-visible,
    textarea:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--answer-focus);
      outline-offset: 2px;
    }
    .options {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 0.5rem 1.5rem;
      font-size: 0.85rem;
    }
    .drop {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0 0.5rem;
      align-items: center;
    }
    .drop label {
      font-weight: 600;
      cursor: pointer;
    }
    .drop .hint {
      grid-column: 2;
    }
    .drop input {
      width: 1rem;
      height: 1rem;
      margin: 0;
      accent-color: var(--answer-accent);
      cursor: pointer;
    }
    .hint {
      color: var(--answer-muted);
    }
    .visually-hidden {
      ${visuallyHidden}
    }
    @media (prefers-reduced-motion: reduce) {
      .caret {
        animation: none;
      }
    }
  `;

  /** Ms between tokens, passed to the server as `pace`; 0 or less leaves the server's own pace (40 ms). */
  @property({ type: Number }) pace = 0;

  /** How many tokens the server sends before it drops a connection when the drop switch is on. */
  @property({ type: Number, attribute: 'drop-after' }) dropAfter = 12;

  /** The drop switch: the next answer's connection is dropped after `drop-after` tokens, then resumed. */
  @property({ type: Boolean, attribute: 'drop-next' }) dropNext = false;

  /**
   * `answers`: `POST /demo/answer`, token events with ids, resumed after a drop. `chat`: `POST /demo/chat/completions`
   * in the OpenAI format (`close-data="[DONE]"`, no ids): a drop fails the answer and the toast offers Retry.
   */
  @property() api: AnswerApi = 'answers';

  @state() private turns: readonly Turn[] = [];
  @state() private prompt = '';
  @state() private announcement = '';

  @query('sse-feed') private feed!: SseFeed;
  @query('textarea') private field!: HTMLTextAreaElement;
  @query('.conversation') private conversation!: HTMLElement;

  #nextKey = 1;
  /** The turn the feed is streaming now, else null. */
  #current: Turn | null = null;
  #stopping = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The feed closes itself when it leaves the document; the turn is over too.
    if (this.#current?.status === 'streaming') this.#finish(this.#current, 'stopped');
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('turns')) this.#keepScrolled();
  }

  protected override render(): TemplateResult {
    const streaming = this.#current?.status === 'streaming';
    const chat = this.api === 'chat';
    return html`
      <sse-feed
        id="answer-feed"
        src=${demoUrl(chat ? 'demo/chat/completions' : 'demo/answer')}
        method="POST"
        manual
        ?json=${chat}
        close-event=${chat ? '' : 'done'}
        close-data=${chat ? '[DONE]' : ''}
        retry-interval="1000"
        retry-max-count="5"
        .headers=${POST_HEADERS}
        .fetch=${this.#fetch}
        @sse-message=${this.#onMessage}
        @sse-state=${this.#onState}
        @sse-error=${this.#onError}
      >
        <status-toast delay="400" position="bottom-center"></status-toast>
      </sse-feed>
      <section class="card" aria-labelledby="title">
        <header>
          <div>
            <h2 id="title">Ask the demo server</h2>
            <p>Answers stream in token by token over Server-Sent Events.</p>
          </div>
          <connection-indicator for="answer-feed" label-idle="Ready" label-connected="Streaming"></connection-indicator>
        </header>
        <div class="conversation" role="group" tabindex="0" aria-label="Conversation">
          ${this.turns.length === 0 ? this.#renderEmpty() : html`<ol class="turns">${this.turns.map((turn) => this.#renderTurn(turn))}</ol>`}
        </div>
        <form @submit=${this.#onSubmit}>
          <div class="label-row">
            <label class="prompt-label" for="prompt">Your question</label>
            <span id="prompt-hint" class="hint">Enter sends · Shift+Enter for a new line</span>
          </div>
          <div class="composer">
            <textarea
              id="prompt"
              name="prompt"
              rows="2"
              maxlength="500"
              placeholder="Ask anything about Server-Sent Events"
              aria-describedby="prompt-hint"
              .value=${this.prompt}
              @input=${this.#onInput}
              @keydown=${this.#onKeyDown}
            ></textarea>
            <div class="buttons">
              <button
                type="submit"
                class="send"
                data-action="send"
                aria-disabled=${streaming || this.prompt.trim() === '' ? 'true' : 'false'}
              >
                Send
              </button>
              <button type="button" data-action="stop" ?disabled=${!streaming} @click=${this.#stop}>Stop</button>
            </div>
          </div>
          <div class="options">
            <div class="drop">
              <input
                id="drop"
                type="checkbox"
                data-action="drop"
                aria-describedby="drop-hint"
                .checked=${this.dropNext}
                @change=${this.#onDropChange}
              />
              <label for="drop">Drop the connection mid-answer</label>
              <span id="drop-hint" class="hint"
                >The server cuts the next answer after ${this.dropAfter} tokens;
                ${chat ? 'with no ids to resume from, it fails and the toast offers Retry.' : 'the feed resumes it.'}</span
              >
            </div>
          </div>
        </form>
      </section>
      <div class="visually-hidden" role="status">${this.announcement}</div>
    `;
  }

  #renderEmpty(): TemplateResult {
    return html`<div class="empty">
      <p>Ask a question, or start with one of these:</p>
      <ul class="suggestions">
        ${SUGGESTIONS.map(
          (suggestion) =>
            html`<li><button type="button" data-suggestion @click=${() => this.#ask(suggestion)}>${suggestion}</button></li>`,
        )}
      </ul>
    </div>`;
  }

  #renderTurn(turn: Turn): TemplateResult {
    const lastResume = turn.resumes[turn.resumes.length - 1];
    return html`<li
      class="turn"
      data-turn=${turn.key}
      data-status=${turn.status}
      data-answer-id=${turn.answerId ?? ''}
      data-resumed-after=${lastResume ? String(lastResume.after) : nothing}
    >
      <div class="bubble question"><span class="visually-hidden">You asked: </span>${turn.prompt}</div>
      <div class="bubble answer">
        <span class="visually-hidden">Answer: </span>${turn.text === ''
          ? html`<span class="waiting">${turn.status === 'streaming' ? 'Thinking…' : 'No answer.'}</span>`
          : nothing}<span class="text" data-answer>${turn.text}</span>${this.#caret(turn)}
      </div>
      ${turn.interrupted
        ? html`<div class="resume" data-interrupted>Connection lost after token ${turn.lastToken}: reconnecting…</div>`
        : nothing}
      ${!turn.interrupted && lastResume
        ? html`<div class="resume">
            Connection dropped: resumed after token ${lastResume.after} with <code>${lastResume.request}</code>
            (<code>Last-Event-ID: ${lastResume.lastEventId}</code>)${turn.resumes.length > 1 ? `, ${turn.resumes.length} resumes in all` : ''}
          </div>`
        : nothing}
      <div class="meta">${this.#renderMeta(turn)}</div>
    </li>`;
  }

  #caret(turn: Turn): TemplateResult | typeof nothing {
    return turn.status === 'streaming' ? html`<span class="caret" aria-hidden="true"></span>` : nothing;
  }

  #renderMeta(turn: Turn): TemplateResult {
    const tokens = `${turn.received} token${turn.received === 1 ? '' : 's'}`;
    const faults = [
      turn.repeated > 0 ? `${turn.repeated} repeated` : '',
      turn.missing > 0 || (turn.total !== null && turn.total !== turn.lastToken) ? `${Math.max(turn.missing, (turn.total ?? 0) - turn.lastToken)} missing` : '',
    ].filter(Boolean);
    const exact = faults.length === 0;
    switch (turn.status) {
      case 'streaming':
        return html`<span>Answering… ${tokens}</span>`;
      case 'done':
        return html`<span class=${exact ? 'ok' : 'bad'}>${exact ? 'Complete' : `Complete, but ${faults.join(', ')}`}</span>
          <span data-meta="tokens">${tokens}${exact && turn.resumes.length > 0 ? ', each exactly once' : ''}</span>
          ${turn.answerId ? html`<span>answer ${turn.answerId}</span>` : nothing}`;
      case 'stopped':
        return html`<span class="warn">Stopped</span><span>after ${tokens}</span>`;
      case 'ended':
        return html`<span class="warn">The stream ended before the answer was complete</span><span>${tokens}</span>`;
      case 'failed':
        return html`<span class="bad">Failed: ${turn.error || 'the connection could not be made'}</span><span>${tokens}</span>`;
    }
  }

  // ---- Sending and stopping -----------------------------------------------------------------------------------

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.#ask(this.prompt);
  }

  #onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.#ask(this.prompt);
  }

  #onInput(event: Event): void {
    this.prompt = (event.target as HTMLTextAreaElement).value;
  }

  #onDropChange(event: Event): void {
    this.dropNext = (event.target as HTMLInputElement).checked;
  }

  /** Posts `prompt` as a new question, unless an answer is still streaming. */
  #ask(prompt: string): void {
    const text = prompt.trim();
    if (text === '' || this.#current?.status === 'streaming') return;
    const turn: Turn = {
      key: this.#nextKey++,
      prompt: text,
      text: '',
      answerId: null,
      received: 0,
      lastToken: 0,
      repeated: 0,
      missing: 0,
      total: null,
      status: 'streaming',
      interrupted: false,
      resumes: [],
      dropAfter: this.dropNext ? Math.max(1, Math.floor(this.dropAfter)) : null,
      error: '',
    };
    // The switch is for one answer: the visitor turns it on again to see another drop.
    this.dropNext = false;
    this.#current = turn;
    this.turns = [...this.turns, turn].slice(-20);
    this.prompt = '';
    this.announcement = 'Answering…';
    // The body is the only thing that changes between questions; connect() starts the closed (or idle) feed.
    this.feed.body = JSON.stringify(this.api === 'chat' ? { model: 'demo', stream: true, messages: [{ role: 'user', content: text }] } : { prompt: text });
    this.feed.connect();
    this.field.focus();
  }

  #stop(): void {
    if (!this.#current || this.#current.status !== 'streaming') return;
    this.#stopping = true;
    this.feed.close();
    this.#stopping = false;
    this.field.focus();
  }

  /**
   * The feed's `fetch`: the first attempt of a question posts it; an attempt that carries a `Last-Event-ID` of the
   * answer being streamed resumes that answer with a GET. (A finished answer's id is not sent again, but after Stop
   * the feed keeps it, as a page-closed stream may be resumed: a new question's POST drops it.)
   */
  readonly #fetch = (url: string, init: FeedRequestInit): Promise<Response> => {
    const turn = this.#current;
    const lastEventId = init.headers['Last-Event-ID'] ?? '';
    const [answerId = '', token = ''] = lastEventId.split(':');
    const pace = this.pace > 0 ? `?pace=${Math.round(this.pace)}` : '';
    if (turn && turn.answerId !== null && answerId === turn.answerId) {
      const path = `demo/answers/${encodeURIComponent(answerId)}`;
      turn.resumes = [...turn.resumes, { after: Number(token) || 0, lastEventId, request: `GET /${path}` }];
      turn.interrupted = false;
      this.requestUpdate();
      const headers = { ...init.headers };
      delete headers['Content-Type'];
      return fetch(demoUrl(path + pace), { ...init, method: 'GET', body: null, headers });
    }
    const headers = { ...init.headers };
    delete headers['Last-Event-ID'];
    const target = new URL(url);
    if (this.pace > 0) target.searchParams.set('pace', String(Math.round(this.pace)));
    if (turn?.dropAfter != null) {
      target.searchParams.set('dropAfter', String(turn.dropAfter));
      turn.dropAfter = null; // once: a repeated POST (nothing received yet) is not dropped again
    }
    return fetch(target.href, { ...init, headers });
  };

  // ---- What the feed says -------------------------------------------------------------------------------------

  readonly #onMessage = (event: CustomEvent<FeedMessage>): void => {
    const turn = this.#current;
    if (!turn) return;
    const { type, data, lastEventId, json } = event.detail;
    if (this.api === 'chat') {
      // One chunk per token; `data: [DONE]` is not a message (close-data): the feed closes, finished.
      const content = (json as ChatChunk | undefined)?.choices?.[0]?.delta?.content ?? '';
      turn.received += content ? 1 : 0;
      turn.lastToken = turn.received;
      turn.text += content;
      this.#changed();
    } else if (type === 'token') {
      const [answerId, token] = lastEventId.split(':');
      const number = Number(token);
      turn.answerId ??= answerId ?? null;
      if (number <= turn.lastToken) turn.repeated += 1;
      else if (number > turn.lastToken + 1) turn.missing += number - turn.lastToken - 1;
      turn.lastToken = Math.max(turn.lastToken, number);
      turn.received += 1;
      turn.text += data;
      this.#changed();
    } else if (type === 'done') {
      try {
        const tokens = (JSON.parse(data) as { tokens?: unknown }).tokens;
        turn.total = typeof tokens === 'number' ? tokens : null;
      } catch {
        turn.total = null;
      }
      // The feed closes right after this message (close-event="done"): the answer is complete.
      this.#finish(turn, 'done');
    }
  };

  readonly #onState = (event: CustomEvent<FeedStatus>): void => {
    const turn = this.#current;
    if (!turn) return;
    const { state } = event.detail;
    if (state === 'retrying' && turn.status === 'streaming') {
      turn.interrupted = true;
      this.#changed();
    } else if (state === 'connecting' && turn.status === 'failed') {
      // The toast's Retry button reconnected a failed feed: the answer goes on, or (chat: nothing to resume from)
      // is asked for afresh, so the partial text goes.
      turn.status = 'streaming';
      turn.error = '';
      if (this.api === 'chat') Object.assign(turn, { text: '', received: 0, lastToken: 0 });
      this.#changed();
    } else if (state === 'closed' && turn.status === 'streaming') {
      // A chat answer ends with [DONE] (close-data): the status says it finished, not that the page closed it.
      this.#finish(turn, this.#stopping ? 'stopped' : event.detail.finished && this.api === 'chat' ? 'done' : 'ended');
    } else if (state === 'failed' && turn.status === 'streaming') {
      turn.error = event.detail.error?.message ?? '';
      this.#finish(turn, 'failed');
    }
  };

  readonly #onError = (event: CustomEvent<FeedError>): void => {
    if (this.#current && event.detail.fatal) this.#current.error = event.detail.message;
  };

  #finish(turn: Turn, status: TurnStatus): void {
    turn.status = status;
    turn.interrupted = false;
    this.#changed();
    // One announcement per answer, not one per token: the whole answer once it is complete.
    if (status === 'done') this.announcement = `Answer complete. ${turn.text}`;
    else if (status === 'stopped') this.announcement = `Stopped after ${turn.received} tokens.`;
    else if (status === 'ended') this.announcement = 'The answer ended early.';
  }

  /** A turn changed in place: a new array, so Lit renders it. */
  #changed(): void {
    this.turns = [...this.turns];
  }

  /** Follows the answer as it grows, unless the visitor scrolled up to read. */
  #keepScrolled(): void {
    const box = this.conversation;
    if (!box) return;
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    if (nearBottom || this.#current?.received === 0) box.scrollTop = box.scrollHeight;
  }
}

if (!customElements.get('answer-demo')) customElements.define('answer-demo', AnswerDemo);

declare global {
  interface HTMLElementTagNameMap {
    'answer-demo': AnswerDemo;
  }
}

/** What the story shows when no demo server answers, e.g. in the static build. */
export function answerDemoNeedsServer(): TemplateResult {
  return html`<div
    role="note"
    data-needs-demo-server
    style="font: 15px/1.5 system-ui, sans-serif; max-width: 44rem; padding: 1rem 1.25rem; border: 2px solid #bf8700;
      border-radius: 8px; background: #fff8c5; color: #1f2328"
  >
    <h2 style="margin: 0 0 0.5rem; font-size: 18px">This story needs the demo SSE server</h2>
    <p>
      Its answers are streamed by <code>POST /demo/answer</code> and resumed by <code>GET /demo/answers/&lt;id&gt;</code>, both
      served by <code>stories/demo-server.mjs</code>. A static catalog on a plain file server has neither.
    </p>
    <p>
      Run <code>npm start</code> (Storybook dev on port 6006 with the demo server mounted), or serve this static build with the
      demo server: <code>node stories/demo-server.mjs --static storybook-static</code>. The same chat box is also a plain page:
      <code>examples/streaming-answer/</code>.
    </p>
  </div>`;
}
