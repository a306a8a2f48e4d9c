/**
 * A minimal Server-Sent Events client on plain sockets (one connection each, no agent
 * pooling), light enough to hold hundreds open from one process. It counts events by
 * name and keeps the last payload of each; a refusal keeps its status and body.
 */
import http from 'node:http';

export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** For a refused stream (status ≠ 200): the whole response body. */
  body: string;
  /** Events seen so far, by event name (`message` when unnamed). */
  counts: Map<string, number>;
  last: Map<string, string>;
  /** The stream ended (server closed it, or close() was called). */
  ended: boolean;
  error: Error | null;
  count(event: string): number;
  /** Resolves when `event` has been seen more than `after` times; rejects on end or timeout. */
  waitFor(event: string, after: number, timeoutMs: number): Promise<void>;
  close(): void;
}

export function openSse(url: string, timeoutMs = 10_000): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } });
    const waiters = new Set<() => void>();
    const settle = () => waiters.forEach((wake) => wake());
    const timer = setTimeout(() => {
      request.destroy(new Error(`no response from ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.once('response', (response) => {
      clearTimeout(timer);
      let pending = '';
      const client: SseClient = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        body: '',
        counts: new Map(),
        last: new Map(),
        ended: false,
        error: null,
        count: (event) => client.counts.get(event) ?? 0,
        waitFor(event, after, waitMs) {
          return new Promise<void>((done, fail) => {
            const check = () => {
              if (client.count(event) > after) finish();
              else if (client.ended) finish(new Error(`stream ended before a ${event} event`));
            };
            const finish = (error?: Error) => {
              clearTimeout(guard);
              waiters.delete(check);
              if (error) fail(error);
              else done();
            };
            const guard = setTimeout(
              () => finish(new Error(`no ${event} event within ${waitMs} ms`)),
              waitMs,
            );
            waiters.add(check);
            check();
          });
        },
        close() {
          request.destroy();
        },
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (client.status !== 200) {
          client.body += chunk;
          return;
        }
        pending += chunk;
        let boundary: number;
        while ((boundary = pending.indexOf('\n\n')) >= 0) {
          dispatch(client, pending.slice(0, boundary));
          pending = pending.slice(boundary + 2);
        }
        settle();
      });
      const end = () => {
        client.ended = true;
        settle();
      };
      response.once('end', end);
      response.once('close', end);
      response.once('error', (error) => {
        client.error = error;
        end();
      });
      // Errors after the response (reset by the server) only end the stream.
      request.removeAllListeners('error');
      request.on('error', (error) => {
        client.error ??= error;
        end();
      });
      resolve(client);
    });
  });
}

function dispatch(client: SseClient, block: string): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      event = 'heartbeat';
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  // A retry-only block (`retry: 3000`) is not an event.
  if (event === 'message' && data.length === 0) return;
  client.counts.set(event, client.count(event) + 1);
  if (data.length > 0) client.last.set(event, data.join('\n'));
}

/** Opens `count` streams, `batch` at a time (a burst past the listen backlog would be refused). */
export async function openMany(url: string, count: number, batch = 50): Promise<SseClient[]> {
  const clients: SseClient[] = [];
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    const results = await Promise.allSettled(Array.from({ length: size }, () => openSse(url)));
    for (const result of results) if (result.status === 'fulfilled') clients.push(result.value);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) {
      // Leave nothing open behind a failure.
      clients.forEach((client) => client.close());
      throw failed.reason;
    }
  }
  return clients;
}
