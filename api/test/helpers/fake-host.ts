/** A host source with fixed, advancing counters that counts how often it was read. */
import type { HostSource, HostReading } from '../../src/host/source.js';

export class CountingHostSource implements HostSource {
  reads = 0;
  tempReads = 0;

  async read(): Promise<HostReading> {
    this.reads++;
    const tick = this.reads;
    return {
      atMs: performance.now(),
      stat: {
        all: { busy: tick * 50, total: tick * 200 },
        cores: [
          { busy: tick * 25, total: tick * 100 },
          { busy: tick * 25, total: tick * 100 },
        ],
        bootTimeS: 1_800_000_000,
        procsRunning: 2,
      },
      memory: {
        totalBytes: 8 * 2 ** 30,
        availableBytes: 6 * 2 ** 30,
        swapTotalBytes: 2 ** 30,
        swapFreeBytes: 2 ** 29,
      },
      network: [{ name: 'eth0', rxBytes: tick * 1000, txBytes: tick * 500 }],
      loadAvg: [0.5, 0.25, 0.125],
      uptimeS: 3600 + tick,
      disks: [],
      processCount: 123,
    };
  }

  async facts() {
    return { os: 'Test OS 1', cpuModel: 'Test CPU' };
  }

  async temperature() {
    this.tempReads++;
    return 42.04;
  }
}
