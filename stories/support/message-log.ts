// <demo-message-log>: what a feed says (messages, state changes, errors) as a readable table, newest first.
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FeedError, FeedMessage, FeedStatus } from '../../components/core/types.js';
import { demoPalette } from './demo-styles.js';

/** One row of the log. Every field is text: server data is never interpreted as HTML. */
interface LogEntry {
  readonly key: number;
  readonly time: string;
  readonly kind: 'message' | 'state' | 'error' | 'gap' | 'page';
  /** The event id for a message, else empty. */
  readonly id: string;
  readonly text: string;
}

const STATE_WORDS: Record<FeedStatus['state'], string> = {
  idle: 'Idle: no stream',
  connecting: 'Connecting',
  connected: 'Connected',
  retrying: 'Waiting to reconnect',
  paused: 'Paused while the page is hidden',
  failed: 'Stopped: it will not retry by itself',
  closed: 'Closed',
};

/** An error in words: what went wrong, from the error's data. */
export function describeError(error: FeedError): string {
  switch (error.kind) {
    case 'http':
      return `the server answered ${error.status ?? ''}${error.statusText ? ` ${error.statusText}` : ''}`.trim();
    case 'network':
      return error.reason === 'ended' ? 'the server ended the stream' : error.reason === 'unreachable' ? 'the server could not be reached' : 'the connection was lost';
    case 'stall':
      return `no data for ${Math.round((error.timeout ?? 0) / 1000)} s (stall-timeout)`;
    case 'offline':
      return 'the device is offline';
    case 'content-type':
      return `the server sent ${error.contentType ?? 'something'} instead of an event stream`;
    case 'parse':
      return 'a message is not valid JSON (skipped)';
    case 'too-large':
      return 'a message was too large (skipped)';
    default:
      return error.kind;
  }
}

/** A message's data as a person reads it: the demo's price ticks as "SSE 101.23", other JSON as `key: value` pairs. */
export function describeMessage(message: FeedMessage): string {
  const { json, data, type } = message;
  const prefix = type === 'message' ? '' : `${type}: `;
  let text = data;
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    if (typeof record.symbol === 'string' && typeof record.price === 'number') text = `${record.symbol} ${record.price.toFixed(2)}`;
    else text = Object.entries(record).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' · ');
  }
  const shown = `${prefix}${text}`;
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

/**
 * Listens to the `<sse-feed>` named by `for` (or the nearest ancestor feed) and lists what happens to it as a
 * table: time, what happened, the event id and the details in words. Server data goes through Lit text bindings
 * only, so markup in a message shows as markup.
 */
export class DemoMessageLog extends LitElement {
  static override styles = [
    demoPalette,
    css`
      :host {
        display: block;
        font: 13px/1.45 system-ui, sans-serif;
        background: var(--demo-surface);
        border: 1px solid var(--demo-border);
        border-radius: 8px;
        min-height: 12rem;
        max-height: 26rem;
        overflow: auto;
        min-width: 0;
      }
      header {
        position: sticky;
        top: 0;
        z-index: 1;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        justify-content: space-between;
        align-items: baseline;
        padding: 0.6rem 0.75rem;
        background: var(--demo-subtle);
        border-bottom: 1px solid var(--demo-border);
      }
      h3 {
        margin: 0;
        font-size: 15px;
      }
      .summary {
        color: var(--demo-muted);
      }
      table {
        width: 100%;
        border-collapse: collapse;
        table-layout: fixed;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: 0.25rem 0.5rem;
        overflow-wrap: anywhere;
      }
      th {
        font-weight: 600;
        color: var(--demo-muted);
        border-bottom: 1px solid var(--demo-border);
      }
      tbody tr + tr td {
        border-top: 1px solid var(--demo-border);
      }
      .time {
        width: 5.2rem;
        font-variant-numeric: tabular-nums;
        color: var(--demo-muted);
      }
      .kind {
        width: 4.6rem;
        font-weight: 600;
      }
      .id {
        width: 3.5rem;
        font-variant-numeric: tabular-nums;
      }
      tr.state .kind {
        color: var(--demo-accent);
      }
      tr.error .kind,
      tr.gap .kind {
        color: var(--demo-danger);
      }
      .empty {
        padding: 0.6rem 0.75rem;
        margin: 0;
        color: var(--demo-muted);
      }
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
      @container (max-width: 24rem) {
        .id {
          display: none;
        }
      }
      .wrap {
        container-type: inline-size;
      }
    `,
  ];

  /** Id of the `<sse-feed>` to listen to; without it, the nearest ancestor feed. */
  @property({ attribute: 'for' }) htmlFor = '';

  /** How many rows to keep. */
  @property({ type: Number }) max = 40;

  @state() private entries: readonly LogEntry[] = [];
  @state() private summary = 'no feed yet';

  #feed: HTMLElement | null = null;
  #nextKey = 0;

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

  /** Adds a row of what the page itself did (kind `page`), such as re-fetching its data after a gap. */
  note(text: string): void {
    this.#add('page', text);
  }

  protected override render(): unknown {
    return html`<div class="wrap">
      <header><h3>What the feed reports</h3><span class="summary" data-field="summary">${this.summary}</span></header>
      ${this.entries.length === 0
        ? html`<p class="empty">Nothing yet.</p>`
        : html`<table>
            <caption class="visually-hidden">Messages, state changes and errors, newest first</caption>
            <thead>
              <tr><th class="time" scope="col">Time</th><th class="kind" scope="col">Event</th><th class="id" scope="col">Id</th><th scope="col">Details</th></tr>
            </thead>
            <tbody>
              ${this.entries.map(
                (entry) =>
                  html`<tr class=${entry.kind} data-kind=${entry.kind}>
                    <td class="time">${entry.time}</td>
                    <td class="kind">${entry.kind}</td>
                    <td class="id">${entry.id}</td>
                    <td class="details">${entry.text}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`}
    </div>`;
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
    feed.addEventListener('sse-gap', this.#onGap);
    const status = (feed as HTMLElement & { status?: FeedStatus }).status;
    if (status) this.#summarize(status);
  }

  #detach(): void {
    this.#feed?.removeEventListener('sse-message', this.#onMessage);
    this.#feed?.removeEventListener('sse-state', this.#onState);
    this.#feed?.removeEventListener('sse-error', this.#onError);
    this.#feed?.removeEventListener('sse-gap', this.#onGap);
    this.#feed = null;
  }

  readonly #onMessage = (event: CustomEvent<FeedMessage>): void => {
    this.#add('message', describeMessage(event.detail), event.detail.lastEventId);
    const status = (this.#feed as HTMLElement & { status?: FeedStatus }).status;
    if (status) this.#summarize(status);
  };

  readonly #onState = (event: CustomEvent<FeedStatus>): void => {
    const status = event.detail;
    const parts: string[] = [STATE_WORDS[status.state]];
    if (status.state === 'retrying' && status.retryDelay !== null) {
      const attempt = status.retryMaxCount === Infinity ? `attempt ${status.attempt}` : `attempt ${status.attempt} of ${status.retryMaxCount}`;
      parts.push(`${attempt}, next try in ${(status.retryDelay / 1000).toFixed(1)} s`);
    }
    if (status.error && (status.state === 'retrying' || status.state === 'failed')) parts.push(`because ${describeError(status.error)}`);
    if (status.stale) parts.push('no new data for a while (stale)');
    this.#add('state', parts.join(', '));
    this.#summarize(status);
  };

  readonly #onError = (event: CustomEvent<FeedError>): void => {
    const error = event.detail;
    this.#add('error', `${describeError(error)}${error.fatal ? '; no retry follows' : ''} [${error.kind}${error.status ? ` ${error.status}` : ''}]`);
  };

  readonly #onGap = (event: Event): void => {
    const { requested, resumedFrom, reason } = (event as CustomEvent<{ requested: string; resumedFrom: string | null; reason: string }>).detail;
    const said = reason === 'event' ? 'the server sent its own word' : `the server resumed from ${resumedFrom === 'earliest' ? 'its earliest event' : `id ${String(resumedFrom)}`}`;
    this.#add('gap', `updates were missed: asked to resume after id ${requested}, ${said}`);
  };

  #summarize(status: FeedStatus): void {
    this.summary = `${STATE_WORDS[status.state].split(':')[0]} · ${status.messages} messages${status.lastEventId ? ` · last id ${status.lastEventId}` : ''}`;
  }

  #add(kind: LogEntry['kind'], text: string, id = ''): void {
    const time = new Date().toLocaleTimeString([], { hour12: false });
    this.entries = [{ key: this.#nextKey++, time, kind, id, text }, ...this.entries].slice(0, this.max);
  }
}

if (!customElements.get('demo-message-log')) customElements.define('demo-message-log', DemoMessageLog);

declare global {
  interface HTMLElementTagNameMap {
    'demo-message-log': DemoMessageLog;
  }
}
