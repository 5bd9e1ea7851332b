// The demo server's streamed answers: a POST that streams a generated answer token by token, and a GET that resumes it.
//
// Mounted by stories/demo-server.mjs (`createAnswers()`, routed from its `handle()`). No network and no model: the
// answer is a canned explanation of Server-Sent Events, composed deterministically from the prompt's words.
//
// POST /demo/answer[?pace=ms][&dropAfter=N]   body `{"prompt": "..."}` (JSON) or the prompt as plain text.
//        Creates an answer (id like `a1b2c3`) and streams it: a comment, then one event per token,
//            id: a1b2c3:7          (the answer's id and the token's number, from 1)
//            event: token
//            data: Events␠         (the word and the whitespace after it; a newline becomes a second data line)
//        then `event: done` with `data: {"tokens":N}` (no id: the last id stays a1b2c3:N), then the response ENDS
//        cleanly. `pace` is the ms between tokens (default 40, 0..1000). `dropAfter=N` drops the connection
//        abruptly after N tokens (the socket closes with the chunked body unterminated: the client sees a network
//        error, not an end), once: the resume is not dropped. An empty prompt answers 400.
// GET  /demo/answers/<id>[?pace=ms]   with `Last-Event-ID: <id>:<n>` (or `?lastEventId=<id>:<n>`): the same answer
//        from token n+1 to the end, same format, same `done`. No id means from the start. Unknown answer: 404;
//        an id of another answer: 400.
// GET  /demo/answers-log[?id=<id>]   JSON: how many answers were posted and resumed, and per answer its prompt, text,
//        token count and every request that streamed it (method, after, sent, outcome: streaming, done,
//        dropped, client-closed or server-closed). scripts/e2e.mjs compares the page against it.
//
// Answers live in memory for ANSWER_TTL ms (at most MAX_ANSWERS, oldest first out); pruning happens on each new
// answer, so no timer outlives a request. Every stream's timer is cleared when its response closes.

import { corsHeaders, json, plain } from './demo-http.mjs';

const ANSWER_TTL = 5 * 60_000;
const MAX_ANSWERS = 200;
const MAX_BODY = 8 * 1024;
const DEFAULT_PACE = 40;

/** Creates the answers' state and its request handler; `close()` ends every answer stream. */
export function createAnswers() {
  const answers = new Map(); // id → answer, oldest first
  const streams = new Set(); // open responses, for close()
  const counts = { posts: 0, resumes: 0 };

  /** Handles an answer route and resolves true, or resolves false for any other URL. */
  async function handle(req, res, url) {
    if (url.pathname === '/demo/answer') {
      if (req.method !== 'POST') return json(res, 405, { ok: false, error: 'use POST with {"prompt": "..."}' }), true;
      await post(req, res, url);
      return true;
    }
    if (url.pathname === '/demo/answers-log') {
      json(res, 200, report(url.searchParams.get('id')));
      return true;
    }
    const match = /^\/demo\/answers\/([a-z0-9]+)$/.exec(url.pathname);
    if (match) {
      if (req.method !== 'GET') return json(res, 405, { ok: false, error: 'use GET with Last-Event-ID' }), true;
      resume(req, res, url, match[1]);
      return true;
    }
    return false;
  }

  async function post(req, res, url) {
    let prompt;
    try {
      prompt = parsePrompt(await readBody(req), req.headers['content-type'] ?? '');
    } catch (error) {
      return plain(res, 413, String(error.message));
    }
    if (prompt === '') return plain(res, 400, 'The prompt is empty: send {"prompt": "..."}.');
    prune();
    counts.posts += 1;
    const text = composeAnswer(prompt);
    const answer = {
      id: newId(),
      prompt,
      text,
      tokens: tokenize(text),
      pace: pace(url, DEFAULT_PACE),
      createdAt: Date.now(),
      requests: [],
    };
    answers.set(answer.id, answer);
    const dropParam = url.searchParams.get('dropAfter');
    const dropAfter = dropParam === null || dropParam === '' ? NaN : Number(dropParam);
    stream(res, answer, { method: 'POST', after: 0, pace: answer.pace, dropAfter: Number.isInteger(dropAfter) && dropAfter >= 0 ? dropAfter : null });
  }

  function resume(req, res, url, id) {
    const answer = answers.get(id);
    if (!answer) return plain(res, 404, `No answer ${id} (answers are kept for ${ANSWER_TTL / 60_000} minutes).`);
    const lastEventId = String(req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? '');
    let after = 0;
    if (lastEventId !== '') {
      const [owner, n] = lastEventId.split(':');
      if (owner !== id || !/^\d+$/.test(n ?? '')) return plain(res, 400, `Last-Event-ID "${lastEventId}" is not an id of answer ${id}.`);
      after = Math.min(Number(n), answer.tokens.length);
    }
    counts.resumes += 1;
    stream(res, answer, { method: 'GET', after, pace: pace(url, answer.pace), dropAfter: null });
  }

  /** Writes tokens after `after` at `pace`, then `done` and a clean end; or drops after `dropAfter` tokens. */
  function stream(res, answer, { method, after, pace, dropAfter }) {
    const record = { method, after, sent: 0, outcome: 'streaming', at: Date.now() };
    answer.requests.push(record);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', ...corsHeaders() });
    res.write(`: answer ${answer.id}, ${answer.tokens.length} tokens, from token ${after + 1}\n\n`);
    streams.add(res);
    let next = after; // tokens[next] is the next one to send
    let timer = null;
    const finish = (outcome) => {
      if (record.outcome === 'streaming') record.outcome = outcome;
      clearTimeout(timer);
      timer = null;
      streams.delete(res);
    };
    res.on('close', () => finish('client-closed'));
    const step = () => {
      timer = null;
      if (dropAfter !== null && record.sent >= dropAfter) {
        finish('dropped');
        res.socket?.end(); // FIN after what was written, the chunked body unterminated: a network error
        return;
      }
      if (next < answer.tokens.length) {
        next += 1;
        record.sent += 1;
        res.write(frame(`${answer.id}:${next}`, 'token', answer.tokens[next - 1]));
        timer = setTimeout(step, pace);
        return;
      }
      res.write(frame(null, 'done', JSON.stringify({ tokens: answer.tokens.length })));
      finish('done');
      res.end();
    };
    timer = setTimeout(step, pace);
  }

  /** What the log route answers: counts, and the answers (newest first) or the one asked for. */
  function report(id) {
    const describe = (answer) => ({
      id: answer.id,
      prompt: answer.prompt,
      text: answer.text,
      tokens: answer.tokens.length,
      createdAt: answer.createdAt,
      requests: answer.requests.map((request) => ({ ...request })),
    });
    const list = id ? [answers.get(id)].filter(Boolean) : [...answers.values()].reverse();
    return { ok: true, ...counts, open: streams.size, answers: list.map(describe) };
  }

  function prune() {
    const now = Date.now();
    for (const [id, answer] of answers) {
      if (answers.size >= MAX_ANSWERS || now - answer.createdAt > ANSWER_TTL) answers.delete(id);
      else break; // the map is in creation order: the rest are newer
    }
  }

  function newId() {
    let id;
    do id = Math.random().toString(16).slice(2, 8).padEnd(6, '0');
    while (answers.has(id));
    return id;
  }

  function close() {
    for (const answer of answers.values()) {
      for (const request of answer.requests) if (request.outcome === 'streaming') request.outcome = 'server-closed';
    }
    for (const res of [...streams]) res.destroy();
    streams.clear();
  }

  return { handle, close, answers };
}

/** One SSE event; a newline in `data` becomes another `data:` line, as the format requires. */
function frame(id, event, data) {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`).join('');
  return `${id === null ? '' : `id: ${id}\n`}event: ${event}\n${lines}\n`;
}

/** The answer's tokens: each word with the whitespace after it, so joining them gives the text back. */
export function tokenize(text) {
  return text.match(/\S+\s*/g) ?? [];
}

// ---- The answer ---------------------------------------------------------------------------------------------

const OPENING =
  'Server-Sent Events (SSE) let a server push a stream of text to the browser over one ordinary HTTP response ' +
  'that stays open. Each event is a few lines such as id:, event: and data:, ended by a blank line.';

/** Paragraphs chosen by the words of the prompt, in this order. */
const TOPICS = [
  {
    words: ['resume', 'reconnect', 'retry', 'drop', 'dropped', 'lost', 'lose', 'id', 'last-event-id', 'offline', 'network'],
    text:
      'When the connection drops, the client reconnects and sends the id of the last event it received in the ' +
      'Last-Event-ID header. The server goes on right after that event: nothing is lost, nothing is repeated. ' +
      'Each token of this answer has such an id, the answer\'s id and the token\'s number.',
  },
  {
    words: ['post', 'fetch', 'chat', 'answer', 'answers', 'ai', 'llm', 'model', 'generate', 'generated', 'token', 'tokens', 'prompt'],
    text:
      'EventSource only sends GET requests, so generated answers are streamed with fetch(): the prompt goes out ' +
      'in a POST body and the reply comes back as events, one per token. A final done event ends the answer, and ' +
      'a finished POST is never sent again.',
  },
  {
    words: ['websocket', 'websockets', 'ws', 'socket', 'compare', 'versus', 'vs', 'difference', 'why'],
    text:
      'Compared with WebSockets, SSE goes one way, from server to client, and it is plain HTTP: it passes proxies, ' +
      'shares an HTTP/2 connection with other requests and needs no special server. Questions travel as ordinary ' +
      'requests, which is all a chat needs.',
  },
  {
    words: ['browser', 'browsers', 'support', 'eventsource', 'safari', 'firefox', 'chrome', 'edge', 'mobile'],
    text:
      'Every current browser ships EventSource, and streaming fetch() works in all of them too. A page can read ' +
      'the stream either way; fetch also sees status codes and can send headers and a body.',
  },
  {
    words: ['json', 'data', 'format', 'parse', 'field', 'fields', 'event', 'events', 'message', 'messages'],
    text:
      'The data: field carries text, and many servers put JSON in it. A message may span several data: lines, which ' +
      'the client joins with newlines; an event: line names the message type, and a line starting with a colon is a ' +
      'comment that keeps the connection alive.',
  },
  {
    words: ['proxy', 'proxies', 'nginx', 'buffer', 'buffering', 'timeout', 'idle', 'heartbeat', 'keepalive', 'keep-alive', 'scale'],
    text:
      'Proxies may buffer a response or close one that looks idle. Turn buffering off for the stream and send a ' +
      'comment line every 15 to 30 seconds; the client can also treat a long silence as a lost connection.',
  },
  {
    words: ['auth', 'authorization', 'security', 'secure', 'cookie', 'cookies', 'header', 'headers', 'login', 'cors'],
    text:
      'EventSource sends cookies but no custom headers, so a bearer token has to travel in the URL; with fetch the ' +
      'page can send an Authorization header, and refresh it before each reconnect.',
  },
];

const CLOSING = [
  'In this demo, sse-feed reads the stream with fetch, the indicator shows the connection, and Stop calls close().',
  'Here sse-feed posts the prompt, resumes a dropped answer with a GET, and closes when the done event arrives.',
  'Try the drop switch: the answer breaks off, reconnects with Last-Event-ID and carries on without a gap.',
];

/** A plausible answer for `prompt`: the same prompt always gives the same text. */
export function composeAnswer(prompt) {
  const words = new Set(prompt.toLowerCase().match(/[a-z][a-z0-9-]*/g) ?? []);
  const seed = hash(prompt);
  let chosen = TOPICS.filter((topic) => topic.words.some((word) => words.has(word)));
  if (chosen.length === 0) chosen = [TOPICS[seed % TOPICS.length], TOPICS[(seed >>> 3) % TOPICS.length]];
  chosen = [...new Set(chosen)].slice(0, 2);
  return [OPENING, ...chosen.map((topic) => topic.text), CLOSING[seed % CLOSING.length]].join('\n\n');
}

/** FNV-1a: a small, stable hash, so a prompt always picks the same paragraphs. */
function hash(text) {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

// ---- HTTP helpers -------------------------------------------------------------------------------------------

function parsePrompt(body, contentType) {
  let prompt = body;
  if (/json/i.test(contentType) || body.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(body);
      prompt = typeof parsed?.prompt === 'string' ? parsed.prompt : '';
    } catch {
      prompt = body;
    }
  }
  // One line of plain words: no control characters, whitespace collapsed, bounded.
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return prompt.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 500);
}

/** The request body as text; past `limit` bytes the rest is read and dropped (so a reply can follow) and it fails. */
export function readBody(req, limit = MAX_BODY, what = 'prompt') {
  return new Promise((done, fail) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () =>
      size > limit ? fail(new Error(`The ${what} is larger than ${limit} bytes.`)) : done(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', fail);
  });
}

/** The `pace` query parameter (ms between tokens, 0..1000), or `fallback`. */
export function pace(url, fallback) {
  const value = url.searchParams.get('pace');
  if (value === null || value === '') return fallback;
  const ms = Number(value);
  return Number.isFinite(ms) ? Math.min(1000, Math.max(0, Math.round(ms))) : fallback;
}

