/**
 * `HOST`: where the API listens. The API is reached by nginx on this host (the Docker bridge
 * gateway or loopback) and by the other hosts' portals over Tailscale, never from the
 * internet, so only loopback and private addresses are accepted: a wildcard or a public
 * address stops the process at start rather than exposing the API (and its `/metrics`).
 */
import { isIP } from 'node:net';
import { ConfigError } from './env.js';
import { isPrivateAddress } from './private-networks.js';

/** What Fastify binds for `localhost`: every address it resolves to, both loopbacks. */
const LOCALHOST = ['127.0.0.1', '::1'];

/** One spelling per address (`0:0:0:0:0:0:0:1` is `::1`), so a duplicate is seen as one. */
function canonical(address: string): string {
  if (isIP(address) !== 6) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

/**
 * Each address once, `localhost` counted as the loopbacks it stands for: a second listener on
 * an address the first already holds would retry `EADDRINUSE` for ever.
 */
function refuseDuplicates(raw: string, items: readonly string[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    for (const address of item === 'localhost' ? LOCALHOST : [canonical(item)]) {
      if (seen.has(address)) {
        throw new ConfigError(
          `HOST=${JSON.stringify(raw)}: expected each address once (localhost stands for 127.0.0.1 and ::1); ${address} is listed twice`,
        );
      }
      seen.add(address);
    }
  }
}

/** `127.0.0.1` by default; a comma-separated list of loopback or private addresses. */
export function listenAddresses(raw: string | undefined): string[] {
  if (raw === undefined) return ['127.0.0.1'];
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    if (item === 'localhost') continue;
    if (isIP(item) === 0) {
      throw new ConfigError(
        `HOST=${JSON.stringify(raw)}: expected comma-separated IP addresses (or localhost)`,
      );
    }
    if (!isPrivateAddress(item)) {
      throw new ConfigError(
        `HOST=${JSON.stringify(raw)}: expected loopback or private addresses only (the Docker bridge gateway, Tailscale); ${item} is a wildcard or public address`,
      );
    }
  }
  if (items.length === 0) return ['127.0.0.1'];
  refuseDuplicates(raw, items);
  return items;
}
