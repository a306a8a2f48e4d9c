/** A local-network address in HOST is allowed, with one warning that says who can reach what. */
import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanWarning, type Interfaces } from '../src/listen-warnings.js';

function nic(address: string): os.NetworkInterfaceInfo {
  const v6 = address.includes(':');
  return {
    address,
    netmask: v6 ? 'ffff:ffff:ffff:ffff::' : '255.255.255.0',
    family: v6 ? 'IPv6' : 'IPv4',
    mac: '02:00:00:00:00:01',
    internal: false,
    cidr: `${address}/${v6 ? 64 : 24}`,
    ...(v6 ? { scopeid: 0 } : {}),
  } as os.NetworkInterfaceInfo;
}

const interfaces: Interfaces = {
  lo: [nic('127.0.0.1'), nic('::1')],
  wlp1s0: [nic('192.168.1.20'), nic('fe80::1'), nic('fd00::2')],
  eth1: [nic('10.0.0.5'), nic('172.20.0.9')],
  docker0: [nic('172.17.0.1')],
  'br-0123abcd4567': [nic('172.18.0.1')],
  tailscale0: [nic('100.101.102.103'), nic('fd7a:115c:a1e0::1')],
};

describe('lanWarning', () => {
  it.each(['192.168.1.20', '10.0.0.5', '172.20.0.9', 'fe80::1%wlp1s0', 'fd00::2'])(
    'warns about %s, naming the interface and what anyone on it can reach',
    (address) => {
      const warning = lanWarning(['127.0.0.1', address], interfaces);
      expect(warning).toContain(`HOST ${address} (on `);
      expect(warning).toContain('/metrics');
      expect(warning).toContain('/api/*');
      expect(warning).toMatch(/every machine on that network/);
      expect(warning).not.toContain('\n');
    },
  );

  it('says it once for several addresses', () => {
    const warning = lanWarning(['192.168.1.20', '10.0.0.5'], interfaces);
    expect(warning?.match(/every machine/g)).toHaveLength(1);
    expect(warning).toContain('192.168.1.20 (on wlp1s0), 10.0.0.5 (on eth1)');
  });

  it('warns about a local-network address no interface holds yet', () => {
    expect(lanWarning(['192.168.7.7'], interfaces)).toContain('HOST 192.168.7.7:');
  });

  it('is silent for loopback, the Docker bridges and Tailscale', () => {
    const intended = [
      'localhost',
      '127.0.0.1',
      '::1',
      '172.17.0.1',
      '172.18.0.1',
      '100.101.102.103',
      'fd7a:115c:a1e0::1',
    ];
    expect(lanWarning(intended, interfaces)).toBeNull();
  });
});
