/**
 * The flags Debian's Chromium needs on a closed network: no first-run work, no background
 * calls home, no QUIC. `pnpm screenshot` and the browser tests launch with the same list.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
