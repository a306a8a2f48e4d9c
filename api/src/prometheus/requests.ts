/**
 * Requests counted as plain integers while they happen. prom-client only sees them when
 * Prometheus scrapes (series.ts), so a request pays one Map update, never a metrics
 * library, and a portal nobody scrapes never loads prom-client at all.
 */

/**
 * Bumped by the `/api/metrics` fast path, which answers before Fastify and its hooks.
 * A plain object, so the hottest request pays one integer increment. Process-wide, like
 * the process figures: there is one server per process.
 */
export const fastPathRequests = { count: 0 };

export interface RequestLabels {
  route: string;
  method: string;
  status: string;
}

/** What the fast path answers: the same series the Fastify route would count. */
export const FAST_PATH_LABELS: Readonly<RequestLabels> = {
  route: '/api/metrics',
  method: 'GET',
  status: '200',
};

/** Requests that matched no route share one label, so probes cannot grow the series. */
export const UNMATCHED = 'unmatched';

// Node's parser accepts a few dozen methods; anything unusual is folded into one label.
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

export class RequestCounts {
  readonly #counts = new Map<string, { labels: RequestLabels; count: number }>();

  /** `route` is the route's pattern (never the raw URL); undefined when nothing matched. */
  add(route: string | undefined, method: string, status: number): void {
    const labels: RequestLabels = {
      route: route ?? UNMATCHED,
      method: METHODS.has(method) ? method : 'OTHER',
      status: String(status),
    };
    const key = `${labels.route} ${labels.method} ${labels.status}`;
    const entry = this.#counts.get(key);
    if (entry) entry.count++;
    else this.#counts.set(key, { labels, count: 1 });
  }

  entries(): Iterable<{ labels: RequestLabels; count: number }> {
    return this.#counts.values();
  }
}
