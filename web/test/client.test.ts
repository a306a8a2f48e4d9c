import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem, getJson } from '../src/api/client.js';
import { FakeNetwork, json } from './fakes.js';

describe('getJson', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('returns the parsed answer', async () => {
    const network = new FakeNetwork().route('/api/health', { ok: true });
    await expect(getJson('/api/health', { fetch: network.fetch })).resolves.toEqual({ ok: true });
  });

  it('carries the error envelope message and the status', async () => {
    const network = new FakeNetwork().route(
      '/api/weather',
      json({ error: { code: 'upstream', message: 'wttr.in is down' } }, 502),
    );
    const error = await getJson('/api/weather', { fetch: network.fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ kind: 'http', status: 502, message: 'wttr.in is down' });
  });

  it('names an answer without envelope by its status, and a non-JSON answer as invalid', async () => {
    const network = new FakeNetwork()
      .route('/a', () => new Response('<html>', { status: 500 }))
      .route('/b', () => new Response('<html>', { status: 200 }));
    await expect(getJson('/a', { fetch: network.fetch })).rejects.toMatchObject({
      kind: 'http',
      message: 'HTTP 500',
    });
    await expect(getJson('/b', { fetch: network.fetch })).rejects.toMatchObject({
      kind: 'invalid',
    });
  });

  it('reports no answer as offline, and gives up on a hanging request after its timeout', async () => {
    const network = new FakeNetwork()
      .route('/down', () => 'network-error' as const)
      .route('/hang', () => 'hang' as const);
    await expect(getJson('/down', { fetch: network.fetch })).rejects.toMatchObject({
      kind: 'offline',
      message: 'not reachable',
    });
    const hanging = getJson('/hang', { fetch: network.fetch, timeoutMs: 5_000 }).catch(
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await hanging).toMatchObject({ kind: 'offline', message: 'no answer in time' });
  });

  it('passes the caller abort through as an abort, not as a problem', async () => {
    const network = new FakeNetwork().route('/hang', () => 'hang' as const);
    const controller = new AbortController();
    const pending = getJson('/hang', { fetch: network.fetch, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    controller.abort();
    const error = await pending;
    expect(error).not.toBeInstanceOf(ApiProblem);
    expect((error as Error).name).toBe('AbortError');
  });
});
