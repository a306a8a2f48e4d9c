/**
 * Drill: the upstreams flap — up, down, slow, garbage, 5xx, HTML, hanging — for a while,
 * with short TTLs so the cache expires many times during the faults. While a good result
 * is cached, the page's endpoints never answer an error (stale data instead), and once the
 * upstreams heal every endpoint returns to fresh by itself. With nothing cached yet, a
 * failing upstream gets a quick 502 envelope, and the endpoint recovers when it heals.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakes, type FakeUpstream, type Fakes, type FaultMode } from '../../fakes/index.js';
import { startPortal, type PortalProcess } from '../support/portal-process.js';

/** Short lifetimes and a short upstream timeout, so a bounded drill sees many expiries. */
const FAST_ENV = { ACTIVITY_TTL_S: '5', STATUS_TTL_S: '5', UPSTREAM_TIMEOUT_S: '1' };
/** Each phase outlasts the 5 s TTL, so every fault meets at least one refresh. */
const PHASE_MS = 6_000;
const PHASES: (FaultMode | null)[] = ['down', null, 'slow', 'garbage', '500', 'hang'];
const UPSTREAM_ENDPOINTS = ['/api/activity', '/api/status', '/api/weather'] as const;
const ALWAYS_UP = ['/api/health', '/api/metrics'] as const;

interface Answer {
  path: string;
  status: number;
  body: {
    configured?: boolean;
    stale?: boolean;
    fetched_at?: string;
    commits?: unknown[];
    monitors?: unknown[];
  };
}

async function ask(base: string, path: string): Promise<Answer> {
  const response = await fetch(base + path);
  return { path, status: response.status, body: (await response.json()) as Answer['body'] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hasData(answer: Answer): boolean {
  if (answer.path === '/api/activity') return (answer.body.commits?.length ?? 0) > 0;
  if (answer.path === '/api/status') return (answer.body.monitors?.length ?? 0) > 0;
  return answer.body.configured === true;
}

describe('flapping upstreams with a good result cached', () => {
  let fakes: Fakes;
  let portal: PortalProcess;
  const upstreams = (): FakeUpstream[] => [fakes.forgejo, fakes.kuma, fakes.wttr];

  beforeAll(async () => {
    fakes = await startFakes();
    portal = await startPortal({ env: { ...fakes.env, ...FAST_ENV } });
  });
  afterAll(async () => {
    await portal?.stop();
    await fakes?.close();
  });

  it(
    'never answers an error while flapping, and is fresh again once healed',
    { timeout: 120_000 },
    async () => {
      const warm = await Promise.all(UPSTREAM_ENDPOINTS.map((path) => ask(portal.url, path)));
      for (const answer of warm) {
        expect(answer.status, answer.path).toBe(200);
        expect(answer.body, answer.path).toMatchObject({ configured: true, stale: false });
        expect(hasData(answer), answer.path).toBe(true);
      }
      const warmedAt = new Map(warm.map((answer) => [answer.path, answer.body.fetched_at ?? '']));

      const bad: Answer[] = [];
      const seenStale = new Set<string>();
      let asked = 0;
      let flapping = true;
      const poller = (async () => {
        while (flapping) {
          for (const path of [...UPSTREAM_ENDPOINTS, ...ALWAYS_UP]) {
            const answer = await ask(portal.url, path);
            asked++;
            if (
              answer.status !== 200 ||
              (path !== '/api/health' && path !== '/api/metrics' && !hasData(answer))
            )
              bad.push(answer);
            if (answer.body.stale === true) seenStale.add(path);
          }
          await sleep(100);
        }
      })();

      for (const mode of PHASES) {
        await Promise.all(upstreams().map((fake) => fake.setFault(mode, { delayMs: 3_000 })));
        await sleep(PHASE_MS);
      }
      await Promise.all(upstreams().map((fake) => fake.setFault(null)));
      flapping = false;
      await poller;

      expect(bad, `${bad.length} error answers out of ${asked}`).toEqual([]);
      // The faults were really met: the short-TTL sources served stale at some point.
      expect([...seenStale].sort()).toEqual(['/api/activity', '/api/status']);

      for (const path of UPSTREAM_ENDPOINTS) {
        const healed = await vi.waitFor(
          async () => {
            const answer = await ask(portal.url, path);
            expect(answer, `${path} back to fresh`).toMatchObject({
              status: 200,
              body: { stale: false },
            });
            return answer;
          },
          { timeout: 30_000, interval: 250 },
        );
        expect(hasData(healed), path).toBe(true);
        // Weather's TTL (600 s at least) outlasts the drill: its cached value never expired.
        if (path !== '/api/weather') {
          expect((healed.body.fetched_at ?? '') > (warmedAt.get(path) ?? ''), path).toBe(true);
        }
      }
      expect(portal.child.exitCode).toBeNull();
    },
  );
});

describe('an upstream failing before anything is cached', () => {
  let fakes: Fakes;
  let portal: PortalProcess;

  beforeAll(async () => {
    fakes = await startFakes();
    await fakes.forgejo.setFault('500');
    portal = await startPortal({ env: { ...fakes.env, ...FAST_ENV } });
  });
  afterAll(async () => {
    await portal?.stop();
    await fakes?.close();
  });

  it('answers a 502 envelope, then recovers by itself when the upstream heals', async () => {
    const failed = await ask(portal.url, '/api/activity');
    expect(failed.status).toBe(502);
    expect(failed.body).toEqual({
      error: { code: expect.any(String), message: expect.any(String) },
    });
    expect(JSON.stringify(failed.body)).not.toContain(fakes.env.FORGEJO_TOKEN ?? 'no token');

    await fakes.forgejo.setFault(null);
    const healed = await vi.waitFor(
      async () => {
        const answer = await ask(portal.url, '/api/activity');
        expect(answer.status, '/api/activity after the upstream healed').toBe(200);
        return answer;
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(healed.body).toMatchObject({ configured: true, stale: false });
    expect(hasData(healed)).toBe(true);
  });
});
