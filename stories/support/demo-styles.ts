// Styles shared by the catalog's demo controls, so every panel looks alike on the light and the dark background.
import { css, unsafeCSS } from 'lit';

/**
 * The demos' colours as light/dark pairs (CSS `light-dark()`): which one shows follows the page's
 * `color-scheme`, which the catalog's background switch sets (.storybook/preview.ts). Every text colour
 * passes WCAG AA on its surface in both schemes.
 */
const palette = `
  --demo-text: light-dark(#1f2328, #e6edf3);
  --demo-muted: light-dark(#57606a, #9198a1);
  --demo-surface: light-dark(#ffffff, #151b23);
  --demo-subtle: light-dark(#f6f8fa, #212830);
  --demo-border: light-dark(#d0d7de, #3d444d);
  --demo-strong-border: light-dark(#8c959f, #656c76);
  --demo-accent: light-dark(#0969da, #4493f8);
  --demo-danger: light-dark(#cf222e, #f85149);
  --demo-success: light-dark(#1a7f37, #3fb950);
  --demo-warning: light-dark(#9a6700, #d29922);
  --demo-warning-surface: light-dark(#fff8c5, #2e2a1a);
  --demo-warning-border: light-dark(#bf8700, #9e6a03);
  --demo-pressed: light-dark(#1f2328, #e6edf3);
  --demo-pressed-text: light-dark(#ffffff, #151b23);
`;

/** The palette on a shadow root's host. */
export const demoPalette = css`
  :host {
    ${unsafeCSS(palette)}
    color: var(--demo-text);
  }
`;

/** The palette as page CSS, for the story templates (`.demo-page` and the notices). */
export const demoPagePalette = `.demo-page, .needs-server { ${palette} }`;

/** The rules of the catalog's plain buttons, each selector after `scope`. */
const buttonRules = (scope: string): string => `
  ${scope}button {
    font: inherit;
    padding: 0.3rem 0.65rem;
    border: 1px solid var(--demo-strong-border);
    border-radius: 6px;
    background: var(--demo-subtle);
    color: var(--demo-text);
    cursor: pointer;
  }
  ${scope}button:hover {
    border-color: var(--demo-accent);
  }
  ${scope}button:focus-visible {
    outline: 2px solid var(--demo-accent);
    outline-offset: 2px;
  }
  ${scope}button[aria-pressed='true'] {
    background: var(--demo-pressed);
    color: var(--demo-pressed-text);
  }
`;

/** The catalog's plain buttons: the look of the fault panel and the page-visibility switch. */
export const demoButtonStyles = css`
  ${demoPalette}
  ${unsafeCSS(buttonRules(''))}
`;

/** The same buttons as page CSS, for buttons right in a story template (inside `.demo-page`). */
export const demoPageButtons = buttonRules('.demo-page ');
