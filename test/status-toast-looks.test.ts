// <status-toast>'s looks, words and buttons load on demand (toast-view): a toast never shows unstyled meanwhile.
//
// The first toast of this file connects before the module has loaded: the file imports no toast-view itself.

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { feedError, IDLE_STATUS, type FeedStatus } from '../components/core/types.js';
import '../components/status-toast/define.js';
import type { StatusToast, ToastShowDetail } from '../components/status-toast/status-toast.js';
import { emulateMedia } from './emulate-media.js';

const failed: FeedStatus = { ...IDLE_STATUS, state: 'failed', error: feedError('http', 'The server answered 503.', true, 503) };

describe('<status-toast> before and after its looks load', () => {
  it('stays closed and invisible until styled, then opens styled with its words and buttons', async () => {
    const el = await fixture<StatusToast>(html`<status-toast .status=${failed}></status-toast>`);
    const popover = el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
    // Every frame until it opens: never open, visible or showing as a popover without its looks.
    const unstyled: string[] = [];
    let sampling = true;
    const sample = (): void => {
      const style = getComputedStyle(popover);
      const rect = popover.getBoundingClientRect();
      const visible = style.display !== 'none' && rect.width > 0 && rect.height > 0;
      if ((el.open || visible || popover.matches(':popover-open')) && style.position !== 'fixed') {
        unstyled.push(`open=${el.open} display=${style.display} position=${style.position} ${rect.width}x${rect.height}`);
      }
      if (sampling) requestAnimationFrame(sample);
    };
    sample();
    const loadedBefore = el.open;
    const shown = (await oneEvent(el, 'toast-show')) as CustomEvent<ToastShowDetail>;
    // At the moment it opens: styled (fixed in the top layer, a background), with its title and buttons.
    const style = getComputedStyle(popover);
    sampling = false;
    expect(loadedBefore, 'open before the module loaded').to.equal(false);
    expect(shown.detail.kind).to.equal('failed');
    expect(style.position, 'position when it opens').to.equal('fixed');
    expect(style.backgroundColor, 'background when it opens').to.not.equal('rgba(0, 0, 0, 0)');
    expect(el.shadowRoot!.querySelector('[part="message"]')?.textContent).to.equal('Connection failed');
    expect(el.shadowRoot!.querySelector('[part="reason"]')?.textContent).to.equal('Server error (503)');
    expect(el.shadowRoot!.querySelector('[part="action"]')?.textContent?.trim()).to.equal('Retry');
    expect(el.shadowRoot!.querySelector('[part="close"]')?.getAttribute('aria-label')).to.equal('Dismiss');
    expect(unstyled, 'frames with an open or visible toast without its looks').to.deep.equal([]);
  });

  it('a toast added once the module is here opens at once, styled', async () => {
    const el = await fixture<StatusToast>(html`<status-toast .status=${failed}></status-toast>`);
    await (el.open ? Promise.resolve() : oneEvent(el, 'toast-show'));
    const popover = el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
    expect(getComputedStyle(popover).position).to.equal('fixed');
    expect(el.shadowRoot!.querySelector('[part="message"]')?.textContent).to.equal('Connection failed');
  });

  it('keeps the page’s colour scheme and font once its looks are adopted: system font, dark on a dark OS', async () => {
    // The test page declares neither a font nor a colour scheme: the toast takes the system font and follows the
    // OS. Its looks arrive after it connected and must not drop that. Nothing on the page changes meanwhile.
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const el = await fixture<StatusToast>(html`<status-toast .status=${failed}></status-toast>`);
      await (el.open ? Promise.resolve() : oneEvent(el, 'toast-show'));
      const style = getComputedStyle(el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!);
      expect(style.fontFamily).to.equal('system-ui, sans-serif');
      expect(style.backgroundColor, 'the dark default background').to.equal('rgb(31, 41, 55)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('puts its wider padding on the accent strip’s side, in a right-to-left page too', async () => {
    for (const dir of ['ltr', 'rtl']) {
      const el = await fixture<StatusToast>(html`<div dir=${dir}><status-toast .status=${failed}></status-toast></div>`);
      const toast = el.querySelector('status-toast')!;
      await (toast.open ? Promise.resolve() : oneEvent(toast, 'toast-show'));
      const base = toast.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
      const strip = getComputedStyle(base, '::before');
      const style = getComputedStyle(base);
      const [stripSide, otherSide] = dir === 'ltr' ? (['left', 'right'] as const) : (['right', 'left'] as const);
      expect(strip[stripSide], `${dir}: the strip's side`).to.equal('0px');
      expect(style.getPropertyValue(`padding-${stripSide}`), `${dir}: padding beside the strip`).to.equal('16px');
      expect(style.getPropertyValue(`padding-${otherSide}`), `${dir}: padding on the other side`).to.equal('8px');
    }
  });
});
