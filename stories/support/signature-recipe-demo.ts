// The "Signed requests" story's parts: the Expiring tokens guide's signing recipe, with a record of each attempt, and <demo-signature-log>.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { FeedFetch } from '../../components/core/transport.js';
import { demoUrl } from './demo-server-probe.js';
import { demoButtonStyles } from './demo-styles.js';
import { hmacKey, signedFetch } from './recipes.js';

/**
 * The demo server's signing key (DEMO_SIGNING_KEY in stories/demo-auth.mjs). It is in this page, so anyone can
 * read it: that is fine for a demo of the mechanics and never for a real key, which stays on a server.
 */
export const DEMO_SIGNING_KEY = 'sse-feed demo key: public on purpose, never a real key in a page';

/** One attempt of the feed, as the recipe signed it and the server answered. */
export interface SignedAttempt {
  readonly number: number;
  readonly time: string;
  readonly request: string;
  readonly lastEventId: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly tampered: boolean;
  readonly answer: string;
}

/** `signedFetch(key)` for the feed, recording each attempt's signature headers and answer. Dispatches `change`. */
export class SignatureRecipe extends EventTarget {
  /** Newest first. */
  attempts: readonly SignedAttempt[] = [];
  /** Sign the next attempt with a wrong key, to see the server refuse it. */
  tamperNext = false;
  /** The feed's `fetch`. */
  readonly fetch: FeedFetch;

  constructor(secret = DEMO_SIGNING_KEY) {
    super();
    const signed = hmacKey(secret).then(signedFetch);
    const wronglySigned = hmacKey('a key the server does not know').then(signedFetch);
    this.fetch = async (url, init) => {
      const tampered = this.tamperNext;
      this.tamperNext = false;
      const sign = await (tampered ? wronglySigned : signed);
      const number = this.attempts.length + 1;
      const record = (answer: string): void => {
        const { pathname, search } = new URL(url);
        const attempt: SignedAttempt = {
          number,
          time: new Date().toLocaleTimeString([], { hour12: false }),
          request: `${init.method} ${pathname}${search}`,
          lastEventId: init.headers['Last-Event-ID'] ?? '',
          timestamp: init.headers['X-Timestamp'] ?? '',
          signature: init.headers['X-Signature'] ?? '',
          tampered,
          answer,
        };
        this.attempts = [attempt, ...this.attempts].slice(0, 20);
        this.dispatchEvent(new Event('change'));
      };
      try {
        // The recipe adds X-Timestamp and X-Signature to init.headers before it sends.
        const response = await sign(url, init);
        record(`${response.status}${response.ok ? '' : ` ${response.statusText || 'refused'}`}`);
        return response;
      } catch (error) {
        if (!init.signal.aborted) record('no answer');
        throw error;
      }
    };
  }
}

/**
 * Lists the signed attempts of a `SignatureRecipe` (newest first) with buttons that make the feed try again: a
 * dropped connection (the resume is signed with its Last-Event-ID) and a wrongly signed attempt (refused, 401).
 */
export class DemoSignatureLog extends LitElement {
  static override styles = [
    demoButtonStyles,
    css`
      :host {
        display: block;
        font: 14px/1.5 system-ui, sans-serif;
        color: #1f2328;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        margin-bottom: 0.5rem;
      }
      button:focus-visible {
        outline: 2px solid #0969da;
        outline-offset: 2px;
      }
      .scroll {
        overflow-x: auto;
        border: 1px solid #d0d7de;
        border-radius: 6px;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      }
      caption {
        text-align: start;
        font: 600 14px/1.5 system-ui, sans-serif;
        padding: 0.5rem 0.75rem;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: 0.3rem 0.75rem;
        border-top: 1px solid #d0d7de;
      }
      th {
        font-weight: 600;
        color: #3d444d;
        background: #f6f8fa;
        white-space: nowrap;
      }
      td.signature {
        overflow-wrap: anywhere;
        min-width: 16em;
      }
      .refused {
        color: #cf222e;
        font-weight: 600;
      }
      .accepted {
        color: #1a7f37;
        font-weight: 600;
      }
      .empty {
        padding: 0.5rem 0.75rem;
        color: #57606a;
      }
      output {
        display: block;
        margin: 0 0 0.5rem;
        font-size: 13px;
        color: #3d444d;
      }
    `,
  ];

  /** The recipe whose attempts to list. */
  @property({ attribute: false }) recipe: SignatureRecipe | null = null;

  #note = '';
  #listening: SignatureRecipe | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listening?.removeEventListener('change', this.#onChange);
    this.#listening = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('recipe')) this.#listen();
  }

  protected override render(): unknown {
    const attempts = this.recipe?.attempts ?? [];
    return html`
      <div class="buttons">
        <button type="button" data-action="drop" @click=${() => this.#drop(false)}>Drop the connection (resume, signed)</button>
        <button type="button" data-action="tamper" @click=${() => this.#drop(true)}>Sign the next attempt with a wrong key</button>
      </div>
      <output aria-live="polite">${this.#note}</output>
      <div class="scroll">
        <table>
          <caption>
            Each attempt's signature headers, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">time</th>
              <th scope="col">request</th>
              <th scope="col">Last-Event-ID</th>
              <th scope="col">X-Timestamp</th>
              <th scope="col">X-Signature</th>
              <th scope="col">answer</th>
            </tr>
          </thead>
          <tbody>
            ${attempts.map(
              (attempt) => html`<tr>
                <td>${attempt.number}</td>
                <td>${attempt.time}</td>
                <td>${attempt.request}</td>
                <td>${attempt.lastEventId || '(none)'}</td>
                <td>${attempt.timestamp}</td>
                <td class="signature">${attempt.signature}${attempt.tampered ? ' (wrong key)' : ''}</td>
                <td class=${attempt.answer.startsWith('200') ? 'accepted' : 'refused'}>${attempt.answer}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${attempts.length === 0 ? html`<p class="empty">No attempt yet.</p>` : nothing}
      </div>
    `;
  }

  async #drop(tamper: boolean): Promise<void> {
    if (this.recipe) this.recipe.tamperNext = tamper;
    try {
      const response = await fetch(demoUrl('demo/fault?type=drop'), { method: 'POST' });
      if (!response.ok) throw new Error(`status ${response.status}`);
      this.#note = tamper
        ? 'Dropped. The next attempt is signed with a wrong key: the server answers 401 and the feed fails (the toast offers Retry, which signs correctly again).'
        : 'Dropped. The feed resumes with a new timestamp and its Last-Event-ID, both signed.';
    } catch (error) {
      this.#note = `The demo server did not answer (${String(error)}).`;
    }
    this.requestUpdate();
  }

  #listen(): void {
    if (this.#listening === this.recipe) return;
    this.#listening?.removeEventListener('change', this.#onChange);
    this.#listening = this.isConnected ? this.recipe : null;
    this.#listening?.addEventListener('change', this.#onChange);
  }

  readonly #onChange = (): void => this.requestUpdate();
}

if (!customElements.get('demo-signature-log')) customElements.define('demo-signature-log', DemoSignatureLog);

declare global {
  interface HTMLElementTagNameMap {
    'demo-signature-log': DemoSignatureLog;
  }
}
