/**
 * The production front: Debian's real nginx running the repo's template (rendered as the
 * image renders it) in front of the real API process and a copy of the built web app.
 * Every promise the template makes is checked on the wire.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../api/src/security-headers.js';
import {
  renderTemplate,
  request,
  startNginx,
  templatePath,
  TEMPLATE_VARIABLES,
  type HttpAnswer,
  type NginxProcess,
} from '../support/nginx.js';
import { rawGet } from '../support/raw-http.js';
import { startFakes, type Fakes } from '../../fakes/index.js';
import { startPortal, webDist, type PortalProcess } from '../support/portal-process.js';
import { binary, canRun, nginxBinary } from '../support/requirements.js';

const enabled = canRun('nginx e2e', nginxBinary());

/** Each test speaks as its own visitor, so one test's requests never eat another's rate. */
let visitorCount = 0;
function visitor(): Record<string, string> {
  visitorCount += 1;
  return { 'cf-connecting-ip': `198.51.100.${visitorCount}` };
}

function expectSecurityHeaders(answer: HttpAnswer): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    // A duplicated header would read "a, a" here.
    expect(answer.headers[name], name).toBe(value);
  }
}

function expectEnvelope(answer: HttpAnswer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(answer.headers['cache-control']).toBe('no-store');
  const body = JSON.parse(answer.text) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expectSecurityHeaders(answer);
}

interface StreamChunk {
  at: number;
  text: string;
}

/** Opens /api/stream (with `query`, e.g. `?events=hosts`) through nginx; records every chunk. */
function openStream(
  url: string,
  headers: Record<string, string>,
  query = '',
): Promise<{ res: http.IncomingMessage; chunks: StreamChunk[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/api/stream${query}`, { headers, agent: false }, (res) => {
      const chunks: StreamChunk[] = [];
      res.setEncoding('utf8');
      res.on('data', (text: string) => chunks.push({ at: Date.now(), text }));
      res.on('error', () => undefined);
      resolve({ res, chunks, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

describe.skipIf(!enabled)('nginx in front of the portal', () => {
  let fakes: Fakes;
  let api: PortalProcess;
  let nginx: NginxProcess;
  let www: string;
  let hashedScript: string;
  let apiEnv: Record<string, string>;
  const settings = {
    LOG_LEVEL: 'info',
    WEB_ROOT: 'off',
    METRICS_INTERVAL_S: '0.5',
    STREAM_HEARTBEAT_S: '1',
  };

  beforeAll(async () => {
    if (!existsSync(path.join(webDist, 'index.html')))
      throw new Error('web/dist is missing: run `pnpm build` first');
    // A copy of the built app, plus what must never be served and a precompressed probe.
    www = mkdtempSync(path.join(os.tmpdir(), 'kitestacks-www-'));
    cpSync(webDist, www, { recursive: true });
    writeFileSync(path.join(www, '.env'), 'FORGEJO_TOKEN=do-not-serve-me\n');
    mkdirSync(path.join(www, '.git'));
    writeFileSync(path.join(www, '.git', 'config'), '[core]\n\tsecret = do-not-serve-me\n');
    writeFileSync(path.join(www, 'assets', '.hidden'), 'do-not-serve-me\n');
    writeFileSync(path.join(www, 'assets', 'probe.txt'), 'the plain file\n'.repeat(100));
    writeFileSync(
      path.join(www, 'assets', 'probe.txt.gz'),
      gzipSync('the precompressed file\n'.repeat(100)),
    );
    if (!existsSync(path.join(www, 'services.json')))
      writeFileSync(path.join(www, 'services.json'), '[]\n');
    const script = readdirSync(path.join(www, 'assets')).find((name) => name.endsWith('.js'));
    if (!script) throw new Error('web/dist/assets holds no script: run `pnpm build`');
    hashedScript = `/assets/${script}`;

    fakes = await startFakes();
    apiEnv = { ...settings, ...fakes.env };
    api = await startPortal({ env: apiEnv });
    nginx = await startNginx({ apiUpstream: `127.0.0.1:${api.port}`, webRoot: www });
  });

  afterAll(async () => {
    await nginx?.stop();
    await api?.stop();
    await fakes?.close();
    if (www) rmSync(www, { recursive: true, force: true });
  });

  describe('the template', () => {
    it('uses exactly the listed variables, all substituted', () => {
      const template = readFileSync(templatePath, 'utf8');
      const names = new Set(
        [...template.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g)].map((match) => match[1]),
      );
      expect([...names].sort()).toEqual([...TEMPLATE_VARIABLES].sort());
      expect(nginx.renderedConfig).not.toMatch(
        new RegExp(`\\$\\{|\\$(${TEMPLATE_VARIABLES.join('|')})`),
      );
      expect(nginx.renderedConfig).toContain(`root ${www};`);
      // The tunnel is the only trusted source: no address pool is believed wholesale.
      const directives = nginx.renderedConfig.replace(/#.*$/gm, '');
      expect(directives.match(/set_real_ip_from [^;]*;/g)).toEqual(['set_real_ip_from 127.0.0.1;']);
    });

    it('renders exactly as envsubst with the variable list does', (context) => {
      const envsubst = binary('envsubst', ['/usr/bin/envsubst']);
      if (!envsubst.ok) {
        console.warn(`[skipped] envsubst comparison: ${envsubst.reason}`);
        context.skip();
        return;
      }
      const values = {
        PORTAL_PORT: '8080',
        API_UPSTREAM: 'host.docker.internal:8000',
        WEB_ROOT: '/srv/www',
        REAL_IP_FROM: 'set_real_ip_from 172.18.0.0/16; set_real_ip_from fd00:1::/64;',
        CACHE_DIR: '/tmp/nginx/cache',
      };
      const template = readFileSync(templatePath, 'utf8');
      const expected = execFileSync(
        envsubst.path,
        [TEMPLATE_VARIABLES.map((name) => `\${${name}}`).join(' ')],
        {
          input: template,
          encoding: 'utf8',
          // Other variables set in the environment must not leak in (nginx's $host, $uri...).
          env: {
            ...values,
            host: 'evil',
            uri: 'evil',
            status: 'evil',
            PATH: process.env.PATH ?? '',
          },
        },
      );
      expect(renderTemplate(template, values)).toBe(expected);
    });

    it('sends the same Content-Security-Policy as the embedded server', async () => {
      const answer = await request(`${nginx.url}/`);
      expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
      expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    });
  });

  describe('the web app', () => {
    it('serves the page with the security headers, revalidated, without the version', async () => {
      const answer = await request(`${nginx.url}/`, { headers: visitor() });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.text).toBe(readFileSync(path.join(www, 'index.html'), 'utf8'));
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.headers.server).toBe('nginx');
      expectSecurityHeaders(answer);

      const missing = await request(`${nginx.url}/no-such-page`);
      expect(missing.status).toBe(404);
      expect(missing.text).not.toMatch(/nginx\/\d/);
      expectSecurityHeaders(missing);
    });

    it('answers index.html and services.json with validators and 304 on revalidation', async () => {
      for (const file of ['/index.html', '/services.json']) {
        const first = await request(`${nginx.url}${file}`);
        expect(first.status, file).toBe(200);
        expect(first.headers['cache-control'], file).toBe('no-cache');
        const etag = first.headers.etag ?? '';
        expect(etag, file).toMatch(/^"[^"]+"$/);
        const again = await request(`${nginx.url}${file}`, { headers: { 'if-none-match': etag } });
        expect(again.status, file).toBe(304);
      }
    });

    it('marks hashed assets immutable for a year and serves them gzipped', async () => {
      const plain = await request(`${nginx.url}${hashedScript}`);
      expect(plain.status).toBe(200);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['content-type']).toMatch(/javascript/);
      expectSecurityHeaders(plain);

      const zipped = await request(`${nginx.url}${hashedScript}`, {
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toMatch(/accept-encoding/i);
      expect(zipped.body.length).toBeLessThan(plain.body.length);
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    });

    it('sends a precompressed .gz as it is when the client takes gzip', async () => {
      const zipped = await request(`${nginx.url}/assets/probe.txt`, {
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.body).toString()).toContain('the precompressed file');
      const plain = await request(`${nginx.url}/assets/probe.txt`);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.text).toContain('the plain file');
    });

    it('refuses dotfiles anywhere under the web root', async () => {
      for (const target of [
        '/.env',
        '/.git/config',
        '/.git/',
        '/assets/.hidden',
        '/assets/%2eenv/../.hidden',
      ]) {
        const answer = await request(`${nginx.url}${target}`);
        expect(answer.status, target).toBe(404);
        expect(answer.text, target).not.toContain('do-not-serve-me');
      }
    });

    it('refuses path traversal out of the web root', async () => {
      const targets = [
        '/../../../../etc/passwd',
        '/assets/../../../../etc/passwd',
        '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
        '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd',
        '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
        '/..%5c..%5c..%5cetc%5cpasswd',
      ];
      for (const target of targets) {
        const answer = await rawGet(nginx.port, target);
        expect([400, 404], target).toContain(answer.status);
        expect(answer.raw, target).not.toMatch(/root:.*:0:0:/);
      }
    });

    it('answers methods other than GET and HEAD with a 405 page naming GET and HEAD', async () => {
      const post = await request(`${nginx.url}/`, {
        method: 'POST',
        body: 'x',
        headers: visitor(),
      });
      expect(post.status).toBe(405);
      expect(post.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(post.text).toContain('Only GET and HEAD are allowed');
      expect(post.headers.allow).toBe('GET, HEAD');
      expectSecurityHeaders(post);
    });

    it('answers its own health location', async () => {
      const answer = await request(`${nginx.url}/nginx-health`);
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('ok\n');
    });
  });

  describe('the API behind it', () => {
    it('passes answers through with the security headers sent once', async () => {
      const health = await request(`${nginx.url}/api/health`, { headers: visitor() });
      expect(health.status).toBe(200);
      expect(health.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(health.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(health.text)).toMatchObject({ ok: true });
      expectSecurityHeaders(health);

      const head = await request(`${nginx.url}/api/health`, { method: 'HEAD', headers: visitor() });
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);

      // The API's own envelopes are not rewritten by nginx.
      const unknown = await request(`${nginx.url}/api/nope`, { headers: visitor() });
      expectEnvelope(unknown, 404, 'not_found');
      const badQuery = await request(`${nginx.url}/api/health?x=1`, { headers: visitor() });
      expectEnvelope(badQuery, 400, 'bad_request');
    });

    it('passes every endpoint through, tokens never included', async () => {
      for (const endpoint of ['/api/metrics', '/api/weather', '/api/activity', '/api/status']) {
        const answer = await request(`${nginx.url}${endpoint}`, { headers: visitor() });
        expect(answer.status, endpoint).toBe(200);
        expect(answer.headers['content-type'], endpoint).toBe('application/json; charset=utf-8');
        expectSecurityHeaders(answer);
        if (endpoint !== '/api/metrics')
          expect(JSON.parse(answer.text), endpoint).toMatchObject({ configured: true });
        if (fakes.forgejo.token) expect(answer.text, endpoint).not.toContain(fakes.forgejo.token);
      }
    });

    it('compresses JSON answers', async () => {
      const answer = await request(`${nginx.url}/api/metrics`, {
        headers: { ...visitor(), 'accept-encoding': 'gzip' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(answer.body).toString())).toHaveProperty('cpu');
    });

    it('answers other methods with a 405 envelope naming GET and HEAD', async () => {
      for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
        const answer = await request(`${nginx.url}/api/health`, { method, headers: visitor() });
        expectEnvelope(answer, 405, 'method_not_allowed');
        expect(answer.headers.allow, method).toBe('GET, HEAD');
      }
    });

    it('answers a body over 1 KB with a 413 envelope', async () => {
      const answer = await request(`${nginx.url}/api/health`, {
        headers: { ...visitor(), 'content-type': 'application/json' },
        body: 'x'.repeat(4096),
      });
      expectEnvelope(answer, 413, 'payload_too_large');
      // Without a length up front, the limit holds while the body streams in.
      const chunked = await request(`${nginx.url}/api/health`, {
        headers: { ...visitor(), 'transfer-encoding': 'chunked' },
        body: 'x'.repeat(4096),
      });
      expectEnvelope(chunked, 413, 'payload_too_large');
    });

    it.each(['/api/metrics', '/api/hosts'])(
      'holds %s for the rest of the second, and no longer',
      async (path) => {
        // This host's sample: the whole answer for metrics, the first host's for hosts.
        const sampledAt = (answer: HttpAnswer) => {
          const body = JSON.parse(answer.text) as {
            sampled_at?: string;
            hosts?: { metrics: { sampled_at: string } }[];
          };
          return body.sampled_at ?? body.hosts?.[0]?.metrics.sampled_at ?? '';
        };
        // The API samples every 0.5 s: asked directly over most of a second, it changes.
        const spread = async (url: string) => {
          while (Date.now() % 1000 > 100) await new Promise((resolve) => setTimeout(resolve, 5));
          const second = Math.floor(Date.now() / 1000);
          const seen = new Set<string>();
          while (Date.now() % 1000 < 850 && Math.floor(Date.now() / 1000) === second) {
            const answer = await request(url, {
              headers: { 'cf-connecting-ip': '198.51.100.250' },
            });
            expect(answer.status).toBe(200);
            // For shared caches until the next sample (at least 1 s), for browsers never.
            expect(answer.headers['cache-control']).toMatch(/^public, max-age=0, s-maxage=\d+$/);
            expect(answer.headers.age).toMatch(/^\d+$/);
            seen.add(sampledAt(answer));
            await new Promise((resolve) => setTimeout(resolve, 60));
          }
          return seen;
        };
        expect((await spread(`${api.url}${path}`)).size).toBeGreaterThan(1);
        // Through nginx: one answer for the whole second, its headers as the API sent them.
        expect((await spread(`${nginx.url}${path}`)).size).toBe(1);

        // Never older than the sampling interval, plus under 1 s in nginx, plus the time a
        // reading takes: checked on every answer of several pollers for three seconds.
        const intervalMs = Number(settings.METRICS_INTERVAL_S) * 1000;
        let worst = 0;
        let answers = 0;
        const deadline = Date.now() + 3000;
        await Promise.all(
          Array.from({ length: 4 }, async (_, poller) => {
            while (Date.now() < deadline) {
              const answer = await request(`${nginx.url}${path}`, {
                // A /64 of its own each time: this measures the cache, not the rate limit.
                headers: { 'cf-connecting-ip': `2001:db8:${poller}:${answers.toString(16)}::1` },
              });
              expect(answer.status).toBe(200);
              worst = Math.max(worst, Date.now() - Date.parse(sampledAt(answer)));
              answers += 1;
              await new Promise((resolve) => setTimeout(resolve, 20 + poller * 37));
            }
          }),
        );
        console.info(`${path} through nginx: ${answers} answers, oldest ${worst} ms`);
        expect(worst).toBeLessThan(intervalMs + 1000 + 300);

        // Anything with a query is the API's to refuse, never a cached 200.
        const query = await request(`${nginx.url}${path}?fresh=1`, { headers: visitor() });
        expectEnvelope(query, 400, 'bad_request');
      },
    );

    it('passes the stream through unbuffered: events and heartbeats arrive one by one', async () => {
      const stream = await openStream(nginx.url, visitor());
      try {
        expect(stream.res.statusCode).toBe(200);
        expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        expect(stream.res.headers['content-encoding']).toBeUndefined();
        expect(stream.res.headers['x-accel-buffering']).toBeUndefined();
        expectSecurityHeaders({
          status: 200,
          headers: stream.res.headers,
          body: Buffer.alloc(0),
          text: '',
        });
        const count = (pattern: RegExp) =>
          stream.chunks.filter((chunk) => pattern.test(chunk.text)).length;
        // A 13-byte heartbeat comment would sit in a proxy buffer forever: seeing them
        // arrive on their own proves nothing holds the stream back.
        await vi.waitFor(
          () => {
            const seen = {
              metrics: count(/^event: metrics$/m),
              heartbeats: count(/^: heartbeat$/m),
            };
            expect(seen.metrics, '4 metrics events').toBeGreaterThanOrEqual(4);
            expect(seen.heartbeats, '2 heartbeats').toBeGreaterThanOrEqual(2);
          },
          { timeout: 15_000, interval: 25 },
        );
        const lone = stream.chunks.filter((chunk) => chunk.text === ': heartbeat\n\n');
        expect(lone.length).toBeGreaterThanOrEqual(2);
        // Metrics are published 0.5 s apart: a buffering proxy would hand several over in
        // one chunk; passed through, each arrives on its own.
        expect(
          stream.chunks.every(
            (chunk) => (chunk.text.match(/^event: metrics$/gm) ?? []).length <= 1,
          ),
        ).toBe(true);
      } finally {
        stream.close();
      }
    });

    it("passes the stream's events parameter to the API: only the events asked for arrive", async () => {
      const stream = await openStream(nginx.url, visitor(), '?events=hosts');
      try {
        expect(stream.res.statusCode).toBe(200);
        const all = () => stream.chunks.map((chunk) => chunk.text).join('');
        await vi.waitFor(
          () => expect(all().match(/^event: hosts$/gm)?.length ?? 0).toBeGreaterThanOrEqual(3),
          { timeout: 15_000, interval: 25 },
        );
        expect(
          all()
            .match(/^event: .*$/gm)
            ?.every((line) => line === 'event: hosts'),
        ).toBe(true);
      } finally {
        stream.close();
      }
      const unknown = await request(`${nginx.url}/api/stream?events=hosts,nope`, {
        headers: visitor(),
      });
      expectEnvelope(unknown, 400, 'bad_request');
      expect(JSON.parse(unknown.text).error.message).toMatch(/Unknown event "nope"/);
    });

    it('limits open streams per visitor with a 503 envelope', async () => {
      const who = visitor();
      const streams = [];
      try {
        for (let i = 0; i < 10; i += 1) {
          const stream = await openStream(nginx.url, who);
          streams.push(stream);
          expect(stream.res.statusCode).toBe(200);
        }
        const extra = await request(`${nginx.url}/api/stream`, { headers: who });
        expectEnvelope(extra, 503, 'too_many_streams');
        expect(extra.headers['retry-after']).toBe('30');
        // Another visitor is not affected.
        const other = await openStream(nginx.url, visitor());
        streams.push(other);
        expect(other.res.statusCode).toBe(200);
      } finally {
        for (const stream of streams) stream.close();
      }
    });

    it('rate-limits each visitor with a 429 envelope, leaving others alone', async () => {
      const flooder = visitor();
      const answers: HttpAnswer[] = [];
      // 150 requests, 15 at a time: far past the burst of 60, bounded in count.
      for (let round = 0; round < 10; round += 1) {
        answers.push(
          ...(await Promise.all(
            Array.from({ length: 15 }, () =>
              request(`${nginx.url}/api/health`, { headers: flooder }),
            ),
          )),
        );
      }
      const limited = answers.filter((answer) => answer.status === 429);
      expect(answers.every((answer) => answer.status === 200 || answer.status === 429)).toBe(true);
      const first = limited[0];
      if (!first) throw new Error('150 requests in a row were never limited');
      expectEnvelope(first, 429, 'rate_limited');
      expect(first.headers['retry-after']).toBe('5');

      const bystander = await request(`${nginx.url}/api/health`, { headers: visitor() });
      expect(bystander.status).toBe(200);
      // Pages are not rate-limited.
      const page = await request(`${nginx.url}/`, { headers: flooder });
      expect(page.status).toBe(200);
    });

    it('believes CF-Connecting-IP from the tunnel network only', async () => {
      await request(`${nginx.url}/?trusted`, { headers: { 'cf-connecting-ip': '203.0.113.7' } });
      // 127.0.0.2 is on the loopback but not in set_real_ip_from: its header is a forgery.
      const forged: HttpAnswer[] = [];
      for (let round = 0; round < 10; round += 1) {
        forged.push(
          ...(await Promise.all(
            Array.from({ length: 15 }, (_, i) =>
              request(`${nginx.url}/api/health`, {
                localAddress: '127.0.0.2',
                headers: { 'cf-connecting-ip': `203.0.113.${100 + round * 15 + i}` },
              }),
            ),
          )),
        );
      }
      // Changing the header every time does not escape the limit: the key is 127.0.0.2.
      expect(forged.some((answer) => answer.status === 429)).toBe(true);
      const lines = nginx.accessLog().split('\n');
      expect(
        lines.filter((line) => line.startsWith('203.0.113.7 ') && line.includes('GET /?trusted ')),
      ).toHaveLength(1);
      expect(lines.filter((line) => line.startsWith('127.0.0.2 ')).length).toBe(150);
      expect(lines.filter((line) => /^203\.0\.113\.(1\d\d|2[0-4]\d) /.test(line))).toEqual([]);
    });

    it('keys IPv6 visitors by their /64: new addresses in one prefix share one bucket', async () => {
      // One visitor owns a whole /64: 150 addresses in it, sent through the tunnel (the
      // trusted loopback), written in every form nginx must read the same way.
      const forms = (i: number) =>
        [
          `2001:db8:64:7::${i.toString(16)}`,
          `2001:db8:64:7:${i.toString(16)}::1`,
          `2001:0db8:0064:0007:ffff:${i.toString(16)}:0:1`,
          `2001:DB8:64:7:0:0:${i.toString(16)}:2`,
        ][i % 4] ?? '';
      const answers: HttpAnswer[] = [];
      const started = Date.now();
      for (let round = 0; round < 10; round += 1) {
        answers.push(
          ...(await Promise.all(
            Array.from({ length: 15 }, (_, i) =>
              request(`${nginx.url}/api/health`, {
                headers: { 'cf-connecting-ip': forms(round * 15 + i + 1) },
              }),
            ),
          )),
        );
      }
      const elapsedS = (Date.now() - started) / 1000;
      const passed = answers.filter((answer) => answer.status === 200).length;
      console.info(`one /64, 150 addresses in ${elapsedS} s: ${passed} × 200`);
      expect(answers.every((answer) => answer.status === 200 || answer.status === 429)).toBe(true);
      // One bucket: the burst of 60, the first request, and what 10 r/s refills meanwhile.
      expect(passed).toBeLessThanOrEqual(61 + Math.ceil(10 * elapsedS));

      // The next /64 over is another visitor, and IPv4 stays per address.
      const neighbour = await request(`${nginx.url}/api/health`, {
        headers: { 'cf-connecting-ip': '2001:db8:64:8::1' },
      });
      expect(neighbour.status).toBe(200);
      const ipv4 = await request(`${nginx.url}/api/health`, { headers: visitor() });
      expect(ipv4.status).toBe(200);
    });
  });

  // Last: these stop and replace the API.
  describe('when the API fails', () => {
    it('answers a 502 envelope at once while the page still serves', async () => {
      const port = api.port;
      const who = visitor();
      expect((await request(`${nginx.url}/api/metrics`, { headers: who })).status).toBe(200);
      expect((await request(`${nginx.url}/api/health`, { headers: who })).status).toBe(200);
      await api.stop('SIGKILL');
      const stopped = Date.now();
      // Health is never cached: it tells at once.
      const broken = await request(`${nginx.url}/api/health`, { headers: who });
      expectEnvelope(broken, 502, 'api_unavailable');
      // A held copy of the metrics outlives the API by less than a second.
      const metrics = await vi.waitFor(
        async () => {
          const answer = await request(`${nginx.url}/api/metrics`, { headers: who });
          expect(answer.status, 'the held copy of the metrics to expire').not.toBe(200);
          return answer;
        },
        { timeout: 3_000, interval: 50 },
      );
      expectEnvelope(metrics, 502, 'api_unavailable');
      expect(Date.now() - stopped).toBeLessThan(1000 + 200);
      const page = await request(`${nginx.url}/`);
      expect(page.status).toBe(200);
      const script = await request(`${nginx.url}${hashedScript}`);
      expect(script.status).toBe(200);

      // A 504 after proxy_read_timeout when the API accepts but never answers.
      const hung = new Set<Socket>();
      const silent: Server = createServer((socket) => {
        hung.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
      try {
        const slow = await request(`${nginx.url}/api/metrics`, { headers: visitor() });
        expectEnvelope(slow, 504, 'api_timeout');
      } finally {
        for (const socket of hung) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }

      // The API back on the same port: nginx goes through again with no reload.
      api = await startPortal({ env: apiEnv, port });
      const back = await request(`${nginx.url}/api/health`, { headers: visitor() });
      expect(back.status).toBe(200);
    });
  });
});
