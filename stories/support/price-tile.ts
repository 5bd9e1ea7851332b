// <demo-price-tile>: a dashboard tile fed by its ancestor <sse-feed> (JSON prices), rendered in the light DOM so page CSS
// such as `sse-feed[stale] .price` styles it, as the Stale data guide shows.
import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { FeedMessage, FeedStatus } from '../../components/core/types.js';

interface Price {
  symbol: string;
  price: number;
}

type FeedLike = HTMLElement & { status?: FeedStatus };

/**
 * The latest price from the nearest ancestor `<sse-feed json>` (`{ symbol, price }` messages), its change, and
 * when it arrived; while the feed is stale, how long ago that was. Renders into its own light DOM (no shadow
 * root): the page styles it, keyed on the feed's `stale` attribute. Every value is a text binding.
 */
export class DemoPriceTile extends LitElement {
  @state() private latest: Price | null = null;
  @state() private change = 0;
  @state() private status: FeedStatus | null = null;
  @state() private now = Date.now();

  #feed: FeedLike | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#feed = this.closest('sse-feed');
    this.#feed?.addEventListener('sse-message', this.#onMessage);
    this.#feed?.addEventListener('sse-state', this.#onState);
    this.status = this.#feed?.status ?? null;
    this.#ticker = setInterval(() => {
      if (this.status?.stale) this.now = Date.now();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#feed?.removeEventListener('sse-message', this.#onMessage);
    this.#feed?.removeEventListener('sse-state', this.#onState);
    this.#feed = null;
    if (this.#ticker !== null) clearInterval(this.#ticker);
    this.#ticker = null;
  }

  protected override render(): unknown {
    const latest = this.latest;
    const lastAt = this.status?.lastMessageAt ?? null;
    const direction = this.change > 0 ? 'up' : this.change < 0 ? 'down' : 'flat';
    const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '■';
    return html`
      <div class="tile-head">
        <h3 class="symbol">${latest?.symbol ?? 'SSE'} <span class="unit">price</span></h3>
      </div>
      <p class="price" data-field="price">${latest ? latest.price.toFixed(2) : '–'}</p>
      <p class="change ${direction}">
        ${latest
          ? html`<span aria-hidden="true">${arrow}</span> ${direction === 'flat' ? 'unchanged' : `${direction} ${Math.abs(this.change).toFixed(2)}`}`
          : nothing}
      </p>
      <p class="as-of" data-field="as-of">
        ${lastAt === null ? 'No data yet' : `Updated ${new Date(lastAt).toLocaleTimeString([], { hour12: false })}`}
        ${this.status?.stale && lastAt !== null ? ` (${Math.max(0, Math.round((this.now - lastAt) / 1000))} s ago)` : nothing}
      </p>
      <p class="stale-note">No new data: this price may be out of date.</p>
    `;
  }

  readonly #onMessage = (event: CustomEvent<FeedMessage>): void => {
    const data = event.detail.json as Partial<Price> | undefined;
    if (typeof data?.price !== 'number') return;
    const price = { symbol: String(data.symbol ?? 'SSE'), price: data.price };
    this.change = this.latest ? price.price - this.latest.price : 0;
    this.latest = price;
    this.status = this.#feed?.status ?? null;
  };

  readonly #onState = (event: CustomEvent<FeedStatus>): void => {
    this.status = event.detail;
    this.now = Date.now();
  };
}

if (!customElements.get('demo-price-tile')) customElements.define('demo-price-tile', DemoPriceTile);

declare global {
  interface HTMLElementTagNameMap {
    'demo-price-tile': DemoPriceTile;
  }
}
