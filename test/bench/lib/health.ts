/**
 * Reading a portal's /api/health from the bench: its status and the state of each part.
 * /api/health marks no demand, so watching it never wakes the sampler or the peers: the
 * bench can wait on a part without changing what it measures.
 */
import { sleep } from './context.js';

export interface PartState {
  state: string;
  age_s: number | null;
}

export interface HealthAnswer {
  status: number;
  ok: boolean;
  checks: {
    sampler: PartState;
    sources: Record<string, PartState>;
    peers: Record<string, PartState>;
  };
}

export async function readHealth(url: string): Promise<HealthAnswer> {
  const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as Omit<HealthAnswer, 'status'>;
  return { ...body, status: response.status };
}

/**
 * Reads /api/health every 100 ms until `ready` holds or `timeoutMs` passes. Never throws on
 * the timeout: the caller reports the state it last saw (a part may, rightly, never get there).
 */
export async function waitForHealth(
  url: string,
  ready: (answer: HealthAnswer) => boolean,
  timeoutMs: number,
): Promise<{ reached: boolean; last: HealthAnswer }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const last = await readHealth(url);
    if (ready(last)) return { reached: true, last };
    if (performance.now() > deadline) return { reached: false, last };
    await sleep(100);
  }
}

/** Status codes of `count` sequential requests to `url`: the codes, and "200 ×3, 503 ×17". */
export async function statusesOf(
  url: string,
  count: number,
): Promise<{ codes: number[]; text: string }> {
  const seen = new Map<number, number>();
  for (let index = 0; index < count; index++) {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
  }
  const sorted = [...seen].sort(([a], [b]) => a - b);
  return {
    codes: sorted.map(([status]) => status),
    text: sorted.map(([status, times]) => `${status} ×${times}`).join(', '),
  };
}
