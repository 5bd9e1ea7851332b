// Walking up from an element through shadow roots: one rule for every element that looks for an ancestor.

/** The element's parent, or the host of the shadow root it is the top of; null at the top of the document. */
export function parentOf(node: Element): Element | null {
  return node.parentElement ?? ((node.getRootNode() as Partial<ShadowRoot>).host || null);
}
