/** Configuration: defaults, and one clear line naming the variable for every bad value. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { SOURCES } from '../src/sources/listed.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({ WEB_ROOT: 'off' });
    expect(config.hosts).toEqual(['127.0.0.1']);
    expect(config.port).toBe(8000);
    expect(config.hostName).toBe(os.hostname());
    expect(config.peers).toEqual([]);
    expect(config.metrics.intervalMs).toBe(2000);
    // Every listed source has an entry, unconfigured until its variables are set.
    expect(config.sources).toEqual(
      Object.fromEntries(SOURCES.map((source) => [source.name, null])),
    );
  });

  it('reads sources, a token file and disk paths', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kite-config-'));
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, 'abc123\n');
    const config = loadConfig({
      WEB_ROOT: 'off',
      FORGEJO_URL: 'https://git.example.org/forgejo/',
      FORGEJO_TOKEN_FILE: tokenFile,
      WEATHER_LOCATION: 'Nuremberg',
      UPTIME_KUMA_URL: 'http://kuma:3001',
      UPTIME_KUMA_SLUG: 'homelab',
      DISK_PATHS: '/=/hostfs, /data',
    });
    expect(config.sources.activity).toMatchObject({
      baseUrl: 'https://git.example.org/forgejo',
      token: 'abc123',
    });
    expect(config.sources.weather).toMatchObject({
      location: 'Nuremberg',
      baseUrl: 'https://wttr.in',
    });
    expect(config.sources.status).toMatchObject({ baseUrl: 'http://kuma:3001', slug: 'homelab' });
    expect(config.metrics.diskPaths).toEqual([
      { mount: '/', path: '/hostfs' },
      { mount: '/data', path: '/data' },
    ]);
  });

  it("reads the hosts: several listen addresses, this host's name and its peers in order", () => {
    const config = loadConfig({
      WEB_ROOT: 'off',
      HOST: '172.17.0.1, 100.101.102.103,fd7a:115c:a1e0::1',
      HOST_NAME: 'monk',
      PEERS: 'kscloud1=http://100.123.4.5:8000, samurai=http://100.74.1.2:8000/',
    });
    expect(config.hosts).toEqual(['172.17.0.1', '100.101.102.103', 'fd7a:115c:a1e0::1']);
    expect(config.hostName).toBe('monk');
    expect(config.peers).toEqual([
      { name: 'kscloud1', url: 'http://100.123.4.5:8000' },
      { name: 'samurai', url: 'http://100.74.1.2:8000' },
    ]);
  });

  it('takes private trusted proxies and distinct listen addresses', () => {
    const config = loadConfig({
      WEB_ROOT: 'off',
      TRUST_PROXY: '172.18.0.0/16, 10.1.2.3, fd00::/8, ::1',
      HOST: 'localhost,100.101.102.103',
    });
    expect(config.trustProxy).toEqual(['172.18.0.0/16', '10.1.2.3', 'fd00::/8', '::1']);
    expect(config.hosts).toEqual(['localhost', '100.101.102.103']);
  });

  const bad: [Record<string, string>, string][] = [
    [{ HOST: '0.0.0.0' }, 'HOST'],
    [{ HOST: '127.0.0.1,::' }, 'HOST'],
    [{ HOST: '203.0.113.7' }, 'HOST'],
    [{ HOST_NAME: 'a/b' }, 'HOST_NAME'],
    [{ PEERS: 'kscloud1' }, 'PEERS'],
    [{ PEERS: 'kscloud1=ftp://x' }, 'PEERS (kscloud1)'],
    [{ PEERS: 'a=http://10.0.0.1:8000,a=http://10.0.0.2:8000' }, 'PEERS'],
    [{ HOST_NAME: 'monk', PEERS: 'monk=http://10.0.0.1:8000' }, 'PEERS'],
    [{ PORT: '80a' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HOST: 'not a host!' }, 'HOST'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ METRICS_INTERVAL_S: '0' }, 'METRICS_INTERVAL_S'],
    [{ WEATHER_LOCATION: 'Berlin', WEATHER_TTL_S: '60' }, 'WEATHER_TTL_S'],
    [{ FORGEJO_URL: 'ftp://git' }, 'FORGEJO_URL'],
    [{ FORGEJO_URL: 'https://user:pw@git' }, 'FORGEJO_URL'],
    [{ FORGEJO_TOKEN_FILE: '/nonexistent/token' }, 'FORGEJO_TOKEN_FILE'],
    [{ UPTIME_KUMA_URL: 'http://kuma' }, 'UPTIME_KUMA_URL and UPTIME_KUMA_SLUG'],
    [{ DISK_PATHS: 'relative/path' }, 'DISK_PATHS'],
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY'],
    [{ WEB_ROOT: '/nonexistent' }, 'WEB_ROOT'],
    [{ STREAM_MAX_CLIENTS: '-1' }, 'STREAM_MAX_CLIENTS'],
    [{ STREAM_MAX_PER_NETWORK: '0' }, 'STREAM_MAX_PER_NETWORK'],
    // The second outside review's cases, and their neighbours.
    [{ TRUST_PROXY: '10.0.0.0/999' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/8/8' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '0.0.0.0/0' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '127.0.0.1,::/0' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/7' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '203.0.113.5' }, 'TRUST_PROXY'],
    [{ PEERS: 'h=http://peer/api/hosts#' }, 'PEERS (h)'],
    [{ PEERS: 'h=http://peer/api/hosts' }, 'PEERS (h)'],
    [{ PEERS: 'h=http://peer:8000/#' }, 'PEERS (h)'],
    [{ PEERS: 'h=http://peer:8000/?' }, 'PEERS (h)'],
    [{ FORGEJO_URL: 'https://git.example.org/#' }, 'FORGEJO_URL'],
    [{ HOST: 'localhost,127.0.0.1' }, 'HOST'],
    [{ HOST: 'localhost,::1' }, 'HOST'],
    [{ HOST: '127.0.0.1,127.0.0.1' }, 'HOST'],
    [{ HOST: '::1,0:0:0:0:0:0:0:1' }, 'HOST'],
  ];

  it.each(bad)('%o is refused with a line naming %s', (env, name) => {
    let error: unknown;
    try {
      loadConfig({ WEB_ROOT: 'off', ...env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.startsWith(name)).toBe(true);
    expect(message).toMatch(/expected/);
    expect(message).not.toContain('\n');
  });
});

const serverEntry = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'dist',
  'server.js',
);
const built = existsSync(serverEntry);
if (!built) console.warn('[skipped] config exit checks: api/dist is not built (pnpm build)');

describe.runIf(built)('the production entrypoint with a bad value', () => {
  it.each([
    ['PORT', 'eighty'],
    ['METRICS_INTERVAL_S', 'fast'],
    ['FORGEJO_URL', 'not a url'],
    ['TRUST_PROXY', '10.0.0.0/999'],
    ['TRUST_PROXY', '0.0.0.0/0'],
    ['PEERS', 'h=http://peer/api/hosts#'],
    ['HOST', 'localhost,127.0.0.1'],
  ])('%s=%s exits non-zero with one line on stderr and no stack trace', (name, value) => {
    const result = spawnSync(process.execPath, [serverEntry], {
      env: { PATH: process.env.PATH ?? '', [name]: value },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(lines[0]).toContain('expected');
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe.runIf(built)('the production entrypoint with an odd SERVICES_FILE', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kite-odd-services-'));
  const fifo = path.join(dir, 'services.fifo');
  const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;
  if (!hasFifo) console.warn('[skipped] SERVICES_FILE as a FIFO: mkfifo is not available');
  const big = path.join(dir, 'big.json');
  writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 0x20));
  const odd = [
    ...(hasFifo ? [['a FIFO', fifo, 'it is not a regular file']] : []),
    ['/dev/zero', '/dev/zero', 'it is not a regular file'],
    ['a folder', dir, 'it is not a regular file'],
    ['a 2 MiB file', big, 'over 1 MiB'],
  ];

  it.each(odd)('%s ends start-up at once with one line', (_what, file, reason) => {
    const result = spawnSync(process.execPath, [serverEntry], {
      env: { PATH: process.env.PATH ?? '', WEB_ROOT: 'off', SERVICES_FILE: file },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SERVICES_FILE=');
    expect(lines[0]).toContain('expected a readable regular file of at most 1 MiB');
    expect(lines[0]).toContain(reason);
  });
});
