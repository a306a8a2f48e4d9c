/** What every bench suite gets from the runner, and what it gives back. */
import type { Row } from './report.js';

export interface BenchContext {
  cores: number;
  /** Seconds per measured load run. */
  durationS: number;
  /** wrk threads per run. */
  threads: number;
  /** Seconds of each idle CPU window (no clients, then polled). */
  idleWindowS: number;
  /** Seconds of the soak. */
  soakS: number;
  /** The spike suite's crowd and where it is sent. */
  spike: SpikeOptions;
  /** Progress, on stderr: stdout carries only the table. */
  log(message: string): void;
  /** Registers something to stop when the suite ends, fails or the run is interrupted. */
  own<T extends { stop(): Promise<unknown> }>(resource: T): T;
}

export interface SpikeOptions {
  visitors: number;
  /** Seconds over which the visitors arrive. */
  arrivalS: number;
  /** Seconds each visitor keeps the page open. */
  sessionS: number;
  edges: ('direct' | 'varnish' | 'containers')[];
  /** The compose stack's homepage, for the `containers` edge. */
  containersUrl: string | undefined;
  /** A git revision whose nginx.conf and template to run instead of the checkout's. */
  nginxFrom: string | undefined;
}

export interface Suite {
  id: string;
  /** One line for `--help`. */
  about: string;
  /** Runs only when named in `--only` (long, and heavy on a shared machine). */
  optIn?: boolean;
  run(ctx: BenchContext): Promise<Row[]>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
