// <demo-fault-button>: one button that sends one fault to the demo server (`POST /demo/fault?type=...`), and says what it did.
import { css, html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { demoUrl } from './demo-server-probe.js';
import { demoButtonStyles } from './demo-styles.js';

/**
 * A single fault button, for stories that need one or two rather than the whole `<demo-fault-panel>`. The
 * button carries `data-fault` for the e2e (e2e/*.spec.ts); the result is announced politely.
 */
export class DemoFaultButton extends LitElement {
  static override styles = [
    demoButtonStyles,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        font: 14px/1.4 system-ui, sans-serif;
      }
      button:focus-visible {
        outline: 2px solid #0969da;
        outline-offset: 2px;
      }
      output {
        font-size: 12px;
        color: #3d444d;
      }
    `,
  ];

  /** The fault type, as `/demo/fault` takes it (`drop`, `stall`, `reset`, ...). */
  @property() fault = 'drop';

  /** `seconds=` for the timed faults; 0 leaves it out. */
  @property({ type: Number }) seconds = 0;

  /** The button's text. */
  @property() label = '';

  @state() private result = '';

  protected override render(): unknown {
    return html`<button type="button" data-fault=${this.fault} @click=${this.#inject}>${this.label || this.fault}</button
      ><output aria-live="polite">${this.result}</output>`;
  }

  async #inject(): Promise<void> {
    const query = new URLSearchParams({ type: this.fault });
    if (this.seconds > 0) query.set('seconds', String(this.seconds));
    try {
      const response = await fetch(demoUrl(`demo/fault?${query}`), { method: 'POST' });
      const body = (await response.json()) as { ok?: boolean; error?: string };
      this.result = body.ok ? `done at ${new Date().toLocaleTimeString([], { hour12: false })}` : (body.error ?? String(response.status));
    } catch (error) {
      this.result = `the demo server did not answer (${String(error)})`;
    }
  }
}

if (!customElements.get('demo-fault-button')) customElements.define('demo-fault-button', DemoFaultButton);

declare global {
  interface HTMLElementTagNameMap {
    'demo-fault-button': DemoFaultButton;
  }
}
