// What the generated typings must reject: each line below @ts-expect-error is an error, or tsc fails.
import type {} from 'sse-feed/solid';

export function Wrong() {
  return (
    <>
      {/* @ts-expect-error: not a transport */}
      <sse-feed transport="websocket" />
      {/* @ts-expect-error: retry-interval is a number (Solid sets the property) */}
      <sse-feed retry-interval="500" />
      {/* @ts-expect-error: Solid would set `retryinterval`: camelCase needs prop: */}
      <sse-feed retryInterval={500} />
      {/* @ts-expect-error: the message event carries a FeedMessage */}
      <sse-feed on:sse-message={(event: CustomEvent<number>) => event.detail.toFixed()} />
      {/* @ts-expect-error: no such attribute */}
      <connection-indicator colour="red" />
      {/* @ts-expect-error: position takes six values */}
      <status-toast position="middle" />
    </>
  );
}
