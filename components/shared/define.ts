// Registering an element class under a tag, in the global registry or a scoped one, without surprises.

/** A class of ours that can register itself. */
interface Definable extends CustomElementConstructor {
  readonly name: string;
}

/**
 * Registers `element` as `tag` in `registry` (the global `customElements` by default). Registering the
 * same class under the same tag again does nothing. A tag already taken by another class (a second copy
 * of the library, or another library's element), or a class already registered under another tag, is
 * left alone, with one console warning that says what to do instead; nothing throws.
 */
export function defineElement(element: Definable, tag: string, registry: CustomElementRegistry = customElements): void {
  const existing = registry.get(tag);
  if (existing === element) return;
  if (existing !== undefined) {
    console.warn(
      `<${tag}> is already defined by another class (a second copy of sse-feed, or another library): ` +
        `use another name, ${element.name}.define('my-${tag}').`,
    );
    return;
  }
  const taken = (registry as { getName?(constructor: CustomElementConstructor): string | null }).getName?.(element);
  if (taken) {
    console.warn(
      `${element.name} is already registered as <${taken}>: for <${tag}> too, define a subclass, ` +
        `class My${element.name} extends ${element.name} {}; My${element.name}.define('${tag}').`,
    );
    return;
  }
  registry.define(tag, element);
}
