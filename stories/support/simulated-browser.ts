// Simulated browser conditions for stories: a page cannot cut its own network or hide its own tab, so these
// make this frame's `navigator.onLine` / `document.hidden` read otherwise and fire the event a feed listens to.

/**
 * Makes `target[name]` read `value` through an own getter that shadows the prototype's, or removes that
 * shadow again (`value` undefined) so the real one shows through. Only this frame sees the change.
 */
function shadowProperty(target: object, name: string, value: unknown): void {
  if (value === undefined) Reflect.deleteProperty(target, name);
  else Object.defineProperty(target, name, { configurable: true, get: () => value });
}

/** Whether this frame currently simulates being offline. */
export function isSimulatedOffline(): boolean {
  return Object.prototype.hasOwnProperty.call(navigator, 'onLine');
}

/**
 * Simulates going offline (or back online): `navigator.onLine` reads false in this frame and the window hears
 * `offline` (then `online`). Requests still work; for a real outage use DevTools → Network → Offline.
 */
export function simulateOffline(offline: boolean): void {
  shadowProperty(navigator, 'onLine', offline ? false : undefined);
  window.dispatchEvent(new Event(offline ? 'offline' : 'online'));
}

/** Whether this frame currently simulates a hidden page. */
export function isSimulatedHidden(): boolean {
  return Object.prototype.hasOwnProperty.call(document, 'hidden');
}

/**
 * Simulates the page being hidden (a background tab, a minimised window) or shown again: `document.hidden` and
 * `document.visibilityState` read accordingly in this frame and the document hears `visibilitychange`, which is
 * what `pause-when-hidden` listens to. Showing removes the simulation, so the real visibility shows through.
 */
export function simulateHidden(hidden: boolean): void {
  shadowProperty(document, 'hidden', hidden ? true : undefined);
  shadowProperty(document, 'visibilityState', hidden ? 'hidden' : undefined);
  document.dispatchEvent(new Event('visibilitychange'));
}
