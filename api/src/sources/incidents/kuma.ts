/**
 * The incidents pinned on an Uptime Kuma status page. 2.1 and later send `incidents` (a list,
 * newest first); 1.23 and 2.0 send `incident` (one, or null). Times are UTC without a zone,
 * like the heartbeats'. The page is read for nothing else here: its monitors are `status`.
 */
import { isRecord } from '../../json.js';
import type { FetchContext } from '../definition.js';
import type { HttpClient } from '../http/client.js';
import { loadStatusPage, type StatusPageSettings } from '../kuma/status-page.js';
import { kumaTime } from '../status/kuma.js';
import type { Incident, IncidentStyle } from './schema.js';

const STYLES: ReadonlySet<string> = new Set<IncidentStyle>([
  'info',
  'warning',
  'danger',
  'primary',
  'light',
  'dark',
]);

/** The page's incidents, newest first; throws on a page it cannot read. */
export function mapIncidents(page: unknown): Incident[] {
  if (!isRecord(page) || !Array.isArray(page.publicGroupList)) {
    throw new Error('no publicGroupList');
  }
  const listed: unknown[] = Array.isArray(page.incidents)
    ? page.incidents
    : page.incident
      ? [page.incident]
      : [];
  const incidents: Incident[] = [];
  for (const item of listed) {
    if (!isRecord(item)) continue;
    const title = typeof item.title === 'string' ? item.title.trim() : '';
    const content = typeof item.content === 'string' ? item.content.trim() : '';
    if (!title && !content) continue;
    incidents.push({
      title,
      content,
      style:
        typeof item.style === 'string' && STYLES.has(item.style)
          ? (item.style as IncidentStyle)
          : 'info',
      created_at: kumaTime(item.createdDate),
      updated_at: kumaTime(item.lastUpdatedDate),
    });
  }
  // Kuma already sends 2.x's list newest first; sorting keeps that true whatever it sends.
  // An incident without a readable date keeps its place after the dated ones.
  const time = (incident: Incident) =>
    incident.created_at === null ? -Infinity : Date.parse(incident.created_at);
  return incidents.sort((a, b) => time(b) - time(a));
}

/** The page's incidents, from the page `status` reads too (see `kuma/status-page.ts`). */
export async function fetchIncidents(
  client: HttpClient,
  settings: StatusPageSettings,
  context: Pick<FetchContext, 'shared'>,
): Promise<Incident[]> {
  const { page, response } = await loadStatusPage(client, settings, context);
  try {
    return mapIncidents(page);
  } catch (error) {
    throw client.invalid(response, (error as Error).message);
  }
}
