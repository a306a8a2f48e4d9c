/** Answers shaped like the API's, for the component and controller tests. */
import type {
  ActivityReport,
  IncidentsReport,
  Metrics,
  StatusReport,
  WeatherReport,
} from '../src/api/types.js';
import type { SourceState } from '../src/controllers/source-state.js';
import {
  SOURCES,
  SOURCE_NAMES,
  type Payloads,
  type SourceName,
} from '../src/controllers/sources.js';
import { json, type FakeNetwork } from './fakes.js';
import { hosts } from './host-fixtures.js';

/** The moment the fixtures describe; `fixed-clock.ts` starts every page test's clock here. */
export const FIXTURE_NOW = Date.parse('2026-11-26T21:00:00.000Z');

export function metrics(
  overrides: Partial<{ hostname: string; cpu: number; sampledAt: string }> = {},
): Metrics {
  return {
    host: {
      hostname: overrides.hostname ?? 'monk',
      os: 'Debian GNU/Linux 12',
      kernel: '6.1.0-27-amd64',
      uptime_s: 3 * 86_400 + 4 * 3_600,
      boot_time: '2026-11-23T17:00:00.000Z',
    },
    cpu: {
      model: 'AMD Ryzen 7 PRO',
      cores: 16,
      percent: overrides.cpu ?? 12.3,
      per_core_percent: [10, 14.5],
      load_avg: [0.52, 0.61, 0.7],
      temperature_c: 48,
    },
    memory: {
      total_bytes: 32 * 1024 ** 3,
      available_bytes: 20 * 1024 ** 3,
      used_bytes: 12 * 1024 ** 3,
      percent: 37.5,
      swap_total_bytes: 0,
      swap_used_bytes: 0,
    },
    disks: [
      {
        mount: '/',
        fs_type: 'ext4',
        total_bytes: 500 * 1024 ** 3,
        used_bytes: 200 * 1024 ** 3,
        free_bytes: 300 * 1024 ** 3,
        percent: 40,
      },
      {
        mount: '/srv',
        fs_type: 'ext4',
        total_bytes: 100 * 1024 ** 3,
        used_bytes: 95 * 1024 ** 3,
        free_bytes: 5 * 1024 ** 3,
        percent: 95,
      },
    ],
    network: {
      rx_bytes_per_s: 1536,
      tx_bytes_per_s: 2 * 1024 ** 2,
      rx_total_bytes: 10 * 1024 ** 3,
      tx_total_bytes: 3 * 1024 ** 3,
      interfaces: [{ name: 'wlp1s0', rx_bytes_per_s: 1536, tx_bytes_per_s: 2 * 1024 ** 2 }],
    },
    processes: { total: 312, running: 1 },
    sampled_at: overrides.sampledAt ?? '2026-11-26T21:00:00.000Z',
    stale: false,
  };
}

export function weather(overrides: Partial<WeatherReport> = {}): WeatherReport {
  return {
    configured: true,
    location: 'Heideck, Germany',
    temperature_c: -3,
    temperature_f: 27,
    feels_like_c: -8,
    feels_like_f: 18,
    condition: 'Light snow',
    code: 326,
    humidity_percent: 80,
    wind_kph: 15,
    wind_dir: 'NW',
    observed_at: '2026-11-26T20:45:00.000Z',
    fetched_at: '2026-11-26T20:50:00.000Z',
    stale: false,
    ...overrides,
  };
}

export function activity(overrides: Partial<ActivityReport> = {}): ActivityReport {
  return {
    configured: true,
    commits: [
      {
        repo: 'kenpat/homelab-mastery',
        repo_url: 'https://gitforge.kitestacks.com/kenpat/homelab-mastery',
        sha: 'a'.repeat(40),
        message: 'Add the nginx template',
        author: 'kenpat',
        date: '2026-11-26T20:00:00.000Z',
        url: `https://gitforge.kitestacks.com/kenpat/homelab-mastery/commit/${'a'.repeat(40)}`,
      },
    ],
    fetched_at: '2026-11-26T20:59:00.000Z',
    stale: false,
    ...overrides,
  };
}

export function status(overrides: Partial<StatusReport> = {}): StatusReport {
  return {
    configured: true,
    monitors: [
      {
        name: 'Grafana',
        status: 'up',
        uptime_24h_percent: 99.9,
        ping_ms: 42,
        checked_at: '2026-11-26T20:59:00.000Z',
      },
      {
        name: 'Forgejo',
        status: 'down',
        uptime_24h_percent: 80,
        ping_ms: null,
        checked_at: '2026-11-26T20:59:00.000Z',
      },
      {
        name: 'Kavita',
        status: 'pending',
        uptime_24h_percent: 99,
        ping_ms: 12,
        checked_at: '2026-11-26T20:59:00.000Z',
      },
      {
        name: 'BookStack',
        status: 'maintenance',
        uptime_24h_percent: 100,
        ping_ms: 9,
        checked_at: null,
      },
      {
        name: 'Gitea mirror',
        status: 'unknown',
        uptime_24h_percent: null,
        ping_ms: null,
        checked_at: null,
      },
    ],
    fetched_at: '2026-11-26T20:59:00.000Z',
    stale: false,
    ...overrides,
  };
}

/** `/api/incidents` as in the contract: the lab's pinned incidents, newest first. */
export function incidents(overrides: Partial<IncidentsReport> = {}): IncidentsReport {
  return {
    configured: true,
    incidents: [
      {
        title: 'NAS disk replacement',
        content:
          'Media share is read-only until the RAID rebuild finishes.\nBooks are not affected.',
        style: 'warning',
        created_at: '2026-11-26T19:30:00.000Z',
        updated_at: '2026-11-26T20:55:00.000Z',
      },
      {
        title: 'Power work in the rack',
        content: 'Short outages possible on Saturday morning.',
        style: 'info',
        created_at: '2026-11-25T08:00:00.000Z',
        updated_at: null,
      },
    ],
    fetched_at: '2026-11-26T20:59:30.000Z',
    stale: false,
    ...overrides,
  };
}

/**
 * One good answer for every source, by its name: the tests that go through all sources
 * (the source table, the live controller, the page) take each one's answer from here. A
 * new source adds its fixture here; until it does, the type check names the missing key.
 */
export const ANSWERS: { readonly [K in SourceName]: () => Payloads[K] } = {
  hosts: () => hosts([{ name: 'monk', self: true }]),
  status,
  incidents,
  weather,
  activity,
};

/** Routes every source's path to its answer in `ANSWERS`; a test then routes its own cases. */
export function answerEverySource(network: FakeNetwork): FakeNetwork {
  for (const name of SOURCE_NAMES) network.route(SOURCES[name].path, () => json(ANSWERS[name]()));
  return network;
}

export function ready<T>(data: T, extra: Partial<SourceState<T>> = {}): SourceState<T> {
  return { phase: 'ready', data, receivedAt: Date.now(), stale: false, error: null, ...extra };
}

export function failed<T>(error: string): SourceState<T> {
  return { phase: 'error', data: null, receivedAt: null, stale: false, error };
}

export function unconfigured<T>(): SourceState<T> {
  return { phase: 'unconfigured', data: null, receivedAt: null, stale: false, error: null };
}
