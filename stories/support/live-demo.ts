// The live demo template shared by the live stories: a feed on the demo server, its indicator, toast, log and fault buttons.
import { html, nothing, type TemplateResult } from 'lit';
import type { ToastActionDetail, ToastPosition } from '../../components/status-toast/status-toast.js';
import { demoUrl } from './demo-server-probe.js';
import { demoPagePalette } from './demo-styles.js';
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
  toastPosition: ToastPosition;
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
 * panels and notes, in the demos' light/dark palette. Shared by the live stories and the `<sse-feed>` state stories.
 */
export const demoPageStyles = html`<style>
  ${demoPagePalette}
  .demo-page {
    font: 14px/1.5 system-ui, sans-serif;
    color: var(--demo-text);
    display: grid;
    gap: 0.75rem;
    min-width: 0;
  }
  .demo-page .bar {
    display: flex;
    align-items: center;
    gap: 0.5rem 1rem;
    flex-wrap: wrap;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--demo-border);
    border-radius: 8px;
    background: var(--demo-surface);
  }
  .demo-page .bar code {
    font-size: 12px;
    overflow-wrap: anywhere;
  }
  .demo-page .note {
    margin: 0;
    font-size: 13px;
    color: var(--demo-muted);
  }
  .demo-page code {
    overflow-wrap: anywhere;
  }
  .demo-page a {
    color: var(--demo-accent);
  }
</style>`;

const styles = html`${demoPageStyles}<style>
  .live-demo {
    max-width: 72rem;
  }
  .live-demo .intro h2 {
    margin: 0 0 0.25rem;
    font-size: 18px;
  }
  .live-demo .intro p {
    margin: 0;
    max-width: 60rem;
  }
  .live-demo .bar .what {
    color: var(--demo-muted);
  }
  /* One column on a phone; from 48rem the buttons and the table side by side, the buttons' column wide enough
     (about 30rem at 60rem) for each explanation to sit beside its button, which keeps the demo short. */
  .live-demo .columns {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.75rem;
    align-items: start;
  }
  @media (min-width: 48rem) {
    .live-demo .columns {
      grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr);
    }
  }
  /* On a phone the columns stack: the table of what the feed reports comes first, short, so a button's effect
     shows near the top (the toast opens at the bottom of the screen). */
  @media (max-width: 47.99rem) {
    .live-demo demo-message-log {
      order: -1;
      max-height: 15rem;
      min-height: 8rem;
    }
  }
  .needs-server {
    font: 15px/1.5 system-ui, sans-serif;
    max-width: 44rem;
    padding: 1rem 1.25rem;
    border: 2px solid var(--demo-warning-border);
    border-radius: 8px;
    background: var(--demo-warning-surface);
    color: var(--demo-text);
  }
  .needs-server h2 {
    margin: 0 0 0.5rem;
    font-size: 18px;
  }
  .needs-server code {
    overflow-wrap: anywhere;
  }
</style>`;

/**
 * The live demo page's resync after missed updates: it re-fetches the latest price (`GET /demo/live/state`, the
 * hub's current state) and logs what it got.
 */
async function refetchState(from: EventTarget | null, why: string): Promise<void> {
  const log = (from as Element | null)?.closest('.live-demo')?.querySelector('demo-message-log');
  try {
    const state = (await (await fetch(demoUrl('demo/live/state'), { cache: 'no-store' })).json()) as {
      lastEventID?: string;
      latest?: { symbol?: string; price?: number } | null;
    };
    const price = state.latest?.price === undefined ? 'no price yet' : `${state.latest.symbol ?? ''} ${state.latest.price.toFixed(2)}`.trim();
    log?.note(`re-fetched /demo/live/state ${why}: ${price}, up to id ${state.lastEventID ?? '?'}`);
  } catch (error) {
    log?.note(`could not re-fetch /demo/live/state (${String(error)})`);
  }
}

/** The feed's `sse-gap`: the page re-fetches its state at once; the toast still tells the person. */
const onGap = (event: Event): void => void refetchState(event.currentTarget, 'after sse-gap');

/** Refresh on the missed-updates notice: the page re-fetches again instead of the toast's default reload. */
function onToastAction(event: Event): void {
  if ((event as CustomEvent<ToastActionDetail>).detail.kind !== 'gap') return;
  event.preventDefault();
  void refetchState(event.currentTarget, 'on Refresh');
}

/** The live demo for one feed; `id` keeps two demos on one page apart; `intro` adds the heading and a sentence. */
export function liveDemo(args: LiveDemoArgs, id = 'live-feed', { intro = false } = {}): TemplateResult {
  const src = /^[a-z]+:/i.test(args.src) || args.src.startsWith('/') ? args.src : demoUrl(args.src);
  const path = src.startsWith(location.origin) ? src.slice(location.origin.length) : src;
  return html`${styles}
    <div class="demo-page live-demo">
      ${intro
        ? html`<div class="intro">
            <h2>A live price stream, and what happens when it breaks</h2>
            <p>
              The demo server sends a price every second. Break it with the buttons: the indicator says what the connection is
              doing, the toast tells the person when it matters, and the feed reconnects by itself, carrying on after the last
              price it received.
            </p>
          </div>`
        : nothing}
      <sse-feed
        id=${id}
        src=${src}
        transport=${args.transport}
        ?json=${args.json}
        stall-timeout=${args.stallTimeout}
        retry-interval=${args.retryInterval}
        retry-max-count=${args.retryMaxCount}
        @sse-gap=${onGap}
      >
        <div class="bar">
          <connection-indicator></connection-indicator>
          <code title="the stream's URL">${path}</code>
          <span class="what">${args.transport === 'fetch' ? 'fetch transport' : 'EventSource transport'}${args.stallTimeout > 0
              ? `, stall-timeout ${args.stallTimeout / 1000} s`
              : ', no stall-timeout'}</span>
        </div>
        <status-toast gaps position=${args.toastPosition} @toast-action=${onToastAction}></status-toast>
      </sse-feed>
      ${args.note ? html`<p class="note">${args.note}</p>` : nothing}
      <div class="columns">
        <demo-fault-panel for=${id} stall-timeout=${args.stallTimeout}></demo-fault-panel>
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
      <p>Run <code>npm start</code> (the catalog on port 6006 with the demo server), or serve this static build with
        the demo server: <code>node stories/demo-server.mjs --static storybook-static</code>.</p>
      <p>The <code>connection-indicator</code> and <code>status-toast</code> stories under <em>Elements</em> need no server: they set
        each state through the <code>status</code> property.</p>
    </div>`;
}
