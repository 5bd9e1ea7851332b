// The live demo template shared by the live stories: a feed on the demo server, its indicator, toast, log and fault buttons.
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { demoUrl } from './demo-server-probe.js';
import './fault-panel.js';
import './message-log.js';

/** What a live story can change about its feed. */
export interface LiveDemoArgs {
  src: string;
  transport: 'fetch' | 'eventsource';
  json: boolean;
  stallTimeout: number;
  retryInterval: number;
  retryMaxCount: number;
  toastPosition: string;
  note?: string;
}

export const liveDemoDefaults: LiveDemoArgs = {
  src: 'demo/live',
  transport: 'fetch',
  json: true,
  stallTimeout: 3000,
  retryInterval: 1000,
  retryMaxCount: 8,
  toastPosition: 'bottom-end',
};

/**
 * The page of a demo story (`class="demo-page"`): a column of a bar (an indicator and what the feed does),
 * panels and notes. Shared by the live stories and the `<sse-feed>` state stories.
 */
export const demoPageStyles = html`<style>
  .demo-page {
    font: 14px/1.5 system-ui, sans-serif;
    color: #1f2328;
    display: grid;
    gap: 0.75rem;
  }
  .demo-page .bar {
    display: flex;
    align-items: center;
    gap: 1rem;
    flex-wrap: wrap;
    padding: 0.5rem 0.75rem;
    border: 1px solid #d0d7de;
    border-radius: 6px;
  }
  .demo-page .bar code {
    font-size: 12px;
    overflow-wrap: anywhere;
  }
  .demo-page .note {
    margin: 0;
    font-size: 13px;
    opacity: 0.85;
  }
</style>`;

const styles = html`${demoPageStyles}<style>
  .live-demo {
    max-width: 72rem;
  }
  .live-demo .columns {
    display: grid;
    grid-template-columns: minmax(18rem, 1fr) minmax(20rem, 1.3fr);
    gap: 0.75rem;
    align-items: start;
  }
  .needs-server {
    font: 15px/1.5 system-ui, sans-serif;
    max-width: 44rem;
    padding: 1rem 1.25rem;
    border: 2px solid #bf8700;
    border-radius: 8px;
    background: #fff8c5;
    color: #1f2328;
  }
  .needs-server h2 {
    margin: 0 0 0.5rem;
    font-size: 18px;
  }
</style>`;

/** The live demo for one feed; `id` keeps two demos on one docs page apart. */
export function liveDemo(args: LiveDemoArgs, id = 'live-feed'): TemplateResult {
  const src = /^[a-z]+:/i.test(args.src) || args.src.startsWith('/') ? args.src : demoUrl(args.src);
  return html`${styles}
    <div class="demo-page live-demo">
      <sse-feed
        id=${id}
        src=${src}
        transport=${args.transport}
        ?json=${args.json}
        stall-timeout=${args.stallTimeout}
        retry-interval=${args.retryInterval}
        retry-max-count=${args.retryMaxCount}
      >
        <div class="bar">
          <connection-indicator></connection-indicator>
          <code>${src}</code>
          <span>transport: ${args.transport}</span>
          ${args.stallTimeout > 0 ? html`<span>stall-timeout: ${args.stallTimeout} ms</span>` : nothing}
        </div>
        <status-toast position=${ifDefined(args.toastPosition)}></status-toast>
      </sse-feed>
      ${args.note ? html`<p class="note">${args.note}</p>` : nothing}
      <div class="columns">
        <demo-fault-panel for=${id}></demo-fault-panel>
        <demo-message-log for=${id}></demo-message-log>
      </div>
    </div>`;
}

/** What a live story shows when no demo server answers, e.g. in the static build (`npm run build-storybook`). */
export function needsDemoServer(): TemplateResult {
  return html`${styles}
    <div class="needs-server" role="note" data-needs-demo-server>
      <h2>This live story needs the demo SSE server</h2>
      <p>
        It streams from <code>/demo/live</code> and breaks the stream through <code>POST /demo/fault</code>, both served by
        <code>stories/demo-server.mjs</code>. A static catalog on a plain file server has neither.
      </p>
      <p>Run <code>npm start</code> (Storybook dev on port 6006 with the demo server mounted), or serve this static build with
        the demo server: <code>node stories/demo-server.mjs --static storybook-static</code>.</p>
      <p>The <code>connection-indicator</code> and <code>status-toast</code> stories under <em>Elements</em> need no server: they set
        each state through the <code>status</code> property.</p>
    </div>`;
}
