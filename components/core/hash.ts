// Names derived from URLs and headers (storage keys, lock and channel names) that do not contain them.

/**
 * A 128-bit hash of `text` as 32 hex digits: four 32-bit lanes of multiply-xorshift mixing, crossed at
 * the end. Not a cryptographic hash: it keeps a URL's query and header values out of names other
 * scripts can list (`sessionStorage` keys, `navigator.locks.query()`), where an equal name must mean
 * equal text. Synchronous, so a feed can read its saved state while it starts.
 */
export function hashText(text: string): string {
  let a = 0x9e3779b9;
  let b = 0x85ebca6b;
  let c = 0xc2b2ae35;
  let d = 0x27d4eb2f ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x9e3779b1);
    b = Math.imul(b ^ unit, 0x85ebca77);
    c = Math.imul(c ^ unit, 0xc2b2ae3d);
    d = Math.imul(d ^ unit, 0x27d4eb2f);
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(c ^ (c >>> 13), 0xc2b2ae35);
  c = Math.imul(c ^ (c >>> 16), 0x85ebca6b) ^ Math.imul(d ^ (d >>> 13), 0xc2b2ae35);
  d = Math.imul(d ^ (d >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return [a, b, c, d].map((lane) => (lane >>> 0).toString(16).padStart(8, '0')).join('');
}
