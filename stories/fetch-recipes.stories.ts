// Fetch recipes: the Expiring tokens guide's `fetch` functions (stories/support/recipes.ts) on real feeds, against the demo server's
// protected streams (stories/demo-auth.mjs): a token that expires and is refreshed, and a request signed per attempt.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../components/index.js';
import { demoUrl, probeDemoServer } from './support/demo-server-probe.js';
import { demoPageStyles, needsDemoServer } from './support/live-demo.js';
import './support/message-log.js';
import { SignatureRecipe } from './support/signature-recipe-demo.js';
import { TokenRecipe } from './support/token-recipe-demo.js';

const styles = html`<style>
  .recipe-demo {
    max-width: 72rem;
  }
  .recipe-demo .columns {
    display: grid;
    grid-template-columns: minmax(18rem, 1fr) minmax(20rem, 1.3fr);
    gap: 0.75rem;
    align-items: start;
  }
  @media (max-width: 44rem) {
    .recipe-demo .columns {
      grid-template-columns: 1fr;
    }
  }
</style>`;

const meta: Meta = {
  title: 'Live/Fetch recipes',
  // Ask once per story whether the demo server is there; the static build usually has none.
  loaders: [async () => ({ demoServer: await probeDemoServer() })],
  parameters: {
    docs: {
      description: {
        component:
          "`<sse-feed>`'s `fetch` property on real streams: the recipes of the [Expiring tokens guide](?path=/docs/guides-expiring-tokens--docs) " +
          '(`stories/support/recipes.ts`, the same code), against `/demo/secure` (a bearer token) and `/demo/signed` ' +
          '(an HMAC signature) of the demo server. Needs `npm start`.',
      },
    },
  },
};
export default meta;

type Story = StoryObj;

function tokenDemo(): TemplateResult {
  const recipe = new TokenRecipe(demoUrl('demo/token'), demoUrl('demo/token/revoke'));
  // `.fetch` is set before the feed is connected, so its very first request carries a token.
  return html`${demoPageStyles}${styles}
    <div class="demo-page recipe-demo">
      <sse-feed id="token-feed" src=${demoUrl('demo/secure')} json retry-interval="500" .fetch=${recipe.fetch}>
        <div class="bar">
          <connection-indicator></connection-indicator>
          <code>GET /demo/secure</code>
          <span>fetch: <code>bearerFetch(cachedToken(() =&gt; tokenFrom('/demo/token')))</code></span>
        </div>
        <status-toast></status-toast>
      </sse-feed>
      <p class="note">
        The server's tokens last 15 s, and it ends a stream when its token expires. The feed reconnects at once, and the
        recipe, asked for a token on every attempt, sees the old one has expired and fetches a new one first. "Expire the
        token now" revokes it on the server: the page does not know, so the next attempt sends it, gets a 401 inside
        <code>fetch</code>, and the recipe fetches a new token and sends the request again. The feed never sees the 401.
      </p>
      <div class="columns">
        <demo-token-panel .recipe=${recipe}></demo-token-panel>
        <demo-message-log for="token-feed" max="30"></demo-message-log>
      </div>
    </div>`;
}

function signatureDemo(): TemplateResult {
  const recipe = new SignatureRecipe();
  return html`${demoPageStyles}${styles}
    <div class="demo-page recipe-demo">
      <sse-feed id="signed-feed" src=${demoUrl('demo/signed')} json .fetch=${recipe.fetch}>
        <div class="bar">
          <connection-indicator></connection-indicator>
          <code>GET /demo/signed</code>
          <span>fetch: <code>signedFetch(await hmacKey(key))</code></span>
        </div>
        <status-toast></status-toast>
      </sse-feed>
      <p class="note">
        Every attempt is signed afresh: HMAC-SHA-256 over the method, the path with its query, a timestamp and the
        Last-Event-ID, sent as <code>X-Timestamp</code> and <code>X-Signature</code>; the server computes the same and
        refuses anything else (401). The key here is the demo's public one, which is why it can sit in this page: a real
        key never lives in a page.
      </p>
      <demo-signature-log .recipe=${recipe}></demo-signature-log>
      <demo-message-log for="signed-feed" max="20"></demo-message-log>
    </div>`;
}

/**
 * A feed whose `fetch` sends a bearer token: asked for on every attempt, cached while valid, fetched anew when it
 * has expired, and once more after a 401. Watch the countdown, then press "Expire the token now".
 */
export const ExpiringTokens: Story = {
  render: (_args, { loaded }) => (loaded.demoServer ? tokenDemo() : needsDemoServer()),
};

/**
 * A feed whose `fetch` signs every attempt with `crypto.subtle`. Drop the connection to see the resume signed with its
 * Last-Event-ID, or sign one attempt with a wrong key to see the server refuse it.
 */
export const SignedRequests: Story = {
  render: (_args, { loaded }) => (loaded.demoServer ? signatureDemo() : needsDemoServer()),
};
