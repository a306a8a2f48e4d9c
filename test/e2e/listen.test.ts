/**
 * `HOST` with several addresses, on the real entrypoint: the portal answers on each (nginx
 * on one, the peers over Tailscale on another), and an address that does not exist yet (a
 * Tailscale interface still coming up at boot) is retried while the others already serve.
 */
import { describe, expect, it, vi } from 'vitest';
import { startPortal } from '../support/portal-process.js';

describe('listening on several addresses', () => {
  it('answers on every HOST address with the same handlers', async () => {
    const portal = await startPortal({ env: { HOST: '127.0.0.1,127.0.0.2' } });
    try {
      for (const address of ['127.0.0.1', '127.0.0.2']) {
        const health = await fetch(`http://${address}:${portal.port}/api/health`);
        expect(health.status).toBe(200);
        // The fast path and the error envelope come with the twin server too.
        const metrics = await fetch(`http://${address}:${portal.port}/api/metrics`);
        expect(metrics.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const missing = await fetch(`http://${address}:${portal.port}/api/nope`);
        expect(missing.status).toBe(404);
        expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
      }
      expect(await portal.stop('SIGTERM')).toBe(0);
    } finally {
      await portal.stop('SIGKILL');
    }
  });

  it('serves on the first address while a later one cannot be bound yet, and says so', async () => {
    // A private address this machine does not have.
    const portal = await startPortal({ env: { HOST: '127.0.0.1,10.255.255.254' } });
    try {
      await vi.waitFor(
        () =>
          expect(portal.output(), 'the warning about 10.255.255.254').toMatch(
            /cannot listen on 10\.255\.255\.254:\d+ yet \(EADDRNOTAVAIL\)/,
          ),
        { timeout: 5_000, interval: 50 },
      );
      // A local-network address is taken, with one warning about who can reach what.
      expect(
        portal.output().match(/HOST 10\.255\.255\.254: a local-network address/g),
      ).toHaveLength(1);
      expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);
      expect(await portal.stop('SIGTERM')).toBe(0);
    } finally {
      await portal.stop('SIGKILL');
    }
  });

  it('refuses a wildcard or public address at start', async () => {
    await expect(startPortal({ env: { HOST: '0.0.0.0' } })).rejects.toThrow(
      /HOST="0\.0\.0\.0": expected loopback or private addresses only/,
    );
  });
});
