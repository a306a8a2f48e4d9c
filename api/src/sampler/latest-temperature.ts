/**
 * The CPU temperature the sampler puts in each snapshot: refreshed beside the readings at
 * most every `everyMs` (a reading may cost a child process where sysfs is not available),
 * never delaying a sample — the next snapshot carries the new value.
 */
import { round1 } from './build-metrics.js';
import type { HostSource } from './source.js';

export class LatestTemperature {
  readonly #source: HostSource;
  readonly #everyMs: number;
  readonly #onError: ((error: unknown) => void) | undefined;
  #celsius: number | null = null;
  #readAtMs = -Infinity;

  constructor(source: HostSource, everyMs: number, onError?: (error: unknown) => void) {
    this.#source = source;
    this.#everyMs = everyMs;
    this.#onError = onError;
  }

  /** °C with one decimal, null without a sensor. */
  get celsius(): number | null {
    return this.#celsius;
  }

  /** The value was read before a sleep: the next refresh reads the sensor whatever its age. */
  expire(): void {
    this.#readAtMs = -Infinity;
  }

  async refresh(): Promise<void> {
    const now = performance.now();
    if (now - this.#readAtMs < this.#everyMs) return;
    this.#readAtMs = now;
    try {
      const celsius = await this.#source.temperature();
      this.#celsius = celsius === null ? null : round1(celsius);
    } catch (error) {
      this.#onError?.(error);
    }
  }
}
