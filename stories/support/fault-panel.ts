// <demo-fault-panel>: buttons that break the demo server's live stream, each saying what the reader will see, and the feed's own methods.
import { css, html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SseFeed } from '../../components/sse-feed/sse-feed.js';
import { demoUrl } from './demo-server-probe.js';
import { simulateOffline } from './simulated-browser.js';
import { demoButtonStyles } from './demo-styles.js';

interface Fault {
  readonly type: string;
  /** The button, in a user's words; `{n}` is the duration field's value. */
  readonly label: string;
  /** What happens, and what the page shows, in a sentence or two; `{n}` as above. */
  readonly explains: string;
  /** Sends `seconds=` from the duration field. */
  readonly timed?: boolean;
}

const FAULTS: readonly Fault[] = [
  {
    type: 'drop',
    label: 'Drop the connection',
    explains:
      'The connection breaks, as when a network fails. The feed notices at once, says it is reconnecting, waits about a second and reconnects, picking up after the last price it received.',
  },
  {
    type: '5xx',
    label: 'Server errors for {n} s',
    explains:
      'Every request gets "503 Service Unavailable" for {n} seconds. The feed keeps trying, waiting longer each time; after a second the toast says it is reconnecting, and "Reconnected" when the server is back.',
    timed: true,
  },
  {
    type: '401',
    label: 'Refuse access (401)',
    explains: 'The next request is refused as unauthorised. Trying again will not fix that, so the feed stops at once and the toast offers a Retry button.',
  },
  {
    type: '204',
    label: 'End the stream (204)',
    explains: 'The server answers "nothing more to send". The feed closes and does not retry: the server asked it to stop.',
  },
  {
    type: 'stall',
    label: 'Go silent for {n} s',
    explains: 'The connection stays open but nothing arrives for {n} seconds. {stall}',
    timed: true,
  },
  {
    type: 'slow',
    label: 'Answer slowly ({n} s)',
    explains: 'The next connection takes {n} seconds to answer. The indicator says "Connecting…" until the first byte arrives.',
    timed: true,
  },
  {
    type: 'malformed',
    label: 'Send garbled data',
    explains:
      'Broken lines, invalid JSON and HTML markup arrive mid-stream. The feed skips what the standard says to skip, reports the invalid JSON, shows the markup as plain text, and stays connected.',
  },
  {
    type: 'retry',
    label: 'Ask for 5 s between retries',
    explains: 'The server sends "retry: 5000", then hangs up: the feed waits at least five seconds before it reconnects.',
  },
  {
    type: 'forget',
    label: 'The server forgets',
    explains:
      'The server loses the prices it kept for latecomers and hangs up. The feed reconnects and asks to carry on after its last price, but the server no longer has it and says so. The page hears sse-gap and fetches the latest price again; the toast says some updates were missed, and Refresh fetches it once more.',
  },
  { type: 'reset', label: 'Clear faults', explains: 'Ends a run of errors or a silence now.' },
];

/**
 * The live demo's controls: each fault the demo server can inject (`POST /demo/fault?type=...`), explained in a
 * user's words; a simulated offline switch; and the feed's `reconnect()`, `connect()` and `close()` for the feed named
 * by `for`. Each button carries `data-fault` (or `data-action`) for the e2e (e2e/*.spec.ts).
 */
export class DemoFaultPanel extends LitElement {
  static override styles = [
    demoButtonStyles,
    css`
      :host {
        display: block;
        font: 14px/1.45 system-ui, sans-serif;
        min-width: 0;
      }
      section {
        border: 1px solid var(--demo-border);
        border-radius: 8px;
        background: var(--demo-surface);
        padding: 0.75rem;
        margin: 0 0 0.75rem;
      }
      h3 {
        margin: 0 0 0.25rem;
        font-size: 15px;
      }
      .intro {
        margin: 0 0 0.6rem;
        color: var(--demo-muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.55rem;
      }
      li {
        display: grid;
        grid-template-columns: 12rem 1fr;
        gap: 0.2rem 0.75rem;
        align-items: baseline;
      }
      li p {
        margin: 0;
        color: var(--demo-muted);
        font-size: 13px;
      }
      li button {
        text-align: start;
      }
      @container (max-width: 30rem) {
        li {
          grid-template-columns: 1fr;
        }
        li button {
          justify-self: start;
        }
      }
      .duration {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
        margin: 0 0 0.6rem;
      }
      input {
        width: 4.5em;
        font: inherit;
        color: inherit;
        background: var(--demo-surface);
        border: 1px solid var(--demo-strong-border);
        border-radius: 6px;
        padding: 0.15rem 0.35rem;
      }
      output {
        display: block;
        margin-top: 0.6rem;
        font-size: 13px;
        min-height: 1.2em;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      code {
        font-size: 12px;
      }
      .wrap {
        container-type: inline-size;
      }
    `,
  ];

  /** Id of the `<sse-feed>` the feed buttons act on. */
  @property({ attribute: 'for' }) htmlFor = '';

  /** The feed's `stall-timeout` in ms, for the words of "Go silent" (0: the feed has none). */
  @property({ type: Number, attribute: 'stall-timeout' }) stallTimeout = 0;

  /** Seconds for the timed faults. */
  @property({ type: Number }) seconds = 5;

  @state() private lastResult = '';
  @state() private offline = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.offline) this.#setOffline(false);
  }

  protected override render(): unknown {
    const stall =
      this.stallTimeout > 0
        ? `After ${this.stallTimeout / 1000} s of silence (stall-timeout) the feed takes the connection for dead and reconnects.`
        : 'This feed has no stall-timeout, so nothing visible happens: an open, silent stream looks healthy.';
    const words = (text: string): string => text.replaceAll('{n}', String(this.seconds)).replace('{stall}', stall);
    return html`<div class="wrap">
      <section aria-labelledby="faults-title">
        <h3 id="faults-title">Break the server</h3>
        <p class="intro">Each button tells the demo server to misbehave. Watch the indicator, the toast and the log.</p>
        <label class="duration">Timed faults last
          <input type="number" min="1" max="60" .value=${String(this.seconds)} @change=${this.#onSeconds} /> seconds</label>
        <ul>
          ${FAULTS.map(
            (fault) =>
              html`<li>
                <button type="button" data-fault=${fault.type} aria-describedby=${`explains-${fault.type}`} @click=${() => this.#inject(fault)}>
                  ${words(fault.label)}
                </button>
                <p id=${`explains-${fault.type}`}>${words(fault.explains)}</p>
              </li>`,
          )}
        </ul>
        <output aria-live="polite">${this.lastResult}</output>
      </section>
      <section aria-labelledby="network-title">
        <h3 id="network-title">The network and the feed</h3>
        <ul>
          <li>
            <button type="button" data-action="offline" aria-pressed=${this.offline ? 'true' : 'false'} @click=${() => this.#setOffline(!this.offline)}>
              ${this.offline ? 'Come back online' : 'Go offline'}
            </button>
            <p>
              The page is told the network is gone. The feed waits for it without using up attempts and reconnects the moment it
              is back. (Simulated: a page cannot cut its own network, so only this frame believes it is offline. For a real
              outage, use your browser's developer tools.)
            </p>
          </li>
          <li>
            <button type="button" data-action="reconnect" @click=${() => this.#feed()?.reconnect()}>Reconnect now</button>
            <p><code>feed.reconnect()</code>: drops the connection and opens a new one at once, with a fresh count of attempts.</p>
          </li>
          <li>
            <button type="button" data-action="close" @click=${() => this.#feed()?.close()}>Close</button>
            <p><code>feed.close()</code>: the page is done with the stream. Nothing reconnects until it asks.</p>
          </li>
          <li>
            <button type="button" data-action="connect" @click=${() => this.#feed()?.connect()}>Connect</button>
            <p><code>feed.connect()</code>: starts a closed, failed or stopped feed again.</p>
          </li>
        </ul>
      </section>
    </div>`;
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
    const label = fault.label.replaceAll('{n}', String(this.seconds));
    try {
      const response = await fetch(demoUrl(`demo/fault?${query}`), { method: 'POST' });
      const body = (await response.json()) as { ok?: boolean; clients?: number; error?: string };
      const time = new Date().toLocaleTimeString([], { hour12: false });
      this.lastResult = body.ok ? `${time}: "${label}" sent to the server.` : `The server refused "${label}": ${body.error ?? response.status}`;
    } catch (error) {
      this.lastResult = `The demo server did not answer (${String(error)}).`;
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
