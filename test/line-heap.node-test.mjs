// A 50 MiB line that never ends, held open by the server: what the shipped engine (dist/core.js) keeps of it,
// read from V8's heap after a full collection. `npm run build` first; CI runs it as `npm run test:node`. Each case
// runs in a Node process of its own (this file, with `--case NAME`): in one heap, what an earlier case let go
// could be collected during a later one and hide a line kept.
//
// Node and not the browser: a page's heap figure (Chromium's performance.memory) moved by 4 to 46 MiB between
// two reads of the same stream in one page, with the reader unchanged (the browser's own stream buffers, freed
// when it pleases), so it could not tell a parser that kept 1 MiB from one that kept the line. Here the body
// is a ReadableStream the test fills, the same path the fetch transport reads, and the figure is exact.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FeedConnection } from '../dist/core.js';

/** V8's full collection: the case processes run with `--expose-gc`. */
const collect = () => globalThis.gc();

const MiB = 1024 * 1024;
const encoder = new TextEncoder();
const piece = encoder.encode('x'.repeat(64 * 1024));
const PIECES = 800; // 50 MiB in 64 KiB pieces, as the test server writes a bulk line
/** The most the engine may keep of a line: the 1 MiB line limit, twice as UTF-16 text, and its own few objects. */
const BOUND = 4 * MiB;

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The memory in use after a full collection: the JS heap, and the bytes of ArrayBuffers (chunks kept as bytes). */
async function heapAfterGc() {
  await tick();
  collect();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** A stream body the test writes to, and the fetch that answers every request with it as an event stream. */
function heldStream() {
  let writer;
  const body = new ReadableStream({ start: (controller) => (writer = controller) }, { highWaterMark: 0 });
  const fetch = async () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  return { fetch, write: (bytes) => writer.enqueue(bytes) };
}

/**
 * Writes `before`, then the 50 MiB line in 64 KiB pieces, read as they arrive; with the line held open
 * (nothing after it yet), reads how far the heap rose from before the stream; then writes `after`.
 */
async function holdLine(stream, before, after) {
  const baseline = await heapAfterGc();
  stream.write(encoder.encode(before));
  for (let n = 0; n < PIECES; n += 1) {
    stream.write(piece.slice()); // a buffer of its own, as each network chunk is
    if (n % 8 === 0) await tick(); // lets the reader keep up, as a socket's backpressure would
  }
  await tick();
  const held = (await heapAfterGc()) - baseline;
  stream.write(encoder.encode(after));
  await tick();
  return held;
}

/** A feed on a held stream, with these options besides, and what it told. */
async function feedOn(stream, options = {}) {
  const told = { messages: [], errors: [] };
  const feed = new FeedConnection(
    { src: 'https://example.test/stream', fetch: stream.fetch, ...options },
    { message: (message) => told.messages.push(message.data), error: (error) => told.errors.push([error.kind, error.limit]) },
  );
  feed.connect();
  for (let n = 0; n < 10 && feed.status.state !== 'connected'; n += 1) await tick();
  assert.equal(feed.status.state, 'connected');
  return { feed, told };
}

/** The cases, each run in a process of its own: what it measured and what the feed told. */
const CASES = {
  async 'a reader that keeps its chunks'() {
    const stream = heldStream();
    const kept = [];
    const reader = (await stream.fetch()).body.getReader();
    const reading = (async () => {
      for (let read = await reader.read(); !read.done; read = await reader.read()) kept.push(read.value);
    })();
    const held = await holdLine(stream, 'data: ', '\n\n');
    await reader.cancel();
    await reading;
    return { held };
  },
  async 'a feed whose max-message-size is above the line'() {
    return lineThroughFeed('data: ', '\n\n', { maxMessageSize: 100 * MiB });
  },
  async 'a data: line'() {
    return lineThroughFeed('id: 1\ndata: before\n\ndata: ', '\n\nid: 2\ndata: after\n\n');
  },
  async 'a comment line inside a message'() {
    return lineThroughFeed('data: a\n: ', '\ndata: b\n\ndata: next\n\n');
  },
};

/** A feed on a held stream: what it kept of the line, and what it told. */
async function lineThroughFeed(before, after, options) {
  const stream = heldStream();
  const { feed, told } = await feedOn(stream, options);
  const held = await holdLine(stream, before, after);
  const { lastEventId } = feed.status;
  feed.close();
  // A message as long as the line is told by its length: the answer travels as JSON on stdout.
  const messages = told.messages.map((data) => (data.length > 1000 ? `${data.length} characters` : data));
  return { held, messages, errors: told.errors, lastEventId };
}

/** Runs `name` in a Node process of its own; resolves to what it returned. */
function run(name) {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8' });
  assert.equal(child.status, 0, `${name}: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

const mib = (bytes) => `${bytes < 0 ? '' : '+'}${(bytes / MiB).toFixed(2)} MiB`;

if (process.argv[2] === '--case') {
  process.stdout.write(JSON.stringify(await CASES[process.argv[3]]()));
} else {
  const { describe, it } = await import('node:test');
  describe('a line that never ends, held open (dist/core.js, V8 heap after a collection)', () => {
    for (const name of ['a reader that keeps its chunks', 'a feed whose max-message-size is above the line']) {
      it(`the measure sees a line kept: ${name} holds the 50 MiB`, () => {
        const { held } = run(name);
        assert.ok(held > 45 * MiB, `${name}: ${mib(held)}`);
      });
    }

    it(`a data: line: the feed keeps under ${BOUND / MiB} MiB of it, drops the message as too-large once, and the next arrives`, (t) => {
      const { held, messages, errors, lastEventId } = run('a data: line');
      t.diagnostic(`the feed keeps ${mib(held)} of the line`);
      assert.ok(held < BOUND, `the feed keeps ${mib(held)} of the line`);
      assert.deepEqual(messages, ['before', 'after']);
      assert.deepEqual(errors, [['too-large', 1_048_576]]);
      assert.equal(lastEventId, '2');
    });

    it(`a comment line inside a message: the feed keeps under ${BOUND / MiB} MiB of it, and the message and the next arrive whole`, (t) => {
      const { held, messages, errors } = run('a comment line inside a message');
      t.diagnostic(`the feed keeps ${mib(held)} of the line`);
      assert.ok(held < BOUND, `the feed keeps ${mib(held)} of the line`);
      assert.deepEqual(messages, ['a\nb', 'next']);
      assert.deepEqual(errors, []);
    });
  });
}
