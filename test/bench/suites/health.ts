/**
 * /api/health must stay fast whatever state the parts are in: it reads what is known and
 * never waits. Its latency at low concurrency, in three portals run side by side and loaded
 * in turn (so outside load on a shared machine lands on all three alike):
 *
 * - normal: every source answering;
 * - a failing upstream: weather configured against a fake wttr.in that accepts requests and
 *   never answers, asked once, so the source is failing by the time health is measured;
 * - a failing sampler: PROC_PATH is a symlink to /proc at start, then re-pointed at an
 *   empty folder, so every reading fails while a poller keeps the sampler awake.
 *
 * The status codes each state answered are reported as seen: an upstream in trouble must
 * never turn health red; a failing sampler may (503 with ok:false) once the sampler says so.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakes, startFakeWttr } from '../../../fakes/index.js';
import type { BenchContext, Suite } from '../lib/context.js';
import { readHealth, statusesOf, waitForHealth } from '../lib/health.js';
import { startPoller } from '../lib/poller.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { fmt, goal, type Row } from '../lib/report.js';
import { load, type LoadOptions } from '../lib/wrk.js';

const CONNECTIONS = 4;
const GOAL_P99_FACTOR = 2;
const GOAL_P99_MS = 50;
const INTERVAL_S = 2;
/** Rounds of A B C per state; each round lasts a share of --duration. */
const ROUNDS = 4;
/** Sequential requests after the load whose status codes are tallied. */
const PROBES = 20;

/** A folder holding `proc`, a symlink that can be re-pointed atomically (rename over it). */
function procLink(): { path: string; point(target: string): void; empty: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-proc-'));
  const link = path.join(dir, 'proc');
  const empty = path.join(dir, 'empty');
  mkdirSync(empty);
  symlinkSync('/proc', link);
  return {
    path: link,
    empty,
    point(target) {
      const next = path.join(dir, 'proc.next');
      symlinkSync(target, next);
      renameSync(next, link);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

interface Latency {
  p50Ms: number;
  p99Ms: number;
  worstP99Ms: number;
  requests: number;
  socketErrors: number;
  statusErrors: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2
    ? (sorted[Math.floor(middle)] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};

/**
 * The targets in alternation, ROUNDS times. p50 and p99 are the medians of the rounds':
 * a burst of outside load on a shared machine spoils one round, not the figure (the worst
 * round's p99 is reported beside it).
 */
async function alternate<K extends string>(
  targets: Record<K, Omit<LoadOptions, 'durationS'>>,
  totalS: number,
): Promise<Record<K, Latency>> {
  const durationS = Math.max(1, Math.round(totalS / ROUNDS));
  const keys = Object.keys(targets) as K[];
  const runs = new Map<K, Awaited<ReturnType<typeof load>>[]>(keys.map((key) => [key, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const key of keys) runs.get(key)?.push(await load({ ...targets[key], durationS }));
  const merged = {} as Record<K, Latency>;
  for (const [key, list] of runs) {
    const sum = (pick: (run: (typeof list)[number]) => number) =>
      list.reduce((total, run) => total + pick(run), 0);
    merged[key] = {
      p50Ms: median(list.map((run) => run.p50Ms)),
      p99Ms: median(list.map((run) => run.p99Ms)),
      worstP99Ms: Math.max(...list.map((run) => run.p99Ms)),
      requests: sum((run) => run.requests),
      socketErrors: sum((run) => run.socketErrors),
      statusErrors: sum((run) => run.statusErrors),
    };
  }
  return merged;
}

const latency = (result: Latency) =>
  `p50 ${fmt.ms(result.p50Ms)} · p99 ${fmt.ms(result.p99Ms)} (worst round ${fmt.ms(result.worstP99Ms)}) · ${result.requests.toLocaleString('en-US')} req` +
  (result.socketErrors ? ` · ${result.socketErrors} socket errors` : '');

export const healthSuite: Suite = {
  id: 'health',
  about: `/api/health latency at ${CONNECTIONS} conn: normal, a hung upstream, a failing sampler`,
  async run(ctx: BenchContext): Promise<Row[]> {
    const fakes = await startFakes();
    ctx.own({ stop: () => fakes.close() });
    const hungWttr = await startFakeWttr();
    ctx.own({ stop: () => hungWttr.close() });
    await hungWttr.setFault('hang');
    const link = procLink();
    ctx.own({ stop: async () => link.remove() });

    const env = { ...fakes.env, WEB_ROOT: 'off', METRICS_INTERVAL_S: String(INTERVAL_S) };
    const [normal, upstream, sampler] = await Promise.all([
      startMeasuredPortal(ctx, env),
      startMeasuredPortal(ctx, { ...env, WTTR_URL: hungWttr.url }),
      startMeasuredPortal(ctx, { ...env, PROC_PATH: link.path }),
    ]);

    // Every portal polled alike, like an open page: each sampler stays awake, so the
    // re-pointed one keeps trying (and failing) to read.
    startPoller(
      ctx,
      [normal, upstream, sampler].map((portal) => `${portal.url}/api/metrics`),
    );
    // Asked once: the call hangs until the upstream timeout, then weather is failing (with
    // nothing cached) and is not asked again within its retry backoff.
    await (
      await fetch(`${upstream.url}/api/weather`, { signal: AbortSignal.timeout(10_000) })
    ).arrayBuffer();

    ctx.log("health: re-pointing the sampler's /proc at an empty folder");
    link.point(link.empty);
    // Weather fails when its call times out; the sampler from its next reading on.
    const [weather, reading] = await Promise.all([
      waitForHealth(
        upstream.url,
        (answer) => ['failing', 'stale'].includes(answer.checks.sources.weather?.state ?? ''),
        15_000,
      ),
      waitForHealth(
        sampler.url,
        (answer) => answer.checks.sampler.state === 'failing',
        5 * INTERVAL_S * 1000,
      ),
    ]);
    if (!weather.reached)
      throw new Error(`weather never failed: ${JSON.stringify(weather.last.checks.sources)}`);

    const target = (url: string) => ({
      url: `${url}/api/health`,
      connections: CONNECTIONS,
      threads: ctx.threads,
    });
    ctx.log('health: warming up');
    for (const portal of [normal, upstream, sampler])
      await load({ ...target(portal.url), durationS: 1 });
    ctx.log(
      `health: normal, hung upstream, failing sampler in turn, ${CONNECTIONS} connections, ${ctx.durationS} s each in ${ROUNDS} rounds`,
    );
    const results = await alternate(
      {
        normal: target(normal.url),
        upstream: target(upstream.url),
        sampler: target(sampler.url),
      },
      ctx.durationS,
    );
    const statuses = {
      normal: await statusesOf(`${normal.url}/api/health`, PROBES),
      upstream: await statusesOf(`${upstream.url}/api/health`, PROBES),
      sampler: await statusesOf(`${sampler.url}/api/health`, PROBES),
    };
    const samplerAfter = (await readHealth(sampler.url)).checks.sampler;
    const after = {
      weather: (await readHealth(upstream.url)).checks.sources.weather?.state ?? 'absent',
      // The age shows the readings failed, whatever state the sampler reports.
      sampler: `${samplerAfter.state}, figures ${Math.round(samplerAfter.age_s ?? NaN)} s old`,
    };

    const base = results.normal;
    const held = (result: Latency) =>
      result.p99Ms <= GOAL_P99_FACTOR * base.p99Ms && result.p99Ms < GOAL_P99_MS;
    const versus = (result: Latency) => ` (${fmt.ratio(result.p99Ms / base.p99Ms)} normal)`;
    const goalText = `p99 ≤ ${GOAL_P99_FACTOR}× normal and < ${GOAL_P99_MS} ms`;
    const label = `/api/health, ${CONNECTIONS} conn, median of ${ROUNDS} rounds`;
    const only = (codes: number[], allowed: number[]) =>
      codes.every((code) => allowed.includes(code));
    const clean = (result: Latency) => result.statusErrors + result.socketErrors === 0;
    const normalClean = clean(base) && only(statuses.normal.codes, [200]);
    const upstreamClean = clean(results.upstream) && only(statuses.upstream.codes, [200]);
    const samplerClean =
      results.sampler.socketErrors === 0 && only(statuses.sampler.codes, [200, 503]);
    return [
      goal(
        `${label}, normal`,
        `${latency(base)} · ${statuses.normal.text}`,
        'all 200',
        normalClean,
      ),
      goal(
        `${label}, weather upstream hung (weather: ${after.weather})`,
        `${latency(results.upstream)}${versus(results.upstream)} · ${statuses.upstream.text}`,
        `${goalText}; all 200`,
        held(results.upstream) && upstreamClean,
      ),
      goal(
        `${label}, sampler failing (sampler: ${after.sampler}${reading.reached ? '' : ', not reported failing'})`,
        `${latency(results.sampler)}${versus(results.sampler)} · ${statuses.sampler.text}` +
          (results.sampler.statusErrors
            ? ` · ${results.sampler.statusErrors.toLocaleString('en-US')} answers ≥ 400 under load`
            : ''),
        `${goalText}; 200 or 503`,
        held(results.sampler) && samplerClean,
      ),
    ];
  },
};
