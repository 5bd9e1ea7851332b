// The options table: what it derives (defaults, applyOptions, the share key) and that <sse-feed> follows it.

import { expect } from '@open-wc/testing';
import { applyOptions, changed, DEFAULT_FEED_OPTIONS, OPTIONS, type FeedOptionName } from '../components/core/options.js';
import { shareKey } from '../components/core/share-key.js';
import '../components/sse-feed/define.js';
import { SseFeed } from '../components/sse-feed/sse-feed.js';

const options = (changes: Parameters<typeof applyOptions>[1] = {}) => applyOptions(DEFAULT_FEED_OPTIONS, { src: 'https://example.test/s', ...changes });

describe('options table', () => {
  it('gives every row a property of <sse-feed> with its kebab-case attribute, except the engine-only ones', () => {
    const properties = SseFeed.properties as Record<string, { attribute?: string | boolean }>;
    const engineOnly: FeedOptionName[] = ['baseURL', 'lastEventId', 'name'];
    for (const name of Object.keys(OPTIONS) as FeedOptionName[]) {
      if (engineOnly.includes(name)) continue;
      expect(properties, name).to.have.property(name);
      const attribute = properties[name].attribute;
      if (attribute === false) continue;
      expect(attribute ?? name, name).to.equal(name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));
    }
  });

  it('starts a new element with the defaults of the table', () => {
    const feed = document.createElement('sse-feed');
    expect([feed.retryInterval, feed.retryMaxCount, feed.maxMessageSize, feed.method, feed.transport]).to.deep.equal([
      DEFAULT_FEED_OPTIONS.retryInterval,
      DEFAULT_FEED_OPTIONS.retryMaxCount,
      DEFAULT_FEED_OPTIONS.maxMessageSize,
      'GET',
      'fetch',
    ]);
  });

  it('upper-cases the methods fetch() normalises, once, so no comparison sees "post" and "POST" as two', () => {
    expect(options({ method: 'post' }).method).to.equal('POST');
    expect(options({ method: 'patch' }).method).to.equal('patch'); // fetch() sends others as written
    expect(changed(options({ method: 'post' }), options({ method: 'POST' }), 'stream')).to.equal(false);
    expect(shareKey(options({ method: 'post' }))).to.equal(shareKey(options({ method: 'POST' })));
  });

  it('keys a shared connection on the id it resumes from, and not on fetch, debug or name', () => {
    expect(shareKey(options({ lastEventId: '7' }))).not.to.equal(shareKey(options()));
    expect(shareKey(options({ debug: true, name: '#a', fetch: (url, init) => fetch(url, init) }))).to.equal(shareKey(options()));
  });

  it('compares headers and events by content: an equal new object is not a change', () => {
    const before = options({ headers: { a: '1' }, events: ['x'] });
    const after = applyOptions(before, { headers: { a: '1' }, events: ['x'] });
    expect(after.headers).to.equal(before.headers);
    expect(after.events).to.equal(before.events);
    expect(changed(before, after, 'request')).to.equal(false);
    expect(changed(before, applyOptions(before, { headers: { a: '2' } }), 'request')).to.equal(true);
  });
});
