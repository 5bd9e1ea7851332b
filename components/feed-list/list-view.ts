// <feed-list>'s items: the messages it keeps and how they reach the page, loaded the first time a list connects.

import type { PropertyValues } from '@lit/reactive-element';
import type { FeedMessage } from '../core/types.js';
import { numberIn, oneOf } from '../shared/attributes.js';
import { asText } from '../shared/format.js';
import { jsonOf, MISSING, NOT_JSON, valueAt } from '../shared/message-data.js';
import { typesOf, type FeedList, type FeedListOrder } from './feed-list.js';
import { createItem, fillItem, planOf, type Item, type ItemPlan } from './item-template.js';

const ORDERS: readonly FeedListOrder[] = ['oldest-first', 'newest-first'];

/** One message shown as an item; `item` is null until the next frame puts it on the page. */
interface Entry {
  key: string | null;
  message: FeedMessage;
  time: number;
  item: Item | null;
  changed: boolean;
}

/** A list's items and how they reach the page: what `<feed-list>` hands its messages to once this module is loaded. */
export class ListView {
  readonly #host: FeedList;
  #entries: Entry[] = []; // oldest first, at most `limit`
  readonly #byKey = new Map<string, Entry>();
  #leaving: Item[] = []; // items to take off the page at the next frame
  #plan: ItemPlan | null = null;
  #shownOrder: FeedListOrder | null = null;

  constructor(host: FeedList) {
    this.#host = host;
  }

  /** True once items were placed in some order. */
  get placed(): boolean {
    return this.#shownOrder !== null;
  }

  /** Removes every item now. */
  clear(): void {
    for (const entry of this.#entries) if (entry.item) this.#leaving.push(entry.item);
    this.#entries = [];
    this.#byKey.clear();
    for (const item of this.#leaving) for (const node of item.nodes) node.remove();
    this.#leaving = [];
  }

  #limit(): number {
    return numberIn(this.#host, 'limit', this.#host.limit, 0, Infinity, 100);
  }

  /** The first `<template>` child (found at once where it belongs, before the items). */
  #template(): HTMLTemplateElement | null {
    return this.#host.querySelector(':scope > template');
  }

  /** The plan of the first `<template>` child, or null when there is none. */
  #currentPlan(): ItemPlan | null {
    const template = this.#template();
    return template ? planOf(template, this.#host) : null;
  }

  #keyOf(message: FeedMessage): string | null | typeof NOT_JSON {
    if (!this.#host.key) return null;
    const json = jsonOf(message);
    if (json === NOT_JSON) return NOT_JSON;
    const key = valueAt(json, this.#host.key);
    return key === MISSING || key === null ? null : asText(key);
  }

  /** Takes the messages that came before this view, in order: true when the list changed. */
  take(waiting: ReadonlyArray<readonly [FeedMessage, number]>): boolean {
    let changed = false;
    for (const [message, time] of waiting) changed = this.message(message, time) || changed;
    return changed;
  }

  /** Follows a new `limit` or `order` of the host: true when the list must render again. */
  changed(changed: PropertyValues<FeedList>): boolean {
    return (changed.has('limit') && this.trim()) || (changed.has('order') && this.placed);
  }

  #typesSource: string | null = null;
  #typeList: readonly string[] = [];
  // Read for every message: split again only when the attribute changed.
  #types(): readonly string[] {
    if (this.#host.event !== this.#typesSource) {
      this.#typesSource = this.#host.event;
      this.#typeList = typesOf(this.#host);
    }
    return this.#typeList;
  }

  /** Takes a message of one of the host's types (or its remove event): true when the list changed. */
  message(message: FeedMessage, time: number): boolean {
    const { removeEvent } = this.#host;
    const removes = removeEvent !== '' && message.type === removeEvent;
    if (!removes && !this.#types().includes(message.type)) return false;
    const key = this.#keyOf(message);
    if (key === NOT_JSON) return false; // not JSON: nothing changes
    if (removes) {
      const entry = key === null ? undefined : this.#byKey.get(key);
      if (!entry) return false;
      this.#entries.splice(this.#entries.indexOf(entry), 1);
      this.#drop(entry);
      return true;
    }
    if (this.#currentPlan()?.needsJson && jsonOf(message) === NOT_JSON) return false;
    const existing = key === null ? undefined : this.#byKey.get(key);
    if (existing) {
      Object.assign(existing, { message, time, changed: true });
    } else {
      const entry: Entry = { key, message, time, item: null, changed: true };
      this.#entries.push(entry);
      if (key !== null) this.#byKey.set(key, entry);
      this.trim();
    }
    return true;
  }

  /** Lets the oldest entries go past `limit`; true when any went. */
  trim(): boolean {
    const excess = this.#entries.length - this.#limit();
    if (excess <= 0) return false;
    for (const entry of this.#entries.splice(0, excess)) this.#drop(entry);
    return true;
  }

  #drop(entry: Entry): void {
    if (entry.key !== null && this.#byKey.get(entry.key) === entry) this.#byKey.delete(entry.key);
    if (entry.item) this.#leaving.push(entry.item);
  }

  /** One DOM update: items that left go, changed items change in place, new items are inserted together. */
  render(): void {
    const plan = this.#currentPlan();
    if (plan !== this.#plan) {
      // A new template: every item is made again from it.
      for (const entry of this.#entries) {
        if (entry.item) this.#leaving.push(entry.item);
        Object.assign(entry, { item: null, changed: true });
      }
      this.#plan = plan;
    }
    for (const item of this.#leaving) for (const node of item.nodes) node.remove();
    this.#leaving = [];

    const order = oneOf(this.#host, 'order', this.#host.order, ORDERS, 'oldest-first');
    const reorder = this.#shownOrder !== null && order !== this.#shownOrder;
    this.#shownOrder = order;
    const fresh: Entry[] = [];
    let lastShown: Entry | null = null; // the newest entry already on the page
    for (const entry of this.#entries) {
      if (!entry.item) {
        entry.item = createItem(plan);
        fresh.push(entry);
      } else if (!reorder) lastShown = entry;
      if (entry.changed) {
        fillItem(entry.item, plan, entry.message, entry.time, this.#host);
        entry.changed = false;
      }
    }
    const placed = reorder ? this.#entries : fresh;
    if (placed.length === 0) return;
    const nodes = (order === 'newest-first' ? [...placed].reverse() : placed).flatMap((entry) => entry.item!.nodes);
    const template = plan ? this.#template() : null;
    if (order === 'oldest-first') {
      const anchor = lastShown?.item?.nodes.at(-1) ?? template;
      if (anchor) anchor.after(...nodes);
      else this.#host.append(...nodes);
    } else {
      const anchor = lastShown?.item?.nodes[0];
      if (anchor) anchor.before(...nodes);
      else if (template) template.after(...nodes);
      else this.#host.prepend(...nodes);
    }
  }
}
