// Pages for back/forward cache tests, served by the test server: a page that can be navigated away from and
// back to, a page to go to, and marks that snapshot how many streams each test key holds open at each step.
//
// GET  /sse/bfcache/page?key=K[&stream=URL&transport=fetch|eventsource][&body=MARKUP]
//        The page under test (`Cache-Control: no-cache`: a `no-store` page is never cached). It loads
//        test/bfcache-page.ts, which reports on BroadcastChannel `sse-bfcache:K` and obeys its commands
//        (test/bfcache.ts drives it). `stream` + `transport`: the page itself opens that stream with fetch or
//        EventSource (the raw engine behaviour, no library); `body`: markup put in the page as is (an
//        `<sse-feed>` or `<status-toast>`, with their define modules loaded first).
// GET  /sse/bfcache/away?key=K   the page navigated to; it reports on the same channel and goes back on command.
// POST /sse/bfcache/mark?key=K&event=E[&persisted=0|1][&page=page|away]   a page's lifecycle step (pagehide,
//        pageshow, freeze, resume, away, leaving; `count` from the test itself): recorded with the number of streams key K holds open on the test server at
//        that moment (its `/sse/stream`, `/sse/chat/completions` and `/sse/hub/K` connections). `leaving` is
//        marked by the away page right before it goes back, so its count is the count while the page was cached.
// GET  /sse/bfcache/marks?key=K  JSON: the marks of K, oldest first.

const marks = new Map(); // key → [{ event, page, persisted, time, open }]

const escapeText = (text) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title, key, script, body = '') {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>${escapeText(title)}</title>` +
    `<meta name="bfcache-key" content="${escapeText(key)}">` +
    `<script type="module">${script}</script></head><body>${body}</body></html>`
  );
}

/**
 * Serves the bfcache routes; resolves false for any other path. `openCount(key)` is how many streams the test
 * server holds open for a key right now.
 */
export async function serveBfcacheRoute(req, res, url, openCount) {
  if (!url.pathname.startsWith('/sse/bfcache/')) return false;
  const key = url.searchParams.get('key') ?? '';
  if (!/^[\w.-]{1,100}$/.test(key)) {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    res.end('key must be letters, digits, _ . -');
    return true;
  }
  const html = (text) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.end(text);
  };
  switch (url.pathname) {
    case '/sse/bfcache/page': {
      // The body is the test's own markup (a fixture, like openFramePage's srcdoc), never server data.
      const body = url.searchParams.get('body') ?? '';
      const define =
        (body.includes('<sse-feed') ? "import '/components/sse-feed/define.ts';" : '') +
        (body.includes('<status-toast') ? "import '/components/status-toast/define.ts';" : '');
      return html(page('bfcache page', key, `${define}import '/test/bfcache-page.ts';`, body)), true;
    }
    case '/sse/bfcache/away':
      return html(page('bfcache away', key, "import '/test/bfcache-page.ts';")), true;
    case '/sse/bfcache/mark': {
      const event = url.searchParams.get('event') ?? '';
      const list = marks.get(key) ?? [];
      marks.set(key, list);
      const mark = {
        event,
        page: url.searchParams.get('page') ?? 'test',
        persisted: url.searchParams.get('persisted') === '1',
        time: Date.now(),
        open: openCount(key),
      };
      list.push(mark);
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(mark));
      return true;
    }
    case '/sse/bfcache/marks':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(marks.get(key) ?? []));
      return true;
    default:
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('no such bfcache route');
      return true;
  }
}
