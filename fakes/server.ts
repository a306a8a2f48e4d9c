/**
 * The common part of every fake upstream: a real node:http server on 127.0.0.1 (port 0),
 * a request log with counters, and switchable faults that imitate what real upstreams do
 * when they go wrong (refused connections, hangs, 5xx, HTML error pages, huge bodies).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * - `down`: nothing listens on the port any more (connection refused).
 * - `reset`: the connection is accepted, then dropped without an answer.
 * - `hang`: the request is accepted and never answered (Uptime Kuma 1.23 on an unknown slug).
 * - `slow`: the normal answer, after `delayMs` (default 8 s).
 * - `500`: a plain-text 500, as nginx or the Go servers send it.
 * - `html`: 200 with an HTML page (a captive portal, a proxy's error page).
 * - `garbage`: 200 with a JSON content type and a truncated, unparseable body.
 * - `huge`: 200 with a 20 MB JSON body streamed in chunks, without a Content-Length.
 * - `unknown-location`: wttr.in's 200 plain-text "Unknown location" answer (wttr only).
 * - `bad-token`: Forgejo's 401 for an unknown token, on every route (Forgejo only).
 */
export type FaultMode =
  | 'down'
  | 'reset'
  | 'hang'
  | 'slow'
  | '500'
  | 'html'
  | 'garbage'
  | 'huge'
  | 'unknown-location'
  | 'bad-token';

export const FAULT_MODES: readonly FaultMode[] = [
  'down',
  'reset',
  'hang',
  'slow',
  '500',
  'html',
  'garbage',
  'huge',
  'unknown-location',
  'bad-token',
];

export interface FaultOptions {
  /** For `slow`: how long to wait before answering. */
  delayMs?: number;
  /** For `huge`: how many bytes to offer. */
  hugeBytes?: number;
}

export interface RequestRecord {
  method: string;
  /** Path without the query string, as received (path prefix included). */
  path: string;
  query: Record<string, string>;
  /** The Authorization header as received, or null. */
  authorization: string | null;
  at: number;
}

/** What a fake has been asked, for tests that assert how little an answer cost. */
export class RequestLog {
  readonly records: RequestRecord[] = [];
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;

  get total(): number {
    return this.records.length;
  }

  /** Requests whose path starts with `prefix` (all of them without one). */
  count(prefix = ''): number {
    return this.records.filter((record) => record.path.startsWith(prefix)).length;
  }

  /** Counts per path, e.g. `{"/api/v1/repos/search": 1}`. */
  byPath(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { path } of this.records) counts[path] = (counts[path] ?? 0) + 1;
    return counts;
  }

  reset(): void {
    this.records.length = 0;
    this.maxInFlight = this.inFlight;
  }
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  fault: FaultMode | null,
) => void | Promise<void>;

export interface FakeUpstream {
  /** Base URL to configure the portal with (path prefix included where there is one). */
  readonly url: string;
  readonly port: number;
  readonly requests: RequestLog;
  readonly fault: FaultMode | null;
  /** Switches a fault on (or off with null); takes effect for the next request. */
  setFault(mode: FaultMode | null, options?: FaultOptions): Promise<void>;
  /** Bytes written by the last `huge` answer before the client went away. */
  readonly hugeBytesSent: number;
  /** Whether the client hung up on the last `huge` answer before its end was sent. */
  readonly hugeRefusedMidway: boolean;
  close(): Promise<void>;
}

const DEFAULT_SLOW_MS = 8_000;
const DEFAULT_HUGE_BYTES = 20 * 1024 * 1024;

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>' +
  '<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';

export class FakeServer implements FakeUpstream {
  readonly requests = new RequestLog();
  #server: Server;
  #sockets = new Set<Socket>();
  #pending = new Set<ServerResponse>();
  #fault: FaultMode | null = null;
  #faultOptions: FaultOptions = {};
  #port = 0;
  #prefix: string;
  #hugeBytesSent = 0;
  #hugeRefusedMidway = false;
  #closed = false;

  constructor(
    private readonly handler: Handler,
    prefix = '',
  ) {
    this.#prefix = prefix.replace(/\/+$/, '');
    this.#server = this.#create();
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}${this.#prefix}`;
  }

  get port(): number {
    return this.#port;
  }

  get fault(): FaultMode | null {
    return this.#fault;
  }

  get hugeBytesSent(): number {
    return this.#hugeBytesSent;
  }

  get hugeRefusedMidway(): boolean {
    return this.#hugeRefusedMidway;
  }

  async listen(): Promise<void> {
    await this.#listenOn(this.#port);
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  async setFault(mode: FaultMode | null, options: FaultOptions = {}): Promise<void> {
    const wasDown = this.#fault === 'down';
    this.#fault = mode;
    this.#faultOptions = options;
    if (mode === 'down' && !wasDown) {
      await this.#stopListening();
    } else if (mode !== 'down' && wasDown && !this.#closed) {
      // Same port again, so the portal's configured URL keeps working after recovery.
      this.#server = this.#create();
      await this.#listenOn(this.#port);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#fault !== 'down') await this.#stopListening();
  }

  #create(): Server {
    const server = createServer((req, res) => void this.#handle(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    return server;
  }

  #listenOn(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  async #stopListening(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const res of this.#pending) res.destroy();
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    this.requests.records.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization ?? null,
      at: Date.now(),
    });
    this.#pending.add(res);
    this.requests.inFlight += 1;
    this.requests.maxInFlight = Math.max(this.requests.maxInFlight, this.requests.inFlight);
    res.on('close', () => {
      this.#pending.delete(res);
      this.requests.inFlight -= 1;
    });

    const fault = this.#fault;
    switch (fault) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        return;
      case 'slow':
        await new Promise((resolve) =>
          setTimeout(resolve, this.#faultOptions.delayMs ?? DEFAULT_SLOW_MS),
        );
        if (res.destroyed) return;
        break;
      case '500':
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal Server Error\n');
        return;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(HTML_PAGE);
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"data": [{"id": 1, "na');
        return;
      case 'huge':
        await this.#sendHuge(res, this.#faultOptions.hugeBytes ?? DEFAULT_HUGE_BYTES);
        return;
      default:
        break;
    }
    try {
      await this.handler(req, res, this.#stripPrefix(url), fault);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`fake upstream error: ${String(error)}\n`);
    }
  }

  #stripPrefix(url: URL): URL {
    if (!this.#prefix) return url;
    const stripped = new URL(url.href);
    stripped.pathname = url.pathname.startsWith(`${this.#prefix}/`)
      ? url.pathname.slice(this.#prefix.length)
      : '/__outside_prefix__';
    return stripped;
  }

  /** Streams `total` bytes of a JSON string, honouring backpressure, until the client leaves. */
  async #sendHuge(res: ServerResponse, total: number): Promise<void> {
    this.#hugeBytesSent = 0;
    this.#hugeRefusedMidway = false;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    res.write('{"padding":"');
    this.#hugeBytesSent = 12;
    const closed = new Promise<void>((resolve) => res.once('close', resolve));
    while (this.#hugeBytesSent < total && !res.destroyed) {
      const ok = res.write(chunk);
      this.#hugeBytesSent += chunk.length;
      if (!ok) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), closed]);
    }
    if (res.destroyed) this.#hugeRefusedMidway = true;
    else res.end('"}');
  }
}

/** Sends a JSON value (or an already serialised string) with the given status and headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
