/**
 * A stand-in for the portal's API, on 127.0.0.1, serving the built page (web/dist) and
 * `/api/*` answers chosen by a test: some paths answered by the test's own functions (e.g.
 * hostile `/api/hosts` the real API would refuse), the rest passed on to a real portal.
 * It tests what the page does with data the API itself would never send.
 *
 * `/api/stream` answers 404 unless passed on, so the page polls and every poll reaches the
 * test's answers.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { webDist } from './portal-process.js';

/** A path's answer: a body (JSON-encoded unless it is a string) or a function giving one. */
export type FakeAnswer = unknown;

export interface FakeApiOptions {
  /** Answers by path, e.g. `{'/api/hosts': () => ({hosts: […]})}`; called on every request. */
  answers?: Record<string, () => FakeAnswer>;
  /** A real portal to pass every other `/api/` path to (its stream excepted); else 404. */
  upstream?: string;
  /** Pass `/api/stream` on too (the page then gets the upstream's events). */
  passStream?: boolean;
  webRoot?: string;
}

export interface FakeApi {
  url: string;
  /** How many times each `/api/` path was asked. */
  asked(pathname: string): number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export async function startFakeApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const root = options.webRoot ?? webDist;
  const counts = new Map<string, number>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const pathname = url.pathname;
    if (pathname.startsWith('/api/')) {
      counts.set(pathname, (counts.get(pathname) ?? 0) + 1);
      const answer = options.answers?.[pathname];
      if (answer) {
        const body = answer();
        response.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        });
        response.end(typeof body === 'string' ? body : JSON.stringify(body));
        return;
      }
      const passes = pathname !== '/api/stream' || options.passStream === true;
      if (options.upstream && passes) return pass(options.upstream, url, request, response);
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ error: { code: 'not_found', message: 'no such path' } }));
      return;
    }
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root + path.sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    asked: (pathname) => counts.get(pathname) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Hands a request to the real portal and its answer back, streamed. */
async function pass(
  upstream: string,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const abort = new AbortController();
  request.on('close', () => abort.abort());
  const answer = await fetch(new URL(url.pathname + url.search, upstream), {
    headers: { accept: request.headers.accept ?? '*/*' },
    signal: abort.signal,
  });
  response.writeHead(answer.status, {
    'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  if (!answer.body) return void response.end();
  try {
    for await (const chunk of answer.body) response.write(chunk);
  } catch {
    // the page went away mid-stream
  }
  response.end();
}
