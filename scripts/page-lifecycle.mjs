// @ts-check
// The test runner's `sse-page-lifecycle` command: freezes and resumes a back/forward cache test page (Chromium's
// Page Lifecycle, through the DevTools protocol's Page.setWebLifecycleState), as a browser does to a background tab.
// Tests call it through test/bfcache.ts (`setLifecycleState()`); Firefox and WebKit have no such control and answer
// `{ supported: false }`.

const COMMAND = 'sse-page-lifecycle';

/** Server side of `setLifecycleState()` in test/bfcache.ts. */
export function pageLifecyclePlugin() {
  return {
    name: 'sse-page-lifecycle',
    /**
     * @param {{ command: string, payload: { key: string, state: string }, session: { id: string, browser: { getPage?: (id: string) => import('puppeteer-core').Page } } }} call
     */
    async executeCommand({ command, payload, session }) {
      if (command !== COMMAND) return undefined;
      const launcher = session.browser;
      // Only the Chrome launcher driving Chromium (not the one given puppeteer's Firefox) speaks CDP to pages.
      const testPage = typeof launcher.getPage === 'function' ? launcher.getPage(session.id) : null;
      const browser = testPage?.browser?.();
      if (!browser || !(await browser.version()).includes('Chrom')) return { supported: false };
      const { key, state } = payload;
      if (state !== 'frozen' && state !== 'active') throw new Error(`${COMMAND}: state must be frozen or active, not ${state}`);
      const pages = await browser.pages();
      const target = pages.find((page) => new URL(page.url()).searchParams.get('key') === key);
      if (!target) throw new Error(`${COMMAND}: no page of key ${key} is open (${pages.map((page) => page.url()).join(', ')})`);
      const cdp = await target.createCDPSession();
      try {
        await cdp.send('Page.setWebLifecycleState', { state });
      } finally {
        await cdp.detach();
      }
      return { supported: true };
    },
  };
}
