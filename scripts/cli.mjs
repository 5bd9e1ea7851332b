// @ts-check
// What the scripts share: their command-line flags and options, and a free port on this machine.
import { createServer } from 'node:net';

/** The script's own arguments. */
export const argv = process.argv.slice(2);

/** Whether `--name` was given. @param {string} name */
export const flag = (name) => argv.includes(`--${name}`);

/**
 * The value after `--name`, or `fallback`.
 * @template {string | null} F
 * @param {string} name @param {F} fallback
 * @returns {string | F}
 */
export function option(name, fallback) {
  const at = argv.indexOf(`--${name}`);
  return at === -1 || at + 1 >= argv.length ? fallback : argv[at + 1];
}

/**
 * A TCP port on 127.0.0.1 that nobody listens on right now.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}
