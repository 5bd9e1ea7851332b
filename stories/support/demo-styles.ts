// Styles shared by the catalog's demo controls, so every panel's buttons look alike.
import { css } from 'lit';

/** The catalog's plain buttons: the look of the fault panel and the page-visibility switch. */
export const demoButtonStyles = css`
  button {
    font: inherit;
    padding: 0.3rem 0.65rem;
    border: 1px solid #8c959f;
    border-radius: 6px;
    background: #f6f8fa;
    color: #1f2328;
    cursor: pointer;
  }
  button:hover {
    background: #eaeef2;
  }
`;
