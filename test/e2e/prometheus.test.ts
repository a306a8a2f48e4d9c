/**
 * Prometheus's own tools against the real API process: `promtool check metrics` on what
 * `/metrics` serves, and a real Prometheus server scraping it every second. Also proves
 * that `/metrics` stays private: the repo's nginx never passes it to the API.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition, valueOf } from '../../api/test/helpers/exposition.js';
import { stopChild } from '../support/child.js';
import { request, startNginx, type NginxProcess } from '../support/nginx.js';
import { rawGet } from '../support/raw-http.js';
import { startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { freePort } from '../support/ports.js';
import {
  allOf,
  canRun,
  nginxBinary,
  prometheusBinary,
  promtoolBinary,
} from '../support/requirements.js';

const promtool = promtoolBinary();
const server = prometheusBinary();
const enabled = canRun('prometheus e2e', allOf(promtool, server));
const nginxEnabled = enabled && canRun('prometheus e2e (through nginx)', nginxBinary());

async function until<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `promtool check metrics` reads the exposition on stdin; lint findings go to stderr. */
function promtoolCheck(exposition: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(promtool.path, ['check', 'metrics'], (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(exposition);
  });
}

describe.skipIf(!enabled)('Prometheus scraping the portal', () => {
  let api: PortalProcess;
  let dir: string;

  beforeAll(async () => {
    api = await startPortal({ env: { WEB_ROOT: 'off', METRICS_INTERVAL_S: '0.5' } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'kitestacks-prometheus-'));
    // Some traffic of every kind, so the exposition has labelled series to check.
    for (const target of ['/api/metrics', '/api/health', '/api/weather', '/nowhere', '/metrics']) {
      await (await fetch(api.url + target)).arrayBuffer();
    }
  });
  afterAll(async () => {
    await api?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves an exposition that `promtool check metrics` accepts', async () => {
    const res = await fetch(`${api.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const samples = parseExposition(text);
    expect(valueOf(samples, 'kitestacks_http_requests_total', { route: '/nowhere' })).toBe(
      undefined,
    );
    expect(
      valueOf(samples, 'kitestacks_http_requests_total', {
        route: '/api/metrics',
        method: 'GET',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    const check = await promtoolCheck(text);
    expect(check.output).toBe('');
    expect(check.code).toBe(0);
  });

  it('is scraped by a real Prometheus: up == 1 and the portal series queryable', async () => {
    const port = await freePort();
    const config = path.join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: kitestacks',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${api.port}']`,
        '',
      ].join('\n'),
    );
    const child: ChildProcess = spawn(
      server.path,
      [
        `--config.file=${config}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        '--storage.tsdb.retention.time=1h',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const query = async (promql: string) => {
      const url = `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`;
      const body = (await (await fetch(url)).json()) as {
        status: string;
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return body.status === 'success' ? body.data.result : undefined;
    };
    try {
      await until('Prometheus to be ready', async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
        return (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok || undefined;
      });
      const up = await until('up{job="kitestacks"} == 1', async () => {
        const result = await query('up{job="kitestacks"} == 1');
        return result && result.length > 0 ? result : undefined;
      });
      expect(up[0]?.metric.instance).toBe(`127.0.0.1:${api.port}`);
      const requests = await until('a portal series in Prometheus', async () => {
        const result = await query('kitestacks_http_requests_total{route="/metrics"}');
        return result && result.length > 0 ? result : undefined;
      });
      expect(requests[0]?.metric).toMatchObject({
        job: 'kitestacks',
        method: 'GET',
        status: '200',
      });
      expect(Number(requests[0]?.value[1])).toBeGreaterThanOrEqual(1);
      // Prometheus's own view of the target: healthy, no scrape error.
      const targets = (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/targets?state=active`)
      ).json()) as { data: { activeTargets: { health: string; lastError: string }[] } };
      expect(targets.data.activeTargets).toEqual([
        expect.objectContaining({ health: 'up', lastError: '' }),
      ]);
    } finally {
      await stopChild(child);
    }
  });
});

describe.skipIf(!nginxEnabled)('/metrics behind the repo’s nginx', () => {
  let api: PortalProcess;
  let nginx: NginxProcess;

  beforeAll(async () => {
    api = await startPortal({ env: { WEB_ROOT: 'off' } });
    nginx = await startNginx({ apiUpstream: `127.0.0.1:${api.port}`, webRoot: webDist });
  });
  afterAll(async () => {
    await nginx?.stop();
    await api?.stop();
  });

  /** Requests the API has answered on /metrics, read directly (this read counts from the next). */
  const scrapesSeen = async () =>
    valueOf(
      parseExposition(await (await fetch(`${api.url}/metrics`)).text()),
      'kitestacks_http_requests_total',
      {
        route: '/metrics',
        method: 'GET',
        status: '200',
      },
    ) ?? 0;

  it('never reaches the API from outside, however the path is spelt', async () => {
    const before = await scrapesSeen();
    const direct = await request(`${nginx.url}/metrics`);
    expect(direct.status).toBe(404);
    expect(direct.text).not.toContain('kitestacks_');
    for (const target of [
      '/metrics/',
      '/metrics?x=1',
      '//metrics',
      '/api/../metrics',
      '/api/%2e%2e/metrics',
      '/api/..%2fmetrics',
      '/assets/../metrics',
    ]) {
      const answer = await rawGet(nginx.port, target);
      expect(answer.raw, target).not.toContain('# TYPE');
      expect(answer.raw, target).not.toContain('kitestacks_process');
    }
    // The API's own count of /metrics answers moved only by the direct read above.
    expect(await scrapesSeen()).toBe(before + 1);
  });

  it('still proxies the public API beside it', async () => {
    const answer = await request(`${nginx.url}/api/health`, {
      headers: { 'cf-connecting-ip': '198.51.100.77' },
    });
    expect(answer.status).toBe(200);
  });
});
