// How <feed-list> turns the page's <template> into items: which elements get a message's values as
// text or as one of a few safe attributes, worked out once per template and applied to each copy.

import type { FeedMessage } from '../core/types.js';
import { setText } from '../shared/dom.js';
import { FORMATS, asText, formatValue, type FormatOptions } from '../shared/format.js';
import { MISSING, messageValue, NOT_JSON, needsJson } from '../shared/message-data.js';
import { langOf } from '../shared/lang.js';

/**
 * The attributes server data may set: none of them is a URL, a style, an event handler or markup, so a
 * page stays safe under a strict CSP with Trusted Types.
 */
const SAFE_ATTRIBUTES = new Set(['value', 'min', 'max', 'low', 'high', 'optimum', 'datetime', 'title', 'alt', 'lang', 'dir', 'class']);

/** True when server data may go into the attribute `name`. */
export function isSafeAttribute(name: string): boolean {
  return SAFE_ATTRIBUTES.has(name) || ((name.startsWith('data-') || name.startsWith('aria-')) && name.length > 5);
}

// Elements whose text is code, not text: server data never goes there.
const CODE_ELEMENTS = new Set(['script', 'style']);

/** One element of the template that shows message values. */
interface Binding {
  /** Child indices from the template's content down to the element. */
  path: number[];
  /** `data-field` and how to write it, or null. */
  field: { path: string; format: Omit<FormatOptions, 'lang'> } | null;
  /** `data-attr-NAME="PATH"` pairs with a safe NAME. */
  attributes: Array<[name: string, path: string]>;
}

/** A template worked out once: its content and where each copy gets values. */
export interface ItemPlan {
  readonly content: DocumentFragment;
  readonly bindings: readonly Binding[];
  /** True when some binding reads the message's JSON. */
  readonly needsJson: boolean;
}

/** One item on the page: its top-level nodes and the elements of its bindings. */
export interface Item {
  readonly nodes: ChildNode[];
  readonly targets: Element[];
}

const plans = new WeakMap<HTMLTemplateElement, ItemPlan>();

function formatOf(element: Element): Omit<FormatOptions, 'lang'> {
  const format = element.getAttribute('data-format') ?? 'text';
  const digits = element.getAttribute('data-max-fraction-digits');
  const maxFractionDigits = digits === null || digits.trim() === '' ? NaN : Number(digits);
  return {
    format: (FORMATS as readonly string[]).includes(format) ? (format as FormatOptions['format']) : 'text',
    currency: element.getAttribute('data-currency') ?? '',
    unit: element.getAttribute('data-unit') ?? '',
    maxFractionDigits: Number.isInteger(maxFractionDigits) && maxFractionDigits >= 0 && maxFractionDigits <= 100 ? maxFractionDigits : undefined,
  };
}

/**
 * The plan of `template`, made once per template. Each refused binding (an attribute outside the safe
 * list, a `data-field` on a script or style, an unknown `data-format`) warns once, naming it, and is
 * never applied.
 */
export function planOf(template: HTMLTemplateElement, owner: Element): ItemPlan {
  let plan = plans.get(template);
  if (plan) return plan;
  const bindings: Binding[] = [];
  const warn = (what: string): void => console.warn(`<${owner.localName}> ${what}`);
  const visit = (parent: ParentNode, path: number[]): void => {
    parent.childNodes.forEach((node, index) => {
      if (!(node instanceof Element)) return;
      const here = [...path, index];
      const binding: Binding = { path: here, field: null, attributes: [] };
      const field = node.getAttribute('data-field');
      if (field !== null) {
        const format = node.getAttribute('data-format');
        if (format !== null && !(FORMATS as readonly string[]).includes(format)) {
          warn(`data-format="${format}" is not valid: it accepts ${FORMATS.join(', ')}. Using text.`);
        }
        if (CODE_ELEMENTS.has(node.localName)) warn(`will not put server data into a <${node.localName}> (data-field="${field}"): its text is code.`);
        else binding.field = { path: field, format: formatOf(node) };
      }
      for (const { name, value } of node.attributes) {
        if (!name.startsWith('data-attr-')) continue;
        const target = name.slice('data-attr-'.length);
        if (isSafeAttribute(target)) binding.attributes.push([target, value]);
        else {
          warn(`will not set the attribute "${target}" (${name}): server data goes only into ${[...SAFE_ATTRIBUTES, 'data-*', 'aria-*'].join(', ')}.`);
        }
      }
      if (binding.field || binding.attributes.length > 0) bindings.push(binding);
      visit(node, here);
    });
  };
  visit(template.content, []);
  const paths = bindings.flatMap((binding) => [...(binding.field ? [binding.field.path] : []), ...binding.attributes.map(([, path]) => path)]);
  plan = { content: template.content, bindings, needsJson: paths.some(needsJson) };
  plans.set(template, plan);
  return plan;
}

/** A new item from `plan` (or, without a template, a `<div>` holding the data as text). */
export function createItem(plan: ItemPlan | null): Item {
  if (!plan) {
    const element = document.createElement('div');
    return { nodes: [element], targets: [element] };
  }
  const copy = document.importNode(plan.content, true);
  const targets = plan.bindings.map((binding) => binding.path.reduce<Node>((node, index) => node.childNodes[index], copy) as Element);
  // Whitespace between the template's top-level elements is not part of an item.
  const nodes = [...copy.childNodes].filter((node) => !(node instanceof Text && node.data.trim() === ''));
  return { nodes, targets };
}

/** Writes `message` into `item`, changing only what differs. */
export function fillItem(item: Item, plan: ItemPlan | null, message: FeedMessage, time: number, owner: Element): void {
  if (!plan) {
    setText(item.targets[0], message.data);
    return;
  }
  const lang = plan.bindings.some((binding) => binding.field && binding.field.format.format !== 'text') ? langOf(owner) : undefined;
  plan.bindings.forEach((binding, index) => {
    const target = item.targets[index];
    if (binding.field) {
      const value = messageValue(message, binding.field.path, time);
      setText(target, value === MISSING || value === NOT_JSON ? '' : formatValue(owner, value, { ...binding.field.format, lang }));
    }
    for (const [name, path] of binding.attributes) {
      const value = messageValue(message, path, time);
      if (value === MISSING || value === NOT_JSON || value === null) target.removeAttribute(name);
      else {
        const text = asText(value);
        if (target.getAttribute(name) !== text) target.setAttribute(name, text);
      }
    }
  });
}
