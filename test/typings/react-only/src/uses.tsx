// React 19 with the generated JSX typings: every element with attributes, properties and event handlers.
import { useRef, useState } from 'react';
import type { FeedFetch, FeedState, FeedStatus, SseFeed } from 'sse-feed';
import type {} from 'sse-feed/react';

const signed: FeedFetch = (url, init) => fetch(url, { ...init, headers: { ...init.headers, 'x-signature': 'abc' } });

export function Prices({ status }: { status: FeedStatus | null }) {
  const feed = useRef<SseFeed>(null);
  const [lines, setLines] = useState<string[]>([]);
  const [state, setState] = useState<FeedState>('idle');
  return (
    <>
      <sse-feed
        ref={feed}
        id="prices"
        className="feed"
        src="/prices"
        transport="fetch"
        method="POST"
        body={JSON.stringify({ symbols: ['ACME'] })}
        headers={{ authorization: 'Bearer token' }}
        fetch={signed}
        with-credentials
        retry-interval={500}
        retry-scaler="1.5"
        retry-max-wait={30_000}
        retry-max-count={Infinity}
        retry-jitter={0}
        stall-timeout={5000}
        pause-when-hidden={false}
        persist
        manual={false}
        events="price trade"
        json
        max-message-size={1 << 20}
        share="tabs"
        stream-end="close"
        close-event="done"
        last-event-id-param="lastEventId"
        stale-after={10_000}
        debug={false}
        onsse-message={(event) => setLines((previous) => [event.detail.data, ...previous])}
        onsse-state={(event) => setState(event.detail.state)}
        onsse-error={(event) => console.warn(event.detail.kind, event.detail.fatal)}
        onsse-gap={(event) => console.warn(event.detail.requested, event.detail.reason)}
      >
        <connection-indicator compact theme="dark" label-retrying="Retrying in {seconds} s" label-offline="Offline" label-stale="Stale for {seconds} s" />
        <status-toast position="top-end" delay={0} duration={3000} message-offline="You are offline" action-label="Try again" />
      </sse-feed>
      {/* Camel-case properties work as well: React 19 sets what the element has as a property. */}
      <sse-feed src="/prices" retryMaxCount={2} streamEnd="reconnect" withCredentials />
      <connection-indicator for="prices" status={status} labelIdle="Not connected" />
      <status-toast
        htmlFor="prices"
        status={status}
        message-retrying="Reconnecting…"
        ontoast-show={(event) => console.log(event.detail.kind, event.detail.status.state)}
        ontoast-hide={(event) => console.log(event.detail.reason)}
      />
      <p>{state}</p>
      <button onClick={() => feed.current?.reconnect()}>Reconnect</button>
      <ol>{lines.map((line, index) => <li key={index}>{line}</li>)}</ol>
    </>
  );
}
