/**
 * /api/incidents through inject(), against the fake Uptime Kuma on loopback in both of its
 * shapes (2.x: a list; 1.23: one incident or null): the contract's example incident, the
 * order, hostile text, and failure (stale last answer, or the 502 envelope). The cache reads
 * a hand-moved clock.
 */
import type { FastifyInstance } from 'fastify';
import { Value } from 'typebox/value';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorEnvelope, IncidentsReport } from '../src/schemas/index.js';
import { startFakeKuma, type FakeKuma, type KumaIncident } from '../../fakes/index.js';
import { testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';

let now = Date.UTC(2026, 7, 22, 10);
const opened: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function kuma(options: Parameters<typeof startFakeKuma>[0] = {}): Promise<FakeKuma> {
  const fake = await startFakeKuma(options);
  opened.push(fake);
  return fake;
}

async function portal(fake: FakeKuma | null): Promise<FastifyInstance> {
  const env: Record<string, string> = fake
    ? { UPTIME_KUMA_URL: fake.url, UPTIME_KUMA_SLUG: fake.slug }
    : {};
  const app = await testApp(
    { UPSTREAM_TIMEOUT_S: '1', ...env },
    { hostSource: new CountingHostSource(), now: () => now },
  );
  opened.push(app);
  return app;
}

function incident(overrides: Partial<KumaIncident>): KumaIncident {
  return {
    title: 'Router firmware',
    content: 'Five minutes without internet.',
    style: 'info',
    createdDate: '2026-08-21 07:00:00',
    lastUpdatedDate: null,
    ...overrides,
  };
}

describe('GET /api/incidents', () => {
  it('is configured exactly when status is, and asks nobody when it is not', async () => {
    const res = await (await portal(null)).inject('/api/incidents');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ configured: false, incidents: [] });
  });

  it('reads the 2.x list: the contract page pins the NAS disk replacement', async () => {
    const res = await (await portal(await kuma({ version: '2' }))).inject('/api/incidents');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Value.Errors(IncidentsReport, body)).toEqual([]);
    expect(body).toEqual({
      configured: true,
      incidents: [
        {
          title: 'NAS disk replacement',
          content: 'Media share is read-only while the array rebuilds.',
          style: 'warning',
          created_at: '2026-08-20T18:42:07.000Z',
          updated_at: null,
        },
      ],
      fetched_at: new Date(now).toISOString(),
      stale: false,
    });
  });

  it('reads the 1.23 single incident, and null as none', async () => {
    const fake = await kuma({ version: '1.23' });
    const app = await portal(fake);
    const first = (await app.inject('/api/incidents')).json();
    expect(first.incidents).toMatchObject([{ title: 'NAS disk replacement', style: 'warning' }]);

    fake.setIncidents([]);
    now += 60 * 60_000; // past the status TTL
    await vi.waitFor(async () => {
      expect((await app.inject('/api/incidents')).json()).toMatchObject({
        incidents: [],
        stale: false,
      });
    });
  });

  it('lists newest first, with times in ISO UTC and unknown styles as info', async () => {
    const fake = await kuma({
      version: '2',
      incidents: [
        incident({ title: 'Old', createdDate: '2026-08-19 08:00:00', style: 'danger' }),
        incident({
          title: 'New',
          createdDate: '2026-08-21 09:30:00',
          lastUpdatedDate: '2026-08-21 10:15:00.5',
          style: 'rainbow',
        }),
        incident({ title: 'Undated', createdDate: 'yesterday' }),
      ],
    });
    const body = (await (await portal(fake)).inject('/api/incidents')).json();
    expect(Value.Errors(IncidentsReport, body)).toEqual([]);
    expect(body.incidents).toEqual([
      {
        title: 'New',
        content: 'Five minutes without internet.',
        style: 'info',
        created_at: '2026-08-21T09:30:00.000Z',
        updated_at: '2026-08-21T10:15:00.500Z',
      },
      expect.objectContaining({ title: 'Old', style: 'danger' }),
      expect.objectContaining({ title: 'Undated', created_at: null }),
    ]);
  });

  it('keeps hostile text as capped data: no markup parsed, no bidi controls, no huge strings', async () => {
    const fake = await kuma({
      version: '2',
      incidents: [
        incident({
          title: '<img src=x onerror=alert(1)>\u202eevil',
          content: 'x'.repeat(50_000),
          style: '"><script>',
        }),
      ],
    });
    const app = await portal(fake);
    const res = await app.inject('/api/incidents');
    const [only] = res.json().incidents;
    expect(only.title).toBe('<img src=x onerror=alert(1)>evil');
    expect(only.content).toHaveLength(300);
    expect(only.content.endsWith('…')).toBe(true);
    expect(only.style).toBe('info');
  });

  it('skips entries that are not incidents, and refuses a page that is not a status page', async () => {
    const fake = await kuma({ version: '2' });
    fake.setDocuments(
      JSON.stringify({ publicGroupList: [], incidents: [null, 7, 'x', { title: 42 }] }),
      '{"heartbeatList":{},"uptimeList":{}}',
    );
    const app = await portal(fake);
    expect((await app.inject('/api/incidents')).json().incidents).toEqual([]);

    const broken = await kuma({ version: '2' });
    broken.setDocuments('{"incidents":[]}', '{}');
    const res = await (await portal(broken)).inject('/api/incidents');
    expect(res.statusCode).toBe(502);
    expect(Value.Check(ErrorEnvelope, res.json())).toBe(true);
    expect(res.json()).toMatchObject({ error: { code: 'upstream_invalid' } });
  });

  it('fails like every source: the 502 envelope with nothing cached, else the last answer, stale', async () => {
    const fake = await kuma({ version: '2' });
    await fake.setFault('500');
    const app = await portal(fake);
    const failed = await app.inject('/api/incidents');
    expect(failed.statusCode).toBe(502);
    expect(failed.headers['cache-control']).toBe('no-store');
    expect(failed.json()).toMatchObject({ error: { code: 'upstream_bad_status' } });

    await fake.setFault(null);
    now += 60 * 60_000; // past the retry delay
    const good = (await app.inject('/api/incidents')).json();
    expect(good).toMatchObject({ stale: false, incidents: [{ title: 'NAS disk replacement' }] });

    await fake.setFault('500');
    now += 60 * 60_000; // past the status TTL
    const stale = (await app.inject('/api/incidents')).json();
    expect(stale).toMatchObject({ stale: true, fetched_at: good.fetched_at });
    expect(stale.incidents).toEqual(good.incidents);
  });

  it('publishes an `incidents` stream event', async () => {
    const app = await portal(await kuma({ version: '2' }));
    const publish = vi.spyOn(app.hub, 'publish');
    await app.inject('/api/incidents');
    const [, json] = publish.mock.calls.find(([event]) => event === 'incidents') ?? [];
    expect(JSON.parse(json ?? '{}')).toMatchObject({ incidents: [{ style: 'warning' }] });
  });
});
