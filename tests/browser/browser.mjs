// Debian's Chromium driven by playwright-core (no browser download), with the
// launch flags of the toolchain notes.
import fs from 'node:fs';

import { chromium } from 'playwright-core';

export const chromiumPath = process.env.SOS_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium() {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (docs/wasm-api.md)`);
  }
  // launch() gives every run a new empty profile folder of its own.
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}
