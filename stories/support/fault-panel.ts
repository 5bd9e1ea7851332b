// <demo-fault-panel>: buttons that break the demo server's live stream, and the feed's own methods.
import { css, html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SseFeed } from '../../components/sse-feed/sse-feed.js';
import { demoUrl } from './demo-server-probe.js';
import { simulateOffline } from './simulated-browser.js';
import { demoButtonStyles } from './demo-styles.js';

interface Fault {
  readonly type: string;
  readonly label: string;
  readonly title: string;
  /** Adds `seconds=` from the panel's duration field. */
  readonly timed?: boolean;
}

const FAULTS: readonly Fault[] = [
  { type: 'drop', label: 'Drop connection', title: 'The server ends every open stream: a network error, then a retry.' },
  { type: '5xx', label: '503 for N s', title: 'Every request answers 503 for N seconds: retries back off until it ends.', timed: true },
  { type: '401', label: 'Answer 401', title: 'The next request answers 401 Unauthorized: fatal, the feed goes failed.' },
  { type: '204', label: 'Answer 204', title: 'The next request answers 204 No Content: the server says stop, the feed goes closed.' },
  { type: 'stall', label: 'Go silent N s', title: 'No bytes for N seconds: a feed with stall-timeout treats it as a failure.', timed: true },
  { type: 'slow', label: 'Slow first byte N s', title: 'The next request waits N seconds before answering: the feed stays connecting.', timed: true },
  { type: 'malformed', label: 'Send malformed lines', title: 'Broken fields, bad JSON, markup and a lone CR: the stream goes on.' },
  { type: 'retry', label: 'Send retry: 5000', title: 'The server sends retry: 5000 and drops: the next wait starts from 5 s.' },
  { type: 'reset', label: 'Clear faults', title: 'Ends any 503 burst or silence now.' },
];

/**
 * Fault buttons for the demo server, plus connect/reconnect/close for the feed named by `for`, and a
 * simulated offline switch. Each button carries `data-fault` (or `data-action`) for scripts/e2e.mjs.
 */
export class DemoFaultPanel extends LitElement {
  static override styles = [
    demoButtonStyles,
    css`
      :host {
        display: block;
        font: 14px/1.4 system-ui, sans-serif;
      }
      fieldset {
        border: 1px solid var(--demo-panel-border, #d0d7de);
        border-radius: 6px;
        margin: 0 0 0.75rem;
        padding: 0.5rem 0.75rem 0.75rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      button[aria-pressed='true'] {
        background: #1f2328;
        color: #fff;
      }
      label {
        display: inline-flex;
        gap: 0.4rem;
        align-items: center;
        margin-top: 0.5rem;
      }
      input {
        width: 4em;
        font: inherit;
      }
      output,
      .note {
        display: block;
        margin-top: 0.5rem;
        font-size: 12px;
        opacity: 0.8;
      }
    `,
  ];

  /** Id of the `<sse-feed>` the feed buttons act on. */
  @property({ attribute: 'for' }) htmlFor = '';

  /** Seconds for the timed faults. */
  @property({ type: Number }) seconds = 5;

  @state() private lastResult = '';
  @state() private offline = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.offline) this.#setOffline(false);
  }

  protected override render(): unknown {
    return html`
      <fieldset>
        <legend>Break the server</legend>
        <div class="buttons">
          ${FAULTS.map(
            (fault) =>
              html`<button type="button" data-fault=${fault.type} title=${fault.title} @click=${() => this.#inject(fault)}>
                ${fault.label.replace('N', String(this.seconds))}
              </button>`,
          )}
        </div>
        <label>N = <input type="number" min="1" max="60" .value=${String(this.seconds)} @change=${this.#onSeconds} /> s</label>
        <output aria-live="polite">${this.lastResult}</output>
      </fieldset>
      <fieldset>
        <legend>Network and feed</legend>
        <div class="buttons">
          <button type="button" data-action="offline" aria-pressed=${String(this.offline)} @click=${() => this.#setOffline(!this.offline)}>
            ${this.offline ? 'Go online' : 'Go offline (simulated)'}
          </button>
          <button type="button" data-action="reconnect" @click=${() => this.#feed()?.reconnect()}>reconnect()</button>
          <button type="button" data-action="connect" @click=${() => this.#feed()?.connect()}>connect()</button>
          <button type="button" data-action="close" @click=${() => this.#feed()?.close()}>close()</button>
        </div>
        <span class="note">
          A page cannot cut its own network. "Go offline" makes <code>navigator.onLine</code> read false in this frame and
          fires <code>offline</code> (then <code>online</code>), which is what the feed listens to; requests still work.
          For a real outage use DevTools → Network → Offline (scripts/e2e.mjs uses Playwright's
          <code>setOffline</code>).
        </span>
      </fieldset>
    `;
  }

  #feed(): SseFeed | null {
    const root = this.getRootNode() as Document | ShadowRoot;
    return (this.htmlFor ? root.getElementById(this.htmlFor) : this.closest('sse-feed')) as SseFeed | null;
  }

  #onSeconds(event: Event): void {
    const value = Number((event.target as HTMLInputElement).value);
    if (Number.isFinite(value) && value >= 1) this.seconds = Math.min(60, Math.round(value));
  }

  async #inject(fault: Fault): Promise<void> {
    const query = new URLSearchParams({ type: fault.type });
    if (fault.timed) query.set('seconds', String(this.seconds));
    try {
      const response = await fetch(demoUrl(`demo/fault?${query}`), { method: 'POST' });
      const body = (await response.json()) as { ok?: boolean; clients?: number; error?: string };
      this.lastResult = body.ok
        ? `${fault.label.replace('N', String(this.seconds))}: done (${body.clients ?? 0} open stream(s))`
        : `${fault.type}: ${body.error ?? response.status}`;
    } catch (error) {
      this.lastResult = `${fault.type}: the demo server did not answer (${String(error)})`;
    }
  }

  // Simulated (see simulated-browser.ts): navigator.onLine reads false in this frame; the network stays up.
  #setOffline(offline: boolean): void {
    this.offline = offline;
    simulateOffline(offline);
  }
}

if (!customElements.get('demo-fault-panel')) customElements.define('demo-fault-panel', DemoFaultPanel);

declare global {
  interface HTMLElementTagNameMap {
    'demo-fault-panel': DemoFaultPanel;
  }
}
