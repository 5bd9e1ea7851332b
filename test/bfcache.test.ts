// The back/forward cache harness (test/bfcache.ts) in every engine: the runner's browsers keep the cache on, and
// what each engine does with a page holding an open stream, measured against the real server.

import { expect } from '@open-wc/testing';
import { closeCachedPages, openCachedPage, probeCache } from './bfcache.js';
import { serverSession } from './helpers.js';

/** Consecutive numbered ids from `first`, with no gap and no repeat. */
const consecutive = (ids: string[], first = 1): boolean => ids.every((id, index) => Number(id) === first + index);

describe('back/forward cache harness', () => {
  afterEach(closeCachedPages);

  it('restores a page without streams from the cache (the runner keeps the cache on), the server seeing no connection', async () => {
    const probe = await probeCache('none', { stay: 300 });
    expect(probe).to.deep.include({ cached: true, openWhileCached: 0, requests: 0 });
  });

  for (const transport of ['fetch', 'eventsource'] as const) {
    it(`measures what the engine does with an open ${transport} stream while cached, consistently with the server`, async () => {
      const probe = await probeCache(transport);
      if (!probe.cached) {
        // Kept out of the cache: unloaded (its connection closed), loaded anew on return with a fresh request.
        expect(probe).to.deep.include({ afterRestore: 'reloaded', openWhileCached: 0, requests: 2 });
        expect(probe.lastEventIds).to.deep.equal(['', '']);
        expect(consecutive(probe.ids)).to.equal(true);
      } else if (probe.openWhileCached === 1) {
        // Cached with the stream open: the same connection goes on after the restore, nothing lost or repeated.
        expect(probe).to.deep.include({ afterRestore: 'continued', requests: 1 });
        expect(consecutive(probe.ids)).to.equal(true);
      } else {
        // Cached with the stream closed: the page comes back holding a dead stream, unless the engine reconnects.
        expect(probe.openWhileCached).to.equal(0);
        expect(probe.afterRestore).to.be.oneOf(['broken', 'reconnected']);
        if (probe.afterRestore === 'reconnected') {
          const lastBefore = probe.lastEventIds[1];
          expect(Number(lastBefore)).to.be.greaterThan(0);
          expect(consecutive(probe.ids), 'resumed with Last-Event-ID: no gap, no repeat').to.equal(true);
        }
      }
    });
  }

  it('freezes and resumes a page where the engine can (Chromium), reading the server while frozen', async () => {
    const session = serverSession({ count: 100_000, interval: 100, end: 'hold' });
    const page = await openCachedPage({ key: session.id, stream: session.url, transport: 'eventsource' });
    await page.next((report) => report.messages.length >= 2);
    const frozen = await page.freezeAndResume({ for: 600 });
    const marks = await page.marks();
    if (frozen === null) {
      expect(marks.map((mark) => mark.event), 'no freeze control: no freeze event').to.not.include('freeze');
      return;
    }
    const events = marks.map((mark) => mark.event);
    expect(events.indexOf('freeze')).to.be.greaterThan(-1);
    expect(events.indexOf('resume')).to.be.greaterThan(events.indexOf('freeze'));
    expect(frozen.openWhileFrozen).to.be.oneOf([0, 1]);
    const restored = await page.next((report) => report.type === 'stream' && report.messages.length >= 15, 10_000);
    expect(consecutive(restored.messages.map((message) => message.id))).to.equal(true);
  });
});

describe('back/forward cache harness with an <sse-feed> in the page', () => {
  afterEach(closeCachedPages);

  it("reports the feed's messages and status from the page, and the server counts its stream", async () => {
    const session = serverSession({ count: 100_000, interval: 50, end: 'hold' });
    const page = await openCachedPage({ key: session.id, body: `<sse-feed src="${session.url}"></sse-feed>` });
    const report = await page.next((next) => next.messages.length >= 3, 10_000, 0).then(() => page.status());
    expect(report.feeds).to.have.length(1);
    expect((report.feeds[0] as { state: string }).state).to.equal('connected');
    expect(consecutive(report.messages.map((message) => message.id))).to.equal(true);
    expect((await session.log()).open).to.equal(1);
    await page.close();
    const deadline = Date.now() + 5_000;
    while ((await session.log()).open !== 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await session.log()).open, 'closing the window closes its stream').to.equal(0);
  });
});
