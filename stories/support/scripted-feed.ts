// A stream for the binding stories: the demo server's scripted stream (test/sse-server.mjs) sending given events.
import { demoUrl } from './demo-server-probe.js';

let counter = 0;

/**
 * The URL of a held stream on the demo server that sends `events` (raw SSE text), with `delay` ms between
 * them, and a comment first so every engine reports it open. Each call is a session of its own.
 */
export function scriptedStream(events: string[], delay = 0): string {
  const session = `story-${Date.now().toString(36)}-${(counter += 1)}`;
  const script = encodeURIComponent(JSON.stringify([{ raw: [': open\n\n', ...events], rawDelay: delay }]));
  return demoUrl(`sse/stream?session=${session}&script=${script}`);
}

/** One event in the wire format. */
export function sseEvent(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
