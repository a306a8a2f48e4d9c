import { describe, expect, it } from 'vitest';
import {
  busyPercent,
  interfaceFilter,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseOsRelease,
  parseStat,
  parseUptime,
  realFilesystems,
} from '../src/sampler/proc-parsers.js';

const STAT = `cpu  100 5 50 800 20 3 2 0 7 0
cpu0 60 2 30 400 10 2 1 0 0 0
cpu1 40 3 20 400 10 1 1 0 0 0
intr 12345 0 0
ctxt 999
btime 1795700000
processes 4242
procs_running 3
procs_blocked 0
`;

describe('parseStat', () => {
  it('reads busy and total jiffies, leaving guest time out and counting iowait as idle', () => {
    const stat = parseStat(STAT);
    // total = 100+5+50+800+20+3+2+0 = 980; idle = 800+20
    expect(stat.all).toEqual({ busy: 160, total: 980 });
    expect(stat.cores).toEqual([
      { busy: 95, total: 505 },
      { busy: 65, total: 475 },
    ]);
    expect(stat.bootTimeS).toBe(1795700000);
    expect(stat.procsRunning).toBe(3);
  });

  it('computes busy percent over an interval and clamps nonsense', () => {
    expect(busyPercent({ busy: 100, total: 1000 }, { busy: 150, total: 1100 })).toBe(50);
    expect(busyPercent({ busy: 100, total: 1000 }, { busy: 100, total: 1000 })).toBe(0);
    expect(busyPercent({ busy: 100, total: 1000 }, { busy: 300, total: 1100 })).toBe(100);
    expect(busyPercent({ busy: 0, total: 0 }, { busy: 1, total: 3 })).toBe(33.3);
  });
});

describe('parseMeminfo', () => {
  it('uses MemAvailable and converts kB to bytes', () => {
    const mem = parseMeminfo(
      'MemTotal:       16000000 kB\nMemFree:  1000 kB\nMemAvailable:   12000000 kB\nSwapTotal: 2000 kB\nSwapFree: 500 kB\n',
    );
    expect(mem).toEqual({
      totalBytes: 16000000 * 1024,
      availableBytes: 12000000 * 1024,
      swapTotalBytes: 2000 * 1024,
      swapFreeBytes: 500 * 1024,
    });
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    const mem = parseMeminfo(
      'MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 200 kB\n',
    );
    expect(mem.availableBytes).toBe(350 * 1024);
  });
});

describe('parseNetDev and interfaceFilter', () => {
  const NETDEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
  eth0: 286480724    9011    0    0    0     0          0         0   797379    6729    0    0    0     0       0          0
vethab12: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0
docker0: 5 1 0 0 0 0 0 0 6 1 0 0 0 0 0 0
br-1234: 7 1 0 0 0 0 0 0 8 1 0 0 0 0 0 0
wlp1s0: 900 1 0 0 0 0 0 0 100 1 0 0 0 0 0 0
`;

  it('reads rx and tx bytes per interface', () => {
    const counters = parseNetDev(NETDEV);
    expect(counters.find((c) => c.name === 'eth0')).toEqual({
      name: 'eth0',
      rxBytes: 286480724,
      txBytes: 797379,
    });
    expect(counters).toHaveLength(6);
  });

  it('leaves out loopback and container plumbing by exact name or prefix', () => {
    const keep = interfaceFilter(['lo', 'veth*', 'docker*', 'br-*']);
    expect(
      parseNetDev(NETDEV)
        .map((c) => c.name)
        .filter(keep),
    ).toEqual(['eth0', 'wlp1s0']);
  });
});

describe('small files', () => {
  it('reads load averages and uptime', () => {
    expect(parseLoadavg('0.52 0.61 0.70 1/312 4242\n')).toEqual([0.52, 0.61, 0.7]);
    expect(parseUptime('86400.55 170000.00\n')).toBe(86400.55);
  });

  it('reads PRETTY_NAME from os-release, quoted or not', () => {
    expect(
      parseOsRelease('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'),
    ).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseOsRelease('NAME=Alpine\nVERSION=3.20\n')).toBe('Alpine 3.20');
    expect(parseOsRelease('garbage')).toBeNull();
  });
});

describe('realFilesystems', () => {
  it('keeps real filesystems, one row per device, shown at the shortest mount point', () => {
    const mounts = parseMounts(
      [
        'proc /proc proc rw 0 0',
        'tmpfs /run tmpfs rw 0 0',
        'overlay / overlay rw 0 0',
        '/dev/nvme0n1p2 / ext4 rw 0 0',
        '/dev/nvme0n1p2 /var/lib/docker/overlay2 ext4 rw 0 0',
        '/dev/nvme0n1p2 /etc/hosts ext4 rw 0 0',
        '/dev/nvme0n1p1 /boot/efi vfat rw 0 0',
        '/dev/sda1 /mnt/my\\040media ext4 rw 0 0',
        '/dev/loop3 /snap/core/1 squashfs ro 0 0',
        'tank/data /tank/data zfs rw 0 0',
        'tank/home /tank/home zfs rw 0 0',
      ].join('\n'),
    );
    expect(realFilesystems(mounts).map((m) => `${m.mount}:${m.fsType}`)).toEqual([
      '/:ext4',
      '/boot/efi:vfat',
      '/mnt/my media:ext4',
      '/tank/data:zfs',
    ]);
  });
});
