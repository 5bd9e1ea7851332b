// Hostile server data on a page with a strict CSP and Trusted Types enforced (no policy allowed): shown as text,
// never as markup, a URL, a style or a handler, with zero policy violations (the page: /csp-page, test/push-server.mjs).

import { expect, waitUntil } from '@open-wc/testing';
import { pushChannel, sse } from './binding-helpers.js';
import { track } from './sse-feed-helpers.js';

interface ProbedWindow extends Window {
  violations: string[];
  warnings: string[];
  hacked?: boolean;
}

const HOSTILE = {
  html: '<img src=x onerror="window.parent.hacked=true;window.hacked=true">',
  script: '</script><script>window.hacked=true</script>',
  url: 'javascript:window.hacked=true',
  css: 'background:url(javascript:window.hacked=true)',
  handler: 'window.hacked=true',
};

async function openCspPage(body: string): Promise<{ frame: HTMLIFrameElement; win: ProbedWindow; doc: Document }> {
  const frame = track(document.createElement('iframe'));
  frame.src = `/csp-page?body=${encodeURIComponent(body)}`;
  document.body.append(frame);
  await waitUntil(() => frame.contentWindow?.customElements?.get('feed-list') !== undefined, 'the CSP page never defined its elements', { timeout: 10_000 });
  const win = frame.contentWindow as ProbedWindow;
  return { frame, win, doc: frame.contentDocument! };
}

describe('safety: hostile data under a strict CSP with Trusted Types', () => {
  it('shows hostile data as text, sets no refused attribute, and causes no violation', async () => {
    const channel = pushChannel();
    const { win, doc } = await openCspPage(`
      <sse-feed id="feed" src="${channel.url}">
        <feed-value id="v" field="html"></feed-value>
        <feed-value id="s" field="script"></feed-value>
        <feed-list id="list" key="id">
          <template><div class="item">
            <a href="#safe" data-field="html" data-attr-href="url" data-attr-title="url" data-attr-onclick="handler"></a>
            <img alt="" data-attr-src="url" data-attr-onerror="handler" data-attr-alt="html">
            <span data-field="url" data-attr-style="css" data-attr-class="css" data-attr-srcdoc="html"></span>
            <form data-attr-action="url"><button data-attr-formaction="url" data-field="script"></button></form>
            <iframe data-attr-srcdoc="html" data-attr-src="url" title="none"></iframe>
            <script data-field="handler" type="module"></script>
          </div></template>
        </feed-list>
        <feed-list id="plain"></feed-list>
        <connection-indicator id="indicator"></connection-indicator>
      </sse-feed>
      <sse-feed id="gone" src="/sse/push/no-such-stream"><status-toast id="toast" delay="0"></status-toast></sse-feed>`);
    const feed = doc.getElementById('feed') as HTMLElement & { status: { state: string } };
    await waitUntil(() => feed.status?.state === 'connected', 'the feed never connected', { timeout: 10_000 });
    await channel.send(sse({ id: 1, ...HOSTILE }), sse(HOSTILE.html));
    const list = doc.getElementById('list')!;
    const item = (): Element | null => list.querySelector('.item');
    await waitUntil(() => doc.getElementById('v')!.textContent === HOSTILE.html && item() !== null && doc.getElementById('plain')!.children.length === 2, 'the data never showed', {
      timeout: 5000,
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for any error handler or navigation to run

    expect(doc.getElementById('s')!.textContent).to.equal(HOSTILE.script);
    const anchor = item()!.querySelector('a')!;
    expect(anchor.textContent).to.equal(HOSTILE.html);
    expect(anchor.getAttribute('href')).to.equal('#safe');
    expect(anchor.getAttribute('title')).to.equal(HOSTILE.url);
    expect(anchor.hasAttribute('onclick')).to.equal(false);
    const img = item()!.querySelector('img')!;
    expect(img.hasAttribute('src')).to.equal(false);
    expect(img.hasAttribute('onerror')).to.equal(false);
    expect(img.getAttribute('alt')).to.equal(HOSTILE.html);
    const span = item()!.querySelector('span')!;
    expect(span.textContent).to.equal(HOSTILE.url);
    expect(span.hasAttribute('style')).to.equal(false);
    expect(span.hasAttribute('srcdoc')).to.equal(false);
    expect(span.getAttribute('class')).to.equal(HOSTILE.css);
    expect(item()!.querySelector('form')!.hasAttribute('action')).to.equal(false);
    expect(item()!.querySelector('button')!.hasAttribute('formaction')).to.equal(false);
    expect(item()!.querySelector('iframe')!.hasAttribute('srcdoc')).to.equal(false);
    expect(item()!.querySelector('iframe')!.hasAttribute('src')).to.equal(false);
    expect(item()!.querySelector('script')!.textContent).to.equal('');
    expect(doc.getElementById('plain')!.lastElementChild!.textContent).to.equal(HOSTILE.html);
    // Nothing the server sent became an element.
    expect(doc.querySelectorAll('img').length).to.equal(1);
    expect(doc.querySelector('img[src]')).to.equal(null);
    expect(win.hacked).to.equal(undefined);
    expect((window as Partial<ProbedWindow>).hacked).to.equal(undefined);
    // The indicator and the toast (its looks, words and buttons included) render with no policy at all.
    const shadowText = (id: string, part: string): string | undefined => doc.getElementById(id)!.shadowRoot?.querySelector(`[part="${part}"]`)?.textContent ?? undefined;
    await waitUntil(() => shadowText('toast', 'action') === 'Retry', 'the failed toast never showed its Retry button', { timeout: 5000 });
    expect(shadowText('toast', 'reason')).to.equal('Stream not found (404)');
    expect(shadowText('indicator', 'label')).to.equal('Connected');
    expect(win.violations).to.deep.equal([]);
    for (const name of ['href', 'onclick', 'src', 'onerror', 'style', 'srcdoc', 'action', 'formaction']) {
      expect(win.warnings.filter((warning) => warning.includes(`"${name}" (data-attr-${name})`)), name).to.have.length.above(0);
    }
    expect(win.warnings.some((warning) => warning.includes('<script>'))).to.equal(true);
  });

  it('the page does enforce the policy: an inline handler and a string script sink are refused', async () => {
    const { win, doc } = await openCspPage('<p id="p">x</p>');
    const refused: string[] = [];
    const script = doc.createElement('script');
    try {
      script.textContent = 'window.hacked = true';
      doc.body.append(script);
    } catch {
      refused.push('script text');
    }
    const probe = doc.createElement('img');
    try {
      probe.setAttribute('onerror', 'window.hacked = true');
    } catch {
      refused.push('onerror');
    }
    probe.src = 'data:,not-an-image';
    doc.body.append(probe);
    // The probe's listener hears violations, so the first test's empty list means something.
    await waitUntil(() => win.violations.length > 0, 'no violation was ever reported', { timeout: 5000 });
    expect(refused).to.deep.equal(['script text', 'onerror']);
    expect(win.hacked).to.equal(undefined);
  });
});
