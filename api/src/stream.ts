/**
 * Server-Sent Events hub: one set of open streams fed by whoever publishes (the metrics
 * sampler every tick, the upstream sources when their data changes).
 *
 * There are no per-client timers: one heartbeat timer runs while any client is
 * connected. A client that cannot keep up (its socket buffer grows past a bound) is
 * dropped rather than allowed to hold memory. New clients get the latest payload of each
 * event at once, so a page renders without waiting for the next tick. Besides the cap on
 * all streams, each visitor network (see visitor-network.ts) holds a few slots at most, so
 * one network cannot take them all.
 */
import type { ServerResponse } from 'node:http';

export interface StreamHubOptions {
  maxClients: number;
  /** Streams one visitor network may hold at once (default: no limit below `maxClients`). */
  maxPerNetwork?: number;
  heartbeatMs: number;
  /** Bytes queued on one socket before the client is considered stuck. */
  maxBufferedBytes?: number;
}

export class StreamHub {
  readonly #clients = new Set<ServerResponse>();
  /** Open streams per visitor network; a network with none has no entry. */
  readonly #perNetwork = new Map<string, number>();
  readonly #latest = new Map<string, string>();
  readonly #opts: Required<StreamHubOptions>;
  #heartbeat: NodeJS.Timeout | null = null;
  #closed = false;
  #listeners = new Set<(count: number) => void>();

  constructor(opts: StreamHubOptions) {
    this.#opts = { maxBufferedBytes: 1024 * 1024, maxPerNetwork: opts.maxClients, ...opts };
  }

  get size(): number {
    return this.#clients.size;
  }

  get full(): boolean {
    return this.#clients.size >= this.#opts.maxClients;
  }

  /** True when `network` (a key from `visitorNetwork`, null: not limited) holds its share. */
  fullFor(network: string | null): boolean {
    return network !== null && (this.#perNetwork.get(network) ?? 0) >= this.#opts.maxPerNetwork;
  }

  /** Networks holding a stream now (the map never outgrows the open streams). */
  get networks(): number {
    return this.#perNetwork.size;
  }

  /** True while the heartbeat timer exists: there is exactly one, and only with clients. */
  get heartbeatActive(): boolean {
    return this.#heartbeat !== null;
  }

  /** Called with the client count whenever it changes (sources use it to keep refreshing). */
  onClientCount(listener: (count: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Adopts an already-answered SSE response, counted against `network` (null: not limited);
   * returns false when the hub is closed.
   */
  add(res: ServerResponse, network: string | null = null): boolean {
    if (this.#closed) return false;
    this.#clients.add(res);
    if (network !== null) this.#perNetwork.set(network, (this.#perNetwork.get(network) ?? 0) + 1);
    res.on('close', () => this.#remove(res, network));
    // The reconnect delay a browser's EventSource uses after a drop.
    res.write('retry: 3000\n\n');
    // The greeting obeys the same bound as every later event: a client that cannot take the
    // latest payloads now will not keep up with the next ones either.
    for (const [event, data] of this.#latest) {
      if (!this.#send(res, frame(event, data))) return true;
    }
    this.#heartbeat ??= setInterval(
      () => this.#broadcast(': heartbeat\n\n'),
      this.#opts.heartbeatMs,
    );
    this.#notify();
    return true;
  }

  /** Sends `event` with `json` (already serialised) to every client and keeps it for newcomers. */
  publish(event: string, json: string): void {
    this.#latest.set(event, json);
    if (this.#clients.size > 0) this.#broadcast(frame(event, json));
  }

  /** Ends every stream (server shutdown); later `add` calls are refused. */
  close(): void {
    this.#closed = true;
    for (const res of this.#clients) res.end();
    this.#clients.clear();
    this.#perNetwork.clear();
    this.#stopHeartbeat();
  }

  #broadcast(chunk: string): void {
    for (const res of this.#clients) this.#send(res, chunk);
  }

  /** Writes unless the client is already too far behind, in which case it is dropped. */
  #send(res: ServerResponse, chunk: string): boolean {
    if (res.writableLength > this.#opts.maxBufferedBytes) {
      res.destroy();
      return false;
    }
    res.write(chunk);
    return true;
  }

  #remove(res: ServerResponse, network: string | null): void {
    if (!this.#clients.delete(res)) return;
    if (network !== null) {
      const left = (this.#perNetwork.get(network) ?? 1) - 1;
      if (left > 0) this.#perNetwork.set(network, left);
      else this.#perNetwork.delete(network);
    }
    if (this.#clients.size === 0) this.#stopHeartbeat();
    this.#notify();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }

  #notify(): void {
    for (const listener of this.#listeners) listener(this.#clients.size);
  }
}

function frame(event: string, json: string): string {
  return `event: ${event}\ndata: ${json}\n\n`;
}
