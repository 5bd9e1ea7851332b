// The language an element speaks: its own or its nearest ancestor's `lang`, across shadow roots.

/** The language of `element`: its own or its nearest ancestor's `lang`, across shadow roots; undefined for the browser's. */
export function langOf(element: Element): string | undefined {
  for (let node: Element | null | undefined = element; node; node = node.parentElement ?? (node.getRootNode() as Partial<ShadowRoot>).host) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
  }
  return undefined;
}
