// The "Expiring tokens" story's parts: the Expiring tokens guide's bearer-token recipe with counters, and <demo-token-panel> showing them.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { FeedFetch } from '../../components/core/transport.js';
import { demoButtonStyles } from './demo-styles.js';
import { bearerFetch, cachedToken, tokenFrom, type IssuedToken } from './recipes.js';

/** A token as the story tells it: numbered in the order this page fetched them. */
export interface ShownToken extends IssuedToken {
  number: number;
  lifetime: number;
}

/**
 * The recipe exactly as the Expiring tokens guide shows it (`bearerFetch(cachedToken(() => tokenFrom(url)))`), with counts of
 * what it did for the panel. Dispatches `change` whenever something changed.
 */
export class TokenRecipe extends EventTarget {
  /** The token the page holds now. */
  current: ShownToken | null = null;
  /** Tokens fetched from the token endpoint. */
  fetched = 0;
  /** Times the server answered 401 and the recipe fetched a new token and sent the request again. */
  refreshedAfter401 = 0;
  /** The current token was revoked on the server with the button (the page learns it from the next 401). */
  revoked = false;
  /** What happened, in words, newest first (at most eight). */
  history: readonly { readonly id: number; readonly time: string; readonly text: string }[] = [];
  /** The feed's `fetch`. */
  readonly fetch: FeedFetch;

  readonly #revokeUrl: string;
  #refused = false; // the server has just answered 401 to the current token
  #said = 0;

  constructor(tokenUrl: string, revokeUrl: string) {
    super();
    this.#revokeUrl = revokeUrl;
    const getToken = cachedToken(() => this.#issue(tokenUrl));
    this.fetch = bearerFetch((refresh) => {
      if (refresh) {
        this.refreshedAfter401 += 1;
        this.#refused = true;
        this.#say(`The server answered 401 to token ${this.current?.number ?? '?'}: the recipe fetches a new one and sends the request again.`);
      }
      return getToken(refresh);
    });
  }

  /** Revokes the current token on the server, which ends the stream it opened. */
  async revoke(): Promise<void> {
    const token = this.current;
    if (!token) return;
    try {
      const response = await fetch(this.#revokeUrl, { method: 'POST', headers: { Authorization: `Bearer ${token.token}` } });
      const body = (await response.json()) as { revoked?: boolean; streams?: number };
      if (!body.revoked) {
        this.#say(`Token ${token.number} was already gone on the server (expired).`);
        return;
      }
      if (this.current === token) this.revoked = true;
      this.#say(`Token ${token.number} revoked on the server, which ended its stream. The page still holds it as valid.`);
    } catch (error) {
      this.#say(`The demo server did not answer (${String(error)}).`);
    }
  }

  async #issue(tokenUrl: string): Promise<IssuedToken> {
    const previous = this.current;
    const why = !previous ? '' : this.#refused ? ` (token ${previous.number} was refused)` : ` (token ${previous.number} has expired)`;
    this.#refused = false;
    const issued = await tokenFrom(tokenUrl);
    this.fetched += 1;
    this.revoked = false;
    this.current = { ...issued, number: this.fetched, lifetime: issued.expiresAt - Date.now() };
    this.#say(`Token ${this.fetched} fetched${why}, valid for ${Math.round(this.current.lifetime / 1000)} s.`);
    return issued;
  }

  #say(text: string): void {
    const time = new Date().toLocaleTimeString([], { hour12: false });
    this.history = [{ id: (this.#said += 1), time, text }, ...this.history].slice(0, 8);
    this.dispatchEvent(new Event('change'));
  }
}

/**
 * Shows a `TokenRecipe`: the current token and its countdown, how many tokens were fetched and how many 401s
 * were answered with a new one, and a button that revokes the token on the server. All text; the countdown is
 * not a live region; the list of what happened is a `role="log"`, so each new line is announced once.
 */
export class DemoTokenPanel extends LitElement {
  static override styles = [
    demoButtonStyles,
    css`
      :host {
        display: block;
        font: 14px/1.5 system-ui, sans-serif;
        color: #1f2328;
        border: 1px solid #d0d7de;
        border-radius: 6px;
        padding: 0.75rem;
      }
      h3 {
        margin: 0 0 0.5rem;
        font-size: 15px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0 0 0.75rem;
      }
      dt {
        color: #57606a;
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      code {
        font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      }
      .count {
        font-weight: 600;
      }
      .bar {
        height: 0.4rem;
        border-radius: 999px;
        background: #eaeef2;
        overflow: hidden;
        margin: 0.1rem 0 0.75rem;
      }
      .bar > span {
        display: block;
        height: 100%;
        background: #1a7f37;
        transition: width 1s linear;
      }
      .bar.low > span {
        background: #9a6700;
      }
      .bar.revoked > span {
        background: #cf222e;
      }
      .revoked-text {
        color: #cf222e;
        font-weight: 600;
      }
      h4 {
        margin: 0.75rem 0 0.25rem;
        font-size: 13px;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        font-size: 13px;
        color: #3d444d;
      }
      li {
        display: grid;
        grid-template-columns: 5em 1fr;
        gap: 0.5em;
        padding: 0.1rem 0;
      }
      li time {
        font-variant-numeric: tabular-nums;
        color: #57606a;
      }
      button:focus-visible {
        outline: 2px solid #0969da;
        outline-offset: 2px;
      }
      @media (prefers-reduced-motion: reduce) {
        .bar > span {
          transition: none;
        }
      }
    `,
  ];

  /** The recipe to show. */
  @property({ attribute: false }) recipe: TokenRecipe | null = null;

  @state() private now = Date.now();

  #ticker: ReturnType<typeof setInterval> | null = null;
  #listening: TokenRecipe | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#ticker = setInterval(() => (this.now = Date.now()), 1000);
    this.#listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#ticker !== null) clearInterval(this.#ticker);
    this.#ticker = null;
    this.#listening?.removeEventListener('change', this.#onChange);
    this.#listening = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('recipe')) this.#listen();
  }

  protected override render(): unknown {
    const recipe = this.recipe;
    if (!recipe) return nothing;
    const token = recipe.current;
    const left = token ? Math.max(0, token.expiresAt - this.now) : 0;
    const fraction = token ? Math.min(1, left / token.lifetime) : 0;
    const barClass = recipe.revoked ? 'bar revoked' : fraction < 0.25 ? 'bar low' : 'bar';
    return html`
      <h3>The page's token</h3>
      <dl>
        <dt>Current token</dt>
        <dd data-field="token">${token ? html`no. ${token.number}: <code>${token.token.slice(0, 10)}…</code>` : 'none yet'}</dd>
        <dt>Valid for</dt>
        <dd data-field="expires">
          ${!token
            ? '–'
            : recipe.revoked
              ? html`<span class="revoked-text">revoked on the server</span> (the page does not know yet)`
              : left > 0
                ? `${Math.ceil(left / 1000)} s more (of ${Math.round(token.lifetime / 1000)} s)`
                : 'expired: the next attempt fetches a new one'}
        </dd>
        <dt>Tokens fetched</dt>
        <dd class="count" data-field="fetched">${recipe.fetched}</dd>
        <dt>Refreshed after a 401</dt>
        <dd class="count" data-field="refreshed">${recipe.refreshedAfter401}</dd>
      </dl>
      <div class=${barClass} aria-hidden="true"><span style=${styleMap({ width: `${Math.round(fraction * 100)}%` })}></span></div>
      <button type="button" data-action="expire-token" ?disabled=${!token} @click=${() => recipe.revoke()}>
        Expire the token now
      </button>
      <h4 id="history">What the recipe did</h4>
      <ol role="log" aria-labelledby="history">
        ${recipe.history.length === 0 ? html`<li><span></span><span>Waiting for the first attempt…</span></li>` : nothing}
        ${repeat(
          recipe.history,
          (entry) => entry.id,
          (entry) => html`<li><time>${entry.time}</time><span>${entry.text}</span></li>`,
        )}
      </ol>
    `;
  }

  #listen(): void {
    if (this.#listening === this.recipe) return;
    this.#listening?.removeEventListener('change', this.#onChange);
    this.#listening = this.isConnected ? this.recipe : null;
    this.#listening?.addEventListener('change', this.#onChange);
  }

  readonly #onChange = (): void => {
    this.now = Date.now();
    this.requestUpdate();
  };
}

if (!customElements.get('demo-token-panel')) customElements.define('demo-token-panel', DemoTokenPanel);

declare global {
  interface HTMLElementTagNameMap {
    'demo-token-panel': DemoTokenPanel;
  }
}
