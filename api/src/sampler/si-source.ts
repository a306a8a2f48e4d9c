/**
 * Fallback host source for systems without /proc (macOS, BSD, Windows), built on
 * systeminformation. It costs child processes per reading, which is acceptable for a
 * developer's laptop; Linux hosts use the /proc source.
 */
import os from 'node:os';
import type { DiskInfo } from '../schemas/metrics.js';
import { labelText } from '../sources/text-caps.js';
import { interfaceFilter, type CpuTimes } from './proc-parsers.js';
import { systemInformation } from './si.js';
import type { HostFacts, HostReading, HostSource } from './source.js';

/** systeminformation's disk types that are not disks a person manages. */
const VIRTUAL_FS = /^(tmpfs|devtmpfs|overlay|squashfs|proc|sysfs|devfs|autofs|nullfs|map .*)$/i;

export class SystemInformationSource implements HostSource {
  readonly #keepInterface: (name: string) => boolean;

  constructor(netExclude: string[]) {
    this.#keepInterface = interfaceFilter(netExclude);
  }

  async read(): Promise<HostReading> {
    const si = await systemInformation();
    const [memory, filesystems, network, processes] = await Promise.all([
      si.mem(),
      si.fsSize(),
      si.networkStats('*'),
      si.processes().catch(() => null),
    ]);
    // Node's per-CPU times play the role of /proc/stat jiffies.
    const cores: CpuTimes[] = os.cpus().map(({ times }) => {
      const total = times.user + times.nice + times.sys + times.idle + times.irq;
      return { busy: total - times.idle, total };
    });
    const all = cores.reduce(
      (sum, core) => ({ busy: sum.busy + core.busy, total: sum.total + core.total }),
      {
        busy: 0,
        total: 0,
      },
    );
    const disks: DiskInfo[] = filesystems
      .filter((fs) => !VIRTUAL_FS.test(fs.type) && fs.size > 0)
      .map((fs) => ({
        mount: labelText(fs.mount),
        fs_type: labelText(fs.type),
        total_bytes: fs.size,
        used_bytes: fs.used,
        free_bytes: fs.available,
        percent: Math.round((fs.use ?? 0) * 10) / 10,
      }));
    const [one = 0, five = 0, fifteen = 0] = os.loadavg();
    return {
      atMs: performance.now(),
      stat: {
        all,
        cores,
        bootTimeS: Math.round(Date.now() / 1000 - os.uptime()),
        procsRunning: processes?.running ?? 0,
      },
      memory: {
        totalBytes: memory.total,
        availableBytes: memory.available,
        swapTotalBytes: memory.swaptotal,
        swapFreeBytes: memory.swapfree,
      },
      network: network
        .filter((stats) => this.#keepInterface(stats.iface))
        .map((stats) => ({
          name: labelText(stats.iface),
          rxBytes: stats.rx_bytes,
          txBytes: stats.tx_bytes,
        })),
      loadAvg: [one, five, fifteen],
      uptimeS: os.uptime(),
      disks,
      processCount: processes?.all ?? 0,
    };
  }

  async facts(): Promise<HostFacts> {
    const si = await systemInformation();
    const [info, cpu] = await Promise.all([
      si.osInfo().catch(() => null),
      si.cpu().catch(() => null),
    ]);
    return {
      os: labelText(
        info ? `${info.distro} ${info.release}`.trim() : `${os.type()} ${os.release()}`,
      ),
      cpuModel: labelText(
        cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : (os.cpus()[0]?.model ?? 'unknown'),
      ),
    };
  }

  async temperature(): Promise<number | null> {
    const si = await systemInformation();
    const reading = await si.cpuTemperature().catch(() => null);
    return reading && Number.isFinite(reading.main) ? reading.main : null;
  }
}
