// What a refused response means, its error's words and a `Retry-After` date: loaded with the first refusal.

// A module of its own so that the fetch transport imports it on demand: a healthy feed never needs it.
export { classifyResponse } from './http.js';
