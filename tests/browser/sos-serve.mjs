// Starts a real `sos serve` for the browser tests: the process, the port it
// printed, and a stop() that waits for it to exit.
import { spawn } from 'node:child_process';
import path from 'node:path';

import { root } from './harness.mjs';

export const sosPath = path.resolve(root, process.env.SOS_BIN ?? process.env.SOS_TOOL ?? 'build/native/tools/sos');

/**
 * @param {string[]} args after `sos serve` (`--port 0` is added)
 * @param {{host?: string}} [options] the address it listens on (default 127.0.0.1)
 * @returns {Promise<{child: import('node:child_process').ChildProcess, port: number, base: string,
 *   stop: () => Promise<void>}>}
 */
export async function startSosServe(args, { host = '127.0.0.1' } = {}) {
  const child = spawn(sosPath, ['serve', ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sos serve did not start: ${printed}`)), 30000);
    const read = (/** @type {Buffer} */ chunk) => {
      printed += chunk;
      const match = /listening on http:\/\/[^\s/]+:(\d+)/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sos serve exited ${code}: ${printed}`));
    });
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
    child.on('exit', () => resolve(undefined));
    child.kill('SIGTERM');
  });
  return { child, port, base: `http://${host}:${port}`, stop };
}
