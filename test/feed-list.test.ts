// <feed-list> against real streams (test/push-server.mjs): every row of the contract's table.

import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../components/index.js';
import type { FeedList } from '../components/feed-list/feed-list.js';
import type { SseFeed } from '../components/sse-feed/sse-feed.js';
import { countFrames, frames, pushChannel, sse, watchMutations, watchWarnings } from './binding-helpers.js';
import { stateOf } from './helpers.js';

/** The list's items: its element children after the template. */
const items = (list: Element): Element[] => [...list.children].filter((child) => child.localName !== 'template');
const texts = (list: Element, selector?: string): string[] =>
  items(list).map((item) => (selector ? (item.querySelector(selector)?.textContent ?? '') : (item.textContent ?? '')));

async function listed(list: Element, expected: string[], selector?: string): Promise<void> {
  await waitUntil(
    () => JSON.stringify(texts(list, selector)) === JSON.stringify(expected),
    `expected ${JSON.stringify(expected)}, saw ${JSON.stringify(texts(list, selector))}`,
    { timeout: 5000 },
  );
}

async function setup(
  channel: ReturnType<typeof pushChannel>,
  list: ReturnType<typeof html>,
  feedAttributes: { json?: boolean; transport?: string } = {},
): Promise<{ feed: SseFeed; list: FeedList }> {
  const feed = await fixture<SseFeed>(html`<sse-feed ?json=${feedAttributes.json} transport=${feedAttributes.transport ?? 'fetch'} src=${channel.url}>${list}</sse-feed>`);
  await stateOf(feed, 'connected');
  return { feed, list: feed.querySelector('feed-list')! };
}

describe('<feed-list>: items from the page’s template', () => {
  it('adds one item per message after the template, with data-field text and formats', async () => {
    const channel = pushChannel();
    const { list } = await setup(
      channel,
      html`<feed-list lang="de"
        ><template
          ><li class="row"><b data-field="name"></b> <span data-field="price" data-format="currency" data-currency="EUR"></span> <i data-field="qty" data-format="number" data-max-fraction-digits="1"></i> <u data-field="size" data-format="unit" data-unit="kilobyte"></u></li></template
        ></feed-list>`,
    );
    await channel.send(sse({ name: 'Tea', price: 3.5, qty: 1.25, size: 12 }), sse({ name: 'Cake', price: 1234, qty: 2, size: 1 }));
    await listed(list, ['Tea', 'Cake'], 'b');
    const euro = new Intl.NumberFormat('de', { style: 'currency', currency: 'EUR' });
    expect(texts(list, 'span')).to.deep.equal([euro.format(3.5), euro.format(1234)]);
    expect(texts(list, 'i')).to.deep.equal([new Intl.NumberFormat('de', { maximumFractionDigits: 1 }).format(1.25), '2']);
    expect(texts(list, 'u')).to.deep.equal([12, 1].map((n) => new Intl.NumberFormat('de', { style: 'unit', unit: 'kilobyte' }).format(n)));
    expect(list.firstElementChild!.localName).to.equal('template');
    expect(items(list).every((item) => item.localName === 'li' && item.className === 'row')).to.equal(true);
  });

  it('follows the feed named by for=, outside it', async () => {
    const channel = pushChannel();
    const root = await fixture<HTMLDivElement>(html`<div>
      <sse-feed id="list-feed" src=${channel.url}></sse-feed>
      <feed-list for="list-feed"><template><p data-field="."></p></template></feed-list>
    </div>`);
    await stateOf(root.querySelector('sse-feed')!, 'connected');
    await channel.send(sse('"one"'), sse('"two"'));
    await listed(root.querySelector('feed-list')!, ['one', 'two']);
  });

  it('names the message’s id, type and arrival time with @id, @type and @time', async () => {
    const channel = pushChannel();
    const { list } = await setup(
      channel,
      html`<feed-list event="message trade"
        ><template><p><span class="id" data-field="@id"></span> <span class="type" data-field="@type"></span> <time class="t" data-field="@time" data-attr-datetime="@time"></time></p></template></feed-list
      >`,
    );
    const before = Date.now();
    await channel.send(sse('a', undefined, '7'), sse('b', 'trade', '8'));
    await listed(list, ['7', '8'], '.id');
    expect(texts(list, '.type')).to.deep.equal(['message', 'trade']);
    const times = items(list).map((item) => Number(item.querySelector('time')!.getAttribute('datetime')));
    for (const time of times) expect(time).to.be.within(before, Date.now());
    expect(texts(list, '.t')).to.deep.equal(times.map(String));
  });

  it('without a template, makes each item an element holding the data as text', async () => {
    const channel = pushChannel();
    const { list } = await setup(channel, html`<feed-list></feed-list>`);
    await channel.send(sse('<b>one</b>'), sse('{"two":2}'));
    await listed(list, ['<b>one</b>', '{"two":2}']);
    expect(list.querySelector('b')).to.equal(null);
  });

  it('sets data-attr-NAME only for the allowed names, and warns once naming each refused one', async () => {
    const warnings = watchWarnings();
    try {
      const channel = pushChannel();
      const allowed = ['value', 'min', 'max', 'low', 'high', 'optimum', 'datetime', 'title', 'alt', 'lang', 'dir', 'class', 'data-state', 'aria-label'];
      const refused = ['href', 'src', 'style', 'onclick', 'onerror', 'srcdoc', 'action', 'formaction', 'id', 'data-', 'aria-'];
      const template = document.createElement('template');
      const target = document.createElement('meter');
      target.setAttribute('data-field', 'text');
      for (const name of [...allowed, ...refused]) target.setAttribute(`data-attr-${name}`, 'v');
      template.content.append(target);
      const list = document.createElement('feed-list');
      list.append(template);
      const second = list.cloneNode(true);
      const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}>${list}${second}</sse-feed>`);
      await stateOf(feed, 'connected');
      await channel.send(sse({ v: 'javascript:alert(1)', text: 'x' }), sse({ v: '2', text: 'y' }));
      await listed(list, ['x', 'y']);
      for (const meter of items(list)) {
        for (const name of allowed) expect(meter.hasAttribute(name), name).to.equal(true);
        for (const name of refused) expect(meter.hasAttribute(name), name).to.equal(false);
      }
      expect(items(list)[0].getAttribute('title')).to.equal('javascript:alert(1)');
      for (const name of refused) {
        const said = warnings.warnings.filter((warning) => warning.includes(`"${name}" (data-attr-${name})`));
        expect(said, name).to.have.length(2); // once per template: two lists here, each with its own
      }
      expect(warnings.warnings.some((warning) => allowed.some((name) => warning.includes(`"${name}"`)))).to.equal(false);
    } finally {
      warnings.stop();
    }
  });

  it('never puts server data into a script or a style', async () => {
    const warnings = watchWarnings();
    try {
      const channel = pushChannel();
      const { list } = await setup(
        channel,
        html`<feed-list><template><div><span data-field="a"></span><style data-field="css"></style><script type="text/plain" data-field="js"></script></div></template></feed-list>`,
      );
      await channel.send(sse({ a: 'shown', css: 'body { display: none }', js: 'window.hacked = true' }));
      await listed(list, ['shown'], 'span');
      expect(items(list)[0].querySelector('style')!.textContent).to.equal('');
      expect(items(list)[0].querySelector('script')!.textContent).to.equal('');
      expect(warnings.warnings.filter((warning) => warning.includes('<style>') || warning.includes('<script>'))).to.have.length(2);
    } finally {
      warnings.stop();
    }
  });
});

describe('<feed-list>: limit, order, key, remove-event, clear()', () => {
  it('keeps at most limit items, the oldest leaving first (100 by default)', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}><feed-list id="three" limit="3"></feed-list><feed-list id="default"></feed-list></sse-feed>`);
    await stateOf(feed, 'connected');
    await channel.send(...Array.from({ length: 105 }, (_, index) => sse(String(index + 1))));
    await listed(feed.querySelector('#three')!, ['103', '104', '105']);
    await listed(feed.querySelector('#default')!, Array.from({ length: 100 }, (_, index) => String(index + 6)));
    const three = feed.querySelector<FeedList>('#three')!;
    three.limit = 1;
    await listed(three, ['105']);
  });

  it('puts new items first with order="newest-first"', async () => {
    const channel = pushChannel();
    const { list } = await setup(channel, html`<feed-list order="newest-first" limit="3"><template><p data-field="."></p></template></feed-list>`);
    await channel.send(sse('1'), sse('2'));
    await listed(list, ['2', '1']);
    await channel.send(sse('3'), sse('4'));
    await listed(list, ['4', '3', '2']);
    list.order = 'oldest-first';
    await listed(list, ['2', '3', '4']);
  });

  it('replaces the item whose key matches where it stands, touching only that item', async () => {
    const channel = pushChannel();
    const { list } = await setup(
      channel,
      html`<feed-list key="order.id"><template><div><span class="id" data-field="order.id"></span> <span class="qty" data-field="order.qty"></span></div></template></feed-list>`,
    );
    await channel.send(...['a', 'b', 'c'].map((id) => sse({ order: { id, qty: 1 } })));
    await listed(list, ['1', '1', '1'], '.qty');
    const before = items(list);
    const mutations = watchMutations(list);
    await channel.send(sse({ order: { id: 'b', qty: 5 } }));
    await listed(list, ['1', '5', '1'], '.qty');
    await frames(2);
    mutations.stop();
    expect(items(list)).to.deep.equal(before); // the same nodes, in the same places
    const touched = mutations.batches.flat().map((record) => record.target);
    expect(touched.length).to.be.above(0);
    for (const target of touched) expect(before[1].contains(target), 'a mutation outside the updated item').to.equal(true);
    expect(texts(list, '.id')).to.deep.equal(['a', 'b', 'c']);
  });

  it('removes the item whose key matches a remove-event message', async () => {
    const channel = pushChannel();
    const { list } = await setup(channel, html`<feed-list event="order" key="id" remove-event="gone"><template><p data-field="id"></p></template></feed-list>`);
    await channel.send(...['a', 'b', 'c'].map((id) => sse({ id }, 'order')));
    await listed(list, ['a', 'b', 'c']);
    await channel.send(sse({ id: 'b' }, 'gone'), sse({ id: 'zzz' }, 'gone'), sse({ id: 'd' }, 'order'));
    await listed(list, ['a', 'c', 'd']);
    await channel.send(sse({ id: 'b' }, 'order'));
    await listed(list, ['a', 'c', 'd', 'b']);
  });

  it('clear() removes every item at once; new messages add items again', async () => {
    const channel = pushChannel();
    const { list } = await setup(channel, html`<feed-list key="id"><template><p data-field="id"></p></template></feed-list>`);
    await channel.send(sse({ id: 'a' }), sse({ id: 'b' }));
    await listed(list, ['a', 'b']);
    list.clear();
    expect(items(list)).to.deep.equal([]);
    expect(list.querySelector('template')).to.not.equal(null);
    await channel.send(sse({ id: 'a' }));
    await listed(list, ['a']);
  });

  it('takes the space-separated types of event, and nothing else', async () => {
    const channel = pushChannel();
    const { list } = await setup(channel, html`<feed-list event="buy sell"></feed-list>`);
    await channel.send(sse('1', 'buy'), sse('2', 'hold'), sse('3'), sse('4', 'sell'));
    await listed(list, ['1', '4']);
  });

  it('leaves its items as they are when a message that needs JSON is not JSON', async () => {
    const channel = pushChannel();
    const { list, feed } = await setup(channel, html`<feed-list><template><p data-field="n"></p></template></feed-list>`);
    await channel.send(sse({ n: 1 }), sse('not json'), sse({ n: 2 }));
    await listed(list, ['1', '2']);
    expect(feed.status.messages).to.equal(3);
  });
});

describe('<feed-list>: rendering and accessibility', () => {
  it('costs one DOM update per animation frame for a burst, and never touches items that did not change', async () => {
    const channel = pushChannel();
    const { list } = await setup(channel, html`<feed-list limit="50" key="k"><template><p data-field="k"></p></template></feed-list>`);
    await channel.send(...Array.from({ length: 10 }, (_, index) => sse({ k: `old${index}` })));
    await listed(list, Array.from({ length: 10 }, (_, index) => `old${index}`));
    const kept = items(list).slice(0, 10);
    const frameCounter = countFrames();
    const mutations = watchMutations(list);
    await channel.send(...Array.from({ length: 400 }, (_, index) => sse({ k: `new${index % 40}` })));
    await waitUntil(() => items(list).length === 50, 'the burst never showed', { timeout: 5000 });
    await frames(2);
    const frameCount = frameCounter.stop();
    mutations.stop();
    const batches = mutations.batches.length;
    expect(batches, `${batches} DOM updates in ${frameCount} frames`).to.be.at.most(frameCount);
    expect(batches).to.be.below(20);
    // The ten old items stayed the same nodes, and no mutation happened inside them.
    expect(items(list).slice(0, 10)).to.deep.equal(kept);
    for (const record of mutations.batches.flat()) expect(kept.some((item) => item.contains(record.target) && item !== record.target)).to.equal(false);
    expect(texts(list).slice(10)).to.deep.equal(Array.from({ length: 40 }, (_, index) => `new${index}`));
  });

  it('is a log (role="log") only with announce', async () => {
    const list = await fixture<FeedList>(html`<feed-list announce></feed-list>`);
    expect(list.getAttribute('role')).to.equal('log');
    list.announce = false;
    await list.updateComplete;
    expect(list.hasAttribute('role')).to.equal(false);
  });

  it('passes axe with items, as a log and as a list (role="list" with <li> items)', async () => {
    const channel = pushChannel();
    const feed = await fixture<SseFeed>(html`<sse-feed src=${channel.url}>
      <feed-list announce aria-label="Trades"><template><p><span data-field="who"></span> bought <span data-field="n"></span></p></template></feed-list>
      <feed-list role="list" aria-label="Buyers"><template><li data-field="who" data-attr-title="who"></li></template></feed-list>
    </sse-feed>`);
    await stateOf(feed, 'connected');
    await channel.send(sse({ who: 'Ana', n: 2 }), sse({ who: 'Bo', n: 1 }));
    await listed(feed.querySelector('feed-list')!, ['Ana bought 2', 'Bo bought 1']);
    await expect(feed).to.be.accessible();
  });
});
