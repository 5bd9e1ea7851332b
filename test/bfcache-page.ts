// The agent inside a back/forward cache test page (test/bfcache-server.mjs serves the pages): reports each
// lifecycle step on a BroadcastChannel and to the server, and obeys the test's commands (test/bfcache.ts).

/** What a page reports on the channel. */
export interface PageReport {
  type: 'ready' | 'pageshow' | 'pagehide' | 'freeze' | 'resume' | 'status' | 'stream';
  page: 'page' | 'away';
  persisted?: boolean;
  /** Every message the page received so far, oldest first: its id and data, and which `<sse-feed>` (0, 1…) had it. */
  messages: Array<{ id: string; data: string; feed?: number }>;
  /** The raw stream's state (`stream` pages): opening, open, error, ended. */
  stream?: string;
  /** Each `<sse-feed>`'s `status`, as JSON. */
  feeds: unknown[];
  /** Every `sse-error` of the page's feeds (`kind`), and every `sse-state` (`state`), oldest first. */
  errors: string[];
  states: string[];
  /** How many times a `<status-toast>` of the page opened. */
  toasts: number;
  /** pageshow events seen, and how many of them were restores from the cache. */
  shows: number;
  restores: number;
  time: number;
}

/** A command the test sends on the channel. */
export interface PageCommand {
  cmd: 'away' | 'back' | 'status' | 'close';
}

const key = document.querySelector<HTMLMetaElement>('meta[name="bfcache-key"]')?.content ?? '';
const params = new URL(location.href).searchParams;
const role: PageReport['page'] = location.pathname.endsWith('/away') ? 'away' : 'page';
const messages: PageReport['messages'] = [];
const errors: string[] = [];
const states: string[] = [];
let toasts = 0;
let streamState = 'none';
let shows = 0;
let restores = 0;
let channel: BroadcastChannel | null = null;

/** Tells the server (which snapshots the key's open streams then); a beacon survives the page being hidden. */
function mark(event: string, persisted = false): void {
  const url = `/sse/bfcache/mark?key=${encodeURIComponent(key)}&event=${event}&persisted=${persisted ? 1 : 0}&page=${role}`;
  if (!navigator.sendBeacon(url)) void fetch(url, { method: 'POST', keepalive: true });
}

function report(type: PageReport['type'], persisted?: boolean): void {
  const feeds = [...document.querySelectorAll('sse-feed')].map((feed) => JSON.parse(JSON.stringify((feed as HTMLElement & { status?: unknown }).status ?? null)));
  const message: PageReport = { type, page: role, persisted, messages: [...messages], stream: streamState, feeds, errors: [...errors], states: [...states], toasts, shows, restores, time: Date.now() };
  channel?.postMessage(message);
}

// The channel is closed while the page is hidden, so it can neither keep the page out of the cache nor evict it.
function openChannel(): void {
  channel = new BroadcastChannel(`sse-bfcache:${key}`);
  channel.onmessage = async ({ data }: MessageEvent<PageCommand>) => {
    if (data.cmd === 'status') report('status');
    else if (data.cmd === 'close') window.close();
    else if (data.cmd === 'away' && role === 'page') location.href = `/sse/bfcache/away?key=${encodeURIComponent(key)}`;
    else if (data.cmd === 'back' && role === 'away') {
      // Awaited, so the server's count is taken while the page under test is still in the cache.
      await fetch(`/sse/bfcache/mark?key=${encodeURIComponent(key)}&event=leaving&page=away`, { method: 'POST' });
      history.back();
    }
  };
}

function received(id: string, data: string, feed?: number): void {
  messages.push({ id, data, feed });
}

/** The page's own raw stream (no library): what the engine itself does with it in the cache. */
async function openStream(url: string, transport: string): Promise<void> {
  streamState = 'opening';
  if (transport === 'eventsource') {
    const source = new EventSource(url);
    source.onopen = () => ((streamState = 'open'), report('stream'));
    source.onerror = () => ((streamState = source.readyState === EventSource.CLOSED ? 'closed' : 'error'), report('stream'));
    source.onmessage = (event) => {
      received(event.lastEventId, event.data);
      report('stream');
    };
    return;
  }
  try {
    const response = await fetch(url, { cache: 'no-store' });
    streamState = 'open';
    report('stream');
    // A plain reader and TextDecoder, as the feed's fetch transport reads.
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let id = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const data = block.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart());
        for (const line of block) if (line.startsWith('id:')) id = line.slice(3).trimStart();
        if (data.length > 0) {
          received(id, data.join('\n'));
          report('stream');
        }
      }
    }
    streamState = 'ended';
  } catch {
    streamState = 'error';
  }
  report('stream');
}

openChannel();
addEventListener('pageshow', (event) => {
  shows += 1;
  if (event.persisted) {
    restores += 1;
    openChannel();
  }
  mark('pageshow', event.persisted);
  report('pageshow', event.persisted);
});
// The page's feeds start listening for pagehide and freeze when they connect, which for some (the eventsource
// transport waits a microtask for the types its elements ask for) comes after this module has run. Listeners of
// one event run in the order they were added: the agent's come a task later, so its report shows what the
// feeds made of the event, whoever connected first.
setTimeout(() => {
  addEventListener('pagehide', (event) => {
    mark('pagehide', event.persisted);
    report('pagehide', event.persisted);
    channel?.close();
    channel = null;
  });
  document.addEventListener('freeze', () => (mark('freeze'), report('freeze')));
  document.addEventListener('resume', () => (mark('resume'), report('resume')));
});
for (const [index, feed] of [...document.querySelectorAll('sse-feed')].entries()) {
  feed.addEventListener('sse-message', (event) => {
    const detail = (event as CustomEvent<{ lastEventId?: string; data?: string }>).detail;
    received(detail.lastEventId ?? '', detail.data ?? '', index);
    report('stream');
  });
  feed.addEventListener('sse-error', (event) => errors.push((event as CustomEvent<{ kind: string }>).detail.kind));
  feed.addEventListener('sse-state', (event) => states.push((event as CustomEvent<{ state: string }>).detail.state));
}
for (const toast of document.querySelectorAll('status-toast')) {
  new MutationObserver(() => {
    if (toast.hasAttribute('open')) toasts += 1;
  }).observe(toast, { attributes: true, attributeFilter: ['open'] });
}
if (role === 'away') mark('away');
const stream = params.get('stream');
if (role === 'page' && stream) void openStream(stream, params.get('transport') ?? 'fetch');
report('ready');
