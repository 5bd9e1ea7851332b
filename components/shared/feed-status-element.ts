// The base of <connection-indicator> and <status-toast>: what an element that reflects a feed offers a page.

import { ReactiveElement, type PropertyDeclarations } from '@lit/reactive-element';
import type { FeedStatus } from '../core/types.js';
import { defineElement } from './define.js';
import type { Theme } from './feed-status-controller.js';
import { getStrings, setStrings, type FeedStrings } from './strings.js';

/**
 * An element that reflects a feed: which feed (`for`, else the nearest ancestor), a status set from code,
 * its words and its colour scheme. Subclasses name their tag and make their few nodes themselves (no template
 * engine: a ReactiveElement); a `FeedStatusController` does the work.
 */
export abstract class FeedStatusElement extends ReactiveElement {
  /** The tag `define()` registers when given none. */
  static readonly tag: string = '';

  /**
   * Registers the class as `tag` (its own tag by default) in `registry` (the global one by default). A
   * tag taken by another class is left alone, with a console warning.
   */
  static define(tag: string = this.tag, registry: CustomElementRegistry = customElements): void {
    defineElement(this as unknown as CustomElementConstructor & { name: string }, tag, registry);
  }

  /**
   * The words of every indicator and toast on the page (one table for both). Assign a whole translation,
   * or the keys to reword: the others stay English; `null` restores English.
   */
  static get strings(): FeedStrings {
    return getStrings();
  }
  static set strings(strings: Partial<FeedStrings> | null) {
    setStrings(strings);
  }

  // Properties declared without decorators: no decorator helper or calls in what ships.
  static override properties: PropertyDeclarations = {
    htmlFor: { attribute: 'for' },
    status: { attribute: false },
    strings: { attribute: false },
    theme: { reflect: true },
  };

  /**
   * The id of the `<sse-feed>` to reflect, in the same document or shadow root. The feed is followed if it
   * is defined or added later, or replaced. When empty, the nearest ancestor feed is used.
   */
  declare htmlFor: string;

  /**
   * A status to show instead of the feed's, for pages that drive the element from code (or a catalog).
   * Takes precedence over `for` and the ancestor feed; set `null` to follow the feed again.
   */
  declare status: FeedStatus | null;

  /** Words for this element alone, over the page's (`ConnectionIndicator.strings` / `StatusToast.strings`). */
  declare strings: Partial<FeedStrings> | null;

  /** `light` or `dark` fixes the colour scheme; by default (`auto`) it is the page's, else the OS's. */
  declare theme: Theme;

  constructor() {
    super();
    this.htmlFor = '';
    this.status = null;
    this.strings = null;
    this.theme = 'auto';
  }
}
