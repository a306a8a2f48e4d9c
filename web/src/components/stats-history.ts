/**
 * The stats panel's short memory: the last ~2 minutes of CPU and network readings per host
 * name, for the sparklines. Samples are dated by the host's own `sampled_at`, so a reading
 * that arrives twice (the first GET and the stream's greeting, or `metrics` and `hosts`)
 * counts once, and a host that stops answering keeps the line it had.
 */
import type { Metrics } from '../api/types.js';

/** One point of the sparklines. */
export interface Sample {
  /** The host's `sampled_at`, ms. */
  at: number;
  cpu: number;
  rx: number;
  tx: number;
}

export class StatsHistory {
  readonly spanMs: number;
  private readonly _hosts = new Map<string, Sample[]>();

  constructor(spanMs = 120_000) {
    this.spanMs = spanMs;
  }

  /** Adds a host's reading unless it has it already; older readings fall out of the span. */
  record(name: string, metrics: Metrics): void {
    const at = Date.parse(metrics.sampled_at);
    if (!Number.isFinite(at)) return;
    const samples = this._hosts.get(name) ?? [];
    const last = samples.at(-1);
    if (last !== undefined && at <= last.at) {
      // A late copy of a reading already drawn; a clock that jumped back starts afresh.
      if (last.at - at <= this.spanMs) return;
      samples.length = 0;
    }
    samples.push({
      at,
      cpu: metrics.cpu.percent,
      rx: metrics.network.rx_bytes_per_s,
      tx: metrics.network.tx_bytes_per_s,
    });
    const cutoff = at - this.spanMs;
    const keep = samples.findIndex((sample) => sample.at >= cutoff);
    if (keep > 0) samples.splice(0, keep);
    this._hosts.set(name, samples);
  }

  /** The host's samples, oldest first. */
  samples(name: string): readonly Sample[] {
    return this._hosts.get(name) ?? [];
  }

  /** Forgets hosts no longer listed. */
  retain(names: readonly string[]): void {
    for (const name of this._hosts.keys()) if (!names.includes(name)) this._hosts.delete(name);
  }
}
