// <demo-message-log>: what a feed says (messages, states, errors) as plain text, newest first.
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FeedError, FeedMessage, FeedStatus } from '../../components/core/types.js';

/** One line of the log. Every field is text: server data is never interpreted as HTML. */
interface LogEntry {
  readonly id: number;
  readonly time: string;
  readonly kind: 'message' | 'state' | 'error';
  readonly text: string;
}

/**
 * Listens to the `<sse-feed>` named by `for` (or the nearest ancestor feed) and lists what happens to it.
 * Server data goes through Lit text bindings only, so markup in a message shows as markup.
 */
export class DemoMessageLog extends LitElement {
  static override styles = css`
    :host {
      display: block;
      font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      color: var(--demo-log-color, #1f2328);
      background: var(--demo-log-background, #f6f8fa);
      border: 1px solid var(--demo-log-border, #d0d7de);
      border-radius: 6px;
      min-height: 12rem;
      max-height: 24rem;
      overflow: auto;
    }
    header {
      position: sticky;
      top: 0;
      display: flex;
      gap: 1rem;
      justify-content: space-between;
      padding: 0.5rem 0.75rem;
      background: inherit;
      border-bottom: 1px solid var(--demo-log-border, #d0d7de);
      font-weight: 600;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0.25rem 0;
    }
    li {
      display: grid;
      grid-template-columns: 6.5em 4.5em 1fr;
      gap: 0.5em;
      padding: 0.1rem 0.75rem;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .kind {
      font-weight: 600;
    }
    .state .kind {
      color: #0969da;
    }
    .error .kind {
      color: #cf222e;
    }
    .empty {
      padding: 0.5rem 0.75rem;
      opacity: 0.7;
    }
  `;

  /** Id of the `<sse-feed>` to listen to; without it, the nearest ancestor feed. */
  @property({ attribute: 'for' }) htmlFor = '';

  /** How many lines to keep. */
  @property({ type: Number }) max = 40;

  @state() private entries: readonly LogEntry[] = [];
  @state() private summary = 'no feed yet';

  #feed: HTMLElement | null = null;
  #nextId = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // The feed may be rendered in the same template, after this element: look for it once the template is in.
    queueMicrotask(() => this.#attach());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#detach();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('htmlFor') && changed.get('htmlFor') !== undefined) this.#attach();
  }

  /** Empties the log. */
  clear(): void {
    this.entries = [];
  }

  protected override render(): unknown {
    return html`
      <header><span>Message log</span><span class="summary">${this.summary}</span></header>
      ${this.entries.length === 0
        ? html`<p class="empty">Nothing yet.</p>`
        : html`<ol>
            ${this.entries.map(
              (entry) =>
                html`<li class=${entry.kind}><span>${entry.time}</span><span class="kind">${entry.kind}</span
                  ><span>${entry.text}</span></li>`,
            )}
          </ol>`}
    `;
  }

  #attach(): void {
    this.#detach();
    const root = this.getRootNode() as Document | ShadowRoot;
    const feed = this.htmlFor ? root.getElementById(this.htmlFor) : this.closest('sse-feed');
    if (!feed) return;
    this.#feed = feed;
    feed.addEventListener('sse-message', this.#onMessage);
    feed.addEventListener('sse-state', this.#onState);
    feed.addEventListener('sse-error', this.#onError);
    const status = (feed as HTMLElement & { status?: FeedStatus }).status;
    if (status) this.#summarize(status);
  }

  #detach(): void {
    this.#feed?.removeEventListener('sse-message', this.#onMessage);
    this.#feed?.removeEventListener('sse-state', this.#onState);
    this.#feed?.removeEventListener('sse-error', this.#onError);
    this.#feed = null;
  }

  readonly #onMessage = (event: CustomEvent<FeedMessage>): void => {
    const { type, data, lastEventId } = event.detail;
    const label = type === 'message' ? '' : `[${type}] `;
    const id = lastEventId ? `#${lastEventId} ` : '';
    this.#add('message', `${id}${label}${data.length > 300 ? `${data.slice(0, 300)}…` : data}`);
    const status = (this.#feed as HTMLElement & { status?: FeedStatus }).status;
    if (status) this.#summarize(status);
  };

  readonly #onState = (event: CustomEvent<FeedStatus>): void => {
    const status = event.detail;
    const parts: string[] = [status.state];
    if (status.attempt > 0) parts.push(`attempt ${status.attempt}/${status.retryMaxCount}`);
    if (status.retryDelay !== null) parts.push(`next try in ${(status.retryDelay / 1000).toFixed(1)} s`);
    if (status.error) parts.push(`(${status.error.kind}${status.error.status ? ` ${status.error.status}` : ''})`);
    this.#add('state', parts.join(' '));
    this.#summarize(status);
  };

  readonly #onError = (event: CustomEvent<FeedError>): void => {
    const error = event.detail;
    this.#add('error', `${error.kind}${error.status ? ` ${error.status}` : ''}${error.fatal ? ' (fatal)' : ''}: ${error.message}`);
  };

  #summarize(status: FeedStatus): void {
    this.summary = `${status.state} · ${status.messages} messages · last id ${status.lastEventId || '–'}`;
  }

  #add(kind: LogEntry['kind'], text: string): void {
    const time = new Date().toLocaleTimeString([], { hour12: false });
    this.entries = [{ id: this.#nextId++, time, kind, text }, ...this.entries].slice(0, this.max);
  }
}

if (!customElements.get('demo-message-log')) customElements.define('demo-message-log', DemoMessageLog);

declare global {
  interface HTMLElementTagNameMap {
    'demo-message-log': DemoMessageLog;
  }
}
