/**
 * Figures read from the host about the running stack: where to reach the homepage, the
 * bridge gateway the API listens on, and what each container's processes hold in memory.
 */
import { readFile } from 'node:fs/promises';
import { docker, inspect } from './engine.js';

interface NetworkInfo {
  IPAM?: { Config?: { Gateway?: string }[] };
}

/** The default bridge's gateway: where compose's API listens (`HOST`), 172.17.0.1 by default. */
export async function bridgeGateway(): Promise<string> {
  const bridge = await inspect<NetworkInfo>('bridge');
  return bridge.IPAM?.Config?.find((config) => config.Gateway)?.Gateway ?? '172.17.0.1';
}

interface ContainerNetworks {
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
}

/** The container's address on one network; the host reaches it directly (no published port). */
export async function addressOn(container: string, network: string): Promise<string> {
  const info = await inspect<ContainerNetworks>(container);
  const address = info.NetworkSettings.Networks[network]?.IPAddress;
  if (!address) throw new Error(`${container} has no address on ${network}`);
  return address;
}

/** Resident memory (VmRSS) summed over the container's processes, in bytes. */
export async function containerRssBytes(container: string): Promise<number> {
  const pids = (await docker(['top', container, '-eo', 'pid']))
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter(Boolean);
  let total = 0;
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  }
  return total;
}

/**
 * `amount` GET requests to `url`, `concurrency` at a time: a bounded load, loopback or
 * bridge only. Returns how many did not answer 2xx.
 */
export async function boundedLoad(url: string, amount: number, concurrency = 10): Promise<number> {
  let sent = 0;
  let failed = 0;
  const worker = async () => {
    while (sent < amount) {
      sent++;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (!response.ok) failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failed;
}
