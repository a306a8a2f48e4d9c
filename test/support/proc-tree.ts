/**
 * A recorded /proc tree, written to a temporary folder, for a portal that must report some
 * other host's figures (`PROC_PATH`): a 4-core, 8 GiB VPS with 57 processes. The counters
 * never move, so its CPU and network rates read 0 while its totals stay recognisable.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RECORDED = {
  cores: 4,
  memTotalBytes: 8_148_992 * 1024,
  processes: 57,
  loadAvg: [0.42, 0.37, 0.31],
};

const FILES: Record<string, string> = {
  stat: [
    'cpu  2284512 1202 651021 91877314 43211 0 12022 9811 0 0',
    'cpu0 571120 300 162755 22969328 10802 0 3005 2452 0 0',
    'cpu1 571128 301 162756 22969329 10803 0 3006 2453 0 0',
    'cpu2 571132 300 162755 22969328 10803 0 3005 2453 0 0',
    'cpu3 571132 301 162755 22969329 10803 0 3006 2453 0 0',
    'intr 389921443 0 9 0 0 0 0 0 0 0 0',
    'ctxt 712449120',
    'btime 1763800000',
    'processes 1843022',
    'procs_running 2',
    'procs_blocked 0',
    '',
  ].join('\n'),
  meminfo: [
    'MemTotal:        8148992 kB',
    'MemFree:          812344 kB',
    'MemAvailable:    5123840 kB',
    'Buffers:          210432 kB',
    'Cached:          3870120 kB',
    'SwapCached:            0 kB',
    'SwapTotal:       2097148 kB',
    'SwapFree:        2097148 kB',
    '',
  ].join('\n'),
  'net/dev': [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    '    lo: 91234567  812345    0    0    0     0          0         0 91234567  812345    0    0    0     0       0          0',
    '  eth0: 912345678901 712345678    0    0    0     0          0         0 455678901234 412345678    0    0    0     0       0          0',
    'tailscale0: 1234567890 2345678    0    0    0     0          0         0 987654321 1234567    0    0    0     0       0          0',
    '',
  ].join('\n'),
  loadavg: `${RECORDED.loadAvg.join(' ')} 2/211 1843022\n`,
  uptime: '1209600.42 4690000.11\n',
};

export interface ProcTree {
  path: string;
  remove(): void;
}

export function writeRecordedProcTree(): ProcTree {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kite-proc-'));
  mkdirSync(path.join(root, 'net'));
  for (const [file, text] of Object.entries(FILES)) writeFileSync(path.join(root, file), text);
  for (let pid = 1; pid <= RECORDED.processes; pid += 1)
    mkdirSync(path.join(root, String(pid * 7)));
  return { path: root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
