// What <status-toast> shows inside its popover (its words, icon and buttons) and its looks: loaded when the
// first toast connects, since a toast opens only once they are here.

import type { FeedStatus } from '../core/types.js';
import type { FeedStatusController } from '../shared/feed-status-controller.js';
import { attributes, element, setText, svgElement } from '../shared/dom.js';
import { draw } from './icons.js';
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

/** Writes the popover's content for a topic (none: empty) with its title and reason. */
export type Paint = (topic: ToastTopic | null, title: string, reason: string) => void;

/**
 * The popover's content (icon, title, reason, the button of a failed toast or a gap notice, and the close
 * button), made once and written in place: a button that stays keeps keyboard focus through countdown
 * ticks, new words and a change of topic.
 */
export function body(host: StatusToast, feed: FeedStatusController, popover: HTMLElement, onAction: () => void): Paint {
  const button = (part: string, onClick: () => void, ...content: Node[]): HTMLButtonElement => {
    const node = element('button', { part, class: part, type: 'button' }, ...content);
    node.addEventListener('click', onClick);
    return node;
  };
  const svg = (values: Record<string, string>, ...shapes: Node[]): SVGElement => svgElement('svg', { ...values, viewBox: '0 0 24 24', 'aria-hidden': 'true' }, ...shapes);
  const icon = svg({ part: 'icon' });
  const message = element('p', { part: 'message', class: 'message', id: 'toast-message' });
  const reasonLine = element('p', { part: 'reason', class: 'reason', id: 'toast-reason' });
  const text = element('div', { part: 'body', class: 'body' }, message);
  const action = button('action', onAction);
  const close = button('close', () => host.hide(), svg({}, ...draw('close')));
  let drawn: ToastTopic | null = null; // the topic its icon shows; none while the popover is empty
  return (topic, title, reason) => {
    if (topic !== drawn) {
      if (!drawn) popover.replaceChildren(icon, text, close);
      drawn = topic;
      if (!topic) return popover.replaceChildren();
      attributes(icon, { class: `icon ${topic === 'retrying' ? 'spin' : ''}` });
      icon.replaceChildren(...draw(topic));
    }
    if (!topic) return;
    const strings = feed.strings;
    const values = feed.values();
    const acting = topic === 'failed' || topic === 'gap';
    setText(message, title);
    if (reason) setText(reasonLine, reason);
    place(reasonLine, message, !!reason);
    if (acting) setText(action, topic === 'gap' ? host.actionGap || feed.say(strings.refresh, values) : host.actionLabel || feed.say(strings.retry, values));
    place(action, text, acting);
    // The close button's content is an icon: the label names it.
    attributes(close, { 'aria-label': host.closeLabel || feed.say(strings.dismiss, values) || null });
  };
}

/** Puts `node` right after `previous` when `shown`, else takes it out; a node already there is not moved, so it keeps focus. */
function place(node: Element, previous: Element, shown: boolean): void {
  if (!shown) node.remove();
  else if (previous.nextSibling !== node) previous.after(node);
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
