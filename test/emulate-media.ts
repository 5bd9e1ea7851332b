// emulateMedia() for Chromium, Firefox and WebKit alike: the test runner's own command speaks CDP only, so the
// tests use this one (served by scripts/emulate-media.mjs). It resolves once the page's media queries follow.
import { executeServerCommand } from '@web/test-runner-commands';

/** The user preferences a test can set; a value left out stays as it is. */
export interface MediaPreferences {
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
}

/** Makes the browser report these preferences to the page, as the OS settings would. */
export async function emulateMedia(preferences: MediaPreferences): Promise<void> {
  await executeServerCommand('sse-emulate-media', preferences);
}
