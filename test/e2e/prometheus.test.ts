/**
 * Prometheus's own tools against the real API process: `promtool check metrics` on what
 * `/metrics` serves, and a real Prometheus server scraping it every second, holding every
 * series the Grafana dashboard (docs/grafana/portal.json) reads. Also proves that
 * `/metrics` stays private: the repo's nginx never passes it to the API.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseExposition, valueOf } from '../../api/test/helpers/exposition.js';
import {
  dashboardExpressions,
  seriesNames,
  withVariables,
} from '../../api/test/prometheus-dashboard.js';
import { startFakePeer, startFakes, type FakePeer, type Fakes } from '../../fakes/index.js';
import { stopChild } from '../../scripts/lib/child.js';
import { request, startNginx, type NginxProcess } from '../support/nginx.js';
import { rawGet } from '../support/raw-http.js';
import { startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { freePort } from '../../scripts/lib/ports.js';
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
  let fakes: Fakes;
  let peer: FakePeer;
  let dir: string;
  let prometheus: ChildProcess | undefined;
  let prometheusUrl: string;
  let prometheusLog = '';

  /** An instant query's result; throws while Prometheus cannot answer it. */
  const query = async (promql: string) => {
    const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`;
    const body = (await (await fetch(url)).json()) as {
      status: string;
      error?: string;
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`${promql}: ${body.error ?? body.status}`);
    return body.data.result;
  };

  /** Resolves with what `attempt` returns once it stops throwing (Prometheus scrapes every second). */
  const eventually = <T>(attempt: () => Promise<T>) =>
    vi.waitFor(
      async () => {
        if (prometheus?.exitCode !== null) throw new Error(`prometheus exited:\n${prometheusLog}`);
        return attempt();
      },
      { timeout: 30_000, interval: 250 },
    );

  beforeAll(async () => {
    [fakes, peer] = await Promise.all([startFakes(), startFakePeer('kscloud1')]);
    api = await startPortal({
      env: {
        ...fakes.env,
        WEB_ROOT: 'off',
        METRICS_INTERVAL_S: '0.5',
        HOST_NAME: 'monk',
        PEERS: `kscloud1=${peer.url}`,
      },
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'kitestacks-prometheus-'));
    // Some traffic of every kind, so every series has samples: sources and the peer answer
    // once, the sampler reads, the request counter sees routes and a miss.
    for (const target of [
      '/api/metrics',
      '/api/health',
      '/api/weather',
      '/api/activity',
      '/api/status',
      '/api/hosts',
      '/nowhere',
      '/metrics',
    ]) {
      await (await fetch(api.url + target)).arrayBuffer();
    }

    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
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
    prometheus = spawn(
      server.path,
      [
        `--config.file=${config}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        '--storage.tsdb.retention.time=1h',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
    prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
    await eventually(async () => {
      expect((await fetch(`${prometheusUrl}/-/ready`)).ok).toBe(true);
    });
  });
  afterAll(async () => {
    if (prometheus) await stopChild(prometheus);
    await api?.stop();
    await Promise.all([fakes?.close(), peer?.close()]);
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
    const up = await eventually(async () => {
      const result = await query('up{job="kitestacks"} == 1');
      expect(result).not.toEqual([]);
      return result;
    });
    expect(up[0]?.metric.instance).toBe(`127.0.0.1:${api.port}`);
    const requests = await eventually(async () => {
      const result = await query('kitestacks_http_requests_total{route="/metrics"}');
      expect(result).not.toEqual([]);
      return result;
    });
    expect(requests[0]?.metric).toMatchObject({ job: 'kitestacks', method: 'GET', status: '200' });
    expect(Number(requests[0]?.value[1])).toBeGreaterThanOrEqual(1);
    // Prometheus's own view of the target: healthy, no scrape error.
    const targets = (await (
      await fetch(`${prometheusUrl}/api/v1/targets?state=active`)
    ).json()) as {
      data: { activeTargets: { health: string; lastError: string }[] };
    };
    expect(targets.data.activeTargets).toEqual([
      expect.objectContaining({ health: 'up', lastError: '' }),
    ]);
  });

  it('has every series the Grafana dashboard reads, and runs each of its expressions', async () => {
    const expressions = dashboardExpressions();
    const wanted = new Set(expressions.flatMap(({ expr }) => seriesNames(expr)));
    expect(wanted.size).toBeGreaterThanOrEqual(15);
    // Every name in the live scrape, the sources' and the peer's labelled figures included.
    await eventually(async () => {
      const url = `${prometheusUrl}/api/v1/label/__name__/values?match[]=${encodeURIComponent('{job="kitestacks"}')}`;
      const { data } = (await (await fetch(url)).json()) as { data: string[] };
      expect([...wanted].filter((name) => !data.includes(name))).toEqual([]);
    });
    for (const kind of ['source', 'peer']) {
      const stamps = await query(`kitestacks_part_last_success_timestamp_seconds{kind="${kind}"}`);
      expect(stamps.length, kind).toBeGreaterThan(0);
    }
    // As Grafana sends them (variables filled in): valid PromQL with data for this host
    // (a rate once Prometheus holds two scrapes), so no panel stays empty.
    for (const { where, expr } of expressions) {
      const promql = withVariables(expr, { job: 'kitestacks' });
      await eventually(async () => {
        expect((await query(promql)).length, `${where}: ${promql}`).toBeGreaterThan(0);
      });
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
      expect(answer.raw, target).not.toContain('process_resident_memory_bytes');
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
