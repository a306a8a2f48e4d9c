/**
 * A fake Uptime Kuma public status page: `/api/status-page/<slug>` and
 * `/api/status-page/heartbeat/<slug>`. The basic data is the recorded contract files,
 * served byte-for-byte, in the 2.x shape (`incidents`) or the 1.23 shape (`incident`).
 * Unknown slugs behave as each version does: 404 JSON on 2.x, no answer at all on 1.23;
 * the heartbeat endpoint answers 200 with empty maps either way. Pinned incidents can be set
 * and are served in the version's shape: a list on 2.x, one (or null) on 1.23.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { FakeServer, sendJson, type FakeUpstream, type FaultMode } from './server.js';

const contract = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./contracts/${name}`, import.meta.url)), 'utf8');

export const KUMA_STATUS_PAGE_V2 = contract('uptime-kuma-status-page.json');
export const KUMA_STATUS_PAGE_V1 = contract('uptime-kuma-status-page-v1.23.json');
export const KUMA_HEARTBEAT = contract('uptime-kuma-heartbeat.json');

export const FAKE_KUMA_SLUG = 'homelab';

export type KumaVersion = '2' | '1.23';

export interface FakeKumaOptions {
  version?: KumaVersion;
  slug?: string;
  /** `basic`: the contract files. `rich`: the eleven KiteStacks services, beats up to now. */
  dataset?: 'basic' | 'rich';
  nowMs?: number;
  /** Pinned incidents to serve instead of the dataset's. */
  incidents?: KumaIncident[];
}

/** An incident as Kuma stores it (times "YYYY-MM-DD HH:mm:ss" UTC, no zone). */
export interface KumaIncident {
  title: string;
  content: string;
  /** Kuma's own are info, warning, danger, primary, light, dark; tests send others too. */
  style: string;
  createdDate: string;
  lastUpdatedDate: string | null;
}

export interface FakeKuma extends FakeUpstream {
  readonly slug: string;
  readonly version: KumaVersion;
  /** Replaces both documents served from now on (already serialised JSON). */
  setDocuments(statusPage: string, heartbeat: string): void;
  /** Pins these incidents on the status page served from now on (newest first, as Kuma sends). */
  setIncidents(incidents: KumaIncident[]): void;
}

/** The status page with `incidents` pinned, in the shape of `version`. */
export function withIncidents(
  page: string,
  version: KumaVersion,
  incidents: KumaIncident[],
): string {
  const document = JSON.parse(page) as Record<string, unknown>;
  delete document.incident;
  delete document.incidents;
  const rows = incidents.map((incident, index) => ({ id: index + 1, ...incident }));
  if (version === '2') {
    document.incidents = rows.map((row) => ({
      ...row,
      pin: true,
      active: true,
      status_page_id: 1,
    }));
  } else {
    const first = rows[0];
    document.incident = first ? { ...first, pin: 1 } : null;
  }
  return JSON.stringify(document);
}

interface Beat {
  status: 0 | 1 | 2 | 3;
  time: string;
  msg: string;
  ping: number | null;
}

/** "YYYY-MM-DD HH:mm:ss.SSS" in UTC with no zone, as Kuma stores heartbeat times. */
export function kumaTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

const RICH_MONITORS: {
  name: string;
  group: string;
  type: string;
  pattern: number[];
  ping: number;
}[] = [
  { name: 'Portal', group: 'Front door', type: 'http', pattern: [1, 1, 1, 1, 1, 1], ping: 38 },
  { name: 'Authentik', group: 'Front door', type: 'http', pattern: [1, 1, 1, 1, 1, 1], ping: 95 },
  { name: 'Forgejo', group: 'Dev', type: 'http', pattern: [1, 1, 1, 1, 1, 1], ping: 61 },
  { name: 'Open WebUI', group: 'Apps', type: 'http', pattern: [1, 1, 2, 1, 1, 1], ping: 240 },
  { name: 'Karakeep', group: 'Apps', type: 'http', pattern: [], ping: 0 },
  { name: 'Kavita', group: 'Apps', type: 'http', pattern: [1, 1, 1, 1, 1, 1], ping: 44 },
  { name: 'Grafana', group: 'Ops', type: 'http', pattern: [1, 1, 1, 1, 1, 1], ping: 52 },
  { name: 'Uptime Kuma', group: 'Ops', type: 'http', pattern: [1, 1, 1, 1, 1, 1], ping: 12 },
  { name: 'BookStack', group: 'Apps', type: 'http', pattern: [3, 3, 3, 3, 3, 3], ping: 0 },
  { name: 'osTicket', group: 'Apps', type: 'http', pattern: [1, 1, 1, 0, 0, 0], ping: 130 },
  { name: 'Portainer', group: 'Ops', type: 'http', pattern: [1, 1, 1, 1, 1, 2], ping: 70 },
];

/** The eleven KiteStacks services: one down, one pending, one in maintenance, one never checked. */
export function richKumaDocuments(
  version: KumaVersion,
  slug: string,
  nowMs: number,
): { page: string; heartbeat: string } {
  const groups = new Map<
    string,
    { id: number; name: string; weight: number; monitorList: unknown[] }
  >();
  const heartbeatList: Record<string, Beat[]> = {};
  const uptimeList: Record<string, number> = {};
  RICH_MONITORS.forEach((monitor, index) => {
    const id = index + 1;
    let group = groups.get(monitor.group);
    if (!group) {
      group = {
        id: groups.size + 1,
        name: monitor.group,
        weight: groups.size + 1,
        monitorList: [],
      };
      groups.set(monitor.group, group);
    }
    group.monitorList.push({ id, name: monitor.name, sendUrl: 0, type: monitor.type });
    heartbeatList[String(id)] = monitor.pattern.map((status, beat) => ({
      status: status as Beat['status'],
      time: kumaTime(nowMs - (monitor.pattern.length - beat) * 60_000 + index * 1_000),
      msg: '',
      ping: status === 1 ? monitor.ping + ((beat * 7) % 11) : null,
    }));
    const ups = monitor.pattern.filter((status) => status === 1).length;
    uptimeList[`${id}_24`] =
      monitor.pattern.length === 0 ? 0 : ups === monitor.pattern.length ? 1 : 0.9 + ups / 100;
  });
  const base = JSON.parse(version === '2' ? KUMA_STATUS_PAGE_V2 : KUMA_STATUS_PAGE_V1) as Record<
    string,
    unknown
  >;
  const page = {
    ...base,
    config: {
      ...(base.config as object),
      slug,
      title: 'KiteStacks',
      description: 'Services of the KiteStacks lab',
    },
    ...(version === '2' ? { incidents: [] } : { incident: null }),
    publicGroupList: [...groups.values()],
  };
  return { page: JSON.stringify(page), heartbeat: JSON.stringify({ heartbeatList, uptimeList }) };
}

export async function startFakeKuma(options: FakeKumaOptions = {}): Promise<FakeKuma> {
  const version = options.version ?? '2';
  const slug = options.slug ?? FAKE_KUMA_SLUG;
  let page = version === '2' ? KUMA_STATUS_PAGE_V2 : KUMA_STATUS_PAGE_V1;
  let heartbeat = KUMA_HEARTBEAT;
  if (options.dataset === 'rich') {
    ({ page, heartbeat } = richKumaDocuments(version, slug, options.nowMs ?? Date.now()));
  }
  if (options.incidents) page = withIncidents(page, version, options.incidents);

  const handler = (
    _req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    _fault: FaultMode | null,
  ) => {
    const beat = /^\/api\/status-page\/heartbeat\/([^/]+)$/.exec(url.pathname);
    if (beat) {
      const known = matches(decodeURIComponent(beat[1] ?? ''));
      return sendJson(res, 200, known ? heartbeat : '{"heartbeatList":{},"uptimeList":{}}', {
        'cache-control': 'max-age=60',
      });
    }
    const statusPage = /^\/api\/status-page\/([^/]+)$/.exec(url.pathname);
    if (statusPage) {
      if (matches(decodeURIComponent(statusPage[1] ?? ''))) {
        return sendJson(res, 200, page, { 'cache-control': 'max-age=300' });
      }
      // 1.23 returns from the handler without answering: the request hangs.
      if (version === '1.23') return;
      return sendJson(res, 404, { status: 'fail', msg: 'Status Page Not Found' });
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html><body>Uptime Kuma</body></html>');
  };

  // 2.x lower-cases the slug before the lookup; 1.23 matches it exactly.
  const matches = (asked: string) =>
    version === '2' ? asked.toLowerCase() === slug.toLowerCase() : asked === slug;

  const server = new FakeServer(handler);
  await server.listen();
  return Object.assign(server, {
    slug,
    version,
    setDocuments(nextPage: string, nextHeartbeat: string) {
      page = nextPage;
      heartbeat = nextHeartbeat;
    },
    setIncidents(incidents: KumaIncident[]) {
      page = withIncidents(page, version, incidents);
    },
  });
}
