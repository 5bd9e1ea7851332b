// Property: however a stream is cut into chunks (text or UTF-8 bytes), SseParser reports exactly what it
// reports for the whole stream pushed at once.

import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { SseParser } from '../components/core/parser.js';

/** Everything a parser reported, in order, plus its final lastEventId. */
type Report = Array<readonly [string, string | number]>;

function run(chunks: ReadonlyArray<string | Uint8Array>, maxMessageSize?: number): { log: Report; lastEventId: string } {
  const log: Report = [];
  const parser = new SseParser((event) => log.push(['event', JSON.stringify(event)]), {
    onRetry: (ms) => log.push(['retry', ms]),
    onComment: (text) => log.push(['comment', text]),
    onError: (error) => log.push(['error', `${error.kind}/${error.fatal}`]),
    maxMessageSize,
    lastEventId: 'start',
  });
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return { log, lastEventId: parser.lastEventId };
}

/** Cuts `whole` at the given positions (taken modulo its length + 1, sorted). */
function cut<T extends string | Uint8Array>(whole: T, positions: readonly number[]): T[] {
  // Duplicates are kept on purpose: they make empty chunks, which must change nothing either.
  const points = positions.map((position) => position % (whole.length + 1)).sort((a, b) => a - b);
  const pieces: T[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(whole.slice(start, point) as T);
    start = point;
  }
  pieces.push(whole.slice(start) as T);
  return pieces;
}

// Characters that matter to the parser, mixed with any Unicode scalar value.
const special = fc.constantFrom('\r', '\n', '\r\n', '\0', '\uFEFF', ':', ' ', 'a', '1', 'é', '€', '🙂');
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const text = fc.string({ unit: fc.oneof({ weight: 2, arbitrary: special }, { weight: 3, arbitrary: anyChar }), maxLength: 12 });
const digits = fc.stringMatching(/^[0-9]{1,6}$/);
const ending = fc.constantFrom('\n', '\r', '\r\n');

const line = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('data: ', 'data:', 'data:  '), text).map(([field, value]) => field + value) },
  { weight: 1, arbitrary: fc.constant('data') },
  { weight: 2, arbitrary: text.map((value) => `event: ${value}`) },
  { weight: 2, arbitrary: text.map((value) => `id: ${value}`) },
  { weight: 1, arbitrary: fc.constant('id') },
  { weight: 2, arbitrary: fc.oneof(digits, text).map((value) => `retry: ${value}`) },
  { weight: 2, arbitrary: text.map((value) => `:${value}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('foo', 'Data', 'ID', 'dat', 'data '), text).map(([field, value]) => `${field}:${value}`) },
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: text },
);

const stream = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(line, ending), { maxLength: 25 }), fc.boolean())
  .map(([bom, lines, terminated]) => (bom ? '\uFEFF' : '') + lines.map(([content, end]) => content + end).join('') + (terminated ? '\n\n' : ''));

const positions = fc.array(fc.nat(), { maxLength: 12 });
const limit = fc.option(fc.integer({ min: 1, max: 48 }), { nil: undefined });

describe('SseParser: chunking never changes the result', () => {
  it('splitting the text anywhere gives the same events, retries, comments and errors', () => {
    fc.assert(
      fc.property(stream, positions, limit, (whole, cuts, maxMessageSize) => {
        expect(run(cut(whole, cuts), maxMessageSize)).to.deep.equal(run([whole], maxMessageSize));
      }),
      { numRuns: 400 },
    );
  });

  it('splitting the UTF-8 bytes at any offset gives what the whole text gives', () => {
    fc.assert(
      fc.property(stream, positions, limit, (whole, cuts, maxMessageSize) => {
        const bytes = new TextEncoder().encode(whole);
        expect(run(cut(bytes, cuts), maxMessageSize)).to.deep.equal(run([whole], maxMessageSize));
      }),
      { numRuns: 400 },
    );
  });

  it('one byte at a time gives what the whole text gives', () => {
    fc.assert(
      fc.property(stream, (whole) => {
        const bytes = new TextEncoder().encode(whole);
        const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
        expect(run(chunks)).to.deep.equal(run([whole]));
      }),
      { numRuns: 150 },
    );
  });

  it('the generated streams really exercise the parser', () => {
    // Guards the property above against a generator that only produces empty reports.
    const samples = fc.sample(stream, { numRuns: 300, seed: 42 });
    const kinds = new Set(samples.flatMap((whole) => run([whole]).log.map(([kind]) => kind)));
    expect([...kinds].sort()).to.deep.equal(['comment', 'event', 'retry']);
    const limited = fc.sample(stream, { numRuns: 300, seed: 7 }).flatMap((whole) => run([whole], 4).log);
    expect(limited.some(([kind]) => kind === 'error')).to.equal(true);
  });
});
