// A 50 MiB line that never ends, held open by the server: what the shipped engine (dist/core.js) keeps of it,
// read from V8's heap after a full collection. `npm run build` first; CI runs it as `npm run test:node`.
//
// Node and not the browser: a page's heap figure (Chromium's performance.memory) moved by 4 to 46 MiB between
// two reads of the same stream in one page, with the reader unchanged (the browser's own stream buffers, freed
// when it pleases), so it could not tell a parser that kept 1 MiB from one that kept the line. Here the body
// is a ReadableStream the test fills, the same path the fetch transport reads, and the figure is exact.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FeedConnection } from '../dist/core.js';

setFlagsFromString('--expose-gc');
/** V8's full collection (exposed above, read from a fresh context). */
const collect = runInNewContext('gc');

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

/** A feed on a held stream, and what it told. */
async function feedOn(stream) {
  const told = { messages: [], errors: [] };
  const feed = new FeedConnection(
    { src: 'https://example.test/stream', fetch: stream.fetch },
    { message: (message) => told.messages.push(message.data), error: (error) => told.errors.push([error.kind, error.limit]) },
  );
  feed.connect();
  for (let n = 0; n < 10 && feed.status.state !== 'connected'; n += 1) await tick();
  assert.equal(feed.status.state, 'connected');
  return { feed, told };
}

describe('a line that never ends, held open (dist/core.js, V8 heap after a collection)', () => {
  for (const [what, keep] of [
    ['its chunks', (kept, bytes) => kept.push(bytes)],
    ['its text', (kept, bytes, decoder) => kept.push(decoder.decode(bytes, { stream: true }))],
  ]) {
    it(`the measure sees a line kept: a reader that keeps ${what} holds the 50 MiB`, async () => {
      const stream = heldStream();
      const kept = [];
      const decoder = new TextDecoder();
      const reader = (await stream.fetch()).body.getReader();
      const reading = (async () => {
        for (let read = await reader.read(); !read.done; read = await reader.read()) keep(kept, read.value, decoder);
      })();
      const held = await holdLine(stream, 'data: ', '\n\n');
      assert.ok(held > 45 * MiB, `a reader that keeps ${what}: +${(held / MiB).toFixed(2)} MiB`);
      await reader.cancel();
      await reading;
    });
  }

  it(`a data: line: the feed keeps under ${BOUND / MiB} MiB of it, drops the message as too-large once, and the next arrives`, async (t) => {
    const stream = heldStream();
    const { feed, told } = await feedOn(stream);
    const held = await holdLine(stream, 'id: 1\ndata: before\n\ndata: ', '\n\nid: 2\ndata: after\n\n');
    t.diagnostic(`the feed keeps +${(held / MiB).toFixed(2)} MiB of the line`);
    assert.ok(held < BOUND, `the feed keeps +${(held / MiB).toFixed(2)} MiB of the line`);
    assert.deepEqual(told.messages, ['before', 'after']);
    assert.deepEqual(told.errors, [['too-large', 1_048_576]]);
    assert.equal(feed.status.lastEventId, '2');
    feed.close();
  });

  it(`a comment line inside a message: the feed keeps under ${BOUND / MiB} MiB of it, and the message and the next arrive whole`, async (t) => {
    const stream = heldStream();
    const { feed, told } = await feedOn(stream);
    const held = await holdLine(stream, 'data: a\n: ', '\ndata: b\n\ndata: next\n\n');
    t.diagnostic(`the feed keeps +${(held / MiB).toFixed(2)} MiB of the line`);
    assert.ok(held < BOUND, `the feed keeps +${(held / MiB).toFixed(2)} MiB of the line`);
    assert.deepEqual(told.messages, ['a\nb', 'next']);
    assert.deepEqual(told.errors, []);
    feed.close();
  });
});
