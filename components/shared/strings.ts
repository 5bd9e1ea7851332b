// Every word <connection-indicator> and <status-toast> show or announce: one table, English by default,
// replaceable as a whole (setStrings) or per element (the `strings` property), with plural forms.

import type { FeedError, FeedStatus } from '../core/types.js';

/**
 * The forms of a phrase that counts `{seconds}`, by `Intl.PluralRules` category of the element's
 * language (`one`, `few`, `many`…); `other` is required and used for every category not given.
 */
export type PluralPhrase = { readonly [category in Intl.LDMLPluralRule]?: string } & { readonly other: string };

/** A phrase: text with `{seconds}`, `{attempt}`, `{max}`, `{reason}` or `{status}` placeholders, or its plural forms. */
export type Phrase = string | PluralPhrase;

/**
 * The words of both elements. A translation gives every key; a page that only rewords a few gives those
 * (the rest stay English). Phrases marked "plural" may be plural forms chosen by their `{seconds}`.
 */
export interface FeedStrings {
  /** Indicator, `idle`. */
  idle: Phrase;
  /** Indicator, `connecting`. */
  connecting: Phrase;
  /** Indicator, `connected`. */
  connected: Phrase;
  /** Indicator, connected but stale; plural, `{seconds}` since the last message, counting up. */
  stale: Phrase;
  /** Announced once when the feed turns stale. */
  staleAnnounced: Phrase;
  /** Indicator, `retrying`; plural, `{seconds}` to the next attempt, counting down. */
  retrying: Phrase;
  /** Announced once per attempt scheduled: the retrying text without the countdown. */
  retryingAnnounced: Phrase;
  /** Indicator, retrying while the device is offline (no attempt is scheduled). */
  offline: Phrase;
  /** Indicator, `paused`. */
  paused: Phrase;
  /** Indicator, `failed`. */
  failed: Phrase;
  /** Indicator, `closed`. */
  closed: Phrase;
  /** Indicator, `closed` because the stream finished (`status.finished`: a complete answer), not by the page. */
  finished: Phrase;
  /** Toast title while retrying: the same through the whole outage. */
  toastRetrying: Phrase;
  /** Toast title while retrying because the device is offline. */
  toastOffline: Phrase;
  /** Toast title when the feed has failed. */
  toastFailed: Phrase;
  /** Toast title when the feed is connected again. */
  toastReconnected: Phrase;
  /** Toast title when updates were missed (a replay gap, with the toast's `gaps` on). */
  toastGap: Phrase;
  /** The second line of the missed-updates notice. */
  reasonGap: Phrase;
  /** The toast's retry button. */
  retry: Phrase;
  /** The button of the missed-updates notice: the page reloads, or re-fetches what it shows. */
  refresh: Phrase;
  /** The accessible name of the toast's close button. */
  dismiss: Phrase;
  /** `{reason}`: the device is offline. */
  reasonOffline: Phrase;
  /** `{reason}`: a stall; plural, `{seconds}` is the feed's `stall-timeout`. */
  reasonStall: Phrase;
  /** `{reason}`: a stall of unknown length. */
  reasonQuiet: Phrase;
  /** `{reason}`: the server answered with another content type. */
  reasonContentType: Phrase;
  /** `{reason}`: a message was not valid JSON. */
  reasonParse: Phrase;
  /** `{reason}`: a message passed `max-message-size`. */
  reasonTooLarge: Phrase;
  /** `{reason}`: the request could not be made (refused, DNS, CORS). */
  reasonUnreachable: Phrase;
  /** `{reason}`: an open connection broke. */
  reasonLost: Phrase;
  /** `{reason}`: the server ended the stream, which is resumed. */
  reasonEnded: Phrase;
  /** `{reason}`: `src` is not an http(s) URL. */
  reasonInvalidUrl: Phrase;
  /** `{reason}`: the page's `fetch` function returned no Response. */
  reasonNotAResponse: Phrase;
  /** `{reason}`: the browser refused to open an EventSource. */
  reasonCannotOpen: Phrase;
  /** `{reason}`: a network error with no more detail. */
  reasonNetwork: Phrase;
  /** `{reason}` of a failure with no error at all (a status set from code). */
  reasonUnknown: Phrase;
  /** `{reason}` for HTTP 400; `{status}` is the code. */
  http400: Phrase;
  http401: Phrase;
  http403: Phrase;
  http404: Phrase;
  http405: Phrase;
  http408: Phrase;
  http410: Phrase;
  http429: Phrase;
  /** `{reason}` for any other 5xx. */
  httpServer: Phrase;
  /** `{reason}` for any other status. */
  httpClient: Phrase;
}

/** The English defaults. */
export const ENGLISH: Readonly<FeedStrings> = Object.freeze({
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  stale: { one: 'No new data for {seconds} second', other: 'No new data for {seconds} seconds' },
  staleAnnounced: 'Connected, but no new data',
  retrying: {
    one: 'Reconnecting in {seconds} second, attempt {attempt} of {max}',
    other: 'Reconnecting in {seconds} seconds, attempt {attempt} of {max}',
  },
  retryingAnnounced: 'Reconnecting, attempt {attempt} of {max}',
  offline: 'Offline, waiting for the network',
  paused: 'Paused',
  failed: 'Connection failed: {reason}',
  closed: 'Closed',
  finished: 'Done',
  toastRetrying: 'Reconnecting…',
  toastOffline: 'Waiting for the network…',
  toastFailed: 'Connection failed',
  toastReconnected: 'Reconnected',
  toastGap: 'Some updates were missed',
  reasonGap: 'What you see may be out of date',
  retry: 'Retry',
  refresh: 'Refresh',
  dismiss: 'Dismiss',
  reasonOffline: 'You are offline',
  reasonStall: { one: 'No data for {seconds} second', other: 'No data for {seconds} seconds' },
  reasonQuiet: 'The server sent no data',
  reasonContentType: 'The server did not send an event stream',
  reasonParse: 'A message could not be read',
  reasonTooLarge: 'A message was too large',
  reasonUnreachable: 'Could not reach the server',
  reasonLost: 'The connection was lost',
  reasonEnded: 'The server ended the stream',
  reasonInvalidUrl: 'The stream address is not valid',
  reasonNotAResponse: 'The page’s fetch function gave no response',
  reasonCannotOpen: 'The browser could not open the stream',
  reasonNetwork: 'Connection lost',
  reasonUnknown: 'Reason unknown',
  http400: 'Bad request ({status})',
  http401: 'Not authorised ({status})',
  http403: 'Access denied ({status})',
  http404: 'Stream not found ({status})',
  http405: 'Method not allowed ({status})',
  http408: 'The server timed out ({status})',
  http410: 'Stream gone ({status})',
  http429: 'Too many requests ({status})',
  httpServer: 'Server error ({status})',
  httpClient: 'Request refused ({status})',
});

let pageStrings: Readonly<FeedStrings> = ENGLISH;
const listeners = new Set<() => void>();

/**
 * Replaces the words of every `<connection-indicator>` and `<status-toast>` on the page (those shown now
 * re-render); keys not given stay English, and `null` restores English. An element's own `strings`
 * property, and its `label-*` / `message-*` attributes, still take precedence.
 */
export function setStrings(strings: Partial<FeedStrings> | null): void {
  pageStrings = Object.freeze({ ...ENGLISH, ...strings });
  for (const listener of listeners) listener();
}

/** The page's words: English, or what `setStrings()` gave. */
export function getStrings(): Readonly<FeedStrings> {
  return pageStrings;
}

/** Calls `listener` after each `setStrings()`; returns the function that stops it. */
export function onStringsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The values a phrase can use. */
export interface PhraseValues {
  /** Whole seconds: to the next attempt, since the last message, or of a stall, per phrase. */
  readonly seconds: number;
  /** Consecutive failed attempts (`status.attempt`). */
  readonly attempt: number;
  /** `status.retryMaxCount`, or `∞`. */
  readonly max: string;
  /** The error in words (see `reasonOf`), or `""`. */
  readonly reason: string;
  /** The HTTP status, or `""`. */
  readonly status?: string;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** Fills the placeholders of `template`; other braces stay as they are. */
export function fill(template: string, values: PhraseValues): string {
  return template.replace(/\{(seconds|attempt|max|reason|status)\}/g, (_, name: keyof PhraseValues) => String(values[name] ?? ''));
}

/** `phrase` in words: its plural form for `values.seconds` in `lang`, placeholders filled. */
export function say(phrase: Phrase, values: PhraseValues, lang = 'en'): string {
  if (typeof phrase === 'string') return fill(phrase, values);
  let rules = pluralRules.get(lang);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(lang);
    } catch {
      rules = new Intl.PluralRules('en'); // a lang attribute that is no language tag
    }
    pluralRules.set(lang, rules);
  }
  return fill(phrase[rules.select(values.seconds)] ?? phrase.other, values);
}

/** Whole seconds from `now` until `retryAt`, rounded up so a countdown reaches 0 when the attempt starts. */
export function secondsUntil(retryAt: number | null, now: number = Date.now()): number {
  return retryAt === null ? 0 : Math.max(0, Math.ceil((retryAt - now) / 1000));
}

/**
 * What went wrong, in the table's words, from the error's data (never from its English `message`):
 * "Server error (503)", "You are offline", "No data for 45 seconds", "Not authorised (401)"; `""` for none.
 */
export function reasonOf(error: FeedError | null, strings: FeedStrings, lang?: string): string {
  if (!error) return '';
  let key: keyof FeedStrings;
  let seconds = 0;
  if (error.kind === 'http') {
    const code = error.status ?? 500;
    key = `http${code}` in strings ? (`http${code}` as keyof FeedStrings) : code >= 500 ? 'httpServer' : 'httpClient';
  } else if (error.kind === 'stall') {
    key = error.timeout === undefined ? 'reasonQuiet' : 'reasonStall';
    seconds = Math.round((error.timeout ?? 0) / 1000);
  } else {
    // The phrase is named after the kind, or for kind network its reason: `too-large` is `reasonTooLarge`.
    const name = `reason-${error.kind === 'network' ? (error.reason ?? 'network') : error.kind}`.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase());
    key = name in strings ? (name as keyof FeedStrings) : 'reasonNetwork';
  }
  return say(strings[key], { seconds, attempt: 0, max: '', reason: '', status: String(error.status ?? '') }, lang);
}

/** The placeholder values of `status`, with `seconds` given (a countdown, a time since, or a whole wait). */
export function valuesOf(status: FeedStatus, seconds: number, strings: FeedStrings, lang?: string): PhraseValues {
  return {
    seconds,
    attempt: status.attempt,
    max: Number.isFinite(status.retryMaxCount) ? String(status.retryMaxCount) : '∞',
    reason: reasonOf(status.error, strings, lang),
    status: String(status.error?.status ?? ''),
  };
}
