// The demo server's OpenAI-compatible chat-completion route: a generated answer in the exact wire format of those APIs.
//
// Mounted by stories/demo-server.mjs (`createChat()`, routed from its `handle()`). The answer is the same canned
// explanation as the streamed-answer demo (demo-answers.mjs), chosen by the last user message's words.
//
// POST /demo/chat/completions[?pace=ms][&dropAfter=N]   body `{ "messages": [{"role": "user", "content": "..."}],
//        "stream": true }` (as OpenAI's API; `model` and other fields are ignored). Answers text/event-stream:
//            data: {"id":"chatcmpl-…","object":"chat.completion.chunk",…,"choices":[{"index":0,"delta":{"role":"assistant","content":""},…}]}
//            data: {…"choices":[{"index":0,"delta":{"content":"Server-Sent "},…,"finish_reason":null}]}   (one per token)
//            data: {…"choices":[{"index":0,"delta":{},…,"finish_reason":"stop"}]}
//            data: [DONE]
//        and ends cleanly; no `id:` lines, so nothing can resume it. `pace`: ms between tokens (default 40, 0..1000).
//        `dropAfter=N` cuts this answer after N tokens with a connection reset (RST: a network error in every
//        engine; a FIN would read as a clean end in WebKitGTK). `POST /demo/fault?type=chat-drop&tokens=N` arms the
//        same cut (default 12 tokens) for the next completion only; `type=reset` disarms it.
//        A body without a user message answers 400 with an OpenAI-style JSON error.
// GET  /demo/chat/log   JSON: `requests` (every POST received, the e2e asserts how many), `armedDrop`, and per
//        completion (newest first) its question, token count, tokens sent and outcome: streaming, done, cut or
//        client-closed.

import { lastUserMessage, streamCompletion } from '../test/chat-completions.mjs';
import { composeAnswer, pace, readBody, tokenize } from './demo-answers.mjs';
import { corsHeaders, json } from './demo-http.mjs';

const MAX_BODY = 16 * 1024;
const MAX_LOG = 200;
const DEFAULT_PACE = 40;

/** Creates the chat route's state and handler; `close()` ends every open completion. */
export function createChat() {
  const completions = []; // newest last, at most MAX_LOG
  const streams = new Set();
  let requests = 0;
  let armedDrop = null;

  /** Handles a chat route and resolves true, or resolves false for any other URL. */
  async function handle(req, res, url) {
    if (url.pathname === '/demo/chat/log') {
      json(res, 200, {
        ok: true,
        requests,
        armedDrop,
        open: streams.size,
        completions: [...completions].reverse().map((completion) => ({ ...completion })),
      });
      return true;
    }
    if (url.pathname !== '/demo/chat/completions') return false;
    if (req.method !== 'POST') return error(res, 405, 'Use POST with {"messages": [...], "stream": true}.'), true;
    requests += 1;
    let body;
    try {
      body = await readBody(req, MAX_BODY, 'body');
    } catch (failure) {
      return error(res, 413, String(failure.message)), true;
    }
    const question = lastUserMessage(body);
    if (question === null || question.trim() === '') {
      return error(res, 400, 'The body must be {"messages": [{"role": "user", "content": "..."}], "stream": true}.'), true;
    }
    const tokens = tokenize(composeAnswer(question.slice(0, 500)));
    const asked = Number(url.searchParams.get('dropAfter') ?? '');
    let cutAfter = url.searchParams.has('dropAfter') && Number.isInteger(asked) && asked >= 0 ? asked : null;
    if (cutAfter === null && armedDrop !== null) {
      cutAfter = armedDrop;
      armedDrop = null; // once: the answer asked for again (Retry) is whole
    }
    const record = { question: question.slice(0, 200), tokens: tokens.length, sent: 0, cutAfter, outcome: 'streaming', at: Date.now() };
    completions.push(record);
    if (completions.length > MAX_LOG) completions.shift();
    streams.add(res);
    await streamCompletion(res, tokens, {
      pace: pace(url, DEFAULT_PACE),
      cutAfter,
      headers: corsHeaders(),
      onOutcome(outcome, sent) {
        record.outcome = outcome;
        record.sent = sent;
        streams.delete(res);
      },
    });
    return true;
  }

  /** Arms a cut of the next completion after `tokens` tokens (the `chat-drop` fault). */
  function armDrop(tokens) {
    armedDrop = Number.isInteger(tokens) && tokens >= 0 ? tokens : 12;
    return armedDrop;
  }

  function disarm() {
    armedDrop = null;
  }

  function close() {
    for (const res of [...streams]) res.destroy();
    streams.clear();
  }

  return { handle, armDrop, disarm, close };
}

/** An error in the shape OpenAI-compatible APIs answer with. */
function error(res, status, message) {
  json(res, status, { error: { message, type: 'invalid_request_error', code: null } });
}
