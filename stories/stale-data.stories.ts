// Stale data: a dashboard tile on the demo server's live stream with `stale-after`, and a button that stops the data.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../components/index.js';
import { demoUrl, probeDemoServer } from './support/demo-server-probe.js';
import { demoPageStyles, needsDemoServer } from './support/live-demo.js';
import './support/fault-button.js';
import './support/price-tile.js';

// The page's own CSS, keyed on the feed's `stale` attribute: the same rules as the Stale data guide (stories/guides/stale-data.mdx).
const styles = html`<style>
  .stale-demo {
    max-width: 48rem;
  }
  .stale-demo .tile {
    display: grid;
    gap: 0.35rem;
    max-width: 22rem;
    padding: 1rem 1.25rem;
    border: 2px solid #d0d7de;
    border-radius: 10px;
    background: #ffffff;
  }
  .stale-demo .tile-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    flex-wrap: wrap;
  }
  .stale-demo demo-price-tile {
    display: grid;
    gap: 0.2rem;
  }
  .stale-demo demo-price-tile p,
  .stale-demo demo-price-tile h3 {
    margin: 0;
  }
  .stale-demo .symbol {
    font-size: 15px;
    font-weight: 600;
  }
  .stale-demo .unit {
    font-weight: 400;
    color: #57606a;
  }
  .stale-demo .price {
    font-size: 2.5rem;
    font-weight: 700;
    line-height: 1.1;
    font-variant-numeric: tabular-nums;
  }
  .stale-demo .change.up {
    color: #1a7f37;
  }
  .stale-demo .change.down {
    color: #cf222e;
  }
  .stale-demo .as-of {
    font-size: 13px;
    color: #57606a;
  }
  .stale-demo .stale-note {
    display: none;
    font-size: 13px;
    font-weight: 600;
    color: #7d4e00;
  }
  .stale-demo .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
  }

  /* The feed says it is stale: grey out the numbers and say why. */
  sse-feed[stale] .tile {
    border-color: #bf8700;
    background: #fff8c5;
  }
  sse-feed[stale] .price,
  sse-feed[stale] .change {
    color: #57606a;
  }
  sse-feed[stale] .stale-note {
    display: block;
  }
  .stale-demo .tile {
    transition: background-color 0.3s, border-color 0.3s;
  }
  @media (prefers-reduced-motion: reduce) {
    .stale-demo .tile {
      transition: none;
    }
  }
</style>`;

const meta: Meta = {
  title: 'Live/Stale data',
  loaders: [async () => ({ demoServer: await probeDemoServer() })],
  parameters: {
    docs: {
      description: {
        component:
          "`stale-after` for a dashboard whose numbers must be fresh: the connection stays up, but when no message came for " +
          '3 s the feed gets a `stale` attribute and the indicator says "No new data for N s". Needs `npm start`.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

function dashboard(): TemplateResult {
  return html`${demoPageStyles}${styles}
    <div class="demo-page stale-demo">
      <sse-feed id="stale-feed" src=${demoUrl('demo/live')} json stale-after="3000">
        <div class="tile">
          <demo-price-tile></demo-price-tile>
          <connection-indicator></connection-indicator>
        </div>
        <status-toast></status-toast>
      </sse-feed>
      <div class="controls">
        <demo-fault-button fault="stall" seconds="10" label="Stall the data for 10 s"></demo-fault-button>
        <demo-fault-button fault="reset" label="Send data again now"></demo-fault-button>
      </div>
      <p class="note">
        "Stall the data" keeps the connection open but has the server send nothing for 10 s. After 3 s without a message
        the feed turns stale: the tile greys out (page CSS on <code>sse-feed[stale]</code>) and the indicator says "No new
        data for N s", counting, and is announced once as "Connected, but no new data". The next message clears it.
        Nothing reconnects: <code>stale-after</code> tells the person, it does not touch the connection.
      </p>
      <p class="note">
        This feed has no <code>stall-timeout</code>: the demo's stall also silences the comments a server sends to keep a
        connection alive, so a <code>stall-timeout</code> of under 10 s would (rightly) take it for a dead connection and
        reconnect. A real server that keeps sending comments while its data source is quiet is stale, not stalled.
      </p>
    </div>`;
}

/** A price tile with `stale-after="3000"`; "Stall the data for 10 s" makes it stale, and it recovers by itself. */
export const Dashboard: Story = {
  render: (_args, { loaded }) => (loaded.demoServer ? dashboard() : needsDemoServer()),
};
