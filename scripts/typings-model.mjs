// @ts-check
// What the framework typings need from custom-elements.json: per element, the properties a template may set,
// the attributes it may write and the events it may listen to. Shared by scripts/generate-typings.mjs and
// scripts/check-dist.mjs.

/** @typedef {import('custom-elements-manifest/schema').Package} Manifest */

/**
 * `deprecated` on a member, attribute or event: the analyzer writes it, the schema version installed does not name it.
 * @param {object} item
 * @returns {boolean | string | undefined}
 */
const deprecatedOf = (item) => /** @type {{ deprecated?: boolean | string }} */ (item).deprecated;

/**
 * Whether a manifest item is documented as read-only: a reflected attribute the element writes itself
 * (`@attr {string} state - Reflects ... (read-only)`) or a getter without a setter (`readonly` in the manifest).
 * A framework that sets it would overwrite the element's own value, or throw on a getter.
 * @param {{ readonly?: boolean, description?: string }} item
 */
export const isReadOnly = (item) => item.readonly === true || /\bread-only\b/i.test(item.description ?? '');

/** `sse-message` → `onSseMessage`: how @lit/react and Vue name the listener prop of an event. @param {string} name */
export function camelCaseEvent(name) {
  return `on${name
    .split(/[-_:.\s]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')}`;
}

/** Vue's camelize: its template checker looks `retry-interval` up as the prop `retryInterval`. @param {string} name */
export const vueCamelize = (name) => name.replace(/-(\w)/g, (_, /** @type {string} */ letter) => letter.toUpperCase());

/** Solid's name for a plain prop on a custom element: it lowercases, then camelCases at dashes. @param {string} name */
export const solidPropertyName = (name) => name.toLowerCase().replace(/-([a-z])/g, (_, /** @type {string} */ letter) => letter.toUpperCase());

/** The top-level members of a union type text: `"a|b" | number` → [`"a|b"`, `number`]. @param {string} text */
export function splitUnion(text) {
  /** @type {string[]} */
  const parts = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      current += char;
      if (char === '\\') current += text[++index] ?? '';
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'" || char === '`') {
      quote = char;
      current += char;
    } else if ('<([{'.includes(char)) {
      depth += 1;
      current += char;
    } else if ('>)]}'.includes(char)) {
      depth -= 1;
      current += char;
    } else if (char === '|' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}

/**
 * The elements of a manifest, each as { className, tagName, description, properties, attributes, events }:
 * properties are the public, writable instance fields (`body`, `retryInterval`); attributes are those a page
 * may write (read-only ones left out); events are all documented events.
 * @param {Manifest} manifest
 */
export function elementsOf(manifest) {
  const elements = [];
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (!('customElement' in declaration) || !declaration.customElement || !declaration.tagName) continue;
      const fields = /** @type {import('custom-elements-manifest/schema').ClassField[]} */ (
        (declaration.members ?? []).filter(
          (member) => member.kind === 'field' && !member.static && (member.privacy ?? 'public') === 'public' && !member.name.startsWith('#'),
        )
      );
      const readOnlyFields = new Set(fields.filter(isReadOnly).map((member) => member.name));
      elements.push({
        className: declaration.name,
        tagName: declaration.tagName,
        module: module.path,
        description: declaration.summary ?? declaration.description,
        properties: fields
          .filter((member) => !isReadOnly(member))
          .map((member) => ({ name: member.name, type: member.type?.text, description: member.description, deprecated: deprecatedOf(member) })),
        attributes: (declaration.attributes ?? [])
          .filter((attribute) => !isReadOnly(attribute) && !readOnlyFields.has(attribute.fieldName ?? attribute.name))
          .map((attribute) => ({
            name: attribute.name,
            type: attribute.type?.text,
            fieldName: attribute.fieldName,
            description: attribute.description,
            deprecated: deprecatedOf(attribute),
          })),
        events: (declaration.events ?? [])
          .filter((event) => event.name)
          .map((event) => ({ name: event.name, type: event.type?.text, description: event.description, deprecated: deprecatedOf(event) })),
      });
    }
  }
  return elements;
}
