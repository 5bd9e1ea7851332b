// What <status-toast> shows inside its popover (its words, icon and buttons) and its looks: loaded when the
// first toast connects, since a toast opens only once they are here.

import { html, nothing } from 'lit';
import type { FeedStatus } from '../core/types.js';
import type { FeedStatusController } from '../shared/feed-status-controller.js';
import { ICONS } from './icons.js';
import type { StatusToast, ToastActionDetail, ToastGap, ToastTopic } from './status-toast.js';

export { default as looks } from './status-toast.styles.js';

/**
 * Title and reason of `topic` (`name` is it capitalised: `message${name}`, `toast${name}`): the words of `status`
 * (the last retrying one, through attempts in between).
 */
export function words(host: StatusToast, feed: FeedStatusController, topic: ToastTopic, name: Capitalize<ToastTopic>, status: FeedStatus, announced: boolean): [string, string] {
  const values = feed.values(topic === 'reconnected' || topic === 'gap' ? feed.status : status, announced);
  // A page's own template is a phrase without plural forms: said, it is filled in.
  const title = feed.say(host[`message${name}`] || feed.strings[`toast${name}`], values);
  return [title, topic === 'reconnected' ? '' : topic === 'gap' ? feed.say(feed.strings.reasonGap, values) : values.reason];
}

/** The popover's content: icon, title, reason, the button of a failed toast or a gap notice, and the close button. */
export function body(host: StatusToast, feed: FeedStatusController, topic: ToastTopic, title: string, reason: string, onAction: () => void): unknown {
  const strings = feed.strings;
  const values = feed.values();
  // `label` names a button whose content is no text (the close button's icon); the action's text names it.
  const button = (part: string, label: string, content: unknown, onClick: () => void): unknown =>
    html`<button part=${part} class=${part} type="button" aria-label=${label || nothing} @click=${onClick}>${content}</button>`;
  return html`<svg part="icon" class="icon ${topic === 'retrying' ? 'spin' : ''}" viewBox="0 0 24 24" aria-hidden="true">${ICONS[topic]}</svg>
    <div part="body" class="body">
      <p part="message" class="message" id="toast-message">${title}</p>
      ${reason ? html`<p part="reason" class="reason" id="toast-reason">${reason}</p>` : nothing}
    </div>
    ${topic === 'failed' || topic === 'gap'
      ? button('action', '', topic === 'gap' ? host.actionGap || feed.say(strings.refresh, values) : host.actionLabel || feed.say(strings.retry, values), onAction)
      : nothing}
    ${button('close', host.closeLabel || feed.say(strings.dismiss, values), html`<svg viewBox="0 0 24 24" aria-hidden="true">${ICONS.close}</svg>`, () => host.hide())}`;
}

/**
 * The button: the page may answer `toast-action` itself (`preventDefault()`), else the default runs: a
 * retry, or a reload, the one resync that needs nothing of the page. The gap notice closes either way.
 */
export function act(host: StatusToast, feed: FeedStatusController, gap: ToastGap | null, close: () => void): void {
  const detail: ToastActionDetail = { kind: gap ? 'gap' : 'failed', gap };
  const go = host.dispatchEvent(new CustomEvent('toast-action', { detail, bubbles: true, composed: true, cancelable: true }));
  if (gap) close();
  if (!go) return;
  if (gap) location.reload();
  else feed.feed?.reconnect();
}
