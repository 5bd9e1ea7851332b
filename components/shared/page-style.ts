// The colour scheme and font an element takes from the page: what the page says, else the OS and system font.

import { css, type ReactiveController, type ReactiveElement } from '@lit/reactive-element';
import { parentOf } from './composed-parent.js';

/** Adopted when the page declares no colour scheme: `light-dark()` then follows the OS. */
const followOs = css`:host{color-scheme:light dark}`;

/** Adopted when the page has no font of its own: the system's sans-serif instead of the browser's serif default. */
const systemFont = css`:host{font-family:system-ui,sans-serif}`;

/** The browsers' default fonts, as computed on a page that sets none. */
const BROWSER_DEFAULT_FONT = /^("?Times New Roman"?|Times|serif|-webkit-standard)$/i;

const watching = new Set<PageStyleController>();
let observer: MutationObserver | null = null;

/** Looks at the page again when a theme switch may have changed it: attributes of <html>, <body>, or a meta tag. */
function watchPage(controller: PageStyleController, on: boolean): void {
  if (on) watching.add(controller);
  else watching.delete(controller);
  if (watching.size > 0 && !observer) {
    observer = new MutationObserver(() => watching.forEach((each) => each.check()));
    for (const node of [document.documentElement, document.body, document.head]) {
      if (node) observer.observe(node, { attributes: true, childList: node === document.head, subtree: node === document.head });
    }
  } else if (watching.size === 0) {
    observer?.disconnect();
    observer = null;
  }
}

/**
 * Gives the host's shadow root the page's colour scheme and font: the scheme the page declares
 * (`color-scheme` on an ancestor, or `<meta name="color-scheme">`), else the OS preference; the page's
 * font, else `system-ui, sans-serif` where the page has only the browser's serif default. Page CSS on
 * the element itself (`status-toast { color-scheme: dark }`) and a `theme` attribute take precedence.
 * Checked when the host is attached and when `<html>`, `<body>` or the page's meta tags change.
 */
export class PageStyleController implements ReactiveController {
  readonly #host: ReactiveElement;

  /** Registers the controller with `host`. */
  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Reads the page and starts watching it. */
  hostConnected(): void {
    watchPage(this, true);
    this.check();
  }

  /** Stops watching the page. */
  hostDisconnected(): void {
    watchPage(this, false);
  }

  /** Reads what the page says about scheme and font where the host stands, and adopts the fallbacks it needs. */
  check(): void {
    const root = this.#host.renderRoot as ShadowRoot;
    const parent = parentOf(this.#host);
    if (!parent || !root.adoptedStyleSheets) return; // no constructable styles: the page's scheme and font as they are
    const page = getComputedStyle(parent);
    const sheets = root.adoptedStyleSheets.filter((sheet) => sheet !== followOs.styleSheet && sheet !== systemFont.styleSheet);
    if (page.colorScheme === 'normal' && !document.querySelector('meta[name="color-scheme"]')) sheets.push(followOs.styleSheet!);
    if (BROWSER_DEFAULT_FONT.test(page.fontFamily)) sheets.push(systemFont.styleSheet!);
    root.adoptedStyleSheets = sheets;
  }
}
