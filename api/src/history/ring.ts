/**
 * One host's recent figures as a fixed-size ring of compact points: what the page's
 * sparklines draw (CPU %, memory %, network in and out) and the host's own sample time.
 *
 * Compact because it is kept for every host all the time: five typed arrays allocated once,
 * 24 bytes a point (a Float64 time, four Float32 figures — seven significant digits, far
 * finer than a 32-pixel-high chart), so the ring never allocates after it is made and its
 * size is fixed by its capacity whatever the hosts send.
 *
 * A gap is a point of its own whose figures are NaN (served as nulls): wherever two points
 * lie further apart than `gapAfterMs` — the sampler slept, the peer was not asked or did not
 * answer — one goes between them, so a chart breaks its line there instead of drawing one
 * across time nobody measured. A gap takes a slot like a point, so the bound holds however
 * often the host sleeps and wakes.
 */

/** What one reading adds. */
export interface HistoryFigures {
  cpuPercent: number;
  memoryPercent: number;
  rxBytesPerS: number;
  txBytesPerS: number;
}

/** One point as served: a reading, or a gap (every figure null). */
export type HistoryPoint = { [K in keyof HistoryFigures]: number | null } & {
  /** The host's own sample time, ms since the epoch. */
  atMs: number;
};

/** Bytes one point costs in the ring (the typed arrays' element sizes). */
export const BYTES_PER_POINT = Float64Array.BYTES_PER_ELEMENT + 4 * Float32Array.BYTES_PER_ELEMENT;

export class HistoryRing {
  readonly capacity: number;
  readonly #gapAfterMs: number;
  readonly #at: Float64Array;
  readonly #cpu: Float32Array;
  readonly #memory: Float32Array;
  readonly #rx: Float32Array;
  readonly #tx: Float32Array;
  /** The slot the next point goes to. */
  #next = 0;
  #size = 0;
  /** The newest real point's time (a gap's time is not a reading). */
  #lastAtMs = -Infinity;

  constructor(capacity: number, gapAfterMs: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new Error('ring capacity must be ≥ 2');
    this.capacity = capacity;
    this.#gapAfterMs = gapAfterMs;
    this.#at = new Float64Array(capacity);
    this.#cpu = new Float32Array(capacity);
    this.#memory = new Float32Array(capacity);
    this.#rx = new Float32Array(capacity);
    this.#tx = new Float32Array(capacity);
  }

  /** Points held, gaps included. */
  get size(): number {
    return this.#size;
  }

  /** The newest reading's time, or -Infinity when there is none. */
  get lastAtMs(): number {
    return this.#lastAtMs;
  }

  /**
   * Adds a reading. A copy of one already held (same time or older — a peer answering the
   * same sample twice) is ignored, unless it is older by more than `resetAfterMs`: then the
   * host's clock jumped back, and what is held no longer lines up with what comes, so the
   * ring starts afresh. Returns whether the ring changed.
   */
  push(atMs: number, figures: HistoryFigures, resetAfterMs: number): boolean {
    if (!Number.isFinite(atMs)) return false;
    if (atMs <= this.#lastAtMs) {
      if (this.#lastAtMs - atMs <= resetAfterMs) return false;
      this.clear();
    }
    if (atMs - this.#lastAtMs > this.#gapAfterMs && this.#size > 0) this.#gapAfterLast();
    this.#write(
      atMs,
      figures.cpuPercent,
      figures.memoryPercent,
      figures.rxBytesPerS,
      figures.txBytesPerS,
    );
    this.#lastAtMs = atMs;
    return true;
  }

  /** Forgets every point. */
  clear(): void {
    this.#next = 0;
    this.#size = 0;
    this.#lastAtMs = -Infinity;
  }

  /**
   * The points from `fromMs` on, oldest first; with `trailingGap`, a gap after the newest
   * (the host is not being measured now, so the line must not run on into the next reading).
   * A leading gap left by the cut is dropped: a line cannot start with one.
   */
  points(fromMs: number, trailingGap: boolean): HistoryPoint[] {
    const out: HistoryPoint[] = [];
    for (let i = 0; i < this.#size; i++) {
      const slot = (this.#next - this.#size + i + this.capacity) % this.capacity;
      const atMs = this.#at[slot] ?? NaN;
      if (atMs < fromMs) continue;
      const cpu = this.#cpu[slot] ?? NaN;
      if (Number.isNaN(cpu)) {
        if (out.length > 0) out.push(gapPoint(atMs));
        continue;
      }
      out.push({
        atMs,
        cpuPercent: round1(cpu),
        memoryPercent: round1(this.#memory[slot] ?? 0),
        rxBytesPerS: Math.round(this.#rx[slot] ?? 0),
        txBytesPerS: Math.round(this.#tx[slot] ?? 0),
      });
    }
    const last = out.at(-1);
    if (trailingGap && last && last.cpuPercent !== null)
      out.push(gapPoint(this.#lastAtMs + this.#gapAfterMs));
    return out;
  }

  /** A gap dated one gap-length after the last reading: when a line through it would have needed the next one. */
  #gapAfterLast(): void {
    this.#write(this.#lastAtMs + this.#gapAfterMs, NaN, NaN, NaN, NaN);
  }

  #write(atMs: number, cpu: number, memory: number, rx: number, tx: number): void {
    const slot = this.#next;
    this.#at[slot] = atMs;
    this.#cpu[slot] = cpu;
    this.#memory[slot] = memory;
    this.#rx[slot] = rx;
    this.#tx[slot] = tx;
    this.#next = (slot + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function gapPoint(atMs: number): HistoryPoint {
  return { atMs, cpuPercent: null, memoryPercent: null, rxBytesPerS: null, txBytesPerS: null };
}
