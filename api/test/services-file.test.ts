/**
 * SERVICES_FILE is read at start and again only when it changes; only a regular file of at
 * most 1 MiB is taken, at start and at every change. (A FIFO and /dev/zero at start are
 * checked against the built entrypoint in config.test.ts: on a broken build they would hang
 * or fill the test process itself.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { SERVICES_FILE_MAX_BYTES } from '../src/services-file.js';
import { testApp, testConfig } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';

const MINE = '{"services":[{"name":"Mine"}]}';
const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function files(): { root: string; own: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kite-web-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>KiteStacks</title>');
  const own = path.join(mkdtempSync(path.join(os.tmpdir(), 'kite-own-')), 'services.json');
  writeFileSync(own, MINE);
  return { root, own };
}

async function portal(own: string, root: string, warnings: string[] = []) {
  const logger = {
    level: 'warn',
    stream: new Writable({
      write(chunk, _encoding, done) {
        warnings.push(JSON.parse(String(chunk)).msg);
        done();
      },
    }),
  };
  const app = await testApp(
    { WEB_ROOT: root, SERVICES_FILE: own },
    { hostSource: new CountingHostSource(), logger },
  );
  apps.push(app);
  return async () => (await app.inject('/services.json')).body;
}

function refusal(env: Record<string, string>): string {
  try {
    testConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('SERVICES_FILE at start', () => {
  it('refuses a file over 1 MiB, naming the variable and the bound', () => {
    const { own } = files();
    writeFileSync(own, Buffer.alloc(SERVICES_FILE_MAX_BYTES + 1, 0x20));
    expect(refusal({ SERVICES_FILE: own })).toMatch(
      /^SERVICES_FILE=".+": expected a readable regular file of at most 1 MiB; it holds 1048577 bytes, over 1 MiB$/,
    );
  });

  it('takes a file of exactly 1 MiB', () => {
    const { own } = files();
    writeFileSync(own, Buffer.alloc(SERVICES_FILE_MAX_BYTES, 0x20));
    expect(testConfig({ SERVICES_FILE: own }).servicesFile?.path).toBe(own);
  });

  it('refuses a folder and a missing file', () => {
    expect(refusal({ SERVICES_FILE: os.tmpdir() })).toMatch(/it is not a regular file$/);
    expect(refusal({ SERVICES_FILE: '/nonexistent/services.json' })).toMatch(
      /it cannot be read \(ENOENT\)$/,
    );
  });
});

describe('SERVICES_FILE while serving', () => {
  it('is not read again while it has not changed', async () => {
    const { root, own } = files();
    // A whole second, which a file's time holds exactly (a Date would lose the nanoseconds).
    const mtime = 1_700_000_000;
    utimesSync(own, mtime, mtime);
    const get = await portal(own, root);
    expect(await get()).toBe(MINE);
    // Same size, same modification time: the same file as far as a reload can tell.
    writeFileSync(own, MINE.replace('Mine', 'Mint'));
    utimesSync(own, mtime, mtime);
    expect(await get()).toBe(MINE);
    // A real edit is seen at the next request.
    writeFileSync(own, '{"services":[{"name":"Edited"}]}');
    expect(await get()).toBe('{"services":[{"name":"Edited"}]}');
  });

  it('keeps the last good list, and says so once, when the file turns too big, odd or missing', async () => {
    const { root, own } = files();
    const warnings: string[] = [];
    const get = await portal(own, root, warnings);
    expect(await get()).toBe(MINE);

    writeFileSync(own, Buffer.alloc(2 * SERVICES_FILE_MAX_BYTES, 0x20));
    expect(await get()).toBe(MINE);
    expect(await get()).toBe(MINE);
    expect(warnings).toEqual([
      `SERVICES_FILE changed but it holds ${2 * SERVICES_FILE_MAX_BYTES} bytes, over 1 MiB; serving the previous content`,
    ]);

    rmSync(own);
    const fifo = spawnSync('mkfifo', [own]);
    if (fifo.status === 0) {
      expect(await get()).toBe(MINE);
      expect(warnings.at(-1)).toMatch(/it is not a regular file/);
      rmSync(own);
    } else {
      console.warn('[skipped] a FIFO swapped in while serving: mkfifo is not available');
    }

    expect(await get()).toBe(MINE);
    expect(warnings.at(-1)).toMatch(/it cannot be read \(ENOENT\)/);

    writeFileSync(own, '{"services":[]}');
    expect(await get()).toBe('{"services":[]}');
  });
});
