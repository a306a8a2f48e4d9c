/**
 * Pure parsers for the Linux files the sampler reads on every tick. Kept free of I/O so
 * they are tested on recorded text and cost nothing but string work.
 */
import { labelText } from '../sources/text-caps.js';

/** Jiffies of one CPU line of /proc/stat: busy and total since boot. */
export interface CpuTimes {
  busy: number;
  total: number;
}

export interface StatReading {
  /** The aggregate `cpu` line. */
  all: CpuTimes;
  /** One entry per `cpuN` line, in order. */
  cores: CpuTimes[];
  /** Seconds since the epoch at boot (`btime`). */
  bootTimeS: number;
  procsRunning: number;
}

function cpuTimes(fields: string[]): CpuTimes {
  // user nice system idle iowait irq softirq steal [guest guest_nice]; guest time is
  // already counted in user/nice, so it is left out of the total.
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    fields.slice(0, 8).map(Number);
  const idleAll = idle + iowait;
  const total = user + nice + system + idleAll + irq + softirq + steal;
  return { busy: total - idleAll, total };
}

export function parseStat(text: string): StatReading {
  const reading: StatReading = {
    all: { busy: 0, total: 0 },
    cores: [],
    bootTimeS: 0,
    procsRunning: 0,
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu')) {
      const fields = line.split(/\s+/);
      const times = cpuTimes(fields.slice(1));
      if (fields[0] === 'cpu') reading.all = times;
      else reading.cores.push(times);
    } else if (line.startsWith('btime ')) {
      reading.bootTimeS = Number(line.slice(6));
    } else if (line.startsWith('procs_running ')) {
      reading.procsRunning = Number(line.slice(14));
    }
  }
  return reading;
}

/** Share of the interval a CPU was busy, 0–100, one decimal. */
export function busyPercent(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  const percent = ((after.busy - before.busy) / total) * 100;
  return Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10;
}

export interface MemReading {
  totalBytes: number;
  availableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
}

export function parseMeminfo(text: string): MemReading {
  const kib = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+):\s+(\d+)/.exec(line);
    if (match?.[1] && match[2]) kib.set(match[1], Number(match[2]) * 1024);
  }
  const total = kib.get('MemTotal') ?? 0;
  // MemAvailable exists since Linux 3.14; older kernels get the classic estimate.
  const available =
    kib.get('MemAvailable') ??
    (kib.get('MemFree') ?? 0) + (kib.get('Buffers') ?? 0) + (kib.get('Cached') ?? 0);
  return {
    totalBytes: total,
    availableBytes: Math.min(available, total),
    swapTotalBytes: kib.get('SwapTotal') ?? 0,
    swapFreeBytes: kib.get('SwapFree') ?? 0,
  };
}

export interface NetCounters {
  name: string;
  rxBytes: number;
  txBytes: number;
}

export function parseNetDev(text: string): NetCounters[] {
  const counters: NetCounters[] = [];
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    // An interface's name is any bytes its creator chose (`ip link add`): a label from here on.
    const name = labelText(line.slice(0, colon).trim());
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    counters.push({ name, rxBytes: Number(fields[0] ?? 0), txBytes: Number(fields[8] ?? 0) });
  }
  return counters;
}

/** `/proc/loadavg`: the three load averages. */
export function parseLoadavg(text: string): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = text.trim().split(/\s+/).slice(0, 3).map(Number);
  return [one, five, fifteen];
}

/** `/proc/uptime`: seconds since boot. */
export function parseUptime(text: string): number {
  return Number(text.trim().split(/\s+/)[0] ?? 0);
}

export interface MountEntry {
  device: string;
  mount: string;
  fsType: string;
}

/** Mount points use octal escapes for space, tab, newline and backslash. */
function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8)),
  );
}

export function parseMounts(text: string): MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, mount, fsType] = line.split(' ');
    if (device && mount && fsType) mounts.push({ device, mount: unescapeMount(mount), fsType });
  }
  return mounts;
}

/** Filesystems that hold data on a device: what a person means by "disks". */
const REAL_FS = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'zfs',
  'f2fs',
  'jfs',
  'reiserfs',
  'bcachefs',
  'vfat',
  'exfat',
  'ntfs',
  'ntfs3',
  'fuseblk',
  'hfsplus',
  'apfs',
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
]);

/** Real filesystems only, one row per device (bind mounts and btrfs subvolumes collapse). */
export function realFilesystems(mounts: MountEntry[]): MountEntry[] {
  const seen = new Set<string>();
  const result: MountEntry[] = [];
  // Shortest mount point first, so a device mounted at / and at /var/lib/x is shown as /.
  const sorted = [...mounts].sort((a, b) => a.mount.length - b.mount.length);
  for (const entry of sorted) {
    if (!REAL_FS.has(entry.fsType)) continue;
    // A snap or container image mounted from a file is not a disk a person manages.
    if (entry.mount.startsWith('/snap/') || entry.mount.startsWith('/var/lib/docker/')) continue;
    const key =
      entry.fsType === 'zfs' ? (entry.device.split('/')[0] ?? entry.device) : entry.device;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(entry);
  }
  return result.sort((a, b) => a.mount.localeCompare(b.mount));
}

/** `PRETTY_NAME` from an os-release file, falling back to NAME VERSION. */
export function parseOsRelease(text: string): string | null {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined)
      values.set(match[1], match[2].replace(/^(["'])(.*)\1$/, '$2'));
  }
  const pretty = values.get('PRETTY_NAME');
  if (pretty) return pretty;
  const name = values.get('NAME');
  if (!name) return null;
  const version = values.get('VERSION');
  return version ? `${name} ${version}` : name;
}

/** Interface filter: exact names, or prefixes written with a trailing `*`. */
export function interfaceFilter(patterns: string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (name) => !exact.has(name) && !prefixes.some((prefix) => name.startsWith(prefix));
}
