// Applies Storybook args (named as in custom-elements.json) to an element: attributes, properties, CSS custom properties and event actions.

/** `onToastShow` → `toast-show`, the reverse of how Storybook names the action args of manifest events. */
function eventName(argName: string): string {
  return argName
    .slice(2)
    .replace(/^[A-Z]/, (first) => first.toLowerCase())
    .replace(/[A-Z]/g, (upper) => `-${upper.toLowerCase()}`);
}

/**
 * Sets every arg that has a value: `--x` as a CSS custom property, `onX` functions as event listeners (so the
 * Actions panel logs events), known properties as properties, anything else as an attribute.
 */
export function applyArgs<T extends HTMLElement>(element: T, args: Record<string, unknown>): T {
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined || value === null || value === '') continue;
    if (name.startsWith('--')) element.style.setProperty(name, String(value));
    else if (/^on[A-Z]/.test(name) && typeof value === 'function') element.addEventListener(eventName(name), value as EventListener);
    else if (name in element) Reflect.set(element, name, value);
    else if (typeof value === 'boolean') element.toggleAttribute(name, value);
    else element.setAttribute(name, String(value));
  }
  return element;
}
