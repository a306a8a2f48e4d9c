/** A host source with fixed, advancing counters that counts how often it was read. */
import type { HostSource, HostReading } from '../../src/sampler/source.js';

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

/**
 * A host on the (fake) clock: the CPU is busy `busyShare` of the time and the network
 * receives `rxBytesPerS`, both changeable mid-test, so a figure shows which window it
 * covers. Reads can be made to fail or to hang.
 */
export class ClockedHostSource extends CountingHostSource {
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  /** How long each reading takes (a loaded host reads /proc slowly). */
  readDelayMs = 0;
  #busyShare = 0.1;
  #rxBytesPerS = 1000;
  #busy = 0;
  #total = 0;
  #rx = 0;
  #atMs = performance.now();

  /** From now on the CPU is busy this share of the time and this many bytes arrive per second. */
  set(busyShare: number, rxBytesPerS = this.#rxBytesPerS): void {
    this.#advance();
    this.#busyShare = busyShare;
    this.#rxBytesPerS = rxBytesPerS;
  }

  #advance(): void {
    const now = performance.now();
    // 100 jiffies per second, as on Linux.
    const jiffies = (now - this.#atMs) / 10;
    this.#total += jiffies;
    this.#busy += jiffies * this.#busyShare;
    this.#rx += ((now - this.#atMs) / 1000) * this.#rxBytesPerS;
    this.#atMs = now;
  }

  override async read(): Promise<HostReading> {
    if (this.mode === 'fail') {
      this.reads++;
      throw new Error('ENOENT: /proc/stat');
    }
    if (this.mode === 'hang') {
      this.reads++;
      return new Promise<HostReading>(() => {});
    }
    if (this.readDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.readDelayMs));
    const base = await super.read();
    this.#advance();
    const all = { busy: this.#busy, total: this.#total };
    return {
      ...base,
      stat: { ...base.stat, all, cores: [all] },
      network: [{ name: 'eth0', rxBytes: Math.round(this.#rx), txBytes: 0 }],
    };
  }
}
