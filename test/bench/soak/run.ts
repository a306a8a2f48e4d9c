/**
 * `pnpm soak`: a compressed month of the API's life in minutes. The built API
 * (`node api/dist/server.js`) runs against fake upstreams and two fake peers on 127.0.0.1,
 * in 20 s cycles: streams open and close while pollers poll; everything pauses long enough
 * for the sampler to fall asleep and for the peers to go unwatched; upstreams and peers
 * are broken and mended at random (seeded); then a quiet spell, a full garbage collection
 * (through the inspector, gc.ts), and the API's figures are read at rest. It prints the figures at the start and every minute and fails when one keeps
 * growing after the warm-up (bounds in report.ts, reasons in docs/benchmarks.md).
 *
 *   pnpm soak                          15 minutes, the first 5 a warm-up
 *   pnpm soak -- --minutes 30          longer: slopes get more certain
 *   pnpm soak -- --seed 7              replays another sequence of faults
 *
 * Loopback only, bounded: every client waits for its answer before it asks again, and the
 * run stops by itself after --minutes (each cycle at most ~100 streams and ~80 requests).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Prng } from '../../../fakes/prng.js';
import { freePort } from '../../../scripts/lib/ports.js';
import { repoRoot, startPortal, type PortalProcess } from '../../support/portal-process.js';
import { sleep } from '../lib/context.js';
import { startCanary, type Canary } from './canary.js';
import { connectCollector, INSPECT_OPTIONS, inspectorUrl, type Collector } from './gc.js';
import { probe } from './probe.js';
import { verdict, type Sample } from './report.js';
import { busy, newTrafficTally } from './traffic.js';
import { startWorld, type World } from './world.js';

const CYCLE_S = 20;
/** Busy, then a pause past METRICS_IDLE_AFTER_S, then busy again. */
const BUSY_S = 5;
const PAUSE_S = 2;
/** What the API runs with: the lab's rhythm, sped up (interval and TTLs at their minimum). */
const API_ENV = {
  HOST_NAME: 'soak',
  WEB_ROOT: 'off',
  LOG_LEVEL: 'warn',
  METRICS_INTERVAL_S: '0.5',
  METRICS_IDLE_AFTER_S: '1',
  ACTIVITY_TTL_S: '5',
  STATUS_TTL_S: '5',
  WEATHER_TTL_S: '600',
  UPSTREAM_TIMEOUT_S: '2',
  STREAM_HEARTBEAT_S: '1',
};

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    // Heap used after a full GC climbs for the first ~10 minutes (V8's old space and JIT
    // code settling: 19.2 → 20.2 MiB by minute 10, 20.3 by minute 25) and then holds still,
    // so the default leaves five minutes of warm-up and fits the ten that follow.
    minutes: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: pnpm soak [-- --minutes <1-240>] [--warmup <minutes>] [--seed <n>]');
  process.exit(0);
}
const minutes = Number(values.minutes);
const warmupMin = Number(values.warmup);
const seed = Number(values.seed);
if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
  console.error(`--minutes ${values.minutes}: expected a whole number from 1 to 240`);
  process.exit(2);
}
if (!Number.isFinite(warmupMin) || warmupMin < 0 || warmupMin >= minutes) {
  console.error(`--warmup ${values.warmup}: expected minutes from 0 to less than --minutes`);
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  console.error(`--seed ${values.seed}: expected a whole number`);
  process.exit(2);
}

const log = (line: string) => process.stderr.write(`soak: ${line}\n`);

let world: World | null = null;
let portal: PortalProcess | null = null;
let canary: Canary | null = null;
let collector: Collector | null = null;
async function stopAll(): Promise<void> {
  collector?.close();
  await canary?.stop();
  await portal?.stop();
  await world?.close();
}
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  world = await startWorld();
  portal = await startPortal({
    port: await freePort(),
    env: { ...world.env, ...API_ENV, NODE_OPTIONS: INSPECT_OPTIONS },
  });
  const api = portal;
  const pid = api.child.pid ?? 0;
  const machine = await startCanary();
  canary = machine;
  const gc = await connectCollector(inspectorUrl(api.output()));
  collector = gc;
  const read = async () => {
    await gc.collect();
    return probe(pid, api.url, () => machine.p99Ms());
  };
  const random = new Prng(seed);
  const traffic = newTrafficTally();
  const samples: Sample[] = [];
  let cycles = 0;
  let asleepAtRest = 0;
  const alive = () => {
    if (api.child.exitCode !== null || api.child.signalCode !== null)
      throw new Error(`the API exited during the soak:\n${api.output().slice(-2000)}`);
  };

  // The first scrape loads prom-client; the start reading is taken after it.
  await read();
  await sleep(3_000);
  const t0 = performance.now();
  const elapsedS = () => (performance.now() - t0) / 1000;
  samples.push({ atS: 0, probe: await read() });
  log(`API pid ${pid} on ${api.url}, seed ${seed}, ${minutes} min, warm-up ${warmupMin} min`);

  while (elapsedS() + CYCLE_S <= minutes * 60 + 1) {
    const cycleEnd = t0 + (cycles + 1) * CYCLE_S * 1000;
    await world.chaos(random);
    await busy(api.url, random, BUSY_S, traffic);
    await sleep(PAUSE_S * 1000);
    // Break and mend while nobody watches: the next watcher finds the new state.
    await world.chaos(random);
    await busy(api.url, random, BUSY_S, traffic);
    await sleep(Math.max(0, cycleEnd - performance.now()));
    alive();
    const reading = await read();
    samples.push({ atS: elapsedS(), probe: reading });
    cycles++;
    if (reading.samplerAwake === 0) asleepAtRest++;
    if (reading.openStreams !== 0) log(`${reading.openStreams} streams still open at rest`);
    if (cycles % (60 / CYCLE_S) === 0)
      log(
        `minute ${Math.round(elapsedS() / 60)}: RSS ${(reading.rssBytes / 2 ** 20).toFixed(1)} MiB, ` +
          `${reading.openFds} fds, ${traffic.streams} streams, ${traffic.errors} errors`,
      );
  }

  const peerRequests = world.peers.reduce((sum, peer) => sum + peer.requests.total, 0);
  const upstreamRequests = [world.fakes.forgejo, world.fakes.wttr, world.fakes.kuma].reduce(
    (sum, fake) => sum + fake.requests.total,
    0,
  );
  const { tally } = world;
  const summary = [
    `Command: \`pnpm soak -- --minutes ${minutes}\` (seed ${seed}), warm-up ${warmupMin} min; ${cycles} cycles of ${CYCLE_S} s.`,
    `What happened: ${traffic.streams} streams opened and closed, ${traffic.requests} polls, ` +
      `${cycles * 2} sampler wake-ups (asleep at ${asleepAtRest} of ${cycles} readings at rest), ` +
      `${tally.upstreamFaults} upstream faults and ${tally.upstreamRecoveries} recoveries ` +
      `(${upstreamRequests} upstream requests), ${tally.peerDeaths} peer deaths or hangs and ` +
      `${tally.peerReturns} returns (${peerRequests} peer requests).`,
    `/api/health answered 503 (a host reading later than 3 intervals) ${traffic.samplerLate} times.`,
    `Unexpected answers: ${traffic.errors}${traffic.firstErrors.length ? ` (first: ${traffic.firstErrors.slice(0, 3).join('; ')})` : ''}.`,
  ];
  const result = verdict(samples, minutes, warmupMin * 60, summary);
  await stopAll();

  console.log(result.markdown);
  mkdirSync(path.join(repoRoot, '.artifacts'), { recursive: true });
  writeFileSync(path.join(repoRoot, '.artifacts', 'soak.md'), `${result.markdown}\n`);
  // Every reading, for a closer look than one row a minute.
  writeFileSync(
    path.join(repoRoot, '.artifacts', 'soak-readings.json'),
    `${JSON.stringify(samples, null, 1)}\n`,
  );
  const failures = [
    ...result.growing.map((title) => `${title} keeps growing`),
    ...(traffic.errors > 0 ? [`${traffic.errors} unexpected answers`] : []),
  ];
  if (failures.length > 0) {
    log(`FAIL: ${failures.join('; ')}`);
    process.exit(1);
  }
  log('PASS: nothing keeps growing');
} catch (error) {
  log(`aborted: ${(error as Error).message}`);
  await stopAll();
  process.exit(1);
}
