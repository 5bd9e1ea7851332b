// Back/forward cache tests from inside the test runner: a page in its own window (opened `noopener`, so it is
// eligible for the cache) that the test sends away and back, and proof read from the page and the server.
//
// A test page cannot navigate itself away, and a popup that keeps its opener stays out of Chromium's cache, so the
// page under test is a `noopener` window served by test/bfcache-server.mjs; it talks to the test over a
// BroadcastChannel (test/bfcache-page.ts) and marks each step on the server, which snapshots how many streams
// the test's key holds open then.

import { executeServerCommand } from '@web/test-runner-commands';
import type { PageCommand, PageReport } from './bfcache-page.js';
import { serverSession } from './helpers.js';
import { sleep } from './sse-feed-helpers.js';

export type { PageReport } from './bfcache-page.js';

/** A lifecycle step as the server recorded it, with the number of the key's streams open at that moment. */
export interface ServerMark {
  event: 'pagehide' | 'pageshow' | 'freeze' | 'resume' | 'away' | 'leaving' | 'count';
  /** Which page marked it: the page under test, the away page, or the test itself (`count`). */
  page: 'page' | 'away' | 'test';
  persisted: boolean;
  time: number;
  open: number;
}

/** What one trip away and back showed. */
export interface CacheTrip {
  /** The page came back from the back/forward cache (`pageshow` with `persisted`), not loaded again. */
  restored: boolean;
  /** The pagehide that sent it away said it may be cached (`persisted`). */
  hiddenPersisted: boolean;
  /** Streams of the key open on the server while the page was away (taken right before going back). */
  openWhileCached: number;
  /** The page's report right after it came back. */
  shown: PageReport;
  /** Every server mark of the key so far. */
  marks: ServerMark[];
}

/** A page under test in its own window. */
export interface CachedPage {
  readonly key: string;
  /** Every report the page (and the away page) sent, oldest first. */
  readonly reports: PageReport[];
  /** The first report from now on (or already received, with `since`) that matches. */
  next(match: (report: PageReport) => boolean, timeout?: number, since?: number): Promise<PageReport>;
  /** The page's current report (messages, stream state, each feed's status). */
  status(): Promise<PageReport>;
  /** Sends the page to another page, waits `stay` ms there, goes back, and tells what happened. */
  awayAndBack(options?: { stay?: number }): Promise<CacheTrip>;
  /**
   * Freezes the page for `for` ms as Chromium does to a background tab (CDP Page.setWebLifecycleState), then
   * resumes it; `openWhileFrozen` is the key's open streams on the server right before the resume. Resolves null
   * where the engine has no such control (Firefox, WebKit).
   */
  freezeAndResume(options?: { for?: number }): Promise<{ openWhileFrozen: number; marks: ServerMark[] } | null>;
  /** The server's marks for this key. */
  marks(): Promise<ServerMark[]>;
  /** Closes the window (and its streams). */
  close(): Promise<void>;
}

/** What the page holds: its own raw stream (`stream` + `transport`), or markup such as an `<sse-feed>` (`body`). */
export interface PageOptions {
  /** The test key: the server session the page's streams belong to, so the server can count them. */
  key: string;
  stream?: string;
  transport?: 'fetch' | 'eventsource';
  body?: string;
}

const opened = new Set<CachedPage>();

/** Opens the page under test in a `noopener` window and resolves once it is shown. */
export async function openCachedPage(options: PageOptions): Promise<CachedPage> {
  const { key } = options;
  const reports: PageReport[] = [];
  const waiters = new Set<() => void>();
  const channel = new BroadcastChannel(`sse-bfcache:${key}`);
  channel.onmessage = ({ data }: MessageEvent<PageReport>) => {
    reports.push(data);
    for (const wake of [...waiters]) wake();
  };
  const send = (cmd: PageCommand['cmd']): void => channel.postMessage({ cmd } satisfies PageCommand);

  const next: CachedPage['next'] = (match, timeout = 10_000, since = reports.length) =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = reports.slice(since).find(match);
        if (!found) return false;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(found);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        const seen = reports.map((report) => `${report.page}:${report.type}${report.persisted ? '(persisted)' : ''}`).join(', ');
        reject(new Error(`bfcache page ${key}: no matching report in ${timeout} ms (seen: ${seen || 'none'})`));
      }, timeout);
      waiters.add(wake);
      check();
    });

  const marks = async (): Promise<ServerMark[]> => (await fetch(`/sse/bfcache/marks?key=${encodeURIComponent(key)}`, { cache: 'no-store' })).json();

  const query = new URLSearchParams({ key });
  if (options.stream) query.set('stream', options.stream);
  if (options.transport) query.set('transport', options.transport);
  if (options.body) query.set('body', options.body);
  const shown = next((report) => report.page === 'page' && report.type === 'pageshow', 10_000, 0);
  window.open(`/sse/bfcache/page?${query}`, '_blank', 'noopener');
  await shown;

  const page: CachedPage = {
    key,
    reports,
    next,
    async status() {
      const since = reports.length;
      send('status');
      return next((report) => report.type === 'status' && report.page === 'page', 5_000, since);
    },
    async awayAndBack({ stay = 500 } = {}) {
      const since = reports.length;
      const hidden = next((report) => report.page === 'page' && report.type === 'pagehide', 10_000, since);
      const away = next((report) => report.page === 'away' && report.type === 'pageshow', 10_000, since);
      send('away');
      const hide = await hidden;
      await away;
      await sleep(stay);
      const back = reports.length;
      const returned = next((report) => report.page === 'page' && report.type === 'pageshow', 10_000, back);
      send('back');
      const shownAgain = await returned;
      const all = await marks();
      const leaving = all.filter((mark) => mark.event === 'leaving').at(-1);
      return {
        restored: shownAgain.persisted === true,
        hiddenPersisted: hide.persisted === true,
        openWhileCached: leaving?.open ?? Number.NaN,
        shown: shownAgain,
        marks: all,
      };
    },
    async freezeAndResume({ for: ms = 500 } = {}) {
      if (!(await setLifecycleState(key, 'frozen'))) return null;
      await sleep(ms);
      const openWhileFrozen = await openCount(key);
      await setLifecycleState(key, 'active');
      return { openWhileFrozen, marks: await marks() };
    },
    marks,
    async close() {
      send('close');
      await sleep(50);
      channel.close();
      opened.delete(page);
    },
  };
  opened.add(page);
  return page;
}

/**
 * Sets a test page's Page Lifecycle state (Chromium only): `frozen` fires `freeze` in it and stops its tasks,
 * `active` fires `resume`. Resolves false where the engine has no such control.
 */
export async function setLifecycleState(key: string, state: 'frozen' | 'active'): Promise<boolean> {
  const answer = await executeServerCommand<{ supported: boolean }, { key: string; state: string }>('sse-page-lifecycle', { key, state });
  return answer?.supported === true;
}

/** How many streams the test server holds open for `key` now (its scripted and chat streams, its hub's subscriptions). */
export async function openCount(key: string): Promise<number> {
  const response = await fetch(`/sse/bfcache/mark?key=${encodeURIComponent(key)}&event=count&page=test`, { method: 'POST' });
  return ((await response.json()) as ServerMark).open;
}

/** Closes every page a test opened (call it in `afterEach`). */
export async function closeCachedPages(): Promise<void> {
  await Promise.all([...opened].map((page) => page.close()));
}

/** What an engine does with a page holding one open stream of its own (no library), measured by `probeCache()`. */
export interface CacheProbe {
  /** The page went into the back/forward cache and came back from it (else it was unloaded and loaded anew). */
  cached: boolean;
  /** The page's streams the server held open while the page was away. */
  openWhileCached: number;
  /**
   * The stream after the page came back: `continued` (the same connection delivers again), `reconnected` (a new
   * request, by EventSource itself), `broken` (the page holds a dead stream), `reloaded` (not cached: a new page).
   */
  afterRestore: 'continued' | 'reconnected' | 'broken' | 'reloaded';
  /** Requests the server got for the stream, and the `Last-Event-ID` each carried ('' for none). */
  requests: number;
  lastEventIds: string[];
  /** The ids the (restored or new) page holds at the end: a gap or a repeat shows here. */
  ids: string[];
}

/**
 * Measures what this engine does with a page whose own `transport` stream (`none`: no stream) is open when the
 * person goes away and back: the cache, the server's count while away, and the stream afterwards. A probe, never
 * the user agent: feature tests can choose what to expect from it.
 */
export async function probeCache(transport: 'none' | 'fetch' | 'eventsource', { stay = 800, settle = 4_000 } = {}): Promise<CacheProbe> {
  const session = serverSession({ count: 100_000, interval: 100, end: 'hold' });
  const page = await openCachedPage(transport === 'none' ? { key: session.id } : { key: session.id, stream: session.url, transport });
  try {
    if (transport !== 'none') await page.next((report) => report.page === 'page' && report.messages.length >= 3);
    const trip = await page.awayAndBack({ stay });
    const atRestore = trip.shown.messages.length;
    const deadline = Date.now() + settle;
    let status = await page.status();
    let log = await session.log();
    // Wait for the stream to deliver again (or for the engine's own reconnection), or until it clearly will not.
    while (transport !== 'none' && Date.now() < deadline) {
      if (status.messages.length > atRestore + 2) break;
      await sleep(100);
      status = await page.status();
    }
    log = await session.log();
    let afterRestore: CacheProbe['afterRestore'];
    if (!trip.restored) afterRestore = 'reloaded';
    else if (log.requests.length > 1) afterRestore = 'reconnected';
    else if (transport !== 'none' && status.messages.length > atRestore) afterRestore = 'continued';
    else afterRestore = transport === 'none' ? 'continued' : 'broken';
    return {
      cached: trip.restored,
      openWhileCached: trip.openWhileCached,
      afterRestore,
      requests: log.requests.length,
      lastEventIds: log.requests.map((request) => request.headers['last-event-id'] ?? ''),
      ids: status.messages.map((message) => message.id),
    };
  } finally {
    await page.close();
  }
}
