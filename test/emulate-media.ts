// emulateMedia() for Chromium, Firefox and WebKit alike: the test runner's own command speaks CDP only, so the
// tests use this one (served by scripts/emulate-media.mjs). It resolves once the page's media queries follow.
import { executeServerCommand } from '@web/test-runner-commands';

/** The user preferences a test can set; a value left out stays as it is. */
export interface MediaPreferences {
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
}

/**
 * Makes the browser report these preferences to the page, as the OS settings would, then lets the page's styles
 * follow. WebKitGTK (MiniBrowser, its settings changed through xsettingsd) answers matchMedia() at once but keeps
 * the media query results of the style sheets it has, including an element's adopted sheets, until a sheet with
 * such a media query is added (measured: an element styled before the change keeps its animation; an empty
 * adopted sheet does not help, a <style> with the media queries does). The helper adds one for a frame; in
 * Chromium and Firefox it changes nothing.
 */
export async function emulateMedia(preferences: MediaPreferences): Promise<void> {
  await executeServerCommand('sse-emulate-media', preferences);
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const nudge = document.createElement('style');
  nudge.textContent = '@media (prefers-reduced-motion: reduce) {} @media (prefers-color-scheme: dark) {}';
  document.head.append(nudge);
  await frame();
  nudge.remove();
  await frame();
}
