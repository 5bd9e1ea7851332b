// Solid with the generated JSX typings: kebab-case props (Solid sets `stall-timeout` as `stallTimeout`),
// prop: for object properties, attr:/bool: for attributes, on: for events.
import { createSignal, For } from 'solid-js';
import type { FeedState, FeedStatus, SseFeed } from 'sse-feed';
import type {} from 'sse-feed/solid';

export function Prices(props: { status: FeedStatus | null }) {
  let feed: SseFeed | undefined;
  const [lines, setLines] = createSignal<string[]>([]);
  const [state, setState] = createSignal<FeedState>('idle');
  return (
    <>
      <sse-feed
        ref={feed}
        id="prices"
        class="feed"
        src="/prices"
        transport="fetch"
        method="POST"
        prop:body={JSON.stringify({ symbols: ['ACME'] })}
        prop:headers={{ authorization: 'Bearer token' }}
        prop:fetch={(url, init) => fetch(url, init)}
        with-credentials
        retry-interval={500}
        retry-max-count={Infinity}
        stall-timeout={5000}
        pause-when-hidden={false}
        persist
        events="price trade"
        json
        share="tabs"
        stream-end="close"
        close-event="done"
        stale-after={10_000}
        attr:retry-jitter="0"
        bool:debug={false}
        on:sse-message={(event) => setLines((previous) => [event.detail.data, ...previous])}
        on:sse-state={(event) => setState(event.detail.state)}
        on:sse-error={(event) => console.warn(event.detail.kind)}
        on:sse-gap={(event) => console.warn(event.detail.requested, event.detail.reason)}
      >
        <connection-indicator compact theme="dark" label-retrying="Retrying in {seconds} s" label-offline="Offline" label-stale="Stale" />
        <status-toast position="top-end" delay={0} duration={3000} message-offline="You are offline" on:toast-show={(event) => console.log(event.detail.kind)} />
      </sse-feed>
      <connection-indicator attr:for="prices" prop:status={props.status} />
      <status-toast prop:htmlFor="prices" prop:status={props.status} on:toast-hide={(event) => console.log(event.detail.reason)} />
      <p>{state()}</p>
      <button onClick={() => feed?.reconnect()}>Reconnect</button>
      <ol>
        <For each={lines()}>{(line) => <li>{line}</li>}</For>
      </ol>
    </>
  );
}
