/** The Linux source against the real host it runs on, checked against /proc and statfs. */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metrics } from '../src/schemas/metrics.js';
import { testApp } from './helpers/app.js';

const linux = existsSync('/proc/stat');
if (!linux) console.warn('[skipped] host readings: this host has no /proc (not Linux)');

function meminfoBytes(field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    readFileSync('/proc/meminfo', 'utf8'),
  );
  if (!match?.[1]) throw new Error(`no ${field} in /proc/meminfo`);
  return Number(match[1]) * 1024;
}

describe.runIf(linux)('host readings on this machine', () => {
  let app: FastifyInstance;
  const metrics = async (): Promise<Metrics> => (await app.inject('/api/metrics')).json();

  beforeAll(async () => {
    app = await testApp({ METRICS_INTERVAL_S: '0.5' });
  });
  afterAll(() => app.close());

  it('memory total equals MemTotal and available is within a few percent of MemAvailable', async () => {
    const body = await metrics();
    expect(body.memory.total_bytes).toBe(meminfoBytes('MemTotal'));
    const available = meminfoBytes('MemAvailable');
    expect(
      Math.abs(body.memory.available_bytes - available) / body.memory.total_bytes,
    ).toBeLessThan(0.05);
    expect(body.memory.used_bytes).toBe(body.memory.total_bytes - body.memory.available_bytes);
  });

  it('hostname and kernel are the host’s', async () => {
    const body = await metrics();
    expect(body.host.hostname).toBe(os.hostname());
    expect(body.host.kernel).toBe(os.release());
    expect(body.host.uptime_s).toBeGreaterThan(0);
    expect(Date.parse(body.host.boot_time)).toBeLessThan(Date.now());
  });

  it('the root filesystem total equals statfs("/") and pseudo filesystems are left out', async () => {
    const body = await metrics();
    const root = body.disks.find((disk) => disk.mount === '/');
    const fs = await statfs('/');
    if (root) {
      expect(root.total_bytes).toBe(fs.blocks * fs.bsize);
      // Free space moves while anything writes; within 1 % of the disk is the same reading.
      expect(Math.abs(root.free_bytes - fs.bavail * fs.bsize)).toBeLessThan(
        root.total_bytes * 0.01,
      );
    } else {
      // A root on overlay (containers) is not a disk; then some real disk must be reported or none exist.
      console.warn('[note] / is not a real filesystem here; checked the filter instead');
    }
    for (const disk of body.disks)
      expect(['tmpfs', 'overlay', 'proc', 'sysfs', 'squashfs', 'devtmpfs']).not.toContain(
        disk.fs_type,
      );
  });

  it('network figures leave out loopback', async () => {
    const body = await metrics();
    expect(body.network.interfaces.map((i) => i.name)).not.toContain('lo');
  });

  it('sampled_at advances while polled', async () => {
    const first = (await metrics()).sampled_at;
    let latest = first;
    const deadline = Date.now() + 5000;
    while (latest === first && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      latest = (await metrics()).sampled_at;
    }
    expect(Date.parse(latest)).toBeGreaterThan(Date.parse(first));
  });

  it('a busy loop on one core raises cpu.percent', async () => {
    const cores = (await metrics()).cpu.cores;
    const child = spawn(process.execPath, [
      '-e',
      'const end = Date.now() + 8000; while (Date.now() < end) {}',
    ]);
    try {
      // One core fully busy is at least 100/cores percent of the whole machine; allow for a short overlap.
      let best = 0;
      const deadline = Date.now() + 6000;
      while (best < 60 / cores && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        best = Math.max(best, (await metrics()).cpu.percent);
      }
      expect(best).toBeGreaterThanOrEqual(60 / cores);
      const perCore = (await metrics()).cpu.per_core_percent;
      expect(perCore).toHaveLength(cores);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a /proc that goes away turns the figures stale, and fresh again when it returns', async () => {
    // The drill from the field: PROC_PATH is a symlink, re-pointed at an empty folder.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-proc-'));
    const link = path.join(dir, 'proc');
    const repoint = (target: string) => {
      symlinkSync(target, `${link}.next`);
      renameSync(`${link}.next`, link);
    };
    mkdirSync(path.join(dir, 'empty'));
    symlinkSync('/proc', link);
    const logged: { level: number; msg: string }[] = [];
    const logger = {
      level: 'info',
      stream: new Writable({
        write(chunk, _encoding, done) {
          logged.push(JSON.parse(String(chunk)) as { level: number; msg: string });
          done();
        },
      }),
    };
    const broken = await testApp({ METRICS_INTERVAL_S: '0.5', PROC_PATH: link }, { logger });
    const read = async (): Promise<Metrics> => (await broken.inject('/api/metrics')).json();
    const until = async (done: (body: Metrics) => boolean): Promise<Metrics> => {
      const deadline = Date.now() + 10_000;
      let body = await read();
      while (!done(body) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        body = await read();
      }
      return body;
    };
    try {
      expect((await read()).stale).toBe(false);
      repoint(path.join(dir, 'empty'));
      const frozen = await until((body) => body.stale);
      expect(frozen.stale).toBe(true);
      expect(broken.sampler.check().state).toBe('failing');
      expect(broken.sampler.failures).toBeGreaterThanOrEqual(2);
      // The portal cannot serve its own figures: health turns red, still in the envelope.
      const red = await broken.inject('/api/health');
      expect(red.statusCode).toBe(503);
      expect(red.json()).toMatchObject({
        ok: false,
        error: { code: 'sampler_failing' },
        checks: { sampler: { state: 'failing' } },
      });

      repoint('/proc');
      const back = await until((body) => !body.stale);
      expect(back.stale).toBe(false);
      expect(Date.parse(back.sampled_at)).toBeGreaterThan(Date.parse(frozen.sampled_at));
      expect(broken.sampler.check().state).toBe('ok');
      const green = await broken.inject('/api/health');
      expect(green.statusCode).toBe(200);
      // Failing at every interval, the log said so once, and once more when it recovered.
      const said = (text: string) => logged.filter((line) => line.msg.startsWith(text)).length;
      expect(said('host reading failed')).toBe(1);
      expect(said('host readings work again')).toBe(1);
      expect(green.json()).toMatchObject({ ok: true, checks: { sampler: { state: 'ok' } } });
    } finally {
      await broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
