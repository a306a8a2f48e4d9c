/**
 * Server-Sent Events hub: one set of open streams fed by whoever publishes (the metrics
 * sampler every tick, the hosts report, the upstream sources when their data changes).
 *
 * Each client names the events it wants (`?events=hosts,weather`; none named: every event),
 * and gets only those. A published event is framed once, into one buffer, and that same
 * buffer is written to every client that wants it: the cost of an event is one
 * serialisation (by whoever published it) and one frame, however many clients listen, and
 * an event nobody wants costs only the frame kept for newcomers. So `metrics`, which the page
 * no longer asks for, still costs one serialisation per sample (the one `/api/metrics`
 * answers with) for the scripts and widgets that follow it.
 *
 * There are no per-client timers: one heartbeat timer runs while any client is
 * connected. A client that cannot keep up (its socket buffer grows past a bound) is
 * dropped rather than allowed to hold memory. New clients get the latest frame of each
 * event they want at once, so a page renders without waiting for the next tick. Besides the
 * cap on all streams, each visitor network (see visitor-network.ts) holds a few slots at
 * most, so one network cannot take them all.
 */
import type { ServerResponse } from 'node:http';
import { messageText } from './sources/text-caps.js';

export interface StreamHubOptions {
  maxClients: number;
  /** Streams one visitor network may hold at once (default: no limit below `maxClients`). */
  maxPerNetwork?: number;
  heartbeatMs: number;
  /** Bytes queued on one socket before the client is considered stuck. */
  maxBufferedBytes?: number;
  /** Every event the hub may send: what a client may ask for (messages list them in this order). */
  events: readonly string[];
}

/** The events one client wants; null: every event. */
export type Subscription = ReadonlySet<string> | null;

/** `?events=` read against the known events: the subscription, or why it cannot be one. */
export type SubscriptionAnswer =
  { ok: true; subscription: Subscription } | { ok: false; message: string };

/** The longest unknown name quoted back in an error message. */
const QUOTED_NAME_CHARS = 40;

export class StreamHub {
  /** Each open stream and the events it wants. */
  readonly #clients = new Map<ServerResponse, Subscription>();
  /** Open streams per visitor network; a network with none has no entry. */
  readonly #perNetwork = new Map<string, number>();
  /** The latest frame of each event, in the order they were first published. */
  readonly #latest = new Map<string, Buffer>();
  readonly #events: ReadonlySet<string>;
  readonly #opts: Required<StreamHubOptions>;
  #heartbeat: NodeJS.Timeout | null = null;
  #closed = false;
  #listeners = new Set<(count: number) => void>();

  constructor(opts: StreamHubOptions) {
    this.#opts = { maxBufferedBytes: 1024 * 1024, maxPerNetwork: opts.maxClients, ...opts };
    this.#events = new Set(opts.events);
  }

  /** The event names a client may ask for. */
  get events(): readonly string[] {
    return this.#opts.events;
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

  /**
   * Reads a comma-separated list of event names (`undefined`: every event). Duplicates are
   * harmless; an unknown name or a list naming none is refused.
   */
  subscription(list: string | undefined): SubscriptionAnswer {
    if (list === undefined) return { ok: true, subscription: null };
    const names = list.split(',').filter((name) => name !== '');
    const known = `ask for one or more of: ${this.events.join(', ')}`;
    if (names.length === 0) return { ok: false, message: `events lists no event; ${known}` };
    const unknown = names.find((name) => !this.#events.has(name));
    if (unknown !== undefined) {
      const quoted = messageText(unknown, QUOTED_NAME_CHARS);
      return { ok: false, message: `Unknown event "${quoted}" in events; ${known}` };
    }
    return { ok: true, subscription: new Set(names) };
  }

  /** Called with the client count whenever it changes (sources use it to keep refreshing). */
  onClientCount(listener: (count: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Adopts an already-answered SSE response wanting `subscription` (null: every event),
   * counted against `network` (null: not limited); returns false when the hub is closed.
   */
  add(
    res: ServerResponse,
    network: string | null = null,
    subscription: Subscription = null,
  ): boolean {
    if (this.#closed) return false;
    this.#clients.set(res, subscription);
    if (network !== null) this.#perNetwork.set(network, (this.#perNetwork.get(network) ?? 0) + 1);
    res.on('close', () => this.#remove(res, network));
    // The reconnect delay a browser's EventSource uses after a drop.
    res.write('retry: 3000\n\n');
    // The greeting obeys the same bound as every later event: a client that cannot take the
    // latest payloads now will not keep up with the next ones either.
    for (const [event, frame] of this.#latest) {
      if (wants(subscription, event) && !this.#send(res, frame)) return true;
    }
    this.#heartbeat ??= setInterval(() => this.#broadcast(HEARTBEAT, null), this.#opts.heartbeatMs);
    this.#notify();
    return true;
  }

  /**
   * Sends `event` with `json` (already serialised) to every client that wants it and keeps
   * its frame for newcomers. The frame is built once and the same buffer is written to each.
   */
  publish(event: string, json: string): void {
    if (!this.#events.has(event)) throw new Error(`the stream has no event "${event}"`);
    const frame = Buffer.from(`event: ${event}\ndata: ${json}\n\n`);
    this.#latest.set(event, frame);
    if (this.#clients.size > 0) this.#broadcast(frame, event);
  }

  /** Ends every stream (server shutdown); later `add` calls are refused. */
  close(): void {
    this.#closed = true;
    for (const res of this.#clients.keys()) res.end();
    this.#clients.clear();
    this.#perNetwork.clear();
    this.#stopHeartbeat();
  }

  /** Writes `chunk` to every client that wants `event` (null: to every client). */
  #broadcast(chunk: Buffer | string, event: string | null): void {
    for (const [res, subscription] of this.#clients) {
      if (event === null || wants(subscription, event)) this.#send(res, chunk);
    }
  }

  /** Writes unless the client is already too far behind, in which case it is dropped. */
  #send(res: ServerResponse, chunk: Buffer | string): boolean {
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

const HEARTBEAT = ': heartbeat\n\n';

function wants(subscription: Subscription, event: string): boolean {
  return subscription === null || subscription.has(event);
}
