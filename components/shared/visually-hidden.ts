// The visually-hidden declarations the elements share: in the accessibility tree, never on screen.

import { css } from '@lit/reactive-element';

/** Declarations (not a rule) to interpolate into a rule: `.live { ${visuallyHidden} }`. Never `display: none`. */
export const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  clip-path: inset(50%);
  white-space: nowrap;
  border: 0;
`;
