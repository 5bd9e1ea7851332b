// What the generated typings must reject: each line below @ts-expect-error is an error, or tsc fails.
import type {} from 'sse-feed/react';

export function Wrong() {
  return (
    <>
      {/* @ts-expect-error: not a transport */}
      <sse-feed transport="websocket" />
      {/* @ts-expect-error: stream-end takes auto, reconnect or close */}
      <sse-feed stream-end="never" />
      {/* @ts-expect-error: retry-interval is a number */}
      <sse-feed retry-interval="soon" />
      {/* @ts-expect-error: headers are a record of strings */}
      <sse-feed headers={{ retries: 3 }} />
      {/* @ts-expect-error: status is read-only on the feed */}
      <sse-feed status={null} />
      {/* @ts-expect-error: the message event carries a FeedMessage */}
      <sse-feed onsse-message={(event: CustomEvent<number>) => event.detail.toFixed()} />
      {/* @ts-expect-error: no such attribute */}
      <connection-indicator colour="red" />
      {/* @ts-expect-error: theme is auto, light or dark */}
      <connection-indicator theme="blue" />
      {/* @ts-expect-error: position takes six values */}
      <status-toast position="middle" />
    </>
  );
}
