// The base of <feed-value> and <feed-list>: the feed they follow, their tag, light DOM, and the role `announce` gives.

import { ReactiveElement, type PropertyDeclarations, type PropertyValues } from '@lit/reactive-element';
import { defineElement } from './define.js';

/**
 * An element that shows a feed's messages in its own light DOM, styled by the page: which feed (`for`,
 * else the nearest ancestor), which message types (`event`), and whether changes are announced. A
 * `FeedBinding` does the work; subclasses name their tag and the role `announce` gives them.
 */
export abstract class FeedBoundElement extends ReactiveElement {
  /** The tag `define()` registers when given none. */
  static readonly tag: string = '';

  /** The role `announce` gives the element (`status`, `log`). */
  static readonly liveRole: string = '';

  /**
   * Registers the class as `tag` (its own tag by default) in `registry` (the global one by default). A
   * tag taken by another class is left alone, with a console warning.
   */
  static define(tag: string = this.tag, registry: CustomElementRegistry = customElements): void {
    defineElement(this as unknown as CustomElementConstructor & { name: string }, tag, registry);
  }

  static override properties: PropertyDeclarations = {
    htmlFor: { attribute: 'for' },
    event: {},
    announce: { type: Boolean },
  };

  /** The id of the `<sse-feed>` to follow, in the same document or shadow root; empty for the nearest ancestor feed. */
  declare htmlFor: string;

  /** The message type(s) it shows (`message` for unnamed events). */
  declare event: string;

  /** Makes changes announced (the element's `liveRole`); without it nothing is announced. */
  declare announce: boolean;

  #roleSet = false; // the role is the element's doing, not the page's

  constructor() {
    super();
    this.htmlFor = '';
    this.event = 'message';
    this.announce = false;
  }

  // What it shows is its own light DOM, styled by the page like any content.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    // Never touches a role the page set itself.
    if (this.announce && (this.#roleSet || !this.hasAttribute('role'))) {
      this.setAttribute('role', (this.constructor as typeof FeedBoundElement).liveRole);
      this.#roleSet = true;
    } else if (!this.announce && this.#roleSet) {
      this.removeAttribute('role');
      this.#roleSet = false;
    }
  }
}
