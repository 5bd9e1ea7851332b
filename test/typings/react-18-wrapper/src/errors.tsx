// What the wrapper's typings must reject: each line below @ts-expect-error is an error, or tsc fails.
import { ConnectionIndicator, SseFeed, StatusToast } from 'sse-feed/react-wrapper';

export function Wrong() {
  return (
    <>
      {/* @ts-expect-error: not a transport */}
      <SseFeed transport="websocket" />
      {/* @ts-expect-error: retryInterval is a number */}
      <SseFeed retryInterval="500" />
      {/* @ts-expect-error: the message event carries a FeedMessage */}
      <SseFeed onSseMessage={(event: CustomEvent<number>) => event.detail.toFixed()} />
      {/* @ts-expect-error: status is read-only on the feed */}
      <SseFeed status={null} />
      {/* @ts-expect-error: no such prop */}
      <ConnectionIndicator colour="red" />
      {/* @ts-expect-error: position takes six values */}
      <StatusToast position="middle" />
    </>
  );
}
