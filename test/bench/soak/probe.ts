/**
 * One reading of the API process at rest, right after a full GC (gc.ts). RSS and open file
 * descriptors come from the kernel (`/proc/<pid>/status`, `/proc/<pid>/fd`), read before
 * the scrape; heap used, active handles, the sampler's state and the event-loop delay come
 * from the API's own `/metrics` (prom-client's default series under their standard
 * `process_`/`nodejs_` names, the portal's own under `kitestacks_`).
 *
 * The API's event-loop figures are already net of its monitor's 10 ms period (0 when the
 * loop ran on time) and restart at every scrape, so one reading's p99 covers everything
 * since the previous one. The machine's share of it comes from an idle canary process read
 * at the same moment (canary.ts), which measures the same way.
 */
import { readdirSync } from 'node:fs';
import { rssBytes } from '../lib/proc.js';

/** The API's event-loop monitor period (`EVENT_LOOP_RESOLUTION_MS` in the API). */
export const EVENT_LOOP_TICK_S = 0.01;

export interface Probe {
  rssBytes: number;
  openFds: number;
  heapUsedBytes: number;
  /** Active handles of every type (sockets, servers, timers' owners…). */
  activeHandles: number;
  /** p99 of the event-loop delay since the previous reading, in ms. */
  eventLoopP99Ms: number;
  /** The same for the idle canary: what the machine's other load alone causes. */
  machineP99Ms: number;
  /** The API's delay beyond the canary's (never below 0). */
  ownP99Ms: number;
  /** The metrics sampler is awake (1) or asleep (0). */
  samplerAwake: number | null;
  openStreams: number | null;
  /** Heap used by V8 space (old, code, new…), to tell where a growing heap grows. */
  heapSpaces: Record<string, number>;
}

/** `name{label="value"} number` lines of one series, by the label's value. */
export function seriesByLabel(exposition: string, name: string): Record<string, number> {
  const found: Record<string, number> = {};
  const pattern = new RegExp(`^${name}\\{[a-z_]+="([^"]*)"\\} (\\S+)$`, 'gm');
  for (const [, label, value] of exposition.matchAll(pattern))
    if (label !== undefined) found[label] = Number(value);
  return found;
}

export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Every sample of `name` (all label sets), summed; null when the series is absent. */
export function seriesSum(exposition: string, name: string): number | null {
  let sum: number | null = null;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum = (sum ?? 0) + value;
  }
  return sum;
}

export async function probe(
  pid: number,
  url: string,
  machineP99Ms: () => Promise<number>,
): Promise<Probe> {
  const rss = rssBytes(pid);
  const fds = openFds(pid);
  const response = await fetch(`${url}/metrics`, {
    headers: { connection: 'close' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const text = await response.text();
  const machine = await machineP99Ms();
  const need = (name: string) => {
    const value = seriesSum(text, name);
    if (value === null) throw new Error(`/metrics has no ${name}`);
    return value;
  };
  const eventLoopP99Ms = Math.max(
    0,
    (seriesSum(text, 'nodejs_eventloop_lag_p99_seconds') ?? 0) * 1000,
  );
  return {
    rssBytes: rss,
    openFds: fds,
    heapUsedBytes: need('nodejs_heap_size_used_bytes'),
    activeHandles: need('nodejs_active_handles'),
    eventLoopP99Ms,
    machineP99Ms: machine,
    ownP99Ms: Math.max(0, eventLoopP99Ms - machine),
    samplerAwake: seriesSum(text, 'kitestacks_sampler_awake'),
    openStreams: seriesSum(text, 'kitestacks_stream_clients'),
    heapSpaces: seriesByLabel(text, 'nodejs_heap_space_size_used_bytes'),
  };
}
