/**
 * `kitestacks_sampler_state` follows the real sampler on a fake clock: asleep when nobody
 * looks, ok while it reads, and failing once a reading hangs, as `/api/health` says.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MetricsSampler } from '../src/sampler/sampler.js';
import { prometheus } from '../src/prometheus/index.js';
import { parseExposition, valueOf } from './helpers/exposition.js';
import { ClockedHostSource } from './helpers/fake-host.js';

const INTERVAL_MS = 2000;
const STATES = ['ok', 'asleep', 'failing'] as const;

let sampler: MetricsSampler;
let app: FastifyInstance;

/** The state the scrape reports; it must name exactly one. */
async function scrapedState(): Promise<string> {
  const res = await app.inject('/metrics');
  expect(res.statusCode).toBe(200);
  const samples = parseExposition(res.body);
  const on = STATES.filter(
    (state) => valueOf(samples, 'kitestacks_sampler_state', { state }) === 1,
  );
  for (const state of STATES) {
    expect(valueOf(samples, 'kitestacks_sampler_state', { state }), state).toBeDefined();
  }
  expect(on).toHaveLength(1);
  return on[0] as string;
}

beforeEach(async () => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'],
  });
});

afterEach(async () => {
  const stopping = Promise.all([sampler.stop(), app.close()]);
  await vi.advanceTimersByTimeAsync(1000);
  await stopping;
  vi.useRealTimers();
});

describe('kitestacks_sampler_state', () => {
  it('shows a hung reading as failing, as the health check does', async () => {
    const source = new ClockedHostSource();
    sampler = new MetricsSampler(source, { intervalMs: INTERVAL_MS, idleAfterMs: 30_000 });
    const started = sampler.start();
    await vi.advanceTimersByTimeAsync(200);
    await started;
    app = Fastify();
    await app.register(prometheus, { sampler, streams: { size: 0 } });

    // Started, nobody has asked yet: no reading is scheduled.
    expect(await scrapedState()).toBe('asleep');

    sampler.touch();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(await scrapedState()).toBe('ok');

    // A reading that never returns (a dead network mount): no error is ever thrown, so only
    // the state can tell.
    source.mode = 'hang';
    await vi.advanceTimersByTimeAsync(INTERVAL_MS * 4);
    expect(sampler.failures).toBe(0);
    expect(sampler.check().state).toBe('failing');
    expect(await scrapedState()).toBe('failing');
  });
});
