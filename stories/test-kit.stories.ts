// The test kit in the catalog: a feed whose server is createTestStream(), scripted with buttons; no server at all.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import '../components/index.js';
import { createTestStream, type TestStream } from '../components/testing/index.js';
import { demoPageButtons } from './support/demo-styles.js';
import { demoPageStyles } from './support/live-demo.js';
import './support/message-log.js';

const styles = html`<style>
  .kit-demo {
    max-width: 60rem;
  }
  .kit-demo fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    margin: 0;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--demo-border);
    border-radius: 8px;
  }
  .kit-demo legend {
    padding: 0 0.25rem;
  }
  ${demoPageButtons}
  .kit-demo .kit-result {
    min-height: 1.5em;
  }
  .kit-demo ol {
    margin: 0;
    padding-left: 1.5rem;
    font-size: 13px;
  }
</style>`;

/** The requests the stream has seen, as text, newest last. */
function describeRequests(stream: TestStream): string[] {
  return stream.requests.map((request) => {
    const resume = request.lastEventId === null ? 'first request' : `Last-Event-ID: ${request.lastEventId}`;
    return `${request.method} ${new URL(request.url).pathname} (${resume})${request.aborted ? ', aborted by the feed' : ''}`;
  });
}

let prices = 100;
let pages = 0;

/** The page: a feed on the stream, its indicator and toast, a log, and the buttons that play the server. */
function scriptedPage(stream: TestStream): TemplateResult {
  let eventId = 0;
  // A docs page shows both stories at once: ids of their own.
  pages += 1;
  const pageId = `kit-page-${pages}`;
  const feedId = `kit-feed-${pages}`;
  const root = (): HTMLElement | null => document.getElementById(pageId);
  const show = (page: HTMLElement): void => {
    const list = page.querySelector('ol')!;
    list.replaceChildren(
      ...describeRequests(stream).map((text) => {
        const item = document.createElement('li');
        item.textContent = text;
        return item;
      }),
    );
    page.querySelector('.kit-connections')!.textContent = String(stream.connections);
  };
  // Every button runs one call on the stream; a misuse shows the kit's own error, the words a test would see.
  const act =
    (label: string, action: () => void) =>
    (): void => {
      const page = root();
      if (!page) return;
      const result = page.querySelector('.kit-result')!;
      try {
        action();
        result.textContent = `${label}: done.`;
      } catch (error) {
        result.textContent = (error as Error).message; // it names the call already
      }
      show(page);
    };
  // The story's own wrapper around the kit's fetch, only to refresh the list of requests as they come.
  const fetch: TestStream['fetch'] = (url, init) => {
    const response = stream.fetch(url, init);
    queueMicrotask(() => {
      const page = root();
      if (page) show(page);
    });
    return response;
  };

  return html`${demoPageStyles}${styles}
    <div class="demo-page kit-demo" id=${pageId}>
      <sse-feed id=${feedId} src="/prices" json retry-interval="2000" retry-max-count="3" .fetch=${fetch}>
        <div class="bar">
          <connection-indicator></connection-indicator>
          <code>feed.fetch = createTestStream().fetch</code>
          <span>connections held: <strong class="kit-connections">0</strong></span>
        </div>
        <status-toast delay="0"></status-toast>
      </sse-feed>
      <fieldset>
        <legend>Answer the waiting request</legend>
        <button type="button" @click=${act('open()', () => stream.open())}>open(): 200 event stream</button>
        <button type="button" @click=${act('respond(503)', () => stream.respond(503, { headers: { 'Retry-After': '5' } }))}>
          respond(503), Retry-After: 5
        </button>
        <button type="button" @click=${act('respond(401)', () => stream.respond(401))}>respond(401)</button>
        <button type="button" @click=${act('respond(204)', () => stream.respond(204))}>respond(204)</button>
        <button type="button" @click=${act('fail()', () => stream.fail())}>fail(): network error</button>
      </fieldset>
      <fieldset>
        <legend>Script the open response</legend>
        <button
          type="button"
          @click=${act('send()', () => {
            eventId += 1;
            prices += Math.round(Math.random() * 10 - 5);
            stream.send({ event: 'price', data: JSON.stringify({ last: prices }), id: String(eventId) });
          })}
        >
          send(): a price
        </button>
        <button type="button" @click=${act('comment()', () => stream.comment('keep-alive'))}>comment()</button>
        <button type="button" @click=${act('end()', () => stream.end())}>end(): the server finishes</button>
        <button type="button" @click=${act('drop()', () => stream.drop())}>drop(): the connection breaks</button>
      </fieldset>
      <p class="kit-result" role="status"></p>
      <div class="bar">
        <span>Requests the feed made:</span>
        <ol></ol>
      </div>
      <demo-message-log for=${feedId} max="30"></demo-message-log>
    </div>`;
}

const meta: Meta<Record<string, never>> = {
  title: 'Testing/Scripted feed (test kit)',
  // A fresh stream per render, also handed to the play function.
  loaders: [async () => ({ stream: createTestStream() })],
  render: (_args, { loaded }) => scriptedPage(loaded.stream as TestStream),
  parameters: {
    docs: {
      description: {
        component:
          'A real `<sse-feed>` whose every attempt is answered by `createTestStream()` from `sse-feed/testing`: the ' +
          'buttons are the server. Answer the waiting request (`open`, `respond`, `fail`), then script the open ' +
          'response (`send`, `comment`, `end`, `drop`); the indicator, the toast and the log react as they would to a ' +
          'real server, and a call that does not fit (sending with no response open) shows the error a test would get. ' +
          'See "Guides/Testing your page".',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Record<string, never>>;

/** Press the buttons: each is one call on the test stream. */
export const ScriptedFeed: Story = {};

/**
 * The same page, played by a test: open, a price, a drop (retrying, then a resume with `Last-Event-ID`), a 503
 * (the toast), then the stream again.
 */
export const PlayedByATest: Story = {
  play: async ({ canvasElement, loaded, step }) => {
    const stream = loaded.stream as TestStream;
    const canvas = within(canvasElement);
    const feed = canvasElement.querySelector('sse-feed')!;
    const indicator = canvasElement.querySelector('connection-indicator')!;
    const toast = canvasElement.querySelector('status-toast')!;

    await step('the server opens the stream and sends a price', async () => {
      await stream.nextRequest();
      await userEvent.click(canvas.getByRole('button', { name: /^open\(\)/ }));
      await userEvent.click(canvas.getByRole('button', { name: /^send\(\)/ }));
      await waitFor(() => expect(feed.status.messages).toBe(1));
      await expect(indicator.getAttribute('state')).toBe('connected');
    });

    await step('the connection breaks: retrying, then a resume from the last id', async () => {
      await userEvent.click(canvas.getByRole('button', { name: /^drop\(\)/ }));
      await waitFor(() => expect(indicator.getAttribute('state')).toBe('retrying'));
      const resume = await stream.nextRequest();
      await expect(resume.lastEventId).toBe('1');
    });

    await step('the server is unavailable: the toast tells the person', async () => {
      await userEvent.click(canvas.getByRole('button', { name: /^respond\(503\)/ }));
      // The toast may still be open from the drop: it is the 503 it must now say, with the server's wait.
      await waitFor(() => expect(toast.shadowRoot?.querySelector('[part="reason"]')?.textContent).toBe('Server error (503)'));
      await expect(toast.hasAttribute('open')).toBe(true);
      await expect(feed.status.retryDelay).toBeGreaterThanOrEqual(5000);
    });

    await step('sending with no response open shows the kit\u2019s error', async () => {
      await userEvent.click(canvas.getByRole('button', { name: /^send\(\)/ }));
      await expect(canvasElement.querySelector('.kit-result')?.textContent).toMatch(/send\(\): no response is open/);
    });
  },
};
