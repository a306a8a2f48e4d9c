/**
 * Requests per path as seen by one server: nginx's access log (the origin, behind the edge)
 * counted per path and per second, and the API's own count per route from its Prometheus
 * exposition (what reached the API at all).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface PathCounts {
  total: number;
  /** The busiest wall-clock second. */
  peakPerSecond: number;
}

/** Lines of the `portal` log format: `… [04/Dec/2026:19:20:01 +0000] "GET /api/hosts HTTP/1.1" …`. */
export async function countAccessLog(file: string): Promise<Map<string, PathCounts>> {
  const perSecond = new Map<string, Map<string, number>>();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const match = /\[([^\]]+)\] "[A-Z]+ (\/[^ ?"]*)/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const path = match[2].startsWith('/api/') ? match[2] : 'page and assets';
    const seconds = perSecond.get(path) ?? new Map<string, number>();
    seconds.set(match[1], (seconds.get(match[1]) ?? 0) + 1);
    perSecond.set(path, seconds);
  }
  const result = new Map<string, PathCounts>();
  for (const [path, seconds] of perSecond) {
    const counts = [...seconds.values()];
    result.set(path, {
      total: counts.reduce((sum, count) => sum + count, 0),
      peakPerSecond: Math.max(...counts),
    });
  }
  return result;
}

/** `kitestacks_http_requests_total` summed per route. */
export async function apiRequestsByRoute(apiUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^kitestacks_http_requests_total\{([^}]*)\} (\S+)$/gm)) {
    const route = /route="([^"]*)"/.exec(match[1] ?? '')?.[1] ?? '?';
    counts.set(route, (counts.get(route) ?? 0) + Number(match[2]));
  }
  return counts;
}
