// React 18 with the @lit/react wrapper: properties by their camelCase names, events as onSseMessage and friends.
import { useRef, useState } from 'react';
import type { FeedState, FeedStatus, SseFeed as SseFeedElement } from 'sse-feed';
import { ConnectionIndicator, SseFeed, StatusToast } from 'sse-feed/react-wrapper';

export function Prices({ status }: { status: FeedStatus | null }) {
  const feed = useRef<SseFeedElement>(null);
  const [lines, setLines] = useState<string[]>([]);
  const [state, setState] = useState<FeedState>('idle');
  return (
    <>
      <SseFeed
        ref={feed}
        id="prices"
        className="feed"
        src="/prices"
        transport="eventsource"
        method="POST"
        body="{}"
        headers={{ authorization: 'Bearer token' }}
        fetch={(url, init) => fetch(url, init)}
        withCredentials
        retryInterval={500}
        retryScaler={1.5}
        retryMaxWait={30_000}
        retryMaxCount={Infinity}
        retryJitter={0}
        stallTimeout={5000}
        pauseWhenHidden
        persist={false}
        manual={false}
        events="price trade"
        json
        maxMessageSize={1 << 20}
        share="page"
        streamEnd="auto"
        closeEvent="done"
        lastEventIdParam="lastEventId"
        staleAfter={10_000}
        debug={false}
        onSseMessage={(event) => setLines((previous) => [event.detail.data, ...previous])}
        onSseState={(event) => setState(event.detail.state)}
        onSseError={(event) => console.warn(event.detail.kind)}
        onSseGap={(event) => console.warn(event.detail.requested, event.detail.reason)}
      >
        <ConnectionIndicator compact theme="dark" labelRetrying="Retrying in {seconds} s" labelOffline="Offline" labelStale="Stale" />
        <StatusToast position="bottom-start" delay={0} duration={3000} messageOffline="You are offline" onToastShow={(event) => console.log(event.detail.kind)} />
      </SseFeed>
      <ConnectionIndicator htmlFor="prices" status={status} />
      <StatusToast htmlFor="prices" status={status} onToastHide={(event) => console.log(event.detail.reason)} />
      <p>{state}</p>
      <button onClick={() => feed.current?.reconnect()}>Reconnect</button>
      <ol>{lines.map((line, index) => <li key={index}>{line}</li>)}</ol>
    </>
  );
}
