/**
 * What a process costs, read from /proc: CPU time (user + system, its own and that of the
 * children it waited for — systeminformation readings run as child processes) and RSS.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds used so far: utime + stime + cutime + cstime from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: split after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field N is at index N - 3.
  const ticks = [14, 15, 16, 17].reduce((sum, field) => sum + Number(fields[field - 3]), 0);
  return ticks / CLOCK_TICKS_PER_S;
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}

/** CPU used (as read by `cpu`) while `during` runs, as a share of one core (0.01 = 1 %). */
export async function cpuShareDuring(
  cpu: () => number,
  during: () => Promise<void>,
): Promise<{ share: number; cpuS: number; wallS: number }> {
  const cpu0 = cpu();
  const t0 = performance.now();
  await during();
  const wallS = (performance.now() - t0) / 1000;
  const cpuS = cpu() - cpu0;
  return { share: cpuS / wallS, cpuS, wallS };
}

export const MIB = 1024 * 1024;
