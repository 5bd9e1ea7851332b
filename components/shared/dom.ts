// The few nodes an indicator or a toast holds, made without a template engine: every value is an attribute or text.

const SVG = 'http://www.w3.org/2000/svg';

/** Attribute values by name; `null` leaves the attribute out (or removes it, in {@link attributes}). */
export type Attributes = Readonly<Record<string, string | null>>;

/** An HTML element of `tag` with `attributes` and `children` (strings become text nodes, never markup). */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attributes, children);
}

/** An SVG element of `tag`, as {@link element}. */
export function svgElement(tag: string, attributes: Attributes = {}, ...children: Node[]): SVGElement {
  return fill(document.createElementNS(SVG, tag) as SVGElement, attributes, children);
}

/** Sets each attribute of `node` that differs, removing those given `null`. */
export function attributes(node: Element, values: Attributes): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === null) node.removeAttribute(name);
    else if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }
}

/** Writes `text` into `node` when it differs: a live region hears only a change. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function fill<T extends Element>(node: T, values: Attributes, children: Array<Node | string>): T {
  attributes(node, values);
  node.append(...children);
  return node;
}
