// <sse-feed> in the back/forward cache and in a frozen page, in every engine, against the real server: the feed
// holds no connection while its page is away, resumes from the last delivered id when it is back, and says nothing.
// What each engine does is measured (probeCache, the CDP freeze), never read from the user agent.

import { expect } from '@open-wc/testing';
import { closeCachedPages, openCachedPage, probeCache, type CacheProbe, type CachedPage, type PageReport } from './bfcache.js';
import { serverSession, until } from './helpers.js';

const log = (session: ReturnType<typeof serverSession>) => session.log();

/** Numbered ids from `first` with no gap and no repeat: every message exactly once. */
function expectConsecutive(ids: string[], first = 1): void {
  expect(ids.length, 'messages').to.be.greaterThan(0);
  expect(ids, 'every message exactly once, in order').to.deep.equal(ids.map((_, index) => String(first + index)));
}

/** The id each request of the stream resumed from: its Last-Event-ID header, or (EventSource) its query parameter. */
function resumedFrom(request: { url: string; headers: Record<string, string> }): string {
  return request.headers['last-event-id'] ?? new URL(request.url, location.href).searchParams.get('lastEventId') ?? '';
}

const ids = (report: PageReport): string[] => report.messages.map((message) => message.id);
/** The states a feed went through since it was last `paused`, each once (a status that changes only the attempt repeats it). */
const sincePaused = (report: PageReport): string[] =>
  report.states.slice(report.states.lastIndexOf('paused')).filter((next, index, all) => index === 0 || next !== all[index - 1]);
const state = (report: PageReport): string => (report.feeds[0] as { state: string }).state;

/** A page with a feed (and its toast) on a long numbered stream, once it has 3 messages; `more`: markup after it. */
async function openFeedPage(
  transport: 'fetch' | 'eventsource',
  attributes = '',
  more = '',
): Promise<{ page: CachedPage; log: ReturnType<typeof serverSession>['log'] }> {
  const session = serverSession({ count: 100_000, interval: 100, end: 'hold' });
  const body = `<sse-feed src="${session.url}" transport="${transport}" ${attributes}><status-toast></status-toast></sse-feed>${more}`;
  const page = await openCachedPage({ key: session.id, body });
  await page.next((report) => report.messages.length >= 3, 10_000, 0);
  return { page, log: session.log };
}

for (const transport of ['fetch', 'eventsource'] as const) {
  describe(`<sse-feed transport="${transport}"> and the back/forward cache`, () => {
    let probe: CacheProbe;
    before(async () => {
      probe = await probeCache(transport);
    });
    afterEach(closeCachedPages);

    it('closes quietly while the page is cached and resumes from the last delivered id when it is back (where the engine caches it)', async () => {
      const { page, log } = await openFeedPage(transport);
      const trip = await page.awayAndBack({ stay: 800 });
      const hidden = page.reports.find((report) => report.page === 'page' && report.type === 'pagehide');
      if (!probe.cached) {
        // Firefox keeps a page with an open stream out of its cache: back loads the page anew, and its feed starts
        // afresh, with a new request and every message once, nothing said to the person.
        expect(trip.restored, 'restored from the cache').to.equal(false);
        expect(trip.hiddenPersisted).to.equal(false);
        const report = await page.next((next) => next.page === 'page' && next.messages.length >= 3, 10_000);
        expect(state(report)).to.equal('connected');
        expectConsecutive(ids(report));
        expect([report.errors, report.toasts, report.restores]).to.deep.equal([[], 0, 0]);
        const { requests } = await log();
        expect(requests.map(resumedFrom), 'two pages, two fresh requests').to.deep.equal(['', '']);
        return;
      }
      expect([trip.restored, trip.hiddenPersisted], 'pagehide persisted, pageshow persisted').to.deep.equal([true, true]);
      expect(trip.openWhileCached, "the server's connections while the page was cached").to.equal(0);
      expect(state(hidden!), 'paused as the page went away').to.equal('paused');
      const before = ids(hidden!);
      const lastBefore = before.at(-1)!;
      const after = await page.next((report) => report.page === 'page' && report.messages.length >= before.length + 5, 10_000);
      expectConsecutive(ids(after));
      const { requests } = await log();
      expect(requests.map(resumedFrom), 'one request more, resuming from the last delivered id').to.deep.equal(['', lastBefore]);
      expect(sincePaused(after), 'back: at once, no retry').to.deep.equal(['paused', 'connecting', 'connected']);
      // What the person sees: nothing. The feed says nothing from pagehide on; before it, an engine that cuts the page's
      // streams itself as the navigation starts (the probe: cached, nothing held open) reports that cut as any other.
      expect(after.toasts, 'toasts').to.equal(0);
      expect(after.errors.slice(hidden!.errors.length), 'errors from pagehide on').to.deep.equal([]);
      const cutByEngine = probe.openWhileCached === 0;
      if (!cutByEngine) expect(hidden!.errors, 'errors before pagehide').to.deep.equal([]);
      const attempt = (report: PageReport): number => (report.feeds[0] as { attempt: number }).attempt;
      expect(attempt(trip.shown), 'no attempt spent on going or coming back').to.equal(attempt(hidden!));
    });

    it('with pause-when-hidden the feed comes back once; a manual feed never started stays idle', async () => {
      const idle = serverSession({ count: 100_000, interval: 100, end: 'hold' });
      const { page, log } = await openFeedPage(transport, 'pause-when-hidden', `<sse-feed manual src="${idle.url}" transport="${transport}"></sse-feed>`);
      const trip = await page.awayAndBack({ stay: 500 });
      const report = await page.next((next) => next.page === 'page' && next.messages.length >= 6, 10_000);
      expect(report.feeds.map((feed) => (feed as { state: string }).state)).to.deep.equal(['connected', 'idle']);
      expectConsecutive(ids(report));
      expect(report.toasts).to.equal(0);
      const { requests } = await log();
      expect(requests.length, trip.restored ? 'the cached page resumed once' : 'the new page connected once').to.equal(2);
      expect((await idle.log()).requests, 'the manual feed').to.have.length(0);
    });
  });
}

describe('<sse-feed> in a frozen page (Page Lifecycle freeze and resume)', () => {
  afterEach(closeCachedPages);

  for (const transport of ['fetch', 'eventsource'] as const) {
    it(`${transport}: closes while frozen and resumes from the last delivered id (where the engine can freeze a page)`, async () => {
      const { page, log } = await openFeedPage(transport);
      const frozen = await page.freezeAndResume({ for: 800 });
      if (frozen === null) {
        // No way to freeze a page here (Firefox, WebKit have no Page Lifecycle): the feed goes on, one request.
        const report = await page.next((next) => next.messages.length >= 6, 10_000);
        expect([state(report), report.errors, report.toasts]).to.deep.equal(['connected', [], 0]);
        expect((await log()).requests).to.have.length(1);
        return;
      }
      expect(frozen.openWhileFrozen, "the server's connections while the page was frozen").to.equal(0);
      await page.next((report) => report.type === 'resume', 5_000, 0);
      await until(async () => (await page.marks()).some((mark) => mark.event === 'resume'), 5_000, 'the resume mark');
      const events = (await page.marks()).filter((mark) => mark.page === 'page').map((mark) => mark.event);
      expect(events.slice(-2)).to.deep.equal(['freeze', 'resume']);
      const atFreeze = page.reports.find((report) => report.type === 'freeze')!;
      expect(state(atFreeze)).to.equal('paused');
      const after = await page.next((report) => report.messages.length >= atFreeze.messages.length + 5, 10_000);
      expectConsecutive(ids(after));
      await until(async () => (await log()).requests.length === 2, 5_000, 'the second request');
      expect((await log()).requests.map(resumedFrom)).to.deep.equal(['', ids(atFreeze).at(-1)]);
      expect([after.errors, after.toasts, (after.feeds[0] as { attempt: number }).attempt]).to.deep.equal([[], 0, 0]);
      expect(sincePaused(after)).to.deep.equal(['paused', 'connecting', 'connected']);
    });
  }
});

for (const transport of ['fetch', 'eventsource'] as const) {
  describe(`<sse-feed share transport="${transport}"> and the back/forward cache`, () => {
    // Where the engine cuts the page's streams itself as a navigation starts (the probe: nothing held open while
    // away), a fetch stream breaks before any page signal: that break is told as any other (and, with tabs, relayed).
    let cutByEngine = false;
    before(async () => {
      cutByEngine = transport === 'fetch' && (await probeCache('fetch')).openWhileCached === 0;
    });
    afterEach(closeCachedPages);

    /** The ids one feed of a page (0, 1…) dispatched. */
    const idsOf = (report: PageReport, feed: number): string[] => report.messages.filter((message) => message.feed === feed).map((message) => message.id);
    const states = (report: PageReport): string[] => report.feeds.map((feed) => (feed as { state: string }).state);
    /** Nothing shown; no error, but for the engine's own cut of a fetch stream (one per feed, a network error). */
    function expectQuiet(report: PageReport, feeds: number): void {
      expect(report.toasts, 'toasts').to.equal(0);
      if (cutByEngine) expect(report.errors.filter((kind) => kind !== 'network').length + Math.max(0, report.errors.length - feeds)).to.equal(0);
      else expect(report.errors, 'errors').to.deep.equal([]);
    }

    it('share="page": the shared connection closes while cached and resumes once; each feed gets every message once', async () => {
      const session = serverSession({ count: 100_000, interval: 100, end: 'hold' });
      const feed = `<sse-feed share="page" transport="${transport}" src="${session.url}"></sse-feed>`;
      const page = await openCachedPage({ key: session.id, body: feed + feed });
      await page.next((report) => idsOf(report, 1).length >= 3, 10_000, 0);
      const trip = await page.awayAndBack({ stay: 800 });
      const report = await page.next((next) => next.page === 'page' && idsOf(next, 1).length >= idsOf(trip.shown, 1).length + 5, 10_000);
      expect(states(report)).to.deep.equal(['connected', 'connected']);
      for (const index of [0, 1]) expectConsecutive(idsOf(report, index));
      expectQuiet(report, 2);
      const { requests } = await log(session);
      if (trip.restored) {
        expect(trip.openWhileCached).to.equal(0);
        expect(requests.map(resumedFrom), 'one connection for both, resumed once').to.deep.equal(['', idsOf(trip.shown, 0).at(-1)]);
      } else {
        expect(requests.map(resumedFrom), 'a new page, one fresh connection for both').to.deep.equal(['', '']);
      }
    });

    it('share="tabs", one tab: it lets go of its lock and channel while cached and leads again when it is back', async () => {
      const session = serverSession({ count: 100_000, interval: 100, end: 'hold' });
      const page = await openCachedPage({ key: session.id, body: `<sse-feed share="tabs" transport="${transport}" src="${session.url}"></sse-feed>` });
      await page.next((report) => report.messages.length >= 3, 10_000, 0);
      const trip = await page.awayAndBack({ stay: 800 });
      const report = await page.next((next) => next.page === 'page' && next.messages.length >= trip.shown.messages.length + 5, 10_000);
      expect(states(report)).to.deep.equal(['connected']);
      expectConsecutive(ids(report));
      expectQuiet(report, 1);
      const { requests } = await log(session);
      if (trip.restored) {
        expect(trip.openWhileCached).to.equal(0);
        expect(requests.map(resumedFrom)).to.deep.equal(['', ids(trip.shown).at(-1)]);
      } else {
        expect(requests.map(resumedFrom)).to.deep.equal(['', '']);
      }
    });

    it('share="tabs", two tabs: the leader leaving hands over, the other tab goes on; back, it follows; nothing twice', async () => {
      const session = serverSession({ count: 100_000, interval: 100, end: 'hold' });
      const body = `<sse-feed share="tabs" transport="${transport}" src="${session.url}"></sse-feed>`;
      const first = await openCachedPage({ key: session.id, body });
      await first.next((report) => report.messages.length >= 3, 10_000, 0);
      const second = await openCachedPage({ key: `${session.id}.b`, body });
      await second.next((report) => report.page === 'page' && report.messages.length >= 3, 10_000, 0);
      const trip = await first.awayAndBack({ stay: 1_500 });
      const shown = trip.shown.messages.length;
      const a = await first.next((next) => next.page === 'page' && next.messages.length >= shown + 5, 10_000);
      const b = await second.status();
      for (const report of [a, b]) {
        const seen = ids(report).map(Number);
        expect(seen, 'nothing twice, in order').to.deep.equal([...new Set(seen)].sort((x, y) => x - y));
        expect(states(report)).to.deep.equal(['connected']);
        expectQuiet(report, 1);
      }
      expectConsecutive(ids(b), Number(ids(b)[0]));
      const { requests, open } = await log(session);
      expect(open, 'one stream for both tabs').to.equal(1);
      if (trip.restored) expect(trip.openWhileCached, 'the other tab leads while the first is cached').to.equal(1);
      expect(requests.slice(1).every((request) => Number(resumedFrom(request)) > 0), 'every later leader resumed').to.equal(true);
    });
  });
}
