// <feed-value> against real streams (test/push-server.mjs): every row of the contract's table.

import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../components/index.js';
import type { FeedValue } from '../components/feed-value/feed-value.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { countFrames, frames, pushChannel, sse, watchMutations, watchWarnings } from './binding-helpers.js';
import { stateOf } from './helpers.js';

async function connected(root: Element): Promise<SseFeed> {
  const feed = root.matches('sse-feed') ? (root as SseFeed) : root.querySelector('sse-feed')!;
  await stateOf(feed, 'connected');
  return feed;
}

const text = (element: Element): string => element.textContent ?? '';

async function shows(element: Element, expected: string): Promise<void> {
  await waitUntil(() => text(element) === expected, `expected "${expected}", saw "${text(element)}"`, { timeout: 5000 });
}

describe('<feed-value>: finding the feed', () => {
  it('follows the nearest ancestor feed, or the feed named by for=', async () => {
    const inner = pushChannel();
    const outer = pushChannel();
    const root = await fixture<HTMLDivElement>(html`<div>
      <sse-feed id="named" src=${outer.url}></sse-feed>
      <sse-feed src=${inner.url}><p><feed-value id="inside"></feed-value></p></sse-feed>
      <feed-value id="outside" for="named"></feed-value>
    </div>`);
    await Promise.all([...root.querySelectorAll('sse-feed')].map((feed) => stateOf(feed as SseFeed, 'connected')));
    await inner.send(sse('inner data'));
    await outer.send(sse('outer data'));
    await shows(root.querySelector('#inside')!, 'inner data');
    await shows(root.querySelector('#outside')!, 'outer data');
  });

  it('ignores messages bubbling from a feed nested inside its own', async () => {
    const outer = pushChannel();
    const nested = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${outer.url}>
      <feed-value></feed-value>
      <sse-feed src=${nested.url}></sse-feed>
    </sse-feed>`);
    await connected(feed);
    await stateOf(feed.querySelector('sse-feed')!, 'connected');
    await nested.send(sse('from the nested feed'));
    await outer.send(sse('mine'));
    await shows(feed.querySelector('feed-value')!, 'mine');
    await nested.send(sse('from the nested feed again'));
    await frames(3);
    expect(text(feed.querySelector('feed-value')!)).to.equal('mine');
  });

  it('makes no request of its own: one stream for the feed, on both transports', async () => {
    for (const transport of ['fetch', 'eventsource']) {
      const channel = pushChannel();
      const feed = await fixture<SseFeed>(html`<sse-feed transport=${transport} src=${channel.url}>
        <feed-value event="price" field="last"></feed-value><feed-value></feed-value>
      </sse-feed>`);
      await connected(feed);
      await channel.send(sse({ last: 5 }, 'price'));
      await shows(feed.querySelector('feed-value')!, '5');
      expect((await channel.log()).requests, transport).to.equal(1);
      feed.remove();
    }
  });
});

describe('<feed-value>: event and field', () => {
  it('shows the data of unnamed messages as text by default, of its own event type only', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}>
      <feed-value id="plain"></feed-value><feed-value id="ticks" event="tick"></feed-value>
    </sse-feed>`);
    await connected(feed);
    await channel.send(sse('not JSON at all'), sse('tick 1', 'tick'));
    await shows(feed.querySelector('#plain')!, 'not JSON at all');
    await shows(feed.querySelector('#ticks')!, 'tick 1');
    await channel.send(sse('tick 2', 'tick'));
    await shows(feed.querySelector('#ticks')!, 'tick 2');
    expect(text(feed.querySelector('#plain')!)).to.equal('not JSON at all');
  });

  it('reads dot-separated paths into the JSON data; "." is the whole value', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}>
      <feed-value id="last" field="price.last"></feed-value>
      <feed-value id="name" field="items.0.name"></feed-value>
      <feed-value id="whole" field="."></feed-value>
      <feed-value id="proto" field="constructor" placeholder="none"></feed-value>
    </sse-feed>`);
    await connected(feed);
    const data = { price: { last: 101.25 }, items: [{ name: 'first' }] };
    await channel.send(sse(data));
    await shows(feed.querySelector('#last')!, '101.25');
    await shows(feed.querySelector('#name')!, 'first');
    await shows(feed.querySelector('#whole')!, JSON.stringify(data));
    await shows(feed.querySelector('#proto')!, 'none');
  });

  it('leaves its value as it was when a message is not JSON (and the feed with json reports parse)', async () => {
    for (const json of [false, true]) {
      const channel = pushChannel();
      const feed = await fixture<SseFeed>(html`<sse-feed ?json=${json} src=${channel.url}><feed-value field="n"></feed-value></sse-feed>`);
      const errors: string[] = [];
      feed.addEventListener('sse-error', (event) => errors.push(event.detail.kind));
      await connected(feed);
      const value = feed.querySelector<FeedValue>('feed-value')!;
      await channel.send(sse({ n: 1 }));
      await shows(value, '1');
      await channel.send(sse('{not json'), sse({ marker: true }, 'other'));
      await waitUntil(() => feed.status.messages >= 2);
      await frames(3);
      expect(text(value)).to.equal('1');
      expect(value.value).to.equal(1);
      expect(errors).to.deep.equal(json ? ['parse'] : []);
    }
  });
});

describe('<feed-value>: format', () => {
  const cases: Array<[string, Record<string, string>, unknown, (lang: string) => string]> = [
    ['number', {}, 1234567.891, (lang) => new Intl.NumberFormat(lang).format(1234567.891)],
    ['number', { 'max-fraction-digits': '1' }, 2.345, (lang) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(2.345)],
    ['percent', {}, 0.256, (lang) => new Intl.NumberFormat(lang, { style: 'percent' }).format(0.256)],
    ['currency', { currency: 'EUR' }, 12.5, (lang) => new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' }).format(12.5)],
    ['currency', { currency: 'USD', 'max-fraction-digits': '0' }, 12.5, (lang) => new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD', maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(12.5)],
    ['unit', { unit: 'megabyte-per-second' }, 3.5, (lang) => new Intl.NumberFormat(lang, { style: 'unit', unit: 'megabyte-per-second' }).format(3.5)],
    ['date', {}, '2026-03-01T12:30:00Z', (lang) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(Date.parse('2026-03-01T12:30:00Z'))],
    ['time', {}, 1772368200000, (lang) => new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }).format(1772368200000)],
    ['datetime', {}, '2026-03-01T12:30:00Z', (lang) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' }).format(Date.parse('2026-03-01T12:30:00Z'))],
    ['text', {}, 1234.5, () => '1234.5'],
  ];

  for (const lang of ['de', 'en-US']) {
    it(`writes every format with Intl in the nearest lang (${lang})`, async () => {
      const channel = pushChannel();
      const root = await fixture<HTMLDivElement>(html`<div lang=${lang}><sse-feed src=${channel.url}></sse-feed></div>`);
      const feed = await connected(root);
      const values = cases.map(([format, attributes], index) => {
        const value = document.createElement('feed-value');
        value.setAttribute('event', `case${index}`);
        value.setAttribute('field', 'v');
        value.setAttribute('format', format);
        for (const [name, attribute] of Object.entries(attributes)) value.setAttribute(name, attribute);
        feed.append(value);
        return value;
      });
      await frames(2);
      await channel.send(...cases.map(([, , value], index) => sse({ v: value }, `case${index}`)));
      for (const [index, [format, , value, expected]] of cases.entries()) {
        await shows(values[index], expected(lang));
        expect(values[index].value, format).to.deep.equal(value);
      }
    });
  }

  it('follows the nearest lang: its own over an ancestor’s', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed lang="de" src=${channel.url}>
      <feed-value id="de" field="v" format="number"></feed-value>
      <span lang="en-US"><feed-value id="en" field="v" format="number"></feed-value></span>
    </sse-feed>`);
    await connected(feed);
    await channel.send(sse({ v: 1234.5 }));
    await shows(feed.querySelector('#de')!, '1.234,5');
    await shows(feed.querySelector('#en')!, '1,234.5');
  });

  it('writes a value its format cannot read as text', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}>
      <feed-value id="n" field="v" format="number"></feed-value><feed-value id="d" field="v" format="date"></feed-value>
    </sse-feed>`);
    await connected(feed);
    await channel.send(sse({ v: 'n/a' }));
    await shows(feed.querySelector('#n')!, 'n/a');
    await shows(feed.querySelector('#d')!, 'n/a');
  });

  it('warns once about a format it does not know, and writes text', async () => {
    const warnings = watchWarnings();
    try {
      const channel = pushChannel();
      const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}><feed-value field="v" format="money"></feed-value></sse-feed>`);
      await connected(feed);
      await channel.send(sse({ v: 1.5 }));
      await shows(feed.querySelector('feed-value')!, '1.5');
      await channel.send(sse({ v: 2.5 }));
      await shows(feed.querySelector('feed-value')!, '2.5');
      expect(warnings.warnings.filter((warning) => warning.includes('format="money"'))).to.have.length(1);
    } finally {
      warnings.stop();
    }
  });
});

describe('<feed-value>: placeholder and value', () => {
  it('shows the placeholder before the first value and while the field is missing; value is the raw value', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed lang="de" src=${channel.url}>
      <feed-value field="price" format="number" placeholder="—"></feed-value>
    </sse-feed>`);
    const value = feed.querySelector<FeedValue>('feed-value')!;
    await shows(value, '—');
    expect(value.value).to.equal(undefined);
    await connected(feed);
    await channel.send(sse({ price: 1234.5 }));
    await shows(value, '1.234,5');
    expect(value.value).to.equal(1234.5);
    await channel.send(sse({ other: 1 }));
    await shows(value, '—');
    expect(value.value).to.equal(undefined);
  });

  it('keeps the page’s own content until the first value when it has no placeholder', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}><feed-value field="v">101.21</feed-value></sse-feed>`);
    await connected(feed);
    await frames(2);
    expect(text(feed.querySelector('feed-value')!)).to.equal('101.21');
    await channel.send(sse({ v: 101.5 }));
    await shows(feed.querySelector('feed-value')!, '101.5');
  });
});

describe('<feed-value>: stale, announce, rendering', () => {
  it('reflects stale while its feed is stale, and not after the next message', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed stale-after="300" src=${channel.url}><feed-value></feed-value></sse-feed>`);
    const value = feed.querySelector('feed-value')!;
    await connected(feed);
    expect(value.hasAttribute('stale')).to.equal(false);
    await waitUntil(() => value.hasAttribute('stale'), 'never stale', { timeout: 5000 });
    await channel.send(sse('fresh'));
    await shows(value, 'fresh');
    await waitUntil(() => !value.hasAttribute('stale'), 'still stale', { timeout: 5000 });
  });

  it('is a polite live region (role="status") only with announce', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}>
      <feed-value id="quiet"></feed-value><feed-value id="loud" announce></feed-value>
    </sse-feed>`);
    const loud = feed.querySelector<FeedValue>('#loud')!;
    await loud.updateComplete;
    expect(feed.querySelector('#quiet')!.hasAttribute('role')).to.equal(false);
    expect(loud.getAttribute('role')).to.equal('status');
    loud.announce = false;
    await loud.updateComplete;
    expect(loud.hasAttribute('role')).to.equal(false);
  });

  it('renders at most once per animation frame, the latest value', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}><feed-value field="n"></feed-value></sse-feed>`);
    await connected(feed);
    const value = feed.querySelector('feed-value')!;
    const frameCounter = countFrames();
    const mutations = watchMutations(value);
    await channel.send(...Array.from({ length: 500 }, (_, index) => sse({ n: index + 1 })));
    await shows(value, '500');
    await frames(2);
    const frameCount = frameCounter.stop();
    mutations.stop();
    const batches = mutations.batches.length;
    expect(batches, `${batches} DOM updates in ${frameCount} frames`).to.be.at.most(frameCount);
    expect(batches).to.be.below(50);
  });

  it('passes axe with a value, a placeholder and as a live region', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}>
      <p>Price: <feed-value field="v" format="currency" currency="EUR" announce></feed-value></p>
      <p>Volume: <feed-value field="w" placeholder="…"></feed-value></p>
    </sse-feed>`);
    await connected(feed);
    await channel.send(sse({ v: 3 }));
    await shows(feed.querySelector('feed-value')!, new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' }).format(3));
    await expect(feed).to.be.accessible();
  });
});

describe('<feed-value>: no feed', () => {
  it('shows its placeholder with no feed at all', async () => {
    const value = await fixture<FeedValue>(html`<feed-value placeholder="none yet"></feed-value>`);
    await shows(value, 'none yet');
    expect(value.value).to.equal(undefined);
  });
});
