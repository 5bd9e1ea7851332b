// sse-feed in React 19: custom elements are first-class, `on<event-name>` props listen to their events.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'sse-feed'; // registers <sse-feed>, <connection-indicator> and <status-toast>
import type { FeedMessage, FeedState } from 'sse-feed';
import type {} from 'sse-feed/react'; // React 19 JSX typings for the three elements, generated from the manifest

interface Line {
  readonly id: string;
  readonly text: string;
}

function describe(message: FeedMessage): string {
  const quote = message.json as { symbol?: string; price?: number } | undefined;
  return quote?.price !== undefined ? `#${message.lastEventId} ${quote.symbol} ${quote.price}` : message.data;
}

function Prices() {
  const [lines, setLines] = useState<readonly Line[]>([]);
  const [state, setState] = useState<FeedState>('idle');
  return (
    <main style={{ font: '16px/1.5 system-ui, sans-serif', maxWidth: '40rem', margin: '2rem auto', padding: '0 1rem' }}>
      <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <h1>Prices (React)</h1>
        <connection-indicator for="prices" />
      </header>
      <sse-feed
        id="prices"
        src="/demo/live"
        json
        stall-timeout={5000}
        onsse-message={(event) =>
          setLines((previous) => [{ id: event.detail.lastEventId, text: describe(event.detail) }, ...previous].slice(0, 20))
        }
        onsse-state={(event) => setState(event.detail.state)}
      >
        <status-toast />
      </sse-feed>
      <p>
        State from <code>sse-state</code>: <output data-testid="state">{state}</output>
      </p>
      {/* React renders strings as text: server data never becomes markup. */}
      <ol data-testid="messages" style={{ font: '14px/1.5 ui-monospace, monospace' }}>
        {lines.map((line) => (
          <li key={line.id}>{line.text}</li>
        ))}
      </ol>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Prices />
  </StrictMode>,
);
