// The wire format of OpenAI-compatible chat-completion streams, shared by the test server and the demo server.
//
// A `POST` with a JSON body `{ "messages": [...], "stream": true }` is answered `text/event-stream` with one
// `data:` line per chunk and no `id:`, `event:` or `retry:` field, as those APIs do:
//   data: {"id":"chatcmpl-…","object":"chat.completion.chunk","created":…,"model":"…","choices":[{"index":0,
//          "delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}   (first: the role)
//   data: {…"choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}  (per token)
//   data: {…"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}                 (last chunk)
//   data: [DONE]
// then the response ends cleanly.

export const CHAT_MODEL = 'sse-feed-demo-1';
export const DONE_LINE = 'data: [DONE]\n\n';

/** One `data:` event holding a `chat.completion.chunk` with `delta` (and `finish_reason`, null until the end). */
export function chunkFrame(completionId, created, delta, finishReason = null) {
  const chunk = {
    id: completionId,
    object: 'chat.completion.chunk',
    created,
    model: CHAT_MODEL,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** A fresh completion id in the form those APIs use (`chatcmpl-` and random letters and digits). */
export function completionId() {
  let id = '';
  while (id.length < 24) id += Math.random().toString(36).slice(2);
  return `chatcmpl-${id.slice(0, 24)}`;
}

/**
 * The text of the last `user` message of a chat-completions body, or null when the body is not one
 * (not JSON, no `messages` array, or no user message with string content).
 */
export function lastUserMessage(body) {
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const messages = Array.isArray(parsed?.messages) ? parsed.messages : [];
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role === 'user' && typeof message.content === 'string') return message.content;
  }
  return null;
}

/**
 * Streams `tokens` as one completion on a raw Node response: the role chunk, one chunk per token every `pace` ms,
 * the `finish_reason: "stop"` chunk, `data: [DONE]` (unless `done` is false) and a clean end. `cutAfter: N` resets
 * the connection (RST) after N tokens instead, `cutDelay` ms after the last one was written (so the client has read
 * it: Chromium discards chunks it received but had not read when a body errors); a reset, not a FIN, because
 * WebKitGTK reads a FIN as a clean end. `end: 'hold'` keeps the response open after the last line, writing
 * `afterDone` there first (bytes a client must not deliver once [DONE] ended its feed). `onOutcome(outcome, sent)`
 * is told once how it ended: 'done', 'cut' or 'client-closed'. Resolves once the response is settled.
 */
export function streamCompletion(res, tokens, { pace = 20, cutAfter = null, cutDelay = 100, done = true, end = 'close', afterDone = '', headers = {}, onOutcome } = {}) {
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  let sent = 0;
  let timer = null;
  let settled = false;
  return new Promise((resolve) => {
    const settle = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      onOutcome?.(outcome, sent);
      resolve(outcome);
    };
    res.on('close', () => settle('client-closed'));
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', ...headers });
    res.write(chunkFrame(id, created, { role: 'assistant', content: '' }));
    const step = () => {
      timer = null;
      if (settled) return;
      if (cutAfter !== null && sent >= cutAfter) {
        timer = setTimeout(() => {
          settle('cut');
          res.socket?.resetAndDestroy();
        }, cutDelay);
        return;
      }
      if (sent < tokens.length) {
        res.write(chunkFrame(id, created, { content: tokens[sent] }));
        sent += 1;
        timer = setTimeout(step, pace);
        return;
      }
      res.write(chunkFrame(id, created, {}, 'stop'));
      if (done) res.write(DONE_LINE);
      if (end === 'hold') {
        if (afterDone) res.write(afterDone);
        settle('done');
        return;
      }
      settle('done');
      res.end();
    };
    timer = setTimeout(step, pace);
  });
}
