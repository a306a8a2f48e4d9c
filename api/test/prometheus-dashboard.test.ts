/**
 * The Grafana dashboard offline: the series-name reader it is checked with, and the
 * dashboard's own shape (every panel queries the chosen Prometheus, every series it reads is
 * one docs/prometheus.md documents). That each series exists in a live scrape by a real
 * Prometheus is checked end to end (test/e2e/prometheus.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DASHBOARD_PATH,
  dashboardExpressions,
  loadDashboard,
  seriesNames,
  withVariables,
} from './prometheus-dashboard.js';

/**
 * The series names docs/prometheus.md spells in code: a trailing `{labels}` dropped and
 * `{a,b}` inside a name expanded (`nodejs_heap_size_{total,used}_bytes` is two names).
 */
function documentedNames(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const [, code] of markdown.matchAll(/`([a-z_:{},0-9]+)`/g)) {
    let pending = [(code as string).replace(/\{[^}]*\}$/, '')];
    while (pending.some((name) => name.includes('{'))) {
      pending = pending.flatMap((name) => {
        const group = /\{([^}]*)\}/.exec(name);
        if (!group) return [name];
        return (group[1] as string).split(',').map((part) => name.replace(group[0], part));
      });
    }
    for (const name of pending) names.add(name);
  }
  return names;
}

describe('seriesNames', () => {
  it.each([
    [
      'sum by (route) (rate(kitestacks_http_requests_total{job=~"$job", route="/a{b}"}[$__rate_interval]))',
      ['kitestacks_http_requests_total'],
    ],
    ['time() - process_start_time_seconds{instance=~"a(b) c"}', ['process_start_time_seconds']],
    ['a / on (x) group_left (y) b offset 5m', ['a', 'b']],
    ['rate(x:y_total[5m]) * 1e3 > bool 0', ['x:y_total']],
    ['histogram_quantile(0.99, sum without (pod) (rate(h_bucket[1m])))', ['h_bucket']],
    ['sum(up) by (job) == 1 unless ignoring(job) down', ['up', 'down']],
  ])('%s', (expr, names) => {
    expect(seriesNames(expr)).toEqual(names);
  });

  it('replaces Grafana variables with values Prometheus takes', () => {
    expect(
      withVariables('rate(a{job=~"$job",i=~"${instance}"}[$__rate_interval])', { job: 'k' }),
    ).toBe('rate(a{job=~"k",i=~".*"}[1m])');
  });
});

describe('docs/grafana/portal.json', () => {
  const dashboard = loadDashboard();
  const expressions = dashboardExpressions(dashboard);

  it('queries through a data source variable, so it imports into any Grafana', () => {
    const variables = dashboard.templating?.list ?? [];
    expect(variables.find((variable) => variable.type === 'datasource')).toMatchObject({
      name: 'datasource',
      query: 'prometheus',
    });
    const json = JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as {
      panels: { type: string; title: string; datasource?: unknown; targets?: unknown[] }[];
    };
    const charts = json.panels.filter((panel) => panel.type !== 'row');
    expect(charts.length).toBeGreaterThanOrEqual(10);
    for (const panel of charts) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });

  it('reads at least one series in every expression, each documented in docs/prometheus.md', () => {
    const docs = documentedNames(
      readFileSync(path.join(path.dirname(DASHBOARD_PATH), '../prometheus.md'), 'utf8'),
    );
    expect(docs.has('kitestacks_sampler_state')).toBe(true);
    expect(expressions.length).toBeGreaterThanOrEqual(20);
    for (const { where, expr } of expressions) {
      const names = seriesNames(expr);
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) {
        expect(name, where).toMatch(/^(kitestacks|process|nodejs)_/);
        expect(docs.has(name), `${name} (${where}) in docs/prometheus.md`).toBe(true);
      }
    }
  });

  it('covers what the portal is watched for', () => {
    const read = new Set(expressions.flatMap(({ expr }) => seriesNames(expr)));
    for (const name of [
      'kitestacks_http_requests_total',
      'kitestacks_part_last_success_timestamp_seconds',
      'kitestacks_part_stale',
      'kitestacks_part_failures_total',
      'kitestacks_sampler_state',
      'kitestacks_sampler_readings_total',
      'kitestacks_stream_clients',
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(read.has(name), name).toBe(true);
    }
  });
});
