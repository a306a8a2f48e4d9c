/**
 * Service status from an Uptime Kuma public status page: the page gives the monitors'
 * names in display order, the heartbeat endpoint their beats and 24 h uptime.
 *
 * Both the 1.23 shape (`incident`) and the 2.x shape (`incidents`) are read; only the parts
 * they share are used. Heartbeat times are UTC without a zone; uptime is a 0–1 fraction
 * (sometimes the integers 0 and 1); status 0/1/2/3 is down/up/pending/maintenance; a
 * monitor without beats is `unknown`, not down. An unknown slug is a 404 on 2.x and no
 * answer at all on 1.23, which the client's deadline turns into a timeout.
 */
import { isRecord } from '../../json.js';
import type { FetchContext } from '../definition.js';
import type { HttpClient } from '../http/client.js';
import {
  checkStatusPageAnswer,
  loadStatusPage,
  type StatusPageSettings,
} from '../kuma/status-page.js';

export type MonitorStatus = 'up' | 'down' | 'pending' | 'maintenance' | 'unknown';

export interface MonitorData {
  name: string;
  status: MonitorStatus;
  uptime_24h_percent: number | null;
  ping_ms: number | null;
  checked_at: string | null;
}

const STATUS_NAMES: Record<number, MonitorStatus> = {
  0: 'down',
  1: 'up',
  2: 'pending',
  3: 'maintenance',
};

/** "2026-08-22 09:55:38.726" (UTC, no zone; older rows lack the milliseconds) → ISO 8601. */
export function kumaTime(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)$/.exec(text.trim());
  if (!match) return null;
  const ms = Date.parse(`${match[1]}T${match[2]}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Joins the status page's monitor list with the heartbeats; throws on a shape it cannot read. */
export function mapStatus(page: unknown, heartbeat: unknown): MonitorData[] {
  if (!isRecord(page) || !Array.isArray(page.publicGroupList))
    throw new Error('no publicGroupList');
  if (!isRecord(heartbeat) || !isRecord(heartbeat.heartbeatList))
    throw new Error('no heartbeatList');
  const beats = heartbeat.heartbeatList;
  const uptimes = isRecord(heartbeat.uptimeList) ? heartbeat.uptimeList : {};
  const seen = new Set<string>();
  const monitors: MonitorData[] = [];
  for (const group of page.publicGroupList) {
    if (!isRecord(group) || !Array.isArray(group.monitorList)) continue;
    for (const monitor of group.monitorList) {
      if (!isRecord(monitor) || typeof monitor.name !== 'string') continue;
      const id = String(monitor.id);
      // A monitor listed in two groups is still one service.
      if (seen.has(id)) continue;
      seen.add(id);
      const list = Array.isArray(beats[id]) ? (beats[id] as unknown[]) : [];
      const last = list.at(-1);
      const uptime = uptimes[`${id}_24`];
      monitors.push({
        name: monitor.name.trim(),
        status:
          isRecord(last) && typeof last.status === 'number'
            ? (STATUS_NAMES[last.status] ?? 'unknown')
            : 'unknown',
        // Kuma reports 0 for a monitor without data; that is no figure, not 0 %.
        uptime_24h_percent:
          list.length > 0 && typeof uptime === 'number' && Number.isFinite(uptime)
            ? Math.round(Math.min(1, Math.max(0, uptime)) * 10_000) / 100
            : null,
        ping_ms:
          isRecord(last) && typeof last.ping === 'number' && Number.isFinite(last.ping)
            ? last.ping
            : null,
        checked_at: isRecord(last) ? kumaTime(last.time) : null,
      });
    }
  }
  return monitors;
}

/** The page (shared with `incidents`, see `kuma/status-page.ts`) joined with its heartbeats. */
export async function fetchStatus(
  client: HttpClient,
  settings: StatusPageSettings,
  context: Pick<FetchContext, 'shared'>,
): Promise<MonitorData[]> {
  const signal = client.deadline();
  // Both settle before the call ends, so a call that failed on the heartbeats leaves no
  // page request behind for the next refresh to join as if it were a new one.
  const [pageAnswer, beatAnswer] = await Promise.allSettled([
    loadStatusPage(client, settings, context, signal),
    client.get(`/api/status-page/heartbeat/${encodeURIComponent(settings.slug)}`, signal),
  ]);
  if (pageAnswer.status === 'rejected') throw pageAnswer.reason;
  if (beatAnswer.status === 'rejected') throw beatAnswer.reason;
  const { page, response } = pageAnswer.value;
  const beatResponse = beatAnswer.value;
  checkStatusPageAnswer(client, beatResponse);
  const heartbeat = client.json(beatResponse);
  try {
    return mapStatus(page, heartbeat);
  } catch (error) {
    throw client.invalid(response, (error as Error).message);
  }
}
