/**
 * The one HTTP client every upstream uses: a dedicated undici Agent per upstream with
 * explicit connect/headers/body timeouts (undici's own defaults are minutes), keep-alive,
 * one deadline for the whole call, and a response-size bound enforced while the body
 * streams in, so a 20 MB answer is refused after the first couple of megabytes (or at once
 * when it announces its length).
 *
 * Failures become `UpstreamError`s whose message is safe to show a visitor; the details
 * (sanitised URL, status, a redacted and truncated body) are kept apart for the log.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { VERSION } from '../../version.js';
import { messageText } from '../text-caps.js';
import { UpstreamError, type FailureDetail, type UpstreamFailure } from './upstream-error.js';

export interface HttpClientOptions {
  /** Shown in messages: "Forgejo", "wttr.in", "Uptime Kuma", a peer's name. */
  upstream: string;
  baseUrl: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Sent with every request (e.g. Authorization); never logged. */
  headers?: Record<string, string>;
  /** Parallel connections kept to this upstream. */
  connections?: number;
  /** What the client accepts (peers and upstreams speak JSON). */
  accept?: string;
  /** Replace the network (tests use undici's MockAgent). */
  dispatcher?: Dispatcher;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The URL asked, sanitised and capped for logs. */
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
  readonly upstream: string;
  readonly #base: string;
  readonly #opts: HttpClientOptions;
  readonly #dispatcher: Dispatcher;
  readonly #ownAgent: Agent | null;
  readonly #secrets: string[];

  constructor(opts: HttpClientOptions) {
    this.upstream = opts.upstream;
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
    // For the log: a crawl's path carries names the upstream chose (repositories).
    const url = messageText(sanitizeUrl(href));
    let response: Dispatcher.ResponseData;
    try {
      response = await request(href, {
        method: 'GET',
        dispatcher: this.#dispatcher,
        signal,
        headers: {
          accept: this.#opts.accept ?? 'application/json',
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

  /**
   * The body's text for a log line: secrets redacted first, then cut, so no part of a secret
   * can survive at the cut (a cut through the token would leave a prefix the redaction misses).
   */
  logBody(body: Buffer | string): string {
    const longestSecret = Math.max(0, ...this.#secrets.map((secret) => secret.length));
    // Enough bytes for the kept characters plus any secret straddling the cut.
    const bytes = (LOG_BODY_CHARS + longestSecret) * 4;
    let text = typeof body === 'string' ? body : body.toString('utf8', 0, bytes);
    for (const secret of this.#secrets) text = text.split(secret).join('[redacted]');
    // Already within the cut: messageText only makes it one line without bidi controls.
    return messageText(text.slice(0, LOG_BODY_CHARS), LOG_BODY_CHARS);
  }

  /** An error carrying what the log needs of `response` (URL, status, redacted body). */
  failure(kind: UpstreamFailure, message: string, response: UpstreamResponse): UpstreamError {
    const detail: FailureDetail = {
      url: response.url,
      status: response.status,
      body: this.logBody(response.body),
    };
    return new UpstreamError(this.upstream, kind, message, detail);
  }

  /** An error for an answer that is not what the contract promises. */
  invalid(response: UpstreamResponse, what: string): UpstreamError {
    return this.failure(
      'invalid',
      `${this.upstream} answered something unexpected: ${messageText(what)}`,
      response,
    );
  }

  /** An error for a status the caller does not handle itself. */
  badStatus(response: UpstreamResponse): UpstreamError {
    return this.failure(
      'bad_status',
      `${this.upstream} answered HTTP ${response.status}`,
      response,
    );
  }

  /** Parses a JSON body, refusing HTML pages and plain text dressed up as JSON. */
  json(response: UpstreamResponse): unknown {
    const type = String(response.headers['content-type'] ?? '');
    // The type is the upstream's own text: `invalid` caps it (a peer once sent 15 KB of it).
    if (!/\bjson\b/i.test(type))
      throw this.invalid(response, `a ${type.split(';')[0] || 'typeless'} body instead of JSON`);
    try {
      return JSON.parse(response.body.toString('utf8'));
    } catch {
      throw this.invalid(response, 'a body that is not valid JSON');
    }
  }

  /**
   * Ends every connection now, aborting calls in flight: shutdown must not wait for a hung
   * upstream (its calls fail as unreachable, and whoever waited gets the envelope at once).
   */
  async close(): Promise<void> {
    await this.#ownAgent?.destroy();
  }

  #tooLarge(url: string, status: number): UpstreamError {
    return new UpstreamError(
      this.upstream,
      'too_large',
      `${this.upstream} sent more than ${Math.round(this.#opts.maxBodyBytes / 1024)} KiB; the answer was refused`,
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
        this.upstream,
        'timeout',
        `${this.upstream} did not answer within ${seconds} s`,
        { url },
      );
    }
    const reason = messageText(code || name || 'network error');
    return new UpstreamError(
      this.upstream,
      'unreachable',
      `${this.upstream} is unreachable (${reason})`,
      { url },
    );
  }
}
