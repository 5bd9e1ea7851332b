// A feed's state on an element, for CSS: the `state` and `stale` attributes and the custom states.

import { FEED_STATES, type FeedStatus } from '../core/types.js';

/**
 * Reflects `status` on `host`: the `state` attribute, the boolean `stale` attribute (only while
 * connected), and the same as custom states (`:state(retrying)`, `:state(stale)`) where `states` exists.
 * Touches only what changed, so a page's attribute observers see real changes alone.
 */
export function reflectState(host: HTMLElement, states: CustomStateSet | undefined, status: FeedStatus): void {
  const stale = status.state === 'connected' && status.stale;
  if (host.getAttribute('state') !== status.state) host.setAttribute('state', status.state);
  host.toggleAttribute('stale', stale); // with a force, a no-op (and no mutation) when it is already so
  if (!states) return;
  for (const state of FEED_STATES) states[state === status.state ? 'add' : 'delete'](state);
  states[stale ? 'add' : 'delete']('stale');
}
