// <demo-page-visibility>: simulates a hidden page while it is in the document, with a button to show it again.
import { css, html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { simulateHidden } from './simulated-browser.js';
import { demoButtonStyles } from './demo-styles.js';

/**
 * While attached with `page-hidden`, this frame's `document.hidden` reads true (see simulated-browser.ts); the
 * button toggles it, and removing the element (leaving the story) restores the real visibility. Put it before the
 * feed in the template so the feed starts out hidden; it also fires `visibilitychange`, so order is not required.
 */
export class DemoPageVisibility extends LitElement {
  static override styles = [
    demoButtonStyles,
    css`
      :host {
        display: block;
        font: 14px/1.4 system-ui, sans-serif;
      }
      output {
        margin-inline-start: 0.75rem;
      }
    `,
  ];

  /** Whether this frame's page reads as hidden. */
  @property({ type: Boolean, attribute: 'page-hidden', reflect: true }) pageHidden = false;

  #applied = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#apply();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#applied) simulateHidden(false);
    this.#applied = false;
  }

  protected override willUpdate(): void {
    if (this.isConnected) this.#apply();
  }

  protected override render(): unknown {
    return html`<button type="button" data-action="visibility" aria-pressed=${this.pageHidden ? 'true' : 'false'} @click=${this.#toggle}>
        ${this.pageHidden ? 'Show the page (simulated)' : 'Hide the page (simulated)'}</button
      ><output>document.hidden reads ${String(this.pageHidden)}</output>`;
  }

  #apply(): void {
    if (this.pageHidden === this.#applied) return;
    this.#applied = this.pageHidden;
    simulateHidden(this.pageHidden);
  }

  #toggle(): void {
    this.pageHidden = !this.pageHidden;
  }
}

if (!customElements.get('demo-page-visibility')) customElements.define('demo-page-visibility', DemoPageVisibility);

declare global {
  interface HTMLElementTagNameMap {
    'demo-page-visibility': DemoPageVisibility;
  }
}
