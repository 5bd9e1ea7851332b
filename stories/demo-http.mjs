// Plain HTTP answers shared by the demo server's routes: CORS headers, and text and JSON responses.

/**
 * CORS for every demo route: any origin may read the streams, send the headers the demos use (each one
 * makes the browser ask first with a preflight, which the routes answer), read a 401's WWW-Authenticate and a
 * resumed stream's Last-Event-ID (`earliest` when the server no longer held the id asked for).
 */
export function corsHeaders() {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Last-Event-ID, X-Timestamp, X-Signature, Accept, Content-Type, Cache-Control',
    'Access-Control-Expose-Headers': 'WWW-Authenticate, Last-Event-ID',
  };
}

/** Answers `status` with `text` as plain text. */
export function plain(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...corsHeaders(), ...headers });
  res.end(text);
}

/** Answers `status` with `body` as JSON. */
export function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...corsHeaders(), ...headers });
  res.end(JSON.stringify(body));
}
