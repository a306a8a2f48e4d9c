/**
 * The stats panel's short memory: the last ~2 minutes of CPU and network readings per host
 * name, for the sparklines. Samples are dated by the host's own `sampled_at`, so a reading
 * that arrives twice (the first GET and the stream's greeting) counts once, and a host that
 * stops answering keeps the line it had.
 *
 * It starts from the API's own recent samples (`seed`, from `/api/history`), so a visitor
 * sees the last minutes at first paint, not a line that begins when they arrived. Gaps are
 * kept as samples without figures: the API's (its sampler slept, a peer was not asked),
 * and the page's own — two live readings further apart than `gapAfterMs` (the tab was
 * hidden, the API was gone) — so no line is drawn across time nobody measured.
 */
import type { HistoryPoint, Metrics } from '../api/types.js';

/** One point of the sparklines; a gap has null figures. */
export interface Sample {
  /** The host's `sampled_at`, ms. */
  at: number;
  cpu: number | null;
  rx: number | null;
  tx: number | null;
}

/** The API's default sampling interval, until `/api/history` says otherwise. */
const DEFAULT_INTERVAL_MS = 2_000;
/** The API's gap rule, in intervals (`gap_after_s` says the same). */
const DEFAULT_GAP_AFTER_INTERVALS = 3;

const isGap = (sample: Sample | undefined): boolean => sample !== undefined && sample.cpu === null;

export class StatsHistory {
  readonly spanMs: number;
  /**
   * Live readings further apart than this have a gap between them: the API's rule plus one
   * interval, because the page may see a reading up to an interval late (polling /api/hosts
   * every other interval) without anything having gone unmeasured.
   */
  gapAfterMs = (DEFAULT_GAP_AFTER_INTERVALS + 1) * DEFAULT_INTERVAL_MS;
  private readonly _hosts = new Map<string, Sample[]>();
  /** Seeds for hosts the panel has not listed yet (history can answer before `/api/hosts`). */
  private readonly _pending = new Map<string, Sample[]>();

  constructor(spanMs = 120_000) {
    this.spanMs = spanMs;
  }

  /** Adds a host's reading unless it has it already; older readings fall out of the span. */
  record(name: string, metrics: Metrics): void {
    const at = Date.parse(metrics.sampled_at);
    if (!Number.isFinite(at)) return;
    let samples = this._hosts.get(name) ?? [];
    const pending = this._pending.get(name);
    if (pending) {
      this._pending.delete(name);
      samples = merge(pending, samples, this.gapAfterMs);
    }
    const last = samples.at(-1);
    if (last !== undefined && at <= last.at) {
      // A late copy of a reading already drawn; a clock that jumped back starts afresh.
      if (last.at - at <= this.spanMs) return this._keep(name, samples);
      samples.length = 0;
    }
    // A gap already closing the line (the API said so) needs no second one.
    const previous = samples.at(-1);
    if (previous !== undefined && !isGap(previous) && at - previous.at > this.gapAfterMs)
      samples.push(gap(previous.at + this.gapAfterMs));
    samples.push({
      at,
      cpu: metrics.cpu.percent,
      rx: metrics.network.rx_bytes_per_s,
      tx: metrics.network.tx_bytes_per_s,
    });
    this._keep(name, samples);
  }

  /**
   * The API's recent samples of a host, oldest first (`/api/history`): they go before what
   * the page has seen itself, which wins where both have a reading.
   */
  seed(name: string, points: readonly HistoryPoint[]): void {
    const seeded: Sample[] = [];
    for (const point of points) {
      const at = Date.parse(point.sampled_at);
      if (!Number.isFinite(at) || (seeded.length > 0 && at <= (seeded.at(-1)?.at ?? at))) continue;
      const cpu = point.cpu_percent;
      seeded.push(
        cpu === null
          ? gap(at)
          : { at, cpu, rx: point.rx_bytes_per_s ?? 0, tx: point.tx_bytes_per_s ?? 0 },
      );
    }
    const live = this._hosts.get(name);
    if (live) this._keep(name, merge(seeded, live, this.gapAfterMs));
    else this._pending.set(name, seeded);
  }

  /** The host's samples, oldest first. */
  samples(name: string): readonly Sample[] {
    return this._hosts.get(name) ?? [];
  }

  /** Forgets hosts no longer listed. */
  retain(names: readonly string[]): void {
    for (const name of this._hosts.keys()) if (!names.includes(name)) this._hosts.delete(name);
  }

  /** Stores a host's samples cut to the span before the newest, never starting with a gap. */
  private _keep(name: string, samples: Sample[]): void {
    const newest = samples.at(-1)?.at ?? 0;
    const cutoff = newest - this.spanMs;
    let keep = samples.findIndex((sample) => sample.at >= cutoff && !isGap(sample));
    if (keep < 0) keep = samples.length;
    if (keep > 0) samples.splice(0, keep);
    this._hosts.set(name, samples);
  }
}

function gap(at: number): Sample {
  return { at, cpu: null, rx: null, tx: null };
}

/** `older` before `newer`: the part of `older` before `newer` begins, a gap at the seam if one is due. */
function merge(older: readonly Sample[], newer: Sample[], gapAfterMs: number): Sample[] {
  const first = newer[0];
  if (!first) return [...older];
  const before = older.filter((sample) => sample.at < first.at);
  const last = before.at(-1);
  if (last && !isGap(last) && !isGap(first) && first.at - last.at > gapAfterMs)
    before.push(gap(last.at + gapAfterMs));
  return [...before, ...newer];
}
