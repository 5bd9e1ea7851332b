// <sse-feed>'s reactive properties as the engine's options table gives them; the manifest's analyzer plugin reads them too.

import type { PropertyDeclarations } from '@lit/reactive-element';
import { OPTIONS, type FeedOptionName } from '../core/options.js';
import { numberAttribute } from '../shared/attributes.js';

/**
 * The options the element takes as properties, in the table's order: a relative `src` resolves against the
 * document (`baseURL`), `status.lastEventId` says the id, and the element names the feed (`name`) itself.
 */
export const PROPERTY_OPTIONS = /* @__PURE__ */ (Object.keys(OPTIONS) as FeedOptionName[]).filter(
  (name) => !['baseURL', 'lastEventId', 'name'].includes(name),
) as Array<Exclude<FeedOptionName, 'baseURL' | 'lastEventId' | 'name'>>;

/** `retryMaxWait` as a page writes it: `retry-max-wait`. */
export const attributeName = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * One declaration per option, from its default: a boolean or a number is an attribute of that type, a string
 * a plain one, a list (`events`) one of space-separated words; an object, a function or null is a property only.
 */
export function optionProperties(): PropertyDeclarations {
  return Object.fromEntries(
    PROPERTY_OPTIONS.map((name) => {
      const value: unknown = OPTIONS[name].value;
      const attribute = attributeName(name);
      return [
        name,
        typeof value === 'boolean'
          ? { type: Boolean, attribute }
          : typeof value === 'number'
            ? { attribute, converter: numberAttribute }
            : typeof value === 'string' || Array.isArray(value)
              ? { attribute }
              : { attribute: false },
      ];
    }),
  );
}
