/**
 * The portal's series on a registry of its own (never prom-client's global one, so a
 * second app in the same process, as in tests, keeps its own figures). Names follow
 * Prometheus conventions: `kitestacks_` prefix, base units in the name, `_total` on counters;
 * the process's figures keep prom-client's standard names (`defaults.ts`).
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { VERSION } from '../version.js';
import { registerDefaultFigures } from './defaults.js';
import type { PrometheusOptions, SamplerState } from './figures.js';
import { FAST_PATH_LABELS, fastPathRequests, type RequestCounts } from './requests.js';

export const PREFIX = 'kitestacks_';

const SAMPLER_STATES: readonly SamplerState[] = ['ok', 'asleep', 'failing'];

export interface Exposition {
  registry: Registry;
  /** Ends what runs between scrapes (the event-loop monitor). */
  stop(): void;
}

export async function createExposition(
  options: PrometheusOptions,
  requests: RequestCounts,
): Promise<Exposition> {
  const registry = new Registry();
  const stop = await registerDefaultFigures(registry);
  const registers = [registry];
  const { sampler, streams, parts } = options;

  new Gauge({
    name: `${PREFIX}build_info`,
    help: 'Always 1; the version label says which portal API answers.',
    labelNames: ['version'],
    registers,
  }).set({ version: VERSION }, 1);

  // Rebuilt from the plain counts at each scrape (they only grow), the fast path's
  // requests folded into the series the Fastify route would have counted them in.
  new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'Requests answered, by route pattern ("unmatched" when no route matched), method and status.',
    labelNames: ['route', 'method', 'status'],
    registers,
    collect() {
      this.reset();
      for (const { labels, count } of requests.entries()) this.inc(labels, count);
      if (fastPathRequests.count > 0) this.inc(FAST_PATH_LABELS, fastPathRequests.count);
    },
  });

  new Counter({
    name: `${PREFIX}sampler_readings_total`,
    help: 'Host readings taken by the metrics sampler since start.',
    registers,
    collect() {
      this.reset();
      this.inc(sampler.readings);
    },
  });
  if (sampler.failures !== undefined) {
    new Counter({
      name: `${PREFIX}sampler_failures_total`,
      help: 'Host readings that failed since start (the previous sample was served).',
      registers,
      collect() {
        this.reset();
        this.inc(sampler.failures ?? 0);
      },
    });
  }
  if (sampler.awake !== undefined) {
    new Gauge({
      name: `${PREFIX}sampler_awake`,
      help: '1 while the sampler reads the host (someone polls or streams), 0 while it sleeps.',
      registers,
      collect() {
        this.set(sampler.awake ? 1 : 0);
      },
    });
  }
  const check = sampler.check?.bind(sampler);
  if (check) {
    new Gauge({
      name: `${PREFIX}sampler_state`,
      help: 'The sampler state as /api/health reports it: 1 for the current state, 0 for the others.',
      labelNames: ['state'],
      registers,
      collect() {
        const current = check().state;
        for (const state of SAMPLER_STATES) this.set({ state }, current === state ? 1 : 0);
      },
    });
  }

  new Gauge({
    name: `${PREFIX}stream_clients`,
    help: 'Open /api/stream connections.',
    registers,
    collect() {
      this.set(streams.size);
    },
  });

  if (parts) registerParts(registers, parts);
  return { registry, stop };
}

/** Per source and per peer: last success, staleness and failures, each read at the scrape. */
function registerParts(
  registers: Registry[],
  parts: NonNullable<PrometheusOptions['parts']>,
): void {
  const labelNames = ['kind', 'name'] as const;
  new Gauge({
    name: `${PREFIX}part_last_success_timestamp_seconds`,
    help: 'When the source or peer last answered well (unix time); absent until it has.',
    labelNames,
    registers,
    collect() {
      this.reset();
      for (const { kind, name, lastSuccessMs } of parts()) {
        if (lastSuccessMs !== null) this.set({ kind, name }, lastSuccessMs / 1000);
      }
    },
  });
  new Gauge({
    name: `${PREFIX}part_stale`,
    help: '1 while what the portal serves for the source or peer is stale, else 0.',
    labelNames,
    registers,
    collect() {
      this.reset();
      for (const { kind, name, stale } of parts()) this.set({ kind, name }, stale ? 1 : 0);
    },
  });
  new Counter({
    name: `${PREFIX}part_failures_total`,
    help: 'Failed calls to the source or peer since start.',
    labelNames,
    registers,
    collect() {
      this.reset();
      for (const { kind, name, failures } of parts()) this.inc({ kind, name }, failures);
    },
  });
}
