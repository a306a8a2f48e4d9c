/**
 * A slow background poller, like a Conky widget or an open page: one request to each URL
 * every `everyMs`, in sequence, until stopped. It keeps a portal's sampler awake (so a
 * failing reading is noticed) without being load; failures are counted, not thrown.
 */
import { sleep, type BenchContext } from './context.js';

export interface Poller {
  failures: number;
  stop(): Promise<void>;
}

export function startPoller(ctx: BenchContext, urls: string[], everyMs = 1000): Poller {
  let running = true;
  const poller: Poller = {
    failures: 0,
    async stop() {
      running = false;
      await loop;
    },
  };
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      for (const url of urls) {
        // A hung upstream may hold an answer: never let one poll outlast the period by much.
        const response = await fetch(url, { signal: AbortSignal.timeout(everyMs * 5) }).catch(
          () => null,
        );
        await response?.arrayBuffer().catch(() => undefined);
        if (!response) poller.failures++;
      }
      await sleep(Math.max(0, t0 + everyMs - performance.now()));
    }
  })();
  return ctx.own(poller);
}
