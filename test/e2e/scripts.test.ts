/**
 * The README's stream one-liners, run by bash against the real API while the fake
 * upstreams feed weather, activity and status events into the same stream: each prints
 * only CPU figures, where the naive `data:` filter prints `null` for the other events.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakes, type Fakes } from '../../fakes/index.js';
import { startPortal, type PortalProcess } from '../support/portal-process.js';
import { pointAt, readmeBlock } from '../support/readme.js';
import { allOf, canRun, curlBinary, jqBinary } from '../support/requirements.js';

const enabled = canRun('stream one-liners e2e', allOf(curlBinary(), jqBinary()));

const LINES = 8;

/** Runs `command | head -n LINES` under bash and returns what it printed. */
function firstLines(command: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `${command} | head -n ${LINES}`], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    // Samples come every half second: the pipeline ends by itself well before this.
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(killer);
      const lines = out.split('\n').filter((line) => line !== '');
      if (lines.length < LINES) reject(new Error(`only ${lines.length} lines:\n${out}${err}`));
      else resolve(lines);
    });
  });
}

describe.skipIf(!enabled)("the README's stream one-liners", () => {
  let fakes: Fakes;
  let api: PortalProcess;
  let oneLiners: string[];

  beforeAll(async () => {
    fakes = await startFakes();
    api = await startPortal({ env: { ...fakes.env, WEB_ROOT: 'off', METRICS_INTERVAL_S: '0.5' } });
    // Asked once, so every new stream gets their events right after the first sample.
    for (const source of ['weather', 'activity', 'status']) {
      const res = await fetch(`${api.url}/api/${source}`);
      expect(res.status, source).toBe(200);
      await res.arrayBuffer();
    }
    oneLiners = readmeBlock('kitestacks-stream')
      .split('\n')
      .filter((line) => line.startsWith('curl '))
      .map((line) => pointAt(line, api.url));
  });
  afterAll(async () => {
    await api?.stop();
    await fakes?.close();
  });

  it('the README has the stream one-liners', () => {
    expect(oneLiners.length).toBeGreaterThanOrEqual(2);
    for (const line of oneLiners) expect(line).toContain('/api/stream');
  });

  it('the naive filter mixes events: the stream really carries others', async () => {
    const naive = `curl -sN ${api.url}/api/stream | sed -un 's/^data: //p' | jq --unbuffered .cpu.percent`;
    expect(await firstLines(naive)).toContain('null');
  });

  it('each README one-liner prints only CPU figures, one per metrics event', async () => {
    const outputs = await Promise.all(oneLiners.map(firstLines));
    for (const [index, lines] of outputs.entries()) {
      for (const line of lines) {
        expect(line, oneLiners[index]).toMatch(/^\d+(\.\d+)?$/);
        expect(Number(line)).toBeLessThanOrEqual(100);
      }
    }
  });
});
