/**
 * Start-up and warm-up — loading modules, compiling route serialisers, the first host
 * readings, the first upstream calls (undici compiles its HTTP parser) — leave tens of MiB
 * of garbage behind. A portal that then sits idle allocates almost nothing, so V8 may keep
 * that garbage for minutes: measured on identical processes, the idle footprint ranged
 * from 69 to 93 MiB depending on whether V8 happened to collect. One full collection once
 * warm-up is over makes the idle footprint the live set, every time, for a single pause
 * of about 20 ms.
 *
 * V8's `gc` is not exposed to scripts by default; this enables it for a private context
 * only. Where that is not possible the process simply carries on.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** Long enough for the first page load (and its upstream calls) to have happened. */
export const WARM_UP_MS = 10_000;

/** Collects start-up garbage once, `WARM_UP_MS` from now; never keeps the process alive. */
export function releaseStartupGarbageLater(): void {
  setTimeout(releaseStartupGarbage, WARM_UP_MS).unref();
}

export function releaseStartupGarbage(): boolean {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    if (typeof gc !== 'function') return false;
    // The first collection empties the pages; the second lets V8 hand them back.
    gc();
    gc();
    return true;
  } catch {
    return false;
  }
}
