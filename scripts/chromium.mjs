// @ts-check
// The one place that knows which Chromium the project drives and how to start it on this kind of machine.
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser to drive: `CHROME_PATH`, else the first system Chromium or Chrome found; undefined if none. */
export function findChromium() {
  return candidates.find((path) => path && existsSync(path));
}

/**
 * Flags for a headless run: no sandbox (CI runs as root), and nothing that reaches the network on its own
 * (the machine's closed network refuses it, many connections at a time).
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launch options for playwright-core's `chromium.launch()`. */
export function playwrightLaunchOptions() {
  return { executablePath: findChromium() ?? '/usr/bin/chromium', args: chromiumArgs };
}
