/** Status: up/down of the lab's services from an Uptime Kuma public status page. */
import { baseUrl, ConfigError, read, seconds } from '../../env.js';
import { defineSource } from '../definition.js';
import type { StatusPageSettings } from '../kuma/status-page.js';
import { fetchStatus, type MonitorData } from './kuma.js';
import { Status, StatusReport } from './schema.js';

// The folder's schema travels through the list to the API's contract (schemas/index.ts).
export * from './schema.js';

/** Where the status page is (the settings `incidents` shares), and its TTL. */
export type StatusSettings = StatusPageSettings;

export const status = defineSource({
  name: 'status',
  settings(env): StatusSettings | null {
    const url = baseUrl(env, 'UPTIME_KUMA_URL');
    const slug = read(env, 'UPTIME_KUMA_SLUG');
    if ((url === undefined) !== (slug === undefined)) {
      throw new ConfigError('UPTIME_KUMA_URL and UPTIME_KUMA_SLUG: expected both or neither');
    }
    if (url === undefined || slug === undefined) return null;
    if (!/^[A-Za-z0-9_-]+$/.test(slug)) {
      throw new ConfigError(
        `UPTIME_KUMA_SLUG=${JSON.stringify(slug)}: expected letters, digits, - and _`,
      );
    }
    return { baseUrl: url, slug, ttlS: seconds(env, 'STATUS_TTL_S', 30, 5, 86400) };
  },
  upstream: () => 'Uptime Kuma',
  connection: (settings) => ({ baseUrl: settings.baseUrl }),
  fetch: (http, settings, context) => fetchStatus(http, settings, context),
  route: {
    path: '/api/status',
    response: Status,
    report: StatusReport,
    fields: (monitors: MonitorData[]) => ({ monitors }),
  },
});
