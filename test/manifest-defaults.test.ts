// custom-elements.json says every attribute and its default, and says what the elements really do: each attribute
// it lists sets its property, and each default equals the property of a new element, so the catalog's table and
// editors' tooltips are true.

import { expect } from '@open-wc/testing';
import '../components/index.js';

interface ManifestItem {
  name: string;
  fieldName?: string;
  default?: string;
  type?: { text: string };
}
interface Manifest {
  modules: Array<{ declarations?: Array<{ tagName?: string; attributes?: ManifestItem[] }> }>;
}

/** A default as the manifest writes it (JavaScript source: `1000`, `0.3`, `false`, `'auto'`), as a value. */
function valueOf(source: string): unknown {
  if (/^'.*'$/s.test(source)) return source.slice(1, -1).replace(/\\(.)/g, '$1');
  if (source === 'null') return null;
  if (source === 'undefined') return undefined; // <feed-value max-fraction-digits>: Intl's own default
  if (source === 'true' || source === 'false') return source === 'true';
  const number = Number(source);
  if (source.trim() !== '' && !Number.isNaN(number)) return number;
  throw new Error(`not a literal default: ${source}`);
}

async function elementsOf(): Promise<Array<{ tagName: string; attributes: ManifestItem[] }>> {
  const response = await fetch('/custom-elements.json', { cache: 'no-store' });
  const manifest = (await response.json()) as Manifest;
  return manifest.modules.flatMap((module) =>
    (module.declarations ?? []).flatMap((declaration) =>
      declaration.tagName ? [{ tagName: declaration.tagName, attributes: declaration.attributes ?? [] }] : [],
    ),
  );
}

describe('custom-elements.json: defaults', () => {
  it('lists the five elements', async () => {
    expect((await elementsOf()).map((element) => element.tagName).sort()).to.deep.equal([
      'connection-indicator',
      'feed-list',
      'feed-value',
      'sse-feed',
      'status-toast',
    ]);
  });

  it('gives every settable attribute a default, numbers included', async () => {
    const missing = (await elementsOf()).flatMap(({ tagName, attributes }) =>
      attributes.filter((attribute) => attribute.fieldName && attribute.default === undefined).map((attribute) => `${tagName} ${attribute.name}`),
    );
    expect(missing).to.deep.equal([]);
  });

  it('each default is what a new element has', async () => {
    const elements = await elementsOf();
    let compared = 0;
    for (const { tagName, attributes } of elements) {
      const element = document.createElement(tagName) as unknown as Record<string, unknown>;
      for (const attribute of attributes) {
        if (!attribute.fieldName || attribute.default === undefined) continue;
        expect(element[attribute.fieldName], `<${tagName} ${attribute.name}>: the manifest says ${attribute.default}`).to.equal(valueOf(attribute.default));
        compared += 1;
      }
    }
    // sse-feed's 25 settable attributes, the indicator's 13, the toast's 15, feed-value's 9, feed-list's 7: none skipped.
    expect(compared).to.equal(69);
  });

  it('the numbers the issue found blank: retry-interval, retry-max-count, stale-after and the others', async () => {
    const feed = (await elementsOf()).find((element) => element.tagName === 'sse-feed')!;
    const defaults = Object.fromEntries(feed.attributes.map((attribute) => [attribute.name, attribute.default]));
    expect(defaults).to.include({
      'retry-interval': '1000',
      'retry-scaler': '2',
      'retry-max-wait': '30000',
      'retry-max-count': '10',
      'retry-jitter': '0.3',
      'stall-timeout': '0',
      'max-message-size': '1048576',
      'stale-after': '0',
    });
  });
});

describe('custom-elements.json: attributes', () => {
  /** A value an attribute of `type` accepts, as written and as its property then reads. */
  function sample(type: string): [written: string, read: unknown] {
    if (type === 'boolean') return ['', true];
    if (type === 'number' || type.startsWith('number |')) return ['7', 7];
    const literal = /^"([^"]*)"/.exec(type);
    return literal ? [literal[1], literal[1]] : ['words here', 'words here'];
  }

  it('lists the attributes each element observes, no more and no fewer', async () => {
    for (const { tagName, attributes } of await elementsOf()) {
      const observed = (customElements.get(tagName) as unknown as { observedAttributes: string[] }).observedAttributes;
      const settable = attributes.filter((attribute) => attribute.fieldName).map((attribute) => attribute.name);
      expect([...settable].sort(), `<${tagName}>`).to.deep.equal([...observed].sort());
    }
  });

  it('each attribute it lists sets the property it names', async () => {
    let compared = 0;
    for (const { tagName, attributes } of await elementsOf()) {
      const element = document.createElement(tagName);
      for (const attribute of attributes) {
        if (!attribute.fieldName) continue;
        const [written, read] = sample(attribute.type?.text ?? 'string');
        element.setAttribute(attribute.name, written);
        expect((element as unknown as Record<string, unknown>)[attribute.fieldName], `<${tagName} ${attribute.name}="${written}">`).to.equal(read);
        compared += 1;
      }
    }
    expect(compared).to.equal(69);
  });
});
