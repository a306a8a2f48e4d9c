/**
 * The machine's own share of event-loop delay: an idle node process measuring its loop with
 * the same 100 ms histogram as the API. On a shared machine a busy neighbour delays every
 * process; the API's delay beyond the canary's, over the same window, is the API's own.
 *
 *   const canary = await startCanary();
 *   await canary.p99Ms();   // delay since the previous call (or the start), in ms
 *   await canary.stop();
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopChild } from '../../../scripts/lib/child.js';
import { EVENT_LOOP_TICK_S } from './probe.js';

const SCRIPT = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const histogram = monitorEventLoopDelay({ resolution: ${EVENT_LOOP_TICK_S * 1000} });
histogram.enable();
require('node:readline').createInterface({ input: process.stdin }).on('line', () => {
  const p99 = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
  histogram.reset();
  process.stdout.write(JSON.stringify({ p99 }) + '\\n');
});
`;

export interface Canary {
  /** p99 of its event-loop delay since the previous call, beyond the tick, in ms. */
  p99Ms(): Promise<number>;
  stop(): Promise<void>;
}

export async function startCanary(): Promise<Canary> {
  const child = spawn(process.execPath, ['-e', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  return {
    p99Ms() {
      return new Promise((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error('the event-loop canary exited'));
        waiting.push((line) => {
          const { p99 } = JSON.parse(line) as { p99: number };
          resolve(Math.max(0, p99 - EVENT_LOOP_TICK_S * 1000));
        });
        child.stdin.write('\n');
      });
    },
    async stop() {
      lines.close();
      await stopChild(child, 'SIGTERM', 2_000);
    },
  };
}
