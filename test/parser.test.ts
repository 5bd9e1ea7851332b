// Conformance of SseParser to the HTML standard's "event stream interpretation", one behaviour per block.
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation

import { expect } from '@open-wc/testing';
import { SseParser, type SseParserOptions } from '../components/core/parser.js';
import type { FeedError, ParsedEvent } from '../components/core/types.js';

interface Recorded {
  events: ParsedEvent[];
  retries: number[];
  comments: string[];
  errors: FeedError[];
  parser: SseParser;
}

/** A parser that records everything it reports. */
function recorder(options: Omit<SseParserOptions, 'onRetry' | 'onComment' | 'onError'> = {}): Recorded {
  const events: ParsedEvent[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const errors: FeedError[] = [];
  const parser = new SseParser((event) => events.push(event), {
    ...options,
    onRetry: (ms) => retries.push(ms),
    onComment: (text) => comments.push(text),
    onError: (error) => errors.push(error),
  });
  return { events, retries, comments, errors, parser };
}

/** Pushes every chunk, in order, into a fresh recording parser. */
function parse(chunks: Array<string | Uint8Array>, options: Omit<SseParserOptions, 'onRetry' | 'onComment' | 'onError'> = {}): Recorded {
  const recorded = recorder(options);
  for (const chunk of chunks) recorded.parser.push(chunk);
  return recorded;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The bytes of `text` cut at every byte offset `cut`: [0, cut) and [cut, end). */
function splitAt(bytes: Uint8Array, cut: number): Uint8Array[] {
  return [bytes.subarray(0, cut), bytes.subarray(cut)];
}

const message = (data: string, lastEventId = '', type = 'message'): ParsedEvent => ({ type, data, lastEventId });

describe('SseParser: byte order mark', () => {
  it('ignores one leading BOM in bytes', () => {
    const { events } = parse([new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('data: a\n\n')])]);
    expect(events).to.deep.equal([message('a')]);
  });

  it('ignores one leading BOM in a string', () => {
    const { events } = parse(['\uFEFFdata: a\n\n']);
    expect(events).to.deep.equal([message('a')]);
  });

  it('ignores a leading BOM split across byte chunks', () => {
    const { events } = parse([new Uint8Array([0xef]), new Uint8Array([0xbb]), new Uint8Array([0xbf]), utf8('data: a\n\n')]);
    expect(events).to.deep.equal([message('a')]);
  });

  it('keeps a second leading BOM: it makes the field name unknown', () => {
    // "\uFEFFdata" is not "data", so the line is an unknown field and nothing is dispatched.
    const { events } = parse(['\uFEFF\uFEFFdata: a\n\n']);
    expect(events).to.deep.equal([]);
    const bytes = parse([new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...utf8('data: a\n\n')])]);
    expect(bytes.events).to.deep.equal([]);
  });

  it('keeps a second BOM pushed as its own chunk after the first', () => {
    const { events } = parse(['\uFEFF', '\uFEFFdata: a\n\ndata: b\n\n']);
    expect(events).to.deep.equal([message('b')]);
  });

  it('keeps a second BOM whether the first came as bytes or as text', () => {
    expect(parse([utf8('\uFEFF'), '\uFEFFdata: a\n\ndata: b\n\n']).events).to.deep.equal([message('b')]);
    expect(parse(['\uFEFF', utf8('\uFEFFdata: a\n\ndata: b\n\n')]).events).to.deep.equal([message('b')]);
  });

  it('keeps a BOM that is not at the start of the stream as data', () => {
    const { events } = parse(['data: x\n\n', '\uFEFFdata: y\n\ndata: \uFEFFz\n\n']);
    expect(events).to.deep.equal([message('x'), message('\uFEFFz')]);
  });

  it('strips the BOM again on the stream after end()', () => {
    const { events, parser } = parse(['\uFEFFdata: a\n\n']);
    parser.end();
    parser.push('\uFEFFdata: b\n\n');
    expect(events).to.deep.equal([message('a'), message('b')]);
  });
});

describe('SseParser: line endings', () => {
  it('ends lines with LF', () => {
    expect(parse(['data: a\nid: 1\n\n']).events).to.deep.equal([message('a', '1')]);
  });

  it('ends lines with CR', () => {
    expect(parse(['data: a\rid: 1\r\r']).events).to.deep.equal([message('a', '1')]);
  });

  it('ends lines with CRLF', () => {
    expect(parse(['data: a\r\nid: 1\r\n\r\n']).events).to.deep.equal([message('a', '1')]);
  });

  it('counts CR at the end of one chunk and LF at the start of the next as one line end', () => {
    // Two line ends here would be a blank line: the first message would be dispatched without its id.
    const { events } = parse(['data: a\r', '\nid: 1\r', '\n\r', '\n']);
    expect(events).to.deep.equal([message('a', '1')]);
  });

  it('counts CR then LF as one line end across byte chunks', () => {
    const { events } = parse([utf8('data: a\r'), utf8('\ndata: b\r'), utf8('\n'), utf8('\r\n')]);
    expect(events).to.deep.equal([message('a\nb')]);
  });

  it('keeps a pending CR across an empty chunk', () => {
    const { events } = parse(['data: a\r', '', new Uint8Array(0), '\ndata: b\n\n']);
    expect(events).to.deep.equal([message('a\nb')]);
  });

  it('treats CR CR as two line ends (a blank line)', () => {
    const { events } = parse(['data: a\r\rdata: b\r\r']);
    expect(events).to.deep.equal([message('a'), message('b')]);
  });

  it('treats CR CR split across chunks as two line ends', () => {
    const { events } = parse(['data: a\r', '\rdata: b\r', '\r']);
    expect(events).to.deep.equal([message('a'), message('b')]);
  });

  it('treats LF CR as two line ends', () => {
    const { events } = parse(['data: a\n\rdata: b\n\r']);
    expect(events).to.deep.equal([message('a'), message('b')]);
  });

  it('accepts mixed endings in one stream', () => {
    const { events } = parse(['data: a\r\ndata: b\rdata: c\n\r\nid: 7\rdata: d\n\r']);
    expect(events).to.deep.equal([message('a\nb\nc'), message('d', '7')]);
  });

  it('dispatches on a line end split from its line', () => {
    const { events } = parse(['data: a', '\n', '\n']);
    expect(events).to.deep.equal([message('a')]);
  });
});

describe('SseParser: fields', () => {
  it('sets the event type from the event field', () => {
    expect(parse(['event: update\ndata: x\n\n']).events).to.deep.equal([message('x', '', 'update')]);
  });

  it('uses type "message" when there is no event field', () => {
    expect(parse(['data: x\n\n']).events[0].type).to.equal('message');
  });

  it('uses type "message" when the event field is empty', () => {
    expect(parse(['event:\ndata: x\n\n']).events).to.deep.equal([message('x')]);
  });

  it('resets the event type after each dispatch', () => {
    const { events } = parse(['event: a\ndata: 1\n\ndata: 2\n\n']);
    expect(events).to.deep.equal([message('1', '', 'a'), message('2')]);
  });

  it('resets the event type even when the event had no data', () => {
    const { events } = parse(['event: a\n\ndata: 2\n\n']);
    expect(events).to.deep.equal([message('2')]);
  });

  it('treats a field name without colon as a field with an empty value ("data" alone)', () => {
    expect(parse(['data\n\n']).events).to.deep.equal([message('')]);
  });

  it('joins "data" alone with other data lines as an empty line', () => {
    expect(parse(['data\ndata\ndata: x\n\n']).events).to.deep.equal([message('\n\nx')]);
  });

  it('strips exactly one leading space from the value', () => {
    const { events } = parse(['data:a\n\ndata: b\n\ndata:  c\n\n']);
    expect(events).to.deep.equal([message('a'), message('b'), message(' c')]);
  });

  it('strips a space only, not a tab', () => {
    expect(parse(['data:\tx\n\n']).events).to.deep.equal([message('\tx')]);
  });

  it('keeps colons in the value', () => {
    expect(parse(['data: a: b:c\n\n']).events).to.deep.equal([message('a: b:c')]);
  });

  it('keeps trailing spaces of the value', () => {
    expect(parse(['data: x  \n\n']).events).to.deep.equal([message('x  ')]);
  });

  it('ignores unknown fields', () => {
    const { events, retries, comments } = parse(['foo: bar\ndata: x\nDATA: y\nData: z\nlastEventId: 9\n\n']);
    expect(events).to.deep.equal([message('x')]);
    expect(retries).to.deep.equal([]);
    expect(comments).to.deep.equal([]);
  });

  it('ignores a field name followed by a space before the colon', () => {
    expect(parse(['data : x\ndata: y\n\n']).events).to.deep.equal([message('y')]);
  });

  it('ignores an unknown field without colon', () => {
    expect(parse(['this line is ignored\ndata: y\n\n']).events).to.deep.equal([message('y')]);
  });
});

describe('SseParser: comments', () => {
  it('reports the text of a comment without the colon and one leading space', () => {
    const { comments, events } = parse([': hello\n:world\n:  two\n:\n\n']);
    expect(comments).to.deep.equal(['hello', 'world', ' two', '']);
    expect(events).to.deep.equal([]);
  });

  it('does not let a comment end or disturb an event', () => {
    const { comments, events } = parse(['data: a\n: keep-alive\ndata: b\n\n']);
    expect(comments).to.deep.equal(['keep-alive']);
    expect(events).to.deep.equal([message('a\nb')]);
  });

  it('works without an onComment callback', () => {
    const events: ParsedEvent[] = [];
    const parser = new SseParser((event) => events.push(event));
    parser.push(': ping\ndata: x\n\n');
    expect(events).to.deep.equal([message('x')]);
  });
});

describe('SseParser: id and lastEventId', () => {
  it('gives the id to the event', () => {
    expect(parse(['id: 42\ndata: x\n\n']).events).to.deep.equal([message('x', '42')]);
  });

  it('keeps the id for later events without an id field', () => {
    const { events } = parse(['id: 1\ndata: a\n\ndata: b\n\n']);
    expect(events).to.deep.equal([message('a', '1'), message('b', '1')]);
  });

  it('ignores an id containing NULL', () => {
    const { events, parser } = parse(['id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n']);
    expect(events).to.deep.equal([message('a', '1'), message('b', '1')]);
    expect(parser.lastEventId).to.equal('1');
  });

  it('ignores an id containing NULL in bytes', () => {
    const { events } = parse([new Uint8Array([...utf8('id: a'), 0, ...utf8('b\ndata: x\n\n')])]);
    expect(events).to.deep.equal([message('x')]);
  });

  it('resets the id to empty with an id field without value', () => {
    const { events, parser } = parse(['id: 1\ndata: a\n\nid\ndata: b\n\nid: 2\n\nid:\ndata: c\n\n']);
    expect(events).to.deep.equal([message('a', '1'), message('b', ''), message('c', '')]);
    expect(parser.lastEventId).to.equal('');
  });

  it('updates lastEventId on an event with an id but no data', () => {
    const { events, parser } = parse(['id: 5\n\n']);
    expect(events).to.deep.equal([]);
    expect(parser.lastEventId).to.equal('5');
    parser.push('data: x\n\n');
    expect(events).to.deep.equal([message('x', '5')]);
  });

  it('updates lastEventId only at dispatch, not when the id line is read', () => {
    const { parser } = parse(['id: 1\n\nid: 2\ndata: x\n']);
    expect(parser.lastEventId).to.equal('1');
    parser.push('\n');
    expect(parser.lastEventId).to.equal('2');
  });

  it('keeps spaces and unicode in ids', () => {
    expect(parse(['id:  a b é🙂\ndata: x\n\n']).events).to.deep.equal([message('x', ' a b é🙂')]);
  });

  it('starts from the lastEventId option', () => {
    const { events, parser } = parse(['data: a\n\nid: 2\ndata: b\n\n'], { lastEventId: 'resume-1' });
    expect(events).to.deep.equal([message('a', 'resume-1'), message('b', '2')]);
    expect(parser.lastEventId).to.equal('2');
  });

  it('reports the lastEventId option before anything is parsed', () => {
    expect(new SseParser(() => undefined, { lastEventId: 'x' }).lastEventId).to.equal('x');
    expect(new SseParser(() => undefined).lastEventId).to.equal('');
  });
});

describe('SseParser: retry', () => {
  it('reports a retry of ASCII digits', () => {
    const { retries, events } = parse(['retry: 1000\n\n']);
    expect(retries).to.deep.equal([1000]);
    expect(events).to.deep.equal([]);
  });

  it('reports retry: 0 and leading zeros as base ten', () => {
    expect(parse(['retry: 0\nretry: 0042\n']).retries).to.deep.equal([0, 42]);
  });

  it('reports retry at once, without waiting for the blank line', () => {
    expect(parse(['retry:250\n']).retries).to.deep.equal([250]);
  });

  for (const value of ['1000x', '-1', '1.5', '', '  5', '5 ', '+5', '1e3', '١٢', '０１', 'one thousand']) {
    it(`ignores retry: ${JSON.stringify(value)}`, () => {
      const { retries, events } = parse([`retry:${value}\ndata: after\n\n`]);
      expect(retries).to.deep.equal([]);
      expect(events).to.deep.equal([message('after')]);
    });
  }

  it('ignores retry without colon', () => {
    expect(parse(['retry\n\n']).retries).to.deep.equal([]);
  });
});

describe('SseParser: data and dispatch', () => {
  it('does not dispatch an event with no data lines', () => {
    const { events } = parse(['event: x\nid: 1\n\n\n\n']);
    expect(events).to.deep.equal([]);
  });

  it('dispatches an event whose only data line is empty', () => {
    expect(parse(['data:\n\n']).events).to.deep.equal([message('')]);
  });

  it('joins several data lines with LF', () => {
    expect(parse(['data: a\ndata: b\ndata: c\n\n']).events).to.deep.equal([message('a\nb\nc')]);
  });

  it('removes only one trailing LF', () => {
    expect(parse(['data: a\ndata\n\n']).events).to.deep.equal([message('a\n')]);
    expect(parse(['data\ndata\n\n']).events).to.deep.equal([message('\n')]);
  });

  it('dispatches each event in order', () => {
    const { events } = parse(['data: 1\n\ndata: 2\n\n\n\ndata: 3\n\n']);
    expect(events).to.deep.equal([message('1'), message('2'), message('3')]);
  });

  it('keeps NULL and other control characters in data', () => {
    expect(parse(['data: a\u0000b\u0007\n\n']).events).to.deep.equal([message('a\u0000b\u0007')]);
  });

  it('gives each event a fresh object', () => {
    const { events } = parse(['data: x\n\ndata: x\n\n']);
    expect(events[0]).to.not.equal(events[1]);
  });
});

describe('SseParser: end of stream', () => {
  it('discards an incomplete final event on end()', () => {
    const { events, parser } = parse(['data: 1\n\ndata: 2\n']);
    parser.end();
    expect(events).to.deep.equal([message('1')]);
  });

  it('discards an unterminated final line on end()', () => {
    const { events, parser } = parse(['data: 1\n\ndata: 2']);
    parser.end();
    expect(events).to.deep.equal([message('1')]);
  });

  it('does not let the id of a discarded event take effect', () => {
    const { parser } = parse(['id: 1\ndata: a\n\nid: 2\ndata: b\n']);
    parser.end();
    expect(parser.lastEventId).to.equal('1');
  });

  it('is reusable after end(): no data, event type or partial line leaks into the next stream', () => {
    const { events, parser } = parse(['id: 1\ndata: a\n\nevent: x\ndata: lost\nda']);
    parser.end();
    parser.push('ta: b\n\n');
    parser.push('data: c\n\n');
    expect(events).to.deep.equal([message('a', '1'), message('c', '1')]);
  });

  it('forgets a pending CR on end()', () => {
    const { events, parser } = parse(['data: a\r']);
    parser.end();
    parser.push('\ndata: b\n\n');
    // The LF opening the new stream is a blank line of its own, dispatching nothing.
    expect(events).to.deep.equal([message('b')]);
  });

  it('forgets a partial UTF-8 sequence on end()', () => {
    const { events, parser } = parse([new Uint8Array([...utf8('data: '), 0xe2, 0x82])]);
    parser.end();
    parser.push(utf8('data: ok\n\n'));
    expect(events).to.deep.equal([message('ok')]);
  });
});

describe('SseParser: UTF-8 decoding', () => {
  const samples: Array<[string, string]> = [
    ['2-byte', 'é ß ñ'],
    ['3-byte', '€ 中文 ह'],
    ['4-byte', '𝄞 𐍈'],
    ['emoji', '🙂👍🏽 👨‍👩‍👧'],
  ];
  for (const [name, text] of samples) {
    it(`decodes ${name} characters split across chunks at every byte offset`, () => {
      const bytes = utf8(`id: ${text}\nevent: ${text}\ndata: ${text}\n\n`);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const { events } = parse(splitAt(bytes, cut));
        expect(events, `cut at ${cut}`).to.deep.equal([message(text, text, text)]);
      }
    });
  }

  it('decodes a stream delivered one byte at a time', () => {
    const text = 'a€🙂é中';
    const bytes = utf8(`data: ${text}\r\ndata: ${text}\r\r`);
    const chunks = Array.from(bytes, (byte) => new Uint8Array([byte]));
    expect(parse(chunks).events).to.deep.equal([message(`${text}\n${text}`)]);
  });

  it('turns invalid UTF-8 into U+FFFD without throwing', () => {
    const bytes = new Uint8Array([...utf8('data: a'), 0xff, 0xc3, 0x28, 0x80, ...utf8('b\n\n')]);
    const { events } = parse([bytes]);
    expect(events).to.deep.equal([message('a\uFFFD\uFFFD(\uFFFDb')]);
  });

  it('turns a truncated sequence before a line end into U+FFFD', () => {
    const { events } = parse([new Uint8Array([...utf8('data: x'), 0xe2, 0x82]), utf8('\n\n')]);
    expect(events).to.deep.equal([message('x\uFFFD')]);
  });

  it('gives the same events for string input and Uint8Array input', () => {
    const stream = '\uFEFFid: 1\r\nevent: é\rdata: 🙂\ndata\n: c\nretry: 10\n\ndata: z\n\n';
    const fromText = parse([stream]);
    const fromBytes = parse([utf8(stream)]);
    expect(fromBytes.events).to.deep.equal(fromText.events);
    expect(fromBytes.retries).to.deep.equal(fromText.retries);
    expect(fromBytes.comments).to.deep.equal(fromText.comments);
    expect(fromText.events).to.deep.equal([message('🙂\n', '1', 'é'), message('z', '1')]);
  });

  it('accepts string and byte chunks mixed in one stream', () => {
    const { events } = parse(['data: a', utf8('€\r'), '\n', utf8('\n')]);
    expect(events).to.deep.equal([message('a€')]);
  });
});

describe('SseParser: maxMessageSize', () => {
  it('drops a message over the limit with exactly one too-large error and delivers the next one', () => {
    const big = 'x'.repeat(2000);
    const { events, errors } = parse([`data: ${big}\ndata: ${big}\n\ndata: next\n\n`], { maxMessageSize: 1000 });
    expect(errors).to.have.length(1);
    expect(errors[0].kind).to.equal('too-large');
    expect(errors[0].fatal).to.equal(false);
    expect(errors[0].message).to.be.a('string').and.not.equal('');
    expect(events).to.deep.equal([message('next')]);
  });

  it('drops a message whose many small data lines add up past the limit', () => {
    const lines = 'data: 0123456789\n'.repeat(200); // 200 * 11 bytes
    const { events, errors } = parse([`${lines}\ndata: ok\n\n`], { maxMessageSize: 1000 });
    expect(errors.map((error) => error.kind)).to.deep.equal(['too-large']);
    expect(events).to.deep.equal([message('ok')]);
  });

  it('delivers a message of exactly the limit and drops one byte more', () => {
    const exact = 'y'.repeat(1000);
    const ok = parse([`data: ${exact}\n\n`], { maxMessageSize: 1000 });
    expect(ok.events).to.deep.equal([message(exact)]);
    expect(ok.errors).to.deep.equal([]);
    const over = parse([`data: ${exact}y\n\n`], { maxMessageSize: 1000 });
    expect(over.events).to.deep.equal([]);
    expect(over.errors).to.have.length(1);
  });

  it('counts the LF joining data lines, not the final one', () => {
    // "a".repeat(499) + "\n" + "b".repeat(500) is 1000 bytes.
    const ok = parse([`data: ${'a'.repeat(499)}\ndata: ${'b'.repeat(500)}\n\n`], { maxMessageSize: 1000 });
    expect(ok.events).to.have.length(1);
    expect(ok.errors).to.have.length(0);
  });

  it('counts UTF-8 bytes: 400 "€" (1200 bytes) pass a 1000-byte limit, 400 ASCII characters do not', () => {
    const euros = parse([`data: ${'€'.repeat(400)}\n\n`], { maxMessageSize: 1000 });
    expect(euros.events).to.deep.equal([]);
    expect(euros.errors.map((error) => error.kind)).to.deep.equal(['too-large']);
    const ascii = parse([`data: ${'e'.repeat(400)}\n\n`], { maxMessageSize: 1000 });
    expect(ascii.events).to.deep.equal([message('e'.repeat(400))]);
    expect(ascii.errors).to.deep.equal([]);
  });

  it('counts 4-byte characters as 4 bytes', () => {
    const emoji = '🙂'.repeat(250); // 1000 bytes, 500 UTF-16 units
    expect(parse([`data: ${emoji}\n\n`], { maxMessageSize: 1000 }).events).to.deep.equal([message(emoji)]);
    expect(parse([`data: ${emoji}🙂\n\n`], { maxMessageSize: 1000 }).errors).to.have.length(1);
  });

  it('reports one error per dropped message', () => {
    const big = 'z'.repeat(50);
    const { events, errors } = parse([`data: ${big}\n\ndata: ${big}\n\ndata: ok\n\n`], { maxMessageSize: 10 });
    expect(errors).to.have.length(2);
    expect(events).to.deep.equal([message('ok')]);
  });

  it('still applies the id and resets the event type of a dropped message', () => {
    const { events, parser } = parse([`event: big\nid: 9\ndata: ${'q'.repeat(100)}\n\ndata: ok\n\n`], { maxMessageSize: 10 });
    expect(events).to.deep.equal([message('ok', '9')]);
    expect(parser.lastEventId).to.equal('9');
  });

  it('does not buffer a huge line without a newline: 20 MB in 64 KB chunks with a 1 KB limit', () => {
    const { events, errors, parser } = recorder({ maxMessageSize: 1024 });
    const chunk = 'a'.repeat(64 * 1024);
    const started = performance.now();
    parser.push('data: ');
    for (let sent = 0; sent < 20 * 1024 * 1024; sent += chunk.length) parser.push(chunk);
    parser.push('\n\ndata: after\n\n');
    const elapsed = performance.now() - started;
    expect(errors.map((error) => error.kind)).to.deep.equal(['too-large']);
    expect(events).to.deep.equal([message('after')]);
    // Buffering (or re-scanning) 20 MB would take far longer than scanning it once.
    expect(elapsed).to.be.below(2000);
  });

  it('does not buffer a huge byte line either, and decodes what follows', () => {
    const { events, errors, parser } = recorder({ maxMessageSize: 1024 });
    const chunk = utf8('€'.repeat(20_000)); // 60 000 bytes
    parser.push(utf8('data: '));
    for (let i = 0; i < 100; i++) parser.push(chunk);
    parser.push(utf8('\r\n\r\ndata: é\r\n\r\n'));
    expect(errors).to.have.length(1);
    expect(events).to.deep.equal([message('é')]);
  });

  it('defaults to 1 MiB', () => {
    const mib = 'm'.repeat(1_048_576);
    expect(parse([`data: ${mib}\n\n`]).events).to.have.length(1);
    const over = parse([`data: ${mib}m\n\n`]);
    expect(over.events).to.have.length(0);
    expect(over.errors).to.have.length(1);
  });
});
