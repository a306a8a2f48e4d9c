/**
 * What the Prometheus exposition reads, as small interfaces the rest of the API provides.
 * Every figure is read when Prometheus scrapes, never pushed, so nothing else pays for it.
 */
import type { SamplerCheck, SamplerState } from '../sampler/sampler-types.js';

export type { SamplerState };

/** One upstream source (weather, activity, status) or one peer host. */
export interface PartFigures {
  kind: 'source' | 'peer';
  /** `weather`, `activity`, `status`, or the peer's name from PEERS. */
  name: string;
  /** When the part last answered well, ms since the epoch; null when it never has. */
  lastSuccessMs: number | null;
  /** True while what the portal serves for this part is past its freshness. */
  stale: boolean;
  /** Failed calls since start (a counter: it only grows). */
  failures: number;
}

/** Read through getters at scrape time; the metrics sampler itself fits. */
export interface SamplerFigures {
  /** Host readings taken since start. */
  readonly readings: number;
  /** Host readings that failed since start, when the sampler counts them. */
  readonly failures?: number;
  /** True while a next reading is scheduled or running. */
  readonly awake?: boolean;
  /** The state `/api/health` reports: read at each scrape, so a hung reading shows. */
  check?(): Pick<SamplerCheck, 'state'>;
}

export interface PrometheusOptions {
  sampler: SamplerFigures;
  /** The stream hub: `size` is the number of open event streams. */
  streams: { readonly size: number };
  /** Every configured source and every peer, in a stable order. */
  parts?: () => readonly PartFigures[];
}
