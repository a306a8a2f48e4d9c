/** Embedded mode: the built web app served by the API process with nginx's cache rules. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingHostSource } from './helpers/fake-host.js';
import { testApp } from './helpers/app.js';

let app: FastifyInstance;

beforeAll(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kite-web-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>KiteStacks</title>');
  writeFileSync(path.join(root, 'services.json'), '{"services":[]}');
  writeFileSync(path.join(root, 'assets', 'index-AbCd1234.js'), 'console.log(1)');
  writeFileSync(path.join(root, '.env'), 'FORGEJO_TOKEN=secret');
  app = await testApp({ WEB_ROOT: root }, { hostSource: new CountingHostSource() });
});
afterAll(() => app.close());

describe('embedded web app', () => {
  it('serves index.html at / and asks browsers to revalidate it', async () => {
    const res = await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('KiteStacks');
  });

  it('revalidates services.json so edits show without a rebuild', async () => {
    const res = await app.inject('/services.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('caches hashed assets for a year, immutable', async () => {
    const res = await app.inject('/assets/index-AbCd1234.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('never serves dotfiles or escapes the folder', async () => {
    for (const url of [
      '/.env',
      '/assets/../.env',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc/passwd',
    ]) {
      const res = await app.inject(url);
      expect([403, 404]).toContain(res.statusCode);
      expect(res.json().error.code).toMatch(/^(forbidden|not_found)$/);
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toContain('root:');
    }
  });

  it('keeps the API routes and its 404 envelope beside the static files', async () => {
    expect((await app.inject('/api/health')).statusCode).toBe(200);
    const missing = await app.inject('/api/missing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const missingFile = await app.inject('/nothing-here.png');
    expect(missingFile.statusCode).toBe(404);
    expect(missingFile.json().error.code).toBe('not_found');
  });
});

describe('SERVICES_FILE', () => {
  it("serves the operator's own list in place of the built one, and an edit shows at once", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'kite-web-'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>KiteStacks</title>');
    writeFileSync(path.join(root, 'services.json'), '{"services":[{"name":"Built"}]}');
    const own = path.join(mkdtempSync(path.join(os.tmpdir(), 'kite-own-')), 'services.json');
    writeFileSync(own, '{"services":[{"name":"Mine"}]}');
    const portal = await testApp(
      { WEB_ROOT: root, SERVICES_FILE: own },
      { hostSource: new CountingHostSource() },
    );
    try {
      const first = await portal.inject('/services.json');
      expect(first.statusCode).toBe(200);
      expect(first.headers['cache-control']).toBe('no-cache');
      expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(first.json()).toEqual({ services: [{ name: 'Mine' }] });
      writeFileSync(own, '{"services":[{"name":"Edited"}]}');
      expect((await portal.inject('/services.json')).json()).toEqual({
        services: [{ name: 'Edited' }],
      });
    } finally {
      await portal.close();
    }
  });

  it('refuses an unreadable file at start, naming the variable', async () => {
    await expect(testApp({ SERVICES_FILE: '/nonexistent/services.json' })).rejects.toThrow(
      /^SERVICES_FILE="\/nonexistent\/services\.json": expected a readable regular file/,
    );
  });
});
