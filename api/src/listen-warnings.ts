/**
 * A `HOST` address on a local network is allowed (a homelab may have no Tailscale) but not
 * silently: anyone on that network then reaches `/metrics` and `/api/*` directly, which
 * nginx otherwise keeps to `/api/*` behind its limits. The Docker bridge gateway and the
 * Tailscale address are private addresses too, but only this host's containers and the
 * tailnet are on those networks: they are the intended ones and get no warning.
 */
import os from 'node:os';
import { networkKind } from './private-networks.js';

export type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/** Docker's bridges and Tailscale's tunnel: networks only this host's containers or the tailnet are on. */
const INTENDED_INTERFACE = /^(docker\d*|br-[0-9a-f]+|tailscale\d*)$/;

/** `fe80::1%eth0` and `FE80::1` are the address the interface table lists as `fe80::1`. */
function plain(address: string): string {
  return address.split('%', 1)[0]?.toLowerCase() ?? address;
}

function interfaceOf(address: string, interfaces: Interfaces): string | null {
  for (const [name, infos] of Object.entries(interfaces)) {
    if (infos?.some((info) => plain(info.address) === plain(address))) return name;
  }
  return null;
}

/** One line about every local-network address in `hosts`, or null when there is none. */
export function lanWarning(
  hosts: readonly string[],
  interfaces: Interfaces = os.networkInterfaces(),
): string | null {
  const exposed = hosts.flatMap((host) => {
    if (networkKind(plain(host)) !== 'lan') return [];
    const name = interfaceOf(host, interfaces);
    if (name && INTENDED_INTERFACE.test(name)) return [];
    return [name ? `${host} (on ${name})` : host];
  });
  if (exposed.length === 0) return null;
  return (
    `HOST ${exposed.join(', ')}: a local-network address; every machine on that network can ` +
    'reach /metrics (the portal’s own figures, meant for Prometheus) and /api/* (this host’s ' +
    'figures, its peers’, the health of every part) directly, past nginx and its limits. ' +
    'Listen on loopback, the Docker bridge gateway or the Tailscale address unless that is meant'
  );
}
