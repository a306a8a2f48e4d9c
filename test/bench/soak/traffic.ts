/**
 * The clients of one busy spell: streams opening and closing all the time (pages opened and
 * left), a Conky-like poller of /api/metrics, a page-like poller of every panel's endpoint
 * and /api/hosts, and an Uptime Kuma-like poller of /api/health. Every answer is checked:
 * what the API must always serve (metrics, hosts, health, a stream) must be 200; a source
 * may answer 502 with the error envelope while its upstream is down and nothing is cached.
 * /api/health may answer 503 saying the sampler is failing: on a machine so loaded that a
 * reading comes later than 3 intervals (1.5 s here) that is the truth, not a fault of the
 * soak; such answers are counted apart.
 */
import { openSse, type SseClient } from '../../drills/support/sse.js';
import type { Prng } from '../../../fakes/prng.js';
import { sleep } from '../lib/context.js';

/** New streams every STREAM_EVERY_MS, each kept for STREAM_LIFE_MS (a random span). */
const STREAMS_PER_TICK = 4;
const STREAM_EVERY_MS = 500;
const STREAM_LIFE_MS = [300, 4_000] as const;
const SAMPLER_FAILING = /"sampler":\{"state":"failing"/;
const ALWAYS_200 = new Set(['/api/metrics', '/api/hosts', '/api/health']);
const POLLERS: { paths: string[]; everyMs: number }[] = [
  { paths: ['/api/metrics'], everyMs: 1_000 },
  { paths: ['/api/hosts', '/api/weather', '/api/activity', '/api/status'], everyMs: 2_000 },
  { paths: ['/api/health'], everyMs: 1_000 },
];

export interface TrafficTally {
  requests: number;
  streams: number;
  /** /api/health answers 503 because a reading was late. */
  samplerLate: number;
  /** What should not have happened, one line each (the first few are kept). */
  errors: number;
  firstErrors: string[];
}

export function newTrafficTally(): TrafficTally {
  return { requests: 0, streams: 0, samplerLate: 0, errors: 0, firstErrors: [] };
}

function fail(tally: TrafficTally, what: string): void {
  tally.errors++;
  if (tally.firstErrors.length < 10) tally.firstErrors.push(what);
}

async function check(url: string, path: string, tally: TrafficTally): Promise<void> {
  tally.requests++;
  try {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
    const body = await response.text();
    if (response.status === 200) return;
    if (path === '/api/health' && response.status === 503 && SAMPLER_FAILING.test(body)) {
      tally.samplerLate++;
      return;
    }
    const envelope = /^\{"error":\{"code":"[a-z_]+"/.test(body);
    if (ALWAYS_200.has(path) || response.status !== 502 || !envelope)
      fail(tally, `${path}: ${response.status} ${body.slice(0, 120)}`);
  } catch (error) {
    fail(tally, `${path}: ${(error as Error).message}`);
  }
}

/** Polls until `until` (a performance.now() time), then returns. */
async function poll(
  url: string,
  poller: (typeof POLLERS)[number],
  until: number,
  tally: TrafficTally,
): Promise<void> {
  while (performance.now() < until) {
    const t0 = performance.now();
    for (const path of poller.paths) await check(url, path, tally);
    await sleep(Math.max(0, Math.min(until, t0 + poller.everyMs) - performance.now()));
  }
}

/** Opens streams until `until`; each closes after its own span. Resolves when all closed. */
async function churnStreams(
  url: string,
  random: Prng,
  until: number,
  tally: TrafficTally,
): Promise<void> {
  const lives: Promise<void>[] = [];
  const live = async (lifeMs: number) => {
    tally.streams++;
    let client: SseClient | null = null;
    try {
      client = await openSse(`${url}/api/stream`);
      if (client.status !== 200) fail(tally, `/api/stream: ${client.status} ${client.body}`);
      await sleep(lifeMs);
    } catch (error) {
      fail(tally, `/api/stream: ${(error as Error).message}`);
    } finally {
      client?.close();
    }
  };
  while (performance.now() < until) {
    for (let i = 0; i < STREAMS_PER_TICK; i++) {
      const lifeMs = random.int(...STREAM_LIFE_MS);
      lives.push(live(Math.min(lifeMs, Math.max(0, until - performance.now()))));
    }
    await sleep(STREAM_EVERY_MS);
  }
  await Promise.all(lives);
}

/** Every client at once for `seconds`; resolves once every stream is closed. */
export async function busy(
  url: string,
  random: Prng,
  seconds: number,
  tally: TrafficTally,
): Promise<void> {
  const until = performance.now() + seconds * 1000;
  await Promise.all([
    churnStreams(url, random, until, tally),
    ...POLLERS.map((poller) => poll(url, poller, until, tally)),
  ]);
}
