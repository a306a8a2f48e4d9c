/**
 * `pnpm demo` looks alive: kscloud1's figures move and its disks are its own, the broken
 * source keeps being mended and broken by turns (once per change), a restarted API gets
 * every panel back instead of an empty one, and the terminal shows one line per change of
 * state with the keys after it, never a stream of the API's warnings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemo, type Demo } from '../../scripts/lib/demo.js';
import { stopChild } from '../../scripts/lib/child.js';
import { repoRoot } from '../support/portal-process.js';
import { freePort } from '../../scripts/lib/ports.js';

interface HostEntry {
  name: string;
  reachable: boolean;
  metrics: { cpu: { percent: number }; disks: { mount: string; total_bytes: number }[] } | null;
}

async function hosts(url: string): Promise<HostEntry[]> {
  const answer = (await (await fetch(`${url}/api/hosts`)).json()) as { hosts: HostEntry[] };
  return answer.hosts;
}

describe('demo (scripts/lib/demo.ts)', () => {
  let demo: Demo;
  const changes: boolean[] = [];

  beforeAll(async () => {
    demo = await startDemo({
      port: await freePort(),
      stale: 'activity',
      apiOutput: 'ignore',
      env: { METRICS_INTERVAL_S: '0.5' },
      flipEveryMs: 2_500,
      onSourceChange: (failing) => changes.push(failing),
    });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it("shows kscloud1 with figures that move and disks that are not the demo host's", async () => {
    const seen = new Set<number>();
    await vi.waitFor(
      async () => {
        const peer = (await hosts(demo.url)).find((host) => host.name === 'kscloud1');
        expect(peer?.reachable).toBe(true);
        if (peer?.metrics) seen.add(peer.metrics.cpu.percent);
        expect(seen.size).toBeGreaterThanOrEqual(3);
      },
      { timeout: 20_000, interval: 700 },
    );
    const [self, peer] = await hosts(demo.url);
    const disks = (host: HostEntry | undefined) =>
      (host?.metrics?.disks ?? []).map((disk) => `${disk.mount} ${disk.total_bytes}`);
    expect(disks(peer).length).toBeGreaterThan(0);
    for (const disk of disks(peer)) expect(disks(self)).not.toContain(disk);
  });

  it('mends and breaks the chosen source by turns, telling each change once', async () => {
    await vi.waitFor(() => expect(changes.length).toBeGreaterThanOrEqual(3), {
      timeout: 20_000,
      interval: 250,
    });
    // Broken at start (not told), so the first change is the mend; then they alternate.
    expect(changes[0]).toBe(false);
    changes.forEach((failing, i) => i > 0 && expect(failing).not.toBe(changes[i - 1]));
  });

  it('gives a restarted API every panel back, then breaks the source again', async () => {
    await demo.stopApi();
    await expect(fetch(`${demo.url}/api/health`)).rejects.toThrow();
    await demo.fakes?.forgejo.setFault('500');
    await demo.startApi();
    expect(demo.fakes?.forgejo.fault).toBe('500');
    const activity = (await (await fetch(`${demo.url}/api/activity?limit=5`)).json()) as {
      commits?: unknown[];
    };
    expect(activity.commits?.length).toBe(5);
  });
});

describe('pnpm demo (scripts/demo.ts) in a terminal', () => {
  let child: ChildProcess;
  const lines: string[] = [];

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()) };
    delete env.LOG_LEVEL;
    delete env.DEMO_STALE;
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: repoRoot,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    for (const output of [child.stdout, child.stderr])
      if (output) createInterface({ input: output }).on('line', (line) => lines.push(line));
    await vi.waitFor(() => expect(lines.join('\n')).toMatch(/The API runs as process \d+/), {
      timeout: 60_000,
      interval: 250,
    });
  });
  afterAll(async () => {
    if (child) await stopChild(child, 'SIGTERM', 10_000);
  });

  const keys = (line: string | undefined) => expect(line).toMatch(/^ {2}Type r \+ Enter/);

  it('prints one line per change of state, each followed by the keys, and nothing else', async () => {
    const start = lines.length;
    child.stdin?.write('k\n');
    await vi.waitFor(() => expect(lines.slice(start).join('\n')).toMatch(/API stopped/), {
      timeout: 15_000,
    });
    child.stdin?.write('r\n');
    await vi.waitFor(() => expect(lines.slice(start).join('\n')).toMatch(/API running again/), {
      timeout: 30_000,
    });
    // Poll the broken source as an open page does, past its 10 s TTL: each failed refresh
    // used to print a warning of the API's.
    const url = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(lines.join('\n'))?.[1];
    for (let i = 0; i < 14; i++) {
      await fetch(`${url}/api/activity`).then((response) => response.arrayBuffer());
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }

    const printed = lines.slice(start);
    expect(printed.length).toBe(4);
    expect(printed[0]).toMatch(/^ {2}demo: API stopped/);
    keys(printed[1]);
    expect(printed[2]).toMatch(/^ {2}demo: API running again .*Forgejo answers 500 again/);
    keys(printed[3]);
  });
});
