// The HTML standard's event-stream interpretation, fed chunk by chunk.
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation

import { feedError, type FeedError, type ParsedEvent } from './types.js';

/** Options of {@link SseParser}. */
export interface SseParserOptions {
  /** Called with the value of each valid `retry:` field, in milliseconds. */
  onRetry?(ms: number): void;
  /** Called with the text of each comment line (after the colon, one leading space removed). */
  onComment?(text: string): void;
  /** Called with kind `too-large` when a message's data passes `maxMessageSize`; parsing goes on. */
  onError?(error: FeedError): void;
  /** Largest data of one message, in UTF-8 bytes; larger messages are dropped. Default 1 MiB. */
  maxMessageSize?: number;
  /** The last event ID to start from, as a resumed stream would have it. */
  lastEventId?: string;
}

const LF = 10;
const DIGITS = /^[0-9]+$/;
// The longest field name the standard knows ("retry", "event") plus its colon and one space.
const FIELD_OVERHEAD = 8;

/**
 * Turns the bytes (or text) of a `text/event-stream` into events, exactly as the HTML standard says:
 * UTF-8 decoding with the BOM removed, lines ended by CR, LF or CRLF (split across chunks or not),
 * the `data`, `event`, `id` and `retry` fields, ids containing NULL ignored, `retry` only when all
 * ASCII digits, empty data not dispatched, the final LF of data removed and an incomplete last event
 * discarded on {@link end}. No line or message is buffered past `maxMessageSize`.
 */
export class SseParser {
  readonly #onEvent: (event: ParsedEvent) => void;
  readonly #onRetry?: (ms: number) => void;
  readonly #onComment?: (text: string) => void;
  readonly #onError?: (error: FeedError) => void;
  readonly #maxMessageSize: number;
  readonly #maxLineLength: number;
  // The BOM is removed by push() for bytes and text alike, so the decoder must keep it.
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  #started = false;
  #line = ''; // the incomplete line carried over from the previous chunk
  #skipLine = false; // the current line outgrew the limit: ignore it to its end
  #afterCR = false; // the previous chunk ended with CR: an LF opening this one belongs to it
  #data = '';
  #dataSize = 0; // UTF-16 units of #data until it may be near the limit, UTF-8 bytes after
  #dataExact = false; // #dataSize counts bytes
  #tooLarge = false; // the current message passed the limit and will be dropped
  #eventType = '';
  #idBuffer: string;
  #lastEventId: string;

  constructor(
    onEvent: (event: ParsedEvent) => void,
    options: SseParserOptions = {},
  ) {
    this.#onEvent = onEvent;
    this.#onRetry = options.onRetry;
    this.#onComment = options.onComment;
    this.#onError = options.onError;
    const max = options.maxMessageSize;
    this.#maxMessageSize = max !== undefined && max > 0 ? max : 1_048_576;
    this.#maxLineLength = this.#maxMessageSize + FIELD_OVERHEAD;
    this.#idBuffer = this.#lastEventId = options.lastEventId ?? '';
  }

  /** The last event ID string, as set by the most recent dispatch. */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** Feeds the next chunk; chunks may split anywhere, inside a line, a CRLF or a UTF-8 sequence. */
  push(chunk: Uint8Array | string): void {
    let text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    if (text.length === 0) return; // an empty chunk must not forget a CR that ended the previous one
    if (!this.#started) {
      this.#started = true;
      // One BOM at the very start of the stream is ignored; any later one is content.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.#scan(text);
  }

  /** The stream ended: a line or event without its terminating blank line is discarded. */
  end(): void {
    this.#decoder.decode();
    this.#line = '';
    this.#skipLine = false;
    this.#afterCR = false;
    this.#started = false;
    this.#idBuffer = this.#lastEventId; // an id of the discarded event never took effect
    this.#resetEvent();
  }

  #scan(text: string): void {
    const length = text.length;
    let start = 0;
    if (this.#afterCR) {
      this.#afterCR = false;
      if (length > 0 && text.charCodeAt(0) === LF) start = 1;
    }
    let nextLF = text.indexOf('\n', start);
    let nextCR = text.indexOf('\r', start);
    while (nextLF !== -1 || nextCR !== -1) {
      const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
      this.#endLine(text, start, end);
      start = end + 1;
      if (end === nextCR) {
        if (start === length) {
          this.#afterCR = true;
        } else if (text.charCodeAt(start) === LF) {
          start += 1;
        }
        nextCR = text.indexOf('\r', start);
      }
      if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
    }
    if (start < length) this.#carry(text, start, length);
  }

  /** Keeps the unterminated tail of a chunk, unless that would buffer more than the limit. */
  #carry(text: string, start: number, end: number): void {
    if (this.#skipLine) return;
    this.#line += start === 0 && end === text.length ? text : text.slice(start, end);
    if (this.#line.length > this.#maxLineLength) {
      if (isDataLine(this.#line)) this.#dropMessage();
      this.#line = '';
      this.#skipLine = true;
    }
  }

  #endLine(text: string, start: number, end: number): void {
    if (this.#skipLine) {
      this.#skipLine = false;
      return;
    }
    let line: string;
    if (this.#line === '') {
      line = text.slice(start, end);
    } else {
      line = this.#line + text.slice(start, end);
      this.#line = '';
    }
    if (line.length > this.#maxLineLength) {
      if (isDataLine(line)) this.#dropMessage();
      return;
    }
    this.#processLine(line);
  }

  #processLine(line: string): void {
    if (line === '') {
      this.#dispatch();
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) {
      this.#onComment?.(line.charCodeAt(1) === 32 ? line.slice(2) : line.slice(1));
      return;
    }
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    }
    switch (field) {
      case 'data':
        this.#appendData(value);
        break;
      case 'event':
        this.#eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.#idBuffer = value;
        break;
      case 'retry':
        if (DIGITS.test(value)) this.#onRetry?.(Number(value));
        break;
      default:
      // Any other field is ignored, as the standard says.
    }
  }

  #appendData(value: string): void {
    if (this.#tooLarge) return;
    this.#data += value + '\n';
    const max = this.#maxMessageSize;
    if (this.#dataExact) {
      this.#dataSize += utf8Length(value) + 1;
    } else {
      this.#dataSize += value.length + 1;
      // One UTF-16 unit is at most three UTF-8 bytes: below a third of the limit, no need to count bytes.
      if (this.#dataSize * 3 > max) {
        this.#dataExact = true;
        this.#dataSize = utf8Length(this.#data);
      }
    }
    // The final LF is not part of the message: only the bytes past it count.
    if (this.#dataSize - 1 > max) this.#dropMessage();
  }

  #dropMessage(): void {
    if (this.#tooLarge) return;
    this.#tooLarge = true;
    this.#data = '';
    this.#onError?.(
      feedError('too-large', `A message was larger than ${this.#maxMessageSize} bytes and was dropped.`, false),
    );
  }

  #dispatch(): void {
    this.#lastEventId = this.#idBuffer;
    if (this.#tooLarge || this.#data === '') {
      this.#resetEvent();
      return;
    }
    const data = this.#data.slice(0, -1);
    const type = this.#eventType === '' ? 'message' : this.#eventType;
    this.#resetEvent();
    this.#onEvent({ type, data, lastEventId: this.#lastEventId });
  }

  #resetEvent(): void {
    this.#data = '';
    this.#dataSize = 0;
    this.#dataExact = false;
    this.#tooLarge = false;
    this.#eventType = '';
  }
}

function isDataLine(line: string): boolean {
  return line.startsWith('data:') || line === 'data';
}

/** The number of bytes `text` takes in UTF-8 (lone surrogates count as the 3-byte U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) {
      bytes += 1;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a surrogate pair: 4 bytes for 2 units
        bytes += 2;
        continue;
      }
      bytes += 2;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}
