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
const COLON = 58;
const SPACE = 32;
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
  #data = ''; // the data lines so far, joined with LF (no final LF: it would only be removed again)
  #dataLines = 0;
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
    this.#maxMessageSize = max !== undefined && max > 0 ? max : DEFAULT_MAX_MESSAGE_SIZE;
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
    // Only the first line of a chunk can finish one carried over from the previous chunk.
    let carried = this.#line !== '' || this.#skipLine;
    let nextLF = text.indexOf('\n', start);
    let nextCR = text.indexOf('\r', start);
    while (nextLF !== -1 || nextCR !== -1) {
      if (nextCR === -1 && !carried) {
        start = this.#scanLF(text, start, nextLF);
        break;
      }
      const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
      if (carried) {
        this.#endCarriedLine(text, start, end);
        carried = false;
      } else {
        this.#readLine(text, start, end);
      }
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

  /**
   * The rest of a chunk with no CR in it and nothing carried, the common case: every line ends at an
   * LF. Returns where the unterminated tail starts.
   */
  #scanLF(text: string, start: number, lf: number): number {
    for (; lf !== -1; lf = text.indexOf('\n', start)) {
      this.#readLine(text, start, lf);
      start = lf + 1;
      // A blank line next (the usual end of a message): dispatch now rather than find it as a line.
      if (text.charCodeAt(start) === LF) {
        this.#dispatch();
        start += 1;
      }
    }
    return start;
  }

  /** Keeps the unterminated tail of a chunk, unless that would buffer more than the limit. */
  #carry(text: string, start: number, end: number): void {
    if (this.#skipLine) return;
    this.#line += start === 0 && end === text.length ? text : text.slice(start, end);
    if (this.#line.length > this.#maxLineLength) {
      if (fieldEnd(this.#line, 0, this.#line.length, 'data') !== -1) this.#dropMessage();
      this.#line = '';
      this.#skipLine = true;
    }
  }

  /** The first line of a chunk, when the previous chunk left part of it (or a line being skipped). */
  #endCarriedLine(text: string, start: number, end: number): void {
    if (this.#skipLine) {
      this.#skipLine = false;
      return;
    }
    const line = this.#line + text.slice(start, end);
    this.#line = '';
    // Not through #readLine: a joined line is another kind of string for the engine, and the hot reader
    // stays fastest when it only ever sees the chunks' own strings.
    if (line.length > this.#maxLineLength) {
      if (fieldEnd(line, 0, line.length, 'data') !== -1) this.#dropMessage();
      return;
    }
    this.#processLine(line, 0, line.length);
  }

  /**
   * Reads the line `text[start, end)`: one too long for the limit is dropped (and drops its message when
   * it is data); `data:` and `id:` lines, what most messages are made of, are recognised by where their
   * colon is, before the general field switch.
   */
  #readLine(text: string, start: number, end: number): void {
    if (end - start > this.#maxLineLength) {
      if (fieldEnd(text, start, end, 'data') !== -1) this.#dropMessage();
      return;
    }
    if (text.charCodeAt(start + 4) === COLON && text.startsWith('data', start)) {
      this.#appendData(text.slice(start + 5 < end && text.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5, end));
    } else if (text.charCodeAt(start + 2) === COLON && text.startsWith('id', start)) {
      const id = text.slice(start + 3 < end && text.charCodeAt(start + 3) === SPACE ? start + 4 : start + 3, end);
      if (!id.includes('\0')) this.#idBuffer = detach(id);
    } else {
      this.#processLine(text, start, end);
    }
  }

  /** Interprets the line `text[start, end)`. Only the four known field names matter, so no colon search. */
  #processLine(text: string, start: number, end: number): void {
    if (start === end) {
      this.#dispatch();
      return;
    }
    let nameEnd: number;
    switch (text.charCodeAt(start)) {
      case COLON:
        this.#onComment?.(detach(text.slice(start + 1 < end && text.charCodeAt(start + 1) === SPACE ? start + 2 : start + 1, end)));
        return;
      case 100: // d
        if ((nameEnd = fieldEnd(text, start, end, 'data')) !== -1) this.#appendData(valueOf(text, nameEnd, end));
        return;
      case 105: // i
        if ((nameEnd = fieldEnd(text, start, end, 'id')) !== -1) {
          const id = valueOf(text, nameEnd, end);
          if (!id.includes('\0')) this.#idBuffer = detach(id);
        }
        return;
      case 101: // e
        if ((nameEnd = fieldEnd(text, start, end, 'event')) !== -1) this.#eventType = detach(valueOf(text, nameEnd, end));
        return;
      case 114: // r
        if ((nameEnd = fieldEnd(text, start, end, 'retry')) !== -1) {
          const retry = valueOf(text, nameEnd, end);
          if (DIGITS.test(retry)) this.#onRetry?.(Number(retry));
        }
        return;
      default:
      // Any other field is ignored, as the standard says.
    }
  }

  #appendData(value: string): void {
    if (this.#tooLarge) return;
    const separator = this.#dataLines === 0 ? 0 : 1;
    this.#data = separator === 0 ? value : this.#data + '\n' + value;
    this.#dataLines += 1;
    const max = this.#maxMessageSize;
    if (this.#dataExact) {
      this.#dataSize += utf8Length(value) + separator;
    } else {
      this.#dataSize += value.length + separator;
      // One UTF-16 unit is at most three UTF-8 bytes: below a third of the limit, no need to count bytes.
      if (this.#dataSize * 3 > max) {
        this.#dataExact = true;
        this.#dataSize = utf8Length(this.#data);
      }
    }
    if (this.#dataSize > max) this.#dropMessage();
  }

  #dropMessage(): void {
    if (this.#tooLarge) return;
    this.#tooLarge = true;
    this.#data = '';
    this.#onError?.(messageTooLarge(this.#maxMessageSize));
  }

  #dispatch(): void {
    this.#lastEventId = this.#idBuffer;
    if (this.#tooLarge || this.#dataLines === 0) {
      this.#resetEvent();
      return;
    }
    const data = this.#data;
    const type = this.#eventType === '' ? 'message' : this.#eventType;
    this.#resetEvent();
    this.#onEvent({ type, data, lastEventId: this.#lastEventId });
  }

  #resetEvent(): void {
    this.#data = '';
    this.#dataLines = 0;
    this.#dataSize = 0;
    this.#dataExact = false;
    this.#tooLarge = false;
    this.#eventType = '';
  }
}

/** The error of a message dropped for passing `max` bytes. */
/** The largest message data a feed keeps by default, in bytes: 1 MiB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 1_048_576;

export function messageTooLarge(max: number): FeedError {
  return feedError('too-large', `Over ${max} bytes.`, false, { limit: max });
}

/**
 * Where the field name ends (the colon, or the line end) when the line `text[start, end)` is the field
 * `name`; -1 otherwise.
 */
function fieldEnd(text: string, start: number, end: number, name: string): number {
  const nameEnd = start + name.length;
  if (nameEnd > end || !text.startsWith(name, start)) return -1;
  return nameEnd === end || text.charCodeAt(nameEnd) === COLON ? nameEnd : -1;
}

/** The value of a field whose name ends at `nameEnd`: after the colon and one optional space. */
function valueOf(text: string, nameEnd: number, end: number): string {
  if (nameEnd === end) return '';
  const valueStart = text.charCodeAt(nameEnd + 1) === SPACE && nameEnd + 1 < end ? nameEnd + 2 : nameEnd + 1;
  return text.slice(valueStart, end);
}

/**
 * A copy of `value` that does not share the chunk it was cut from: engines keep the whole parent of a
 * substring alive, so an event kept by the application would otherwise pin its entire chunk.
 */
function detach(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
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
