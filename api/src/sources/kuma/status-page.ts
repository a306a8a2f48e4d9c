/**
 * An Uptime Kuma status page (`/api/status-page/<slug>`), asked once per TTL for the two
 * sources that read it: `status` (its monitors) and `incidents` (what is pinned on it).
 * Both refresh on `STATUS_TTL_S`; without this each refresh asked Kuma for the same page.
 *
 * An answer is remembered per URL from the moment it arrives, for less than the TTL. Each
 * source stamps its own cache entry after that moment, so a source's refresh (due a TTL
 * after its stamp) always finds the remembered page expired and asks Kuma; the other
 * source, refreshing moments later, takes that new answer. Callers at the same time share
 * the request in flight. A failure is remembered by nobody: the next call asks again.
 */
import { isRecord, type JsonObject } from '../../json.js';
import type { FetchContext } from '../definition.js';
import type { HttpClient, UpstreamResponse } from '../http/client.js';

/** Where the status page is and how long an answer of it stays good. */
export interface StatusPageSettings {
  baseUrl: string;
  slug: string;
  ttlS: number;
}

export interface StatusPage {
  /** The answer, for errors that quote it (URL, status, body). */
  response: UpstreamResponse;
  /** Its parsed body, read-only for both sources. */
  page: JsonObject & { publicGroupList: unknown[] };
}

/**
 * A status page's answer, and the heartbeats beside it: a slug Kuma does not know is a 404
 * of its own (a setting to fix), any other non-200 a bad status.
 */
export function checkStatusPageAnswer(client: HttpClient, response: UpstreamResponse): void {
  if (response.status === 404) {
    throw client.failure(
      'not_found',
      'Uptime Kuma has no status page with the configured slug (404)',
      response,
    );
  }
  if (response.status !== 200) throw client.badStatus(response);
}

/** The status pages asked for by the sources built together, by URL. */
export class StatusPages {
  readonly #now: () => number;
  readonly #inFlight = new Map<string, Promise<StatusPage>>();
  readonly #answers = new Map<string, { arrivedAt: number; page: StatusPage }>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The page, from memory while younger than the TTL, else from Kuma through `client`. */
  get(client: HttpClient, settings: StatusPageSettings, signal?: AbortSignal): Promise<StatusPage> {
    const path = `/api/status-page/${encodeURIComponent(settings.slug)}`;
    const url = `${settings.baseUrl}${path}`;
    const remembered = this.#answers.get(url);
    if (remembered && this.#now() - remembered.arrivedAt < settings.ttlS * 1000) {
      return Promise.resolve(remembered.page);
    }
    const pending = this.#inFlight.get(url);
    if (pending) return pending;
    const request = ask(client, path, signal ?? client.deadline()).then((page) => {
      this.#answers.set(url, { arrivedAt: this.#now(), page });
      return page;
    });
    // Shared while in flight; beyond that only a success is remembered.
    const settled = () => this.#inFlight.delete(url);
    request.then(settled, settled);
    this.#inFlight.set(url, request);
    return request;
  }
}

/** Made once per set of sources (`FetchContext.shared`), so both sources hold the same one. */
export const statusPages = (now: () => number) => new StatusPages(now);

/** The status page for a source's fetch: shared with the other source reading it. */
export function loadStatusPage(
  client: HttpClient,
  settings: StatusPageSettings,
  context: Pick<FetchContext, 'shared'>,
  signal?: AbortSignal,
): Promise<StatusPage> {
  return context.shared(statusPages).get(client, settings, signal);
}

/** One request for the page; an answer neither source can read is a failure, not a page. */
async function ask(client: HttpClient, path: string, signal: AbortSignal): Promise<StatusPage> {
  const response = await client.get(path, signal);
  checkStatusPageAnswer(client, response);
  const page = client.json(response);
  if (!isRecord(page) || !Array.isArray(page.publicGroupList)) {
    throw client.invalid(response, 'no publicGroupList');
  }
  return { response, page: page as StatusPage['page'] };
}
