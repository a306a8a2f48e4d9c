/**
 * The one HTTP client every upstream uses: a dedicated undici Agent per upstream with
 * explicit connect/headers/body timeouts (undici's own defaults are minutes), keep-alive,
 * one deadline for the whole call, and a response-size bound enforced while the body
 * streams in, so a 20 MB answer is refused after the first couple of megabytes (or at once
 * when it announces its length).
 *
 * Failures become `UpstreamError`s whose message is safe to show a visitor; the details
 * (sanitised URL, status, a truncated body) are kept apart for the log.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { VERSION } from '../version.js';

export type UpstreamFailure =
  | 'timeout'
  | 'unreachable'
  | 'bad_status'
  | 'invalid'
  | 'too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'unknown_location';

/** A failed upstream call: 504 for timeouts, 502 for everything else. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';

  constructor(
    readonly source: string,
    readonly kind: UpstreamFailure,
    /** Safe for a visitor: no token, no URL, no upstream body. */
    message: string,
    /** For the log only, already sanitised. */
    readonly detail: { url?: string; status?: number; body?: string } = {},
  ) {
    super(message);
  }

  get statusCode(): 502 | 504 {
    return this.kind === 'timeout' ? 504 : 502;
  }

  get code(): string {
    return `upstream_${this.kind}`;
  }
}

export interface HttpClientOptions {
  /** Shown in messages: "Forgejo", "wttr.in", "Uptime Kuma". */
  source: string;
  baseUrl: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Sent with every request (e.g. Authorization); never logged. */
  headers?: Record<string, string>;
  /** Parallel connections kept to this upstream. */
  connections?: number;
  /** Replace the network (tests use undici's MockAgent). */
  dispatcher?: Dispatcher;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The URL asked, sanitised for logs. */
  url: string;
}

const LOG_BODY_CHARS = 200;
const SECRET_PARAM = /token|key|secret|pass|auth|sig/i;

/** The URL without credentials, and with secret-looking query values blanked, for logs. */
export function sanitizeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    for (const name of [...url.searchParams.keys()]) {
      if (SECRET_PARAM.test(name)) url.searchParams.set(name, 'redacted');
    }
    return url.href;
  } catch {
    return '[unparseable url]';
  }
}

export class HttpClient {
  readonly source: string;
  readonly #base: string;
  readonly #opts: HttpClientOptions;
  readonly #dispatcher: Dispatcher;
  readonly #ownAgent: Agent | null;
  readonly #secrets: string[];

  constructor(opts: HttpClientOptions) {
    this.source = opts.source;
    this.#opts = opts;
    this.#base = opts.baseUrl.replace(/\/+$/, '');
    this.#secrets = Object.values(opts.headers ?? {})
      .flatMap((value) => value.split(/\s+/))
      .filter((part) => part.length >= 8);
    const agent = opts.dispatcher
      ? null
      : new Agent({
          connect: { timeout: opts.timeoutMs },
          headersTimeout: opts.timeoutMs,
          bodyTimeout: opts.timeoutMs,
          keepAliveTimeout: 10_000,
          keepAliveMaxTimeout: 60_000,
          connections: opts.connections ?? 4,
          maxResponseSize: opts.maxBodyBytes,
        });
    this.#ownAgent = agent;
    this.#dispatcher = opts.dispatcher ?? (agent as Agent);
  }

  get timeoutMs(): number {
    return this.#opts.timeoutMs;
  }

  /** A fresh deadline for one logical operation (which may span several requests). */
  deadline(): AbortSignal {
    return AbortSignal.timeout(this.#opts.timeoutMs);
  }

  /** GETs `pathAndQuery` (starting with "/") below the base URL; any status is returned. */
  async get(
    pathAndQuery: string,
    signal: AbortSignal = this.deadline(),
  ): Promise<UpstreamResponse> {
    const href = `${this.#base}${pathAndQuery}`;
    const url = sanitizeUrl(href);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(href, {
        method: 'GET',
        dispatcher: this.#dispatcher,
        signal,
        headers: {
          accept: 'application/json',
          'user-agent': `kitestacks-portal/${VERSION}`,
          ...this.#opts.headers,
        },
      });
    } catch (error) {
      throw this.#networkError(error, url, signal);
    }

    const max = this.#opts.maxBodyBytes;
    const announced = Number(response.headers['content-length']);
    if (Number.isFinite(announced) && announced > max) {
      response.body.destroy();
      throw this.#tooLarge(url, response.statusCode);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > max) {
          response.body.destroy();
          throw this.#tooLarge(url, response.statusCode);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      throw this.#networkError(error, url, signal);
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      body: Buffer.concat(chunks),
      url,
    };
  }

  /** The body's text, truncated and scrubbed of secrets, for a log line. */
  logBody(body: Buffer | string): string {
    let text = (
      typeof body === 'string' ? body : body.toString('utf8', 0, LOG_BODY_CHARS * 4)
    ).slice(0, LOG_BODY_CHARS);
    for (const secret of this.#secrets) text = text.split(secret).join('[redacted]');
    return text;
  }

  /** An error for an answer that is not what the contract promises. */
  invalid(response: UpstreamResponse, what: string): UpstreamError {
    return new UpstreamError(
      this.source,
      'invalid',
      `${this.source} answered something unexpected: ${what}`,
      {
        url: response.url,
        status: response.status,
        body: this.logBody(response.body),
      },
    );
  }

  /** An error for a status the caller does not handle itself. */
  badStatus(response: UpstreamResponse): UpstreamError {
    return new UpstreamError(
      this.source,
      'bad_status',
      `${this.source} answered HTTP ${response.status}`,
      {
        url: response.url,
        status: response.status,
        body: this.logBody(response.body),
      },
    );
  }

  /** Parses a JSON body, refusing HTML pages and plain text dressed up as JSON. */
  json(response: UpstreamResponse): unknown {
    const type = String(response.headers['content-type'] ?? '');
    if (!/\bjson\b/i.test(type))
      throw this.invalid(response, `a ${type.split(';')[0] || 'typeless'} body instead of JSON`);
    try {
      return JSON.parse(response.body.toString('utf8'));
    } catch {
      throw this.invalid(response, 'a body that is not valid JSON');
    }
  }

  async close(): Promise<void> {
    await this.#ownAgent?.close();
  }

  #tooLarge(url: string, status: number): UpstreamError {
    return new UpstreamError(
      this.source,
      'too_large',
      `${this.source} sent more than ${Math.round(this.#opts.maxBodyBytes / 1024)} KiB; the answer was refused`,
      { url, status },
    );
  }

  #networkError(error: unknown, url: string, signal: AbortSignal): UpstreamError {
    const code = (error as { code?: string } | null)?.code ?? '';
    const name = (error as { name?: string } | null)?.name ?? '';
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return this.#tooLarge(url, 200);
    const timedOut =
      signal.aborted ||
      name === 'TimeoutError' ||
      name === 'AbortError' ||
      [
        'UND_ERR_CONNECT_TIMEOUT',
        'UND_ERR_HEADERS_TIMEOUT',
        'UND_ERR_BODY_TIMEOUT',
        'ETIMEDOUT',
      ].includes(code);
    if (timedOut) {
      const seconds = Math.round(this.#opts.timeoutMs / 100) / 10;
      return new UpstreamError(
        this.source,
        'timeout',
        `${this.source} did not answer within ${seconds} s`,
        { url },
      );
    }
    const reason = code || name || 'network error';
    return new UpstreamError(
      this.source,
      'unreachable',
      `${this.source} is unreachable (${reason})`,
      { url },
    );
  }
}
