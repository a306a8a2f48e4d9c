/**
 * The address blocks that never come from the internet, and what each is: this machine
 * (loopback), the tailnet (Tailscale's addresses, where the peers are) or a local network
 * that anyone on it reaches (a LAN, link-local). `HOST`, `TRUST_PROXY` and the stream limit
 * read them here so all three agree on what "private" means.
 */
import { BlockList, isIP } from 'node:net';

export type NetworkKind = 'loopback' | 'tailnet' | 'lan';

interface Block {
  kind: NetworkKind;
  prefix: number;
  list: BlockList;
}

function block(kind: NetworkKind, network: string, prefix: number): Block {
  const list = new BlockList();
  list.addSubnet(network, prefix, isIP(network) === 4 ? 'ipv4' : 'ipv6');
  return { kind, prefix, list };
}

// Most specific first: Tailscale's own ULA prefix before the ULA block that holds it.
const BLOCKS: readonly Block[] = [
  block('loopback', '127.0.0.0', 8),
  block('loopback', '::1', 128),
  // Carrier-grade NAT space: Tailscale's 100.x addresses.
  block('tailnet', '100.64.0.0', 10),
  block('tailnet', 'fd7a:115c:a1e0::', 48),
  block('lan', '10.0.0.0', 8),
  block('lan', '172.16.0.0', 12),
  block('lan', '192.168.0.0', 16),
  block('lan', '169.254.0.0', 16),
  // Unique local and link-local.
  block('lan', 'fc00::', 7),
  block('lan', 'fe80::', 10),
];

function family(address: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** Which private block holds `address` (a plain address), or null for a public one. */
export function networkKind(address: string): NetworkKind | null {
  const type = family(address);
  if (!type) return null;
  return BLOCKS.find((entry) => entry.list.check(address, type))?.kind ?? null;
}

export function isPrivateAddress(address: string): boolean {
  return networkKind(address) !== null;
}

/** True when every address of `address/prefix` is private (a range inside one block). */
export function isPrivateRange(address: string, prefix: number): boolean {
  const type = family(address);
  if (!type) return false;
  return BLOCKS.some((entry) => prefix >= entry.prefix && entry.list.check(address, type));
}
