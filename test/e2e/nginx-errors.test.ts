/**
 * What nginx itself answers when a request fails before, or instead of, the API: under
 * /api/ the API's JSON envelope, whatever the failure (a URI that does not parse, headers
 * too large, a request line too long, an unknown method or transfer coding); elsewhere a
 * small page in the portal's style that loads under the strict Content-Security-Policy.
 * Each request is written byte for byte on a socket, as a client that breaks the rules would.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../api/src/security-headers.js';
import { launchChromium } from '../support/chromium.js';
import { request, startNginx, type NginxProcess } from '../support/nginx.js';
import { rawRequest } from '../support/raw-http.js';
import { startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { canRun, chromiumBinary, nginxBinary } from '../support/requirements.js';

const enabled = canRun('nginx errors e2e', nginxBinary());

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `head` (and an optional body) as is and reads the whole answer. */
async function raw(port: number, head: string, body = ''): Promise<RawAnswer> {
  // Written, not half-closed: nginx takes a client that shuts its side as gone (499).
  const answer = await rawRequest(port, head + body, { head: head.startsWith('HEAD ') });
  if (!answer) throw new Error('the connection closed without an answer');
  const headers: Record<string, string> = {};
  // A header sent twice reads "a, a" here.
  for (const [name, value] of answer.headers)
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  return { status: answer.status, headers, body: answer.body.toString('latin1') };
}

const get = (target: string, extra = '') =>
  `GET ${target} HTTP/1.1\r\nHost: portal.test\r\n${extra}Connection: close\r\n\r\n`;

function expectSecurityHeaders(answer: { headers: Record<string, string | string[] | undefined> }) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(answer.headers[name], name).toBe(value);
  }
}

function expectEnvelope(answer: RawAnswer, status: number, code: string): void {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(answer.headers['cache-control']).toBe('no-store');
  const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(answer.body).not.toMatch(/<html|nginx/i);
  expectSecurityHeaders(answer);
}

function expectPage(answer: RawAnswer, status: number, words: RegExp): void {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.body).toMatch(/^<!doctype html>/);
  expect(answer.body).toContain(`<p class="status">${status}</p>`);
  expect(answer.body).toMatch(words);
  expect(answer.body).toContain('<link rel="stylesheet" href="/nginx-error.css">');
  // Nothing the Content-Security-Policy would block, and nothing that names the server.
  expect(answer.body).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=|nginx\//i);
  expectSecurityHeaders(answer);
}

describe.skipIf(!enabled)("nginx's own errors", () => {
  let api: PortalProcess;
  let nginx: NginxProcess;

  beforeAll(async () => {
    if (!existsSync(`${webDist}/index.html`))
      throw new Error('web/dist is missing: run `pnpm build` first');
    api = await startPortal({ env: { WEB_ROOT: 'off', METRICS_INTERVAL_S: '0.5' } });
    nginx = await startNginx({ apiUpstream: `127.0.0.1:${api.port}`, webRoot: webDist });
  });

  afterAll(async () => {
    await nginx?.stop();
    await api?.stop();
  });

  describe('under /api/: the JSON envelope', () => {
    it('a URI that does not parse (an encoded NUL) is a 400 envelope', async () => {
      expectEnvelope(await raw(nginx.port, get('/api/health%00')), 400, 'bad_request');
      expectEnvelope(await raw(nginx.port, get('/api/metrics%00.json')), 400, 'bad_request');
    });

    it('an 80 KB header is a 431 envelope', async () => {
      const answer = await raw(
        nginx.port,
        get('/api/health', `X-Big: ${'a'.repeat(80 * 1024)}\r\n`),
      );
      expectEnvelope(answer, 431, 'headers_too_large');
    });

    it('many headers that add up past the buffers are a 431 envelope', async () => {
      const many = Array.from({ length: 40 }, (_, i) => `X-Many-${i}: ${'b'.repeat(4000)}\r\n`);
      expectEnvelope(
        await raw(nginx.port, get('/api/health', many.join(''))),
        431,
        'headers_too_large',
      );
    });

    it('a request line too long is a 414 envelope', async () => {
      const answer = await raw(nginx.port, get(`/api/health?${'x'.repeat(16 * 1024)}`));
      expectEnvelope(answer, 414, 'uri_too_long');
    });

    it('methods nginx does not know, or will not pass, are 405 envelopes', async () => {
      for (const method of ['FOO', 'PROPFIND', 'TRACE', 'CONNECT']) {
        const target = method === 'CONNECT' ? '/api/health' : '/api/health';
        const answer = await raw(
          nginx.port,
          `${method} ${target} HTTP/1.1\r\nHost: portal.test\r\nConnection: close\r\n\r\n`,
        );
        expect([400, 405], method).toContain(answer.status);
        expectEnvelope(
          answer,
          answer.status,
          answer.status === 405 ? 'method_not_allowed' : 'bad_request',
        );
      }
    });

    it('a transfer coding nginx does not implement is a 501 envelope', async () => {
      const answer = await raw(nginx.port, get('/api/health', 'Transfer-Encoding: gzip\r\n'));
      expectEnvelope(answer, 501, 'not_implemented');
    });

    it('malformed framing (two Content-Lengths, a bad Host) is a 400 envelope', async () => {
      const twice = await raw(
        nginx.port,
        get('/api/health', 'Content-Length: 1\r\nContent-Length: 2\r\n'),
        'xx',
      );
      expectEnvelope(twice, 400, 'bad_request');
      const badHost = await raw(
        nginx.port,
        'GET /api/health HTTP/1.1\r\nHost: a/b\r\nConnection: close\r\n\r\n',
      );
      expectEnvelope(badHost, 400, 'bad_request');
    });

    it('an HTTP version nginx does not speak is a 505 envelope', async () => {
      const answer = await raw(
        nginx.port,
        'GET /api/health HTTP/2.0\r\nHost: portal.test\r\nConnection: close\r\n\r\n',
      );
      expectEnvelope(answer, 505, 'http_version_not_supported');
    });

    it('a HEAD that fails carries the headers and no body', async () => {
      const answer = await raw(
        nginx.port,
        'HEAD /api/health%00 HTTP/1.1\r\nHost: portal.test\r\nConnection: close\r\n\r\n',
      );
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(answer.body).toBe('');
    });

    it("leaves the API's own errors alone", async () => {
      const answer = await raw(nginx.port, get('/api/nope'));
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'not_found' } });
    });

    it('the error locations cannot be asked for directly', async () => {
      for (const target of ['/nginx-error/api', '/nginx-error/page']) {
        const answer = await raw(nginx.port, get(target));
        expectPage(answer, 404, /Page not found/);
      }
    });
  });

  describe('elsewhere: a page in the portal style', () => {
    it('a missing page is a 404 page', async () => {
      expectPage(await raw(nginx.port, get('/no-such-page')), 404, /Page not found/);
    });

    it('a folder without an index is a 403 page', async () => {
      expectPage(await raw(nginx.port, get('/assets/')), 403, /not allowed/);
    });

    it('a URI that does not parse and an 80 KB header get pages too', async () => {
      expectPage(await raw(nginx.port, get('/index.html%00')), 400, /could not be understood/);
      expectPage(
        await raw(nginx.port, get('/', `Cookie: ${'c'.repeat(80 * 1024)}\r\n`)),
        431,
        /headers are too large/,
      );
      expectPage(await raw(nginx.port, get(`/${'y'.repeat(16 * 1024)}`)), 414, /too long/);
    });

    it('a range past the end of a file is a 416 page', async () => {
      const answer = await raw(nginx.port, get('/index.html', 'Range: bytes=99999999-\r\n'));
      // (nginx's range filter sends the headers of the file it refused as well: checked for
      // the status and the page only.)
      expect(answer.status).toBe(416);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.body).toContain('<p class="status">416</p>');
      expect(answer.body).toContain('not in the file');
    });

    it('its stylesheet is served, same origin, revalidated', async () => {
      const css = await request(`${nginx.url}/nginx-error.css`);
      expect(css.status).toBe(200);
      expect(css.headers['content-type']).toBe('text/css');
      expect(css.headers['cache-control']).toBe('no-cache');
      expect(css.text).toContain('#05050b');
      expect(css.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    });

    it.skipIf(!chromiumBinary().ok)(
      'renders styled in Chromium without a single CSP violation',
      async () => {
        const launched = await launchChromium();
        try {
          const page = await launched.browser.newPage();
          const problems: string[] = [];
          page.on('console', (message) => {
            if (message.type() === 'error' && !/404/.test(message.text()))
              problems.push(message.text());
          });
          await page.addInitScript(`
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', (event) => {
              window.__csp.push(event.violatedDirective + ' ' + event.blockedURI);
            });
          `);
          const response = await page.goto(`${nginx.url}/no-such-page`);
          expect(response?.status()).toBe(404);
          await page.waitForLoadState('load');
          const seen = await page.evaluate(() => ({
            csp: (window as unknown as { __csp: string[] }).__csp,
            background: getComputedStyle(document.documentElement).backgroundColor,
            title: document.title,
            heading: document.querySelector('h1')?.textContent,
            link: document.querySelector('a')?.getAttribute('href'),
          }));
          expect(seen.csp).toEqual([]);
          expect(problems).toEqual([]);
          // The stylesheet applied: the portal's dark background, not the browser's white.
          expect(seen.background).toBe('rgb(5, 5, 11)');
          expect(seen.title).toBe('404 · KiteStacks');
          expect(seen.heading).toBe('Page not found');
          expect(seen.link).toBe('/');
        } finally {
          await launched.close();
        }
      },
    );
  });
});
