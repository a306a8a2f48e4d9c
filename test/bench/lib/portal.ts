/** The API process under measurement: started by the suite, owned by the runner. */
import { startPortal, type PortalProcess } from '../../support/portal-process.js';
import type { BenchContext } from './context.js';
import { cpuSeconds, rssBytes } from './proc.js';

export interface MeasuredPortal {
  portal: PortalProcess;
  url: string;
  /** RSS now; throws with the process's last output if it has died. */
  rss(): number;
  /** CPU seconds so far (user + system, children included). */
  cpu(): number;
}

export async function startMeasuredPortal(
  ctx: BenchContext,
  env: Record<string, string> = {},
): Promise<MeasuredPortal> {
  const portal = ctx.own(await startPortal({ env }));
  const pid = portal.child.pid ?? 0;
  const alive = () => {
    if (portal.child.exitCode !== null || portal.child.signalCode !== null) {
      const code = portal.child.exitCode ?? portal.child.signalCode;
      throw new Error(
        `the API process exited (${code}) during the benchmark:\n${portal.output().slice(-2000)}`,
      );
    }
  };
  return {
    portal,
    url: portal.url,
    rss: () => (alive(), rssBytes(pid)),
    cpu: () => (alive(), cpuSeconds(pid)),
  };
}
