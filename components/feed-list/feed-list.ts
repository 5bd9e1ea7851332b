// <feed-list>: one item per message of a feed, from the page's own <template>, updated in place by key.

import type { PropertyDeclarations, PropertyValues } from '@lit/reactive-element';
import { missing } from '../core/on-demand.js';
import type { FeedMessage } from '../core/types.js';
import { numberAttribute } from '../shared/attributes.js';
import { FeedBinding } from '../shared/feed-binding.js';
import { FeedBoundElement } from '../shared/feed-bound-element.js';
import type { ListView } from './list-view.js';

/** Where a new item goes: after the others, or before them. */
export type FeedListOrder = 'oldest-first' | 'newest-first';

// The items' code (templates, keys, Intl formats) is what most pages never run: it loads when the first
// <feed-list> connects. Messages that arrive before it are kept, in order, and handed to it then. When its
// file does not load (null), the list shows nothing and keeps nothing.
let views: typeof import('./list-view.js') | null | undefined;
let loading: Promise<unknown> | undefined;
const loadViews = (): Promise<unknown> => (loading ??= import('./list-view.js').catch(missing('list-view')).then((module) => (views = module)));

/** The message types that add or update `list`'s items: its `event`'s, else `message`. */
export function typesOf(list: FeedList): string[] {
  const types = (list.event ?? '').split(/\s+/).filter(Boolean);
  return types.length > 0 ? types : ['message'];
}

/**
 * Shows one item per message of a feed, with no script on the page. Each item is a copy of the
 * element's first `<template>` child, placed after it in the light DOM so the page's CSS styles it: an
 * element with `data-field="PATH"` gets that value as text (`data-format`, `data-currency`, `data-unit`,
 * `data-max-fraction-digits` as on `<feed-value>`; `@id`, `@type`, `@time` name the message's id, type
 * and arrival time), and `data-attr-NAME="PATH"` sets NAME when it is one of `value`, `min`, `max`,
 * `low`, `high`, `optimum`, `datetime`, `title`, `alt`, `lang`, `dir`, `class`, `data-*` or `aria-*`;
 * any other name is never set, with a console warning. Without a template an item is a `<div>` holding
 * the data as text. A message whose `key` matches an item's replaces that item where it stands; a
 * `remove-event` message removes it. Rendering is batched: a burst of messages costs one DOM update per
 * animation frame, and items that did not change are not touched.
 *
 * @tag feed-list
 * @slot - The `<template>` of an item (the first `<template>` child), then the items.
 */
export class FeedList extends FeedBoundElement {
  static override readonly tag: string = 'feed-list';

  static override readonly liveRole: string = 'log';

  static override properties: PropertyDeclarations = {
    limit: { converter: numberAttribute },
    order: {},
    key: {},
    removeEvent: { attribute: 'remove-event' },
  };

  /** Space-separated message types that add or update items (`message` for unnamed events). */
  declare event: string;

  /** At most this many items; the oldest leave first. */
  declare limit: number;

  /** `oldest-first` (a new item goes last) or `newest-first` (a new item goes first). */
  declare order: FeedListOrder;

  /** Path of an identifying field in the message's JSON: a message whose key matches an item's replaces that item where it stands. */
  declare key: string;

  /** A message of this type removes the item whose key matches its own. */
  declare removeEvent: string;

  /** Gives the list `role="log"`, so assistive technology announces new items; without it nothing is announced. */
  declare announce: boolean;

  #view: ListView | null = null;
  #waiting: Array<[FeedMessage, number]> = []; // messages that came before the view
  readonly #binding = new FeedBinding(this, {
    types: () => [...typesOf(this), ...(this.removeEvent ? [this.removeEvent] : [])],
    message: (message, time) => this.#onMessage(message, time),
    render: () => this.#view?.render(),
  });

  constructor() {
    super();
    this.limit = 100;
    this.order = 'oldest-first';
    this.key = '';
    this.removeEvent = '';
  }

  /** Removes every item now. */
  clear(): void {
    this.#waiting = [];
    this.#view?.clear();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.#view) void loadViews().then(() => this.#take());
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    if (this.#view?.changed(changed)) this.#binding.requestFrame();
  }

  /** Hands the view what came while it loaded, and each message after; keeps nothing when its module cannot load. */
  #take(): void {
    if (views === undefined) return;
    const waiting = this.#waiting;
    this.#waiting = [];
    if (views && (this.#view ??= new views.ListView(this)).take(waiting)) this.#binding.requestFrame();
  }



  #onMessage(message: FeedMessage, time: number): void {
    this.#waiting.push([message, time]);
    this.#take();
  }


}

declare global {
  interface HTMLElementTagNameMap {
    'feed-list': FeedList;
  }
}
