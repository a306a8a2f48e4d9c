/**
 * `HOST`: where the API listens. The API is reached by nginx on this host (the Docker bridge
 * gateway or loopback) and by the other hosts' portals over Tailscale, never from the
 * internet, so only loopback and private addresses are accepted: a wildcard or a public
 * address stops the process at start rather than exposing the API (and its `/metrics`).
 */
import { BlockList, isIP } from 'node:net';
import { ConfigError } from './env.js';

const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
// Carrier-grade NAT: Tailscale's 100.x addresses.
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE.addAddress('::1', 'ipv6');
// Unique local (Tailscale's fd7a:115c:a1e0::/48 among them) and link-local.
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
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
  return [...new Set(items)];
}
