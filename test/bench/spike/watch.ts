/**
 * Once a second, what the servers cost while the crowd is on: CPU seconds, RSS and open
 * file descriptors (connections, nearly all of them) of a process and its children (nginx's
 * workers, varnishd's cache child), read from /proc. Peaks and totals at the end.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = 100;

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function tree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i] ?? 0));
  return all;
}

interface Reading {
  cpuS: number;
  rss: number;
  fds: number;
}

function read(pid: number): Reading {
  let cpuS = 0;
  let rss = 0;
  let fds = 0;
  for (const one of tree(pid)) {
    try {
      const stat = readFileSync(`/proc/${one}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime + stime of each process of the tree (field 14, 15), children counted once.
      cpuS += (Number(fields[11]) + Number(fields[12])) / TICKS;
      const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${one}/status`, 'utf8'))?.[1];
      rss += Number(kib ?? 0) * 1024;
      fds += readdirSync(`/proc/${one}/fd`).length;
    } catch {
      // the process ended between the listing and the read
    }
  }
  return { cpuS, rss, fds };
}

export interface Watched {
  cpuS: number;
  peakRss: number;
  peakFds: number;
}

export class Watch {
  private readonly first = new Map<string, Reading>();
  private readonly peak = new Map<string, Watched>();
  private readonly last = new Map<string, Reading>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pids: Record<string, number>) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const reading = read(pid);
      if (!this.first.has(name)) this.first.set(name, reading);
      this.last.set(name, reading);
      const peak = this.peak.get(name) ?? { cpuS: 0, peakRss: 0, peakFds: 0 };
      peak.peakRss = Math.max(peak.peakRss, reading.rss);
      peak.peakFds = Math.max(peak.peakFds, reading.fds);
      this.peak.set(name, peak);
    }
  }

  stop(): Record<string, Watched> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const result: Record<string, Watched> = {};
    for (const [name, peak] of this.peak) {
      const cpuS = (this.last.get(name)?.cpuS ?? 0) - (this.first.get(name)?.cpuS ?? 0);
      result[name] = { ...peak, cpuS };
    }
    return result;
  }
}
