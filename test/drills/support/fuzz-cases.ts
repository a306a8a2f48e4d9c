/**
 * Generates hostile HTTP requests from a seeded PRNG: odd methods, mangled paths and query
 * strings, junk headers and bodies — and, for a share of them, bytes that are not valid
 * HTTP at all. Every injection attempt carries the same marker, so a reflected header is
 * easy to spot in any answer.
 */
import type { Prng } from '../../../fakes/prng.js';

export const INJECTED_HEADER = 'x-drill-injected';

export interface FuzzCase {
  id: number;
  /** What was sent, readably (for failure messages). */
  summary: string;
  bytes: Buffer;
  /** The path the request aimed at (decides whether the envelope is owed). */
  path: string;
  method: string;
  malformed: boolean;
}

export const ENDPOINTS = [
  '/api/health',
  '/api/metrics',
  '/api/stream',
  '/api/weather',
  '/api/activity',
  '/api/status',
  '/api/hosts',
  '/api/history',
  '/',
] as const;

const ODD_PATHS = [
  // Folders: the static server redirects them to a trailing slash, keeping the query.
  '/icons',
  '/assets',
  '/index.html',
  '/services.json',
  '/assets/missing-abc123.js',
  '/api',
  '/api/',
  '/api/nope',
  '/nope',
  '/api/metrics/',
  '/API/METRICS',
  '/api/metrics.json',
  '/api//metrics',
  '/api/./metrics',
  '/api/../api/metrics',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2fetc/passwd',
  '/.env',
  '/.git/config',
  '/api/metrics%00',
  '/api/health;jsessionid=1',
  '/api/%61ctivity',
  '/api/stream/../metrics',
  '//api/health',
  '/api/health/',
];

const METHODS = [
  'GET',
  'GET',
  'GET',
  'HEAD',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'SEARCH',
  'FOO',
];

/** CRLF in its usual disguises: percent-encoded, bare LF, and the UTF-16 pair Node once truncated to CR LF. */
const INJECTIONS = [
  '%0d%0aX-Drill-Injected:%20yes',
  '%0aX-Drill-Injected:yes',
  '%0D%0AX-Drill-Injected%3A%20yes',
  '%E5%98%8D%E5%98%8AX-Drill-Injected:%20yes',
  '%0d%0a%0d%0a<html>X-Drill-Injected',
];

const QUERY_VALUES = [
  '10',
  '1',
  '50',
  '0',
  '-1',
  '51',
  '1e3',
  '0x10',
  'abc',
  '',
  '1.5',
  '%205',
  '99999999999999999999999',
  'null',
  '[]',
  '%00',
  '%ff%fe',
  'true',
];
const QUERY_NAMES = [
  'limit',
  'limit',
  'location',
  'q',
  'token',
  'access_token',
  '__proto__',
  'constructor',
  'a[]',
  'x[y]',
  'format',
  'callback',
  '',
];

const HEADER_CHOICES: ((prng: Prng) => [string, string])[] = [
  (prng) => [
    'accept',
    prng.pick(['*/*', 'application/json', 'text/event-stream', 'text/html', 'x/y;q=abc', '']),
  ],
  (prng) => [
    'accept-encoding',
    prng.pick(['gzip', 'br', 'gzip, deflate, br', 'identity;q=0', '*;q=0', 'zstd', 'x']),
  ],
  (prng) => [
    'content-type',
    prng.pick([
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      ';;;',
      'application/json; charset=utf-99',
    ]),
  ],
  (prng) => [
    'x-forwarded-for',
    prng.pick([
      '1.2.3.4',
      'not-an-ip',
      '1.2.3.4, 5.6.7.8, unknown',
      '::1',
      '999.999.999.999',
      '',
      ','.repeat(50),
    ]),
  ],
  (prng) => ['cf-connecting-ip', prng.pick(['203.0.113.9', 'garbage', '::ffff:1.2.3.4'])],
  (prng) => [
    'range',
    prng.pick([
      'bytes=0-10',
      'bytes=-5',
      'bytes=999999-',
      'bytes=5-1',
      'lines=1-2',
      'bytes=0-1,2-3,4-5',
    ]),
  ],
  (prng) => ['if-none-match', prng.pick(['*', '"abc"', 'W/"x"', 'garbage'])],
  (prng) => [
    'if-modified-since',
    prng.pick(['Thu, 01 Jan 1970 00:00:00 GMT', 'yesterday', 'Sat, 01 Jan 2100 00:00:00 GMT']),
  ],
  (prng) => [
    'host',
    prng.pick(['localhost', '', 'evil.example', 'a'.repeat(300), '[::1]:99999', 'localhost:abc']),
  ],
  (prng) => ['cookie', prng.pick(['a=b', 'session=' + 'x'.repeat(500), ';;;=='])],
  (prng) => ['authorization', prng.pick(['Bearer abc', 'Basic Zm9vOmJhcg==', 'token '])],
  (prng) => ['origin', prng.pick(['https://evil.example', 'null'])],
  (prng) => [
    'user-agent',
    prng.string('abcdefghijklmnopqrstuvwxyz0123456789 /;()', prng.int(0, 400)),
  ],
  (prng) => ['last-event-id', prng.pick(['1', '-1', 'x'.repeat(200)])],
  (prng) => ['connection', prng.pick(['close', 'keep-alive, close', 'upgrade', 'x-custom'])],
  (prng) => ['upgrade', prng.pick(['websocket', 'h2c', 'garbage'])],
  (prng) => ['expect', prng.pick(['100-continue', 'nonsense'])],
  (prng) => [
    'x-' + prng.string('abcdefghijklmnopqrstuvwxyz-', prng.int(1, 20)),
    prng.string('abcdefghijklmnopqrstuvwxyz0123456789!#$%&*+.^_`|~ ', prng.int(0, 100)),
  ],
  (prng) => [
    'x-high-bytes',
    Buffer.from(prng.bytes(prng.int(1, 20)).map((byte) => 0x80 | byte)).toString('latin1'),
  ],
];

function encodeSome(prng: Prng, path: string): string {
  return [...path]
    .map((char) =>
      char !== '/' && prng.chance(0.2)
        ? `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`
        : char,
    )
    .join('');
}

function fuzzPath(prng: Prng): string {
  let path = prng.chance(0.7) ? prng.pick(ENDPOINTS) : prng.pick(ODD_PATHS);
  const roll = prng.next();
  if (roll < 0.1)
    path += '/' + prng.string('abcdefghijklmnopqrstuvwxyz0123456789-._~', prng.int(1, 30));
  else if (roll < 0.2) path = encodeSome(prng, path);
  else if (roll < 0.3) path += prng.pick(INJECTIONS);
  else if (roll < 0.33) path += '/' + 'a'.repeat(prng.int(1000, 6000));
  else if (roll < 0.38) path += '/%' + prng.string('0123456789abcdefxyz', 2);
  else if (roll < 0.42)
    path += encodeURIComponent(prng.pick(['é', '日本', '💥', '\u0000', '\u202e']));
  return path;
}

function fuzzQuery(prng: Prng): string {
  if (prng.chance(0.4)) return '';
  if (prng.chance(0.1)) return '?';
  const count = prng.int(1, 4);
  const params: string[] = [];
  for (let i = 0; i < count; i++) {
    let value = prng.pick(QUERY_VALUES);
    if (prng.chance(0.15)) value += prng.pick(INJECTIONS);
    if (prng.chance(0.05)) value = 'v'.repeat(prng.int(1000, 5000));
    params.push(prng.chance(0.1) ? prng.pick(QUERY_NAMES) : `${prng.pick(QUERY_NAMES)}=${value}`);
  }
  return '?' + params.join(prng.chance(0.1) ? ';' : '&');
}

function wellFormed(prng: Prng, id: number): FuzzCase {
  const method = prng.pick(METHODS);
  const path = fuzzPath(prng);
  const target = path + fuzzQuery(prng);
  const headers: [string, string][] = [['host', '127.0.0.1']];
  for (let i = prng.int(0, 5); i > 0; i--) headers.push(prng.pick(HEADER_CHOICES)(prng));
  let body: Buffer | null = null;
  const bodyRoll = prng.next();
  if (bodyRoll < 0.15) body = prng.bytes(prng.int(1, 3000));
  else if (bodyRoll < 0.25)
    body = Buffer.from(
      JSON.stringify({ limit: prng.int(-5, 100), x: 'y'.repeat(prng.int(0, 2000)) }),
    );
  const chunked = body !== null && prng.chance(0.3);
  if (body && chunked) headers.push(['transfer-encoding', 'chunked']);
  else if (body) headers.push(['content-length', String(body.length)]);
  // One request per connection: the server closes once it has answered.
  headers.push(['connection', 'close']);

  const headBlock = `${method} ${target} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`;
  const parts: Buffer[] = [Buffer.from(headBlock, 'latin1')];
  if (body && chunked)
    parts.push(Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n'));
  else if (body) parts.push(body);
  const summary = `${method} ${target.slice(0, 160)} [${headers.map(([name]) => name).join(',')}]${body ? ` body ${body.length}${chunked ? ' chunked' : ''}` : ''}`;
  return { id, summary, bytes: Buffer.concat(parts), path, method, malformed: false };
}

/** Requests no parser should accept, each aimed at an API path. */
const MALFORMED: ((prng: Prng) => { text: string | Buffer; path: string })[] = [
  () => ({ text: 'GET /api/health\r\n\r\n', path: '/api/health' }),
  () => ({ text: 'GET /api/health HTTP/9.9\r\nhost: x\r\n\r\n', path: '/api/health' }),
  () => ({ text: 'GET /api/health HTTP/1.1\nhost: x\n\n', path: '/api/health' }),
  () => ({
    text: 'get /api/metrics HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
    path: '/api/metrics',
  }),
  () => ({ text: 'GET  /api/metrics  HTTP/1.1\r\nhost: x\r\n\r\n', path: '/api/metrics' }),
  () => ({
    text: 'GET /api/metrics\r\nX-Drill-Injected: yes HTTP/1.1\r\nhost: x\r\n\r\n',
    path: '/api/metrics',
  }),
  () => ({ text: 'GET /api/me trics HTTP/1.1\r\nhost: x\r\n\r\n', path: '/api/me' }),
  () => ({ text: 'GET /api/health HTTP/1.1\r\nhost x\r\n\r\n', path: '/api/health' }),
  () => ({ text: 'GET /api/health HTTP/1.1\r\nhost : x\r\n\r\n', path: '/api/health' }),
  () => ({
    text: 'GET /api/health HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello!',
    path: '/api/health',
  }),
  () => ({
    text: 'GET /api/health HTTP/1.1\r\nhost: x\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n',
    path: '/api/health',
  }),
  () => ({
    text: 'POST /api/metrics HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
    path: '/api/metrics',
  }),
  () => ({
    text: 'GET /api/health HTTP/1.1\r\nhost: x\r\ncontent-length: -1\r\n\r\n',
    path: '/api/health',
  }),
  () => ({
    text: 'GET /api/health HTTP/1.1\r\nhost: x\r\ntransfer-encoding: gzip, chunked, identity\r\n\r\n',
    path: '/api/health',
  }),
  () => ({
    text: 'GET /api/weather HTTP/1.1\r\nhost: x\r\nx-big: ' + 'b'.repeat(20_000) + '\r\n\r\n',
    path: '/api/weather',
  }),
  () => ({
    text: 'GET /api/activity HTTP/1.1\r\nhost: x\r\n' + 'x-many: y\r\n'.repeat(3000) + '\r\n',
    path: '/api/activity',
  }),
  () => ({
    text: 'GET /api/status?limit=1\u0000 HTTP/1.1\r\nhost: x\r\n\r\n',
    path: '/api/status',
  }),
  () => ({
    text: Buffer.concat([
      Buffer.from('GET /api/health/'),
      Buffer.from([0xc3, 0xa9, 0xff, 0x01]),
      Buffer.from(' HTTP/1.1\r\nhost: x\r\n\r\n'),
    ]),
    path: '/api/health',
  }),
  () => ({
    text: 'GET /api/health HTTP/1.1\r\nhost: x\r\nx-bad\u0001: y\r\n\r\n',
    path: '/api/health',
  }),
  () => ({
    text: 'GET /api/health HTTP/1.1\r\nhost: x\r\nx-bad: a\rb\r\n\r\n',
    path: '/api/health',
  }),
  () => ({
    text: 'GET http://evil.example/api/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
    path: '/api/health',
  }),
  () => ({ text: 'OPTIONS * HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n', path: '*' }),
  () => ({
    text: 'GET /api/health HTTP/1.1\r\n folded: header\r\nhost: x\r\n\r\n',
    path: '/api/health',
  }),
  (prng) => ({ text: prng.bytes(prng.int(1, 200)), path: '?' }),
  (prng) => ({
    text: `GET /api/${prng.string('\t\u000b\u000c ', 3)} HTTP/1.1\r\nhost: x\r\n\r\n`,
    path: '/api/',
  }),
];

export function fuzzCases(prng: Prng, count: number, malformedShare = 0.2): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (let id = 0; id < count; id++) {
    if (prng.chance(malformedShare)) {
      const { text, path } = prng.pick(MALFORMED)(prng);
      const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
      cases.push({
        id,
        summary: `malformed: ${JSON.stringify(bytes.toString('latin1').slice(0, 160))}`,
        bytes,
        path,
        method: '',
        malformed: true,
      });
    } else {
      cases.push(wellFormed(prng, id));
    }
  }
  return cases;
}
