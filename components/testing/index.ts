// The test kit (sse-feed/testing): a scripted server for a page's own tests and stories. No Lit, no DOM needed.
export { createTestStream, type TestEvent, type TestRequest, type TestStream } from './test-stream.js';
