// <demo-feed-status>: a feed's `status` (state, attempt, retry wait, error) spelled out as plain text.
import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FeedStatus } from '../../components/core/types.js';

type FeedLike = HTMLElement & { status?: FeedStatus };

/**
 * Shows the `status` of the `<sse-feed>` named by `for` (or the nearest ancestor feed), refreshed on every
 * `sse-state` and, while a retry is scheduled, every second for the countdown. Every value is a Lit text
 * binding: an error message from the network is shown as text.
 */
export class DemoFeedStatus extends LitElement {
  static override styles = css`
    :host {
      display: block;
      font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      color: var(--demo-readout-color, #1f2328);
      background: var(--demo-readout-background, #f6f8fa);
      border: 1px solid var(--demo-readout-border, #d0d7de);
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.1rem 1rem;
      margin: 0;
    }
    dt {
      opacity: 0.75;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .state {
      font-weight: 600;
    }
  `;

  /** Id of the `<sse-feed>` to show; without it, the nearest ancestor feed. */
  @property({ attribute: 'for' }) htmlFor = '';

  @state() private status: FeedStatus | null = null;
  @state() private now = Date.now();

  #feed: FeedLike | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // The feed may come later in the same template: look for it once the template is in.
    queueMicrotask(() => this.#attach());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#detach();
  }

  protected override render(): unknown {
    const status = this.status;
    if (!status) return html`<dl><dt>feed.status</dt><dd>no feed found</dd></dl>`;
    const { error } = status;
    const retryIn = status.retryAt === null ? null : Math.max(0, Math.ceil((status.retryAt - this.now) / 1000));
    return html`<dl>
      <dt>state</dt>
      <dd class="state" data-field="state">${status.state}</dd>
      <dt>attempt</dt>
      <dd data-field="attempt">${status.attempt} of ${status.retryMaxCount}</dd>
      <dt>retryDelay</dt>
      <dd data-field="retryDelay">
        ${status.retryDelay === null ? 'null' : `${status.retryDelay} ms`}${retryIn === null ? nothing : ` (next attempt in ${retryIn} s)`}
      </dd>
      <dt>error</dt>
      <dd data-field="error">${error === null ? 'null' : `${error.kind}${error.status === undefined ? '' : ` ${error.status}`}${error.fatal ? ', fatal' : ''}`}</dd>
      ${error === null ? nothing : html`<dt>error.message</dt><dd data-field="error-message">${error.message}</dd>`}
      <dt>messages</dt>
      <dd data-field="messages">${status.messages}${status.lastEventId ? ` (last id ${status.lastEventId})` : ''}</dd>
    </dl>`;
  }

  #attach(): void {
    this.#detach();
    if (!this.isConnected) return;
    const root = this.getRootNode() as Document | ShadowRoot;
    const feed = (this.htmlFor ? root.getElementById(this.htmlFor) : this.closest('sse-feed')) as FeedLike | null;
    if (!feed) return;
    this.#feed = feed;
    feed.addEventListener('sse-state', this.#onChange);
    feed.addEventListener('sse-message', this.#onChange);
    this.#onChange();
  }

  #detach(): void {
    this.#feed?.removeEventListener('sse-state', this.#onChange);
    this.#feed?.removeEventListener('sse-message', this.#onChange);
    this.#feed = null;
    this.#tick(false);
  }

  readonly #onChange = (): void => {
    this.status = this.#feed?.status ?? null;
    this.now = Date.now();
    this.#tick(this.status?.retryAt !== null && this.status?.retryAt !== undefined);
  };

  /** Runs the once-a-second clock for the countdown only while a retry is scheduled. */
  #tick(on: boolean): void {
    if (on && this.#ticker === null) this.#ticker = setInterval(() => (this.now = Date.now()), 1000);
    if (!on && this.#ticker !== null) {
      clearInterval(this.#ticker);
      this.#ticker = null;
    }
  }
}

if (!customElements.get('demo-feed-status')) customElements.define('demo-feed-status', DemoFeedStatus);

declare global {
  interface HTMLElementTagNameMap {
    'demo-feed-status': DemoFeedStatus;
  }
}
