/**
 * HTTP/1.1 over a bare socket (node:net): sends exactly the bytes given — malformed ones
 * included — and parses what comes back without trusting it. Interim 1xx answers are
 * skipped; an event stream is read up to its head only.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  /** Header lines as received: names lower-cased, values untouched. */
  headers: [string, string][];
  header(name: string): string | undefined;
  /** The body, de-chunked when sent chunked. Empty for HEAD and for event streams. */
  body: Buffer;
  /** Status line and header block exactly as received. */
  head: string;
}

export interface RawOptions {
  /** The request was HEAD: the answer has no body whatever its headers say. */
  head?: boolean;
  timeoutMs?: number;
  /** Half-close after writing: a request the server cannot complete then ends instead of waiting. */
  endAfterWrite?: boolean;
}

/**
 * Resolves with the response, or null when the server closed the connection without
 * answering; rejects only when nothing happens within the timeout.
 */
export function rawRequest(
  port: number,
  request: Buffer | string,
  options: RawOptions = {},
): Promise<RawResponse | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (value: RawResponse | null, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(value);
    };
    const timer = setTimeout(
      () => finish(null, new Error(`no complete answer within ${options.timeoutMs ?? 10_000} ms`)),
      options.timeoutMs ?? 10_000,
    );
    const judge = (closed: boolean) => {
      try {
        const response = parse(received, options, closed);
        if (response || closed) finish(response);
      } catch (error) {
        finish(null, error as Error);
      }
    };
    // A reset after (or instead of) an answer: judge what arrived.
    socket.on('error', () => judge(true));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      judge(false);
    });
    socket.on('end', () => judge(true));
    if (options.endAfterWrite) socket.end(request);
    else socket.write(request);
  });
}

function parse(data: Buffer, options: RawOptions, closed: boolean): RawResponse | null {
  let offset = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', offset);
    if (end < 0) {
      if (closed && data.length > offset)
        throw new Error(
          `truncated response head: ${JSON.stringify(data.subarray(offset, offset + 200).toString('latin1'))}`,
        );
      return null;
    }
    const head = data.subarray(offset, end).toString('latin1');
    const [statusLine = '', ...lines] = head.split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
    if (!match)
      throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine.slice(0, 200))}`);
    const status = Number(match[1]);
    if (status >= 100 && status < 200) {
      offset = end + 4;
      continue;
    }
    const headers = lines.map((line): [string, string] => {
      const colon = line.indexOf(':');
      return colon < 0
        ? [line.toLowerCase(), '']
        : [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    });
    const header = (name: string) => headers.find(([key]) => key === name)?.[1];
    const rest = data.subarray(end + 4);
    const response = (body: Buffer): RawResponse => ({ status, headers, header, body, head });

    if (options.head || status === 204 || status === 304) return response(Buffer.alloc(0));
    if (header('content-type')?.startsWith('text/event-stream')) return response(Buffer.alloc(0));
    const length = header('content-length');
    if (length !== undefined) {
      const size = Number(length);
      if (rest.length >= size) return response(rest.subarray(0, size));
      if (closed) throw new Error(`body cut short: ${rest.length} of ${size} bytes`);
      return null;
    }
    if (header('transfer-encoding')?.toLowerCase() === 'chunked') {
      const body = dechunk(rest);
      if (body) return response(body);
      if (closed) throw new Error('chunked body cut short');
      return null;
    }
    // No framing: the body runs to the end of the connection.
    return closed ? response(rest) : null;
  }
}

function dechunk(data: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size in response');
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return null;
    parts.push(data.subarray(start, start + size));
    offset = start + size + 2;
  }
}

/**
 * `GET target` written byte for byte, for paths an HTTP client would normalise first
 * (`/../`, `%2e%2e`); the answer's head and body as text.
 */
export async function rawGet(
  port: number,
  target: string,
): Promise<{ status: number; raw: string }> {
  const answer = await rawRequest(
    port,
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
  );
  return {
    status: answer?.status ?? 0,
    raw: answer ? `${answer.head}${answer.body.toString('latin1')}` : '',
  };
}
