/**
 * Debian's conky runs the README's own widget (config and jq template, extracted from the
 * README, only the API address changed) against the real API, headless: every update
 * prints every field, the figures parse and are in range, and with the API unreachable
 * each update prints the fallback line instead of blanks. Prints the widget's CPU cost.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalProcess } from '../support/portal-process.js';
import { freePort } from '../../scripts/lib/ports.js';
import { pointAt, readmeBlock } from '../support/readme.js';
import { allOf, canRun, conkyBinary, curlBinary, jqBinary } from '../support/requirements.js';

const enabled = canRun('conky e2e', allOf(conkyBinary(), jqBinary(), curlBinary()));

const UPDATES = 12;

interface ConkyRun {
  stdout: string;
  stderr: string;
  code: number | null;
  /** CPU seconds (user + system) of conky and everything it ran. */
  cpuS: number;
}

/**
 * Runs the widget headless for `updates` updates with HOME in a temporary folder, where
 * the template is saved as the README says. bash's `times` reports the CPU of conky and
 * all its children (each update's curl and jq) once conky has exited.
 */
async function runWidget(apiUrl: string, updates: number): Promise<ConkyRun> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'kitestacks-conky-'));
  try {
    mkdirSync(path.join(home, '.config', 'conky'), { recursive: true });
    writeFileSync(
      path.join(home, '.config', 'conky', 'kitestacks.jq'),
      readmeBlock('kitestacks-widget'),
    );
    const config = path.join(home, '.config', 'conky', 'kitestacks.conf');
    writeFileSync(
      config,
      `${pointAt(readmeBlock('kitestacks-conky'), apiUrl)}
-- Headless for the test: the console instead of a window, and a bounded run.
for key, value in pairs({ out_to_console = true, out_to_x = false, total_run_times = ${updates} }) do
  conky.config[key] = value
end
`,
    );
    const child = spawn(
      'bash',
      ['-c', 'conky -c "$1"; status=$?; times >&2; exit $status', 'widget', config],
      { env: { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C.UTF-8' }, stdio: 'pipe' },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Each update is two seconds apart: a bound well past the run's own length.
    const killer = setTimeout(() => child.kill('SIGKILL'), (updates * 2 + 20) * 1000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(killer);
    // `times`: the shell's own line, then its children's "0m0.187s 0m0.037s".
    const children = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/m.exec(
      stderr.trim().split('\n').at(-1) ?? '',
    );
    const cpuS = children
      ? Number(children[1]) * 60 +
        Number(children[2]) +
        Number(children[3]) * 60 +
        Number(children[4])
      : NaN;
    return { stdout, stderr, code, cpuS };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The widget's lines, one array per update (each update starts with the KITESTACKS line). */
function updatesOf(stdout: string): string[][] {
  const updates: string[][] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('KITESTACKS')) updates.push([line]);
    else if (line !== '') updates.at(-1)?.push(line);
  }
  return updates;
}

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;

describe.skipIf(!enabled)("the README's Conky widget", () => {
  let api: PortalProcess;
  let live: ConkyRun;
  let down: ConkyRun;

  beforeAll(async () => {
    api = await startPortal({
      env: { WEB_ROOT: 'off', METRICS_INTERVAL_S: '1', HOST_NAME: 'monk' },
    });
    // Nothing listens on this port: the widget's view of an API that is down.
    const closed = `http://127.0.0.1:${await freePort()}`;
    [live, down] = await Promise.all([runWidget(api.url, UPDATES), runWidget(closed, 3)]);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it(`prints every field of every update, ${UPDATES} updates in a row`, () => {
    expect(live.code, live.stderr).toBe(0);
    const updates = updatesOf(live.stdout);
    expect(updates).toHaveLength(UPDATES);
    for (const [index, lines] of updates.entries()) {
      const where = `update ${index + 1}:\n${lines.join('\n')}`;
      expect(lines, where).toHaveLength(5);
      const [head, cpu, mem, disk, net] = lines as [string, string, string, string, string];
      // HOST_NAME (`host.name`), not the OS hostname.
      expect(head, where).toBe('KITESTACKS monk');

      const cpuMatch = new RegExp(
        `^CPU  ${NUMBER}%  load ${NUMBER}  (?:${NUMBER}°C|no sensor)$`,
      ).exec(cpu);
      expect(cpuMatch, where).not.toBeNull();
      const [, percent, load] = cpuMatch as RegExpExecArray;
      expect(Number(percent)).toBeGreaterThanOrEqual(0);
      expect(Number(percent)).toBeLessThanOrEqual(100);
      expect(Number(load)).toBeGreaterThanOrEqual(0);

      const memMatch = new RegExp(`^MEM  ${NUMBER}% of ${NUMBER} GiB$`).exec(mem);
      expect(memMatch, where).not.toBeNull();
      const [, memPercent, totalGiB] = memMatch as RegExpExecArray;
      expect(Number(memPercent)).toBeGreaterThan(0);
      expect(Number(memPercent)).toBeLessThanOrEqual(100);
      expect(Number(totalGiB)).toBeCloseTo(os.totalmem() / 2 ** 30, 0);

      const diskMatch = new RegExp(`^DISK ${NUMBER}% of (/\\S*)$`).exec(disk);
      expect(diskMatch, where).not.toBeNull();
      expect(Number(diskMatch?.[1])).toBeLessThanOrEqual(100);

      const netMatch = new RegExp(`^NET  ↓ ${NUMBER} KiB/s  ↑ ${NUMBER} KiB/s$`).exec(net);
      expect(netMatch, where).not.toBeNull();
    }
  });

  it('costs one short pipeline per update (CPU of conky, curl and jq together)', () => {
    const perUpdateMs = (live.cpuS / UPDATES) * 1000;
    console.log(
      `[conky] ${UPDATES} updates, ${live.cpuS.toFixed(3)} s CPU in all: ${perUpdateMs.toFixed(1)} ms per update, ${((perUpdateMs / 2000) * 100).toFixed(2)} % of a core at one update every 2 s`,
    );
    expect(Number.isFinite(live.cpuS)).toBe(true);
    // Start-up included; six processes per update (the old example) cost several times this.
    expect(perUpdateMs).toBeLessThan(150);
  });

  it('prints the fallback line on every update while the API cannot be reached', () => {
    expect(down.code, down.stderr).toBe(0);
    const updates = updatesOf(down.stdout);
    expect(updates).toHaveLength(3);
    for (const lines of updates) expect(lines).toEqual(['KITESTACKS API unreachable, retrying']);
  });
});
