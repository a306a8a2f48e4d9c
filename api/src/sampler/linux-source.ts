/**
 * The Linux host source: every hot figure comes from /proc and statfs(2), which cost
 * microseconds, instead of systeminformation's child processes (`cat /proc/stat | grep`,
 * `df`, `ps`), which cost about 3 % of a core at a 2 s period. The CPU model comes from
 * /proc/cpuinfo and the temperature from sysfs; systeminformation is loaded only when
 * those name nothing (an unknown CPU, or no sysfs to ask).
 */
import { readdir, readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DiskPath } from '../config.js';
import type { DiskInfo } from '../schemas/metrics.js';
import { labelText } from '../sources/text-caps.js';
import { parseCpuModel } from './cpuinfo.js';
import {
  interfaceFilter,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseOsRelease,
  parseStat,
  parseUptime,
  realFilesystems,
  type MountEntry,
} from './proc-parsers.js';
import { systemInformation } from './si.js';
import type { HostFacts, HostReading, HostSource } from './source.js';
import { SysfsTemperatureReader } from './temperature.js';

export interface LinuxSourceOptions {
  procPath: string;
  osReleasePath: string;
  diskPaths: DiskPath[] | null;
  netExclude: string[];
  /** Where sysfs is mounted (hwmon and thermal zones); `/sys` unless a test records a tree. */
  sysPath?: string;
  /** The mount table; our own mount namespace's unless a test records one. */
  mountsPath?: string;
}

/** The mount table changes rarely; re-reading it each minute notices a new disk soon enough. */
const MOUNTS_TTL_MS = 60_000;

export class LinuxHostSource implements HostSource {
  readonly #opts: LinuxSourceOptions;
  readonly #keepInterface: (name: string) => boolean;
  #disks: { mount: string; path: string; fsType: string }[] = [];
  #disksReadAtMs = -Infinity;
  readonly #sensors: SysfsTemperatureReader;
  #siHasNoSensor = false;

  constructor(opts: LinuxSourceOptions) {
    this.#opts = opts;
    this.#keepInterface = interfaceFilter(opts.netExclude);
    this.#sensors = new SysfsTemperatureReader(opts.sysPath ?? '/sys');
  }

  #proc(file: string): Promise<string> {
    return readFile(path.join(this.#opts.procPath, file), 'utf8');
  }

  async read(): Promise<HostReading> {
    const [stat, meminfo, netdev, loadavg, uptime, processCount, disks] = await Promise.all([
      this.#proc('stat'),
      this.#proc('meminfo'),
      this.#proc('net/dev'),
      this.#proc('loadavg'),
      this.#proc('uptime'),
      this.#countProcesses(),
      this.#readDisks(),
    ]);
    return {
      atMs: performance.now(),
      stat: parseStat(stat),
      memory: parseMeminfo(meminfo),
      network: parseNetDev(netdev).filter((counters) => this.#keepInterface(counters.name)),
      loadAvg: parseLoadavg(loadavg),
      uptimeS: parseUptime(uptime),
      disks,
      processCount,
    };
  }

  async #countProcesses(): Promise<number> {
    const entries = await readdir(this.#opts.procPath);
    let count = 0;
    for (const name of entries) if (name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57) count++;
    return count;
  }

  async #mountTable(): Promise<MountEntry[]> {
    // Our own mount namespace: these are the paths statfs can actually reach.
    return parseMounts(await readFile(this.#opts.mountsPath ?? '/proc/self/mounts', 'utf8'));
  }

  async #refreshDiskList(): Promise<void> {
    const mounts = await this.#mountTable();
    // statfs is asked at the path as it is; the page, the peers and the log get its label.
    if (this.#opts.diskPaths) {
      this.#disks = this.#opts.diskPaths.map(({ mount, path: where }) => ({
        mount: labelText(mount),
        path: where,
        fsType: labelText(fsTypeOf(where, mounts)),
      }));
    } else {
      this.#disks = realFilesystems(mounts).map((entry) => ({
        mount: labelText(entry.mount),
        path: entry.mount,
        fsType: labelText(entry.fsType),
      }));
    }
    this.#disksReadAtMs = performance.now();
  }

  async #readDisks(): Promise<DiskInfo[]> {
    if (performance.now() - this.#disksReadAtMs > MOUNTS_TTL_MS) await this.#refreshDiskList();
    const rows = await Promise.all(
      this.#disks.map(async (disk): Promise<DiskInfo | null> => {
        try {
          const fs = await statfs(disk.path);
          const total = fs.blocks * fs.bsize;
          const free = fs.bavail * fs.bsize;
          // Like df: used excludes blocks reserved for root, percent is of what users can have.
          const used = (fs.blocks - fs.bfree) * fs.bsize;
          const usable = used + free;
          return {
            mount: disk.mount,
            fs_type: disk.fsType,
            total_bytes: total,
            used_bytes: used,
            free_bytes: free,
            percent: usable > 0 ? Math.round((used / usable) * 1000) / 10 : 0,
          };
        } catch {
          // A disk that went away (unplugged USB drive) is left out, not an error.
          return null;
        }
      }),
    );
    return rows.filter((row): row is DiskInfo => row !== null);
  }

  async facts(): Promise<HostFacts> {
    const [osName, model] = await Promise.all([this.#osName(), this.#cpuModel()]);
    return {
      os: labelText(osName),
      cpuModel: labelText(model || os.cpus()[0]?.model?.trim() || 'unknown'),
    };
  }

  async #cpuModel(): Promise<string | null> {
    const cpuinfo = await this.#proc('cpuinfo').catch(() => '');
    const model = parseCpuModel(cpuinfo);
    if (model) return model;
    const cpu = await (await systemInformation()).cpu().catch(() => null);
    return cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : null;
  }

  async temperature(): Promise<number | null> {
    const found = await this.#sensors.read();
    if (typeof found === 'object') return found.celsius;
    // sysfs listing no sensor is the answer (systeminformation reads the same files);
    // only without sysfs at all is it worth asking systeminformation's other ways.
    if (found === 'no-sensor' || this.#siHasNoSensor) return null;
    const reading = await (await systemInformation()).cpuTemperature().catch(() => null);
    if (reading && Number.isFinite(reading.main)) return reading.main;
    // Sensors do not appear while the host runs: one empty answer is enough (each costs a
    // blocking child process).
    this.#siHasNoSensor = true;
    return null;
  }

  async #osName(): Promise<string> {
    try {
      const name = parseOsRelease(await readFile(this.#opts.osReleasePath, 'utf8'));
      if (name) return name;
    } catch {
      // fall through to the kernel's own name
    }
    return `${os.type()} ${os.release()}`;
  }
}

/** The filesystem type of the mount that holds `where` (longest matching mount point). */
function fsTypeOf(where: string, mounts: MountEntry[]): string {
  let best: MountEntry | undefined;
  for (const entry of mounts) {
    const inside =
      where === entry.mount ||
      where.startsWith(entry.mount.endsWith('/') ? entry.mount : `${entry.mount}/`);
    if (inside && (!best || entry.mount.length >= best.mount.length)) best = entry;
  }
  return best?.fsType ?? 'unknown';
}
