// @ts-check
// The three engines the tests run in (Chromium, Firefox, WebKit): where each is found on this kind of machine,
// which Debian packages provide it, which ones a run asks for (BROWSERS=...), and how the test runner starts each.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, findChromium } from './chromium.mjs';
import { expectedQueries, untilMediaMatches } from './emulate-media.mjs';
import { freePort } from './cli.mjs';

/** @typedef {'chromium' | 'firefox' | 'webkit'} Engine */
/** @typedef {import('./emulate-media.mjs').MediaPayload} MediaPayload */

/**
 * Every engine, in the order runs report them: a run without BROWSERS uses all of them.
 * @type {Engine[]}
 */
export const engines = ['chromium', 'firefox', 'webkit'];

const firefoxCandidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
const miniBrowserCandidates = [
  process.env.WEBKIT_MINIBROWSER,
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
];
const found = (/** @type {(string | undefined)[]} */ candidates) => candidates.find((path) => path && existsSync(path));

/** What each engine needs on the machine: the executables, and the Debian packages that provide them. */
export const requirements = {
  chromium: {
    packages: ['chromium', 'fonts-liberation'],
    missing: () => (findChromium() ? [] : ['chromium (or CHROME_PATH)']),
    elsewhere: 'install Chrome or Chromium and set CHROME_PATH=/path/to/chrome',
  },
  firefox: {
    packages: ['firefox-esr'],
    missing: () => (found(firefoxCandidates) ? [] : ['firefox-esr (or FIREFOX_PATH)']),
    elsewhere: 'install Firefox (ESR 128 or newer: WebDriver BiDi) and set FIREFOX_PATH=/path/to/firefox',
  },
  webkit: {
    packages: ['webkit2gtk-driver', 'xvfb', 'xsettingsd'],
    missing: () =>
      [
        existsSync('/usr/bin/WebKitWebDriver') ? null : 'WebKitWebDriver',
        found(miniBrowserCandidates) ? null : 'MiniBrowser (or WEBKIT_MINIBROWSER)',
        existsSync('/usr/bin/Xvfb') ? null : 'Xvfb',
        existsSync('/usr/bin/xsettingsd') ? null : 'xsettingsd',
      ].filter((what) => what !== null),
    elsewhere:
      'install WebKitGTK\'s WebKitWebDriver and MiniBrowser, Xvfb and xsettingsd (the tests drive MiniBrowser under ' +
      'Xvfb, and set its colour scheme and motion preference through the GTK settings xsettingsd serves)',
  },
};

/**
 * The engines a run asks for: `BROWSERS` (comma-separated, e.g. `BROWSERS=firefox` or `BROWSERS=chromium,webkit`),
 * else (or `all`) every engine. An unknown name is an error, so a typo never runs fewer engines than asked.
 * @returns {Engine[]}
 */
export function selectedEngines(value = process.env.BROWSERS) {
  if (!value || value.trim() === '' || value.trim() === 'all') return [...engines];
  const names = value.split(/[\s,]+/).filter(Boolean).map((name) => name.toLowerCase());
  const unknown = names.filter((name) => !engines.some((engine) => engine === name));
  if (unknown.length > 0) {
    throw new Error(`BROWSERS names ${unknown.join(', ')}; the engines are ${engines.join(', ')}`);
  }
  return engines.filter((name) => names.includes(name));
}

/** Chromium through the test runner's Chrome launcher (puppeteer-core with the system browser). */
async function chromiumLauncher() {
  const { chromeLauncher } = await import('@web/test-runner-chrome');
  const launcher = chromeLauncher({
    // The back/forward cache stays on: puppeteer passes no --disable-back-forward-cache (Playwright does), and
    // test/bfcache.test.ts fails if a page is not restored from it.
    launchOptions: { executablePath: findChromium() ?? '/usr/bin/chromium', args: [...chromiumArgs, '--headless=new'] },
  });
  launcher.name = 'Chromium'; // the launcher says Chrome for any browser it is given
  return launcher;
}

/**
 * Firefox's preferences behind `prefers-color-scheme` and `prefers-reduced-motion`, for emulateMedia().
 * @param {MediaPayload} payload
 */
function firefoxPreferences({ colorScheme, reducedMotion }) {
  const lines = [];
  // layout.css.prefers-color-scheme.content-override: 0 dark, 1 light; ui.prefersReducedMotion: 1 reduce, 0 not.
  if (colorScheme === 'dark' || colorScheme === 'light') {
    lines.push(`Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${colorScheme === 'dark' ? 0 : 1});`);
  }
  if (reducedMotion === 'reduce' || reducedMotion === 'no-preference') {
    lines.push(`Services.prefs.setIntPref('ui.prefersReducedMotion', ${reducedMotion === 'reduce' ? 1 : 0});`);
  }
  return lines.join('\n');
}

/**
 * Firefox through the test runner's Chrome launcher given puppeteer-core (the launcher only drives what puppeteer
 * starts), over WebDriver BiDi. puppeteer-core never downloads a browser; full puppeteer would try at install.
 * BiDi has no media emulation, so emulateMedia() sets Firefox's own preferences from its parent process
 * (`-remote-allow-system-access` lets a BiDi session evaluate script there) and waits until the page follows.
 */
async function firefoxLauncher() {
  const { chromeLauncher } = await import('@web/test-runner-chrome');
  const { default: puppeteer } = await import('puppeteer-core');
  /** @type {import('@web/test-runner-chrome').ChromeLauncher & { emulateMedia?: (sessionId: string, payload: MediaPayload) => Promise<void> }} */
  const launcher = chromeLauncher({
    // The launcher's type names puppeteer's module namespace; the default export is the same object.
    puppeteer: /** @type {typeof import('puppeteer-core')} */ (/** @type {unknown} */ (puppeteer)),
    launchOptions: {
      browser: 'firefox',
      executablePath: found(firefoxCandidates) ?? '/usr/bin/firefox-esr',
      headless: true,
      args: ['-remote-allow-system-access'],
      // No update checks, telemetry or captive-portal probes: the machine's network refuses them.
      extraPrefsFirefox: {
        'app.update.enabled': false,
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.enabled': false,
        'layout.css.prefers-color-scheme.content-override': 1,
        'ui.prefersReducedMotion': 0,
      },
    },
  });
  /** @param {string} sessionId @param {MediaPayload} payload */
  launcher.emulateMedia = async function emulateMedia(sessionId, payload) {
    const page = launcher.getPage(sessionId);
    // puppeteer's BiDi session (not public API: puppeteer offers no raw BiDi command).
    /** @typedef {{ result: { type?: string, contexts: { context: string }[], exceptionDetails: { text: string } } }} BidiAnswer */
    const frame = /** @type {{ browsingContext: { userContext: { browser: { session: { send: (method: string, params: object) => Promise<BidiAnswer> } } } } }} */ (
      /** @type {unknown} */ (page.mainFrame())
    );
    const bidi = frame.browsingContext.userContext.browser.session;
    const { result } = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const chrome = result.contexts[0]?.context;
    if (!chrome) throw new Error('Firefox gave no chrome context: was it started with -remote-allow-system-access?');
    const evaluated = await bidi.send('script.evaluate', {
      expression: `(() => { ${firefoxPreferences(payload)} })()`,
      target: { context: chrome },
      awaitPromise: false,
    });
    if (evaluated.result.type === 'exception') {
      throw new Error(`Firefox refused the preferences: ${evaluated.result.exceptionDetails.text}`);
    }
    await untilMediaMatches(
      (queries) => page.evaluate((list) => list.every((query) => matchMedia(query).matches), queries),
      expectedQueries(payload),
      'Firefox',
    );
  };
  return launcher;
}

/**
 * Starts `Xvfb` on a display it picks itself (-displayfd) and resolves with the process and display number.
 * @returns {Promise<{ process: import('node:child_process').ChildProcess, display: number }>}
 */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    xvfb.stderr?.on('data', (chunk) => (errors += chunk));
    let display = '';
    /** @type {import('node:stream').Readable} */ (xvfb.stdio[3]).on('data', (chunk) => {
      display += chunk;
      if (display.includes('\n')) resolve({ process: xvfb, display: Number(display.trim()) });
    });
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it had a display:\n${errors}`)));
  });
}

/**
 * Resolves once the WebDriver server on `port` answers `/status`.
 * @param {number} port @param {import('node:child_process').ChildProcess} driver
 */
async function driverReady(port, driver, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The processes a run starts for WebKit, ended by their process ids when the launcher stops, when this
 * process exits, and on SIGTERM/SIGHUP/SIGINT (the signal is then raised again, so the run still ends).
 * @type {Set<import('node:child_process').ChildProcess>}
 */
const children = new Set();
function endChildren() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
}
let cleanupInstalled = false;
function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', endChildren);
  for (const signal of ['SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      endChildren();
      process.kill(process.pid, signal);
    });
  }
  // The test runner handles SIGINT itself (it stops the launchers, then exits): end ours at once as well.
  process.prependListener('SIGINT', endChildren);
}

/**
 * The GTK settings that WebKitGTK turns into `prefers-color-scheme` and `prefers-reduced-motion`.
 * @param {{ dark: boolean, reduceMotion: boolean }} preferences
 */
function gtkSettings({ dark, reduceMotion }) {
  // WebKitGTK reads a theme whose name ends in -dark as a dark OS, and gtk-enable-animations off as reduced motion.
  return `Net/ThemeName "${dark ? 'Adwaita-dark' : 'Adwaita'}"\nGtk/EnableAnimations ${reduceMotion ? 0 : 1}\n`;
}

/**
 * WebKit (WebKitGTK's MiniBrowser) through the test runner's WebDriver launcher. `Xvfb`, `xsettingsd` and
 * `WebKitWebDriver` are started when the runner initialises the launcher (so a run without WebKit starts none)
 * and ended by process id when it stops. WebDriver has no media emulation: emulateMedia() changes the GTK
 * settings xsettingsd serves to MiniBrowser, as a person changing the desktop's settings would.
 */
async function webkitLauncher() {
  const { WebdriverLauncher } = await import('@web/test-runner-webdriver');
  const binary = found(miniBrowserCandidates) ?? miniBrowserCandidates[1];

  /** What this launcher reads of its base class's private state. */
  /** @typedef {{ options: { port: number }, driver: { execute: (script: (list: string[]) => boolean, list: string[]) => Promise<boolean> } }} LauncherInternals */

  class WebKitGtkLauncher extends WebdriverLauncher {
    /** @type {import('node:child_process').ChildProcess[]} */
    processes = [];
    /** @type {string | undefined} */
    settingsDir;
    settingsFile = '';
    /** @type {import('node:child_process').ChildProcess | undefined} */
    xsettingsd;

    constructor() {
      super({
        automationProtocol: 'webdriver',
        hostname: '127.0.0.1',
        port: 0,
        path: '/',
        logLevel: 'error',
        // Back/forward cache tests open the page under test with window.open (test/bfcache.ts), which WebKitGTK
        // refuses without a click unless told otherwise; its page cache is on by default, said here so it stays on.
        // WebKitGTK's own capability is unknown to the launcher's types.
        capabilities: /** @type {WebdriverIO.Capabilities} */ ({
          'webkitgtk:browserOptions': {
            binary,
            args: ['--automation', '--javascript-can-open-windows-automatically=true', '--enable-page-cache=true'],
          },
        }),
      });
      this.preferences = { dark: false, reduceMotion: false };
    }

    /**
     * @override
     * @param {import('@web/test-runner-core').TestRunnerCoreConfig} config
     */
    async initialize(config) {
      installCleanup();
      const xvfb = await startXvfb();
      this.track(xvfb.process);
      const env = { ...process.env, DISPLAY: `:${xvfb.display}` };
      this.settingsDir = mkdtempSync(join(tmpdir(), 'sse-feed-webkit-'));
      this.settingsFile = join(this.settingsDir, 'xsettingsd.conf');
      writeFileSync(this.settingsFile, gtkSettings(this.preferences));
      this.xsettingsd = this.track(spawn('xsettingsd', ['-c', this.settingsFile], { stdio: 'ignore', env }));
      const port = await freePort();
      const driver = this.track(spawn('WebKitWebDriver', [`--port=${port}`], { stdio: ['ignore', 'ignore', 'inherit'], env }));
      await driverReady(port, driver);
      /** @type {LauncherInternals} */ (/** @type {unknown} */ (this)).options.port = port;
      await super.initialize(config);
      this.name = 'WebKit';
    }

    /**
     * @template {import('node:child_process').ChildProcess} C
     * @param {C} child
     */
    track(child) {
      children.add(child);
      this.processes.push(child);
      return child;
    }

    /** @param {string} _sessionId @param {MediaPayload} payload */
    async emulateMedia(_sessionId, { colorScheme, reducedMotion }) {
      if (colorScheme === 'dark' || colorScheme === 'light') this.preferences.dark = colorScheme === 'dark';
      if (reducedMotion === 'reduce' || reducedMotion === 'no-preference') this.preferences.reduceMotion = reducedMotion === 'reduce';
      writeFileSync(this.settingsFile, gtkSettings(this.preferences));
      this.xsettingsd?.kill('SIGHUP'); // xsettingsd reloads its file and tells every GTK client
      await untilMediaMatches(
        (queries) =>
          /** @type {LauncherInternals} */ (/** @type {unknown} */ (this)).driver.execute((list) => list.every((query) => matchMedia(query).matches), queries),
        expectedQueries({ colorScheme, reducedMotion }),
        'WebKit',
      );
    }

    /** @override */
    async stop() {
      await super.stop();
      for (const child of this.processes) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        children.delete(child);
      }
      this.processes = [];
      if (this.settingsDir) rmSync(this.settingsDir, { recursive: true, force: true });
    }
  }
  return new WebKitGtkLauncher();
}

const launchers = { chromium: chromiumLauncher, firefox: firefoxLauncher, webkit: webkitLauncher };

/** The test runner's launchers for the selected engines. */
export function browserLaunchers(selected = selectedEngines()) {
  return Promise.all(selected.map((name) => launchers[name]()));
}
