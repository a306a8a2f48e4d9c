/**
 * The environment, parsed and validated once at boot into one typed object.
 *
 * Code reads `Config`, never `process.env`. A value that does not parse throws a
 * `ConfigError` whose message is one line naming the variable and what was expected;
 * `server.ts` prints that line and exits non-zero.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, httpBaseUrl, integer, oneOf, read, seconds, type Env } from './env.js';
import { listenAddresses } from './listen-addresses.js';
import { ServicesFile, ServicesFileError } from './services-file.js';
import { SOURCES, type SourcesSettings } from './sources/listed.js';
import { trustProxy } from './trust-proxy.js';

export { ConfigError } from './env.js';

export type LogFormat = 'json' | 'pretty';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** A disk to report: the mount point it is shown as, and where this process can statfs it. */
export interface DiskPath {
  mount: string;
  path: string;
}

export interface UpstreamTimeouts {
  /** Connect, first-byte and whole-body budget for one upstream call, in milliseconds. */
  timeoutMs: number;
  /** Largest upstream body accepted; anything bigger is refused while it streams in. */
  maxBodyBytes: number;
}

/** Another host's portal API, asked for its own /api/metrics over Tailscale. */
export interface Peer {
  name: string;
  /** Base URL without a trailing slash, e.g. http://100.123.4.5:8000. */
  url: string;
}

export interface Config {
  /** Where the API listens: one or more addresses, never a public one. */
  hosts: string[];
  port: number;
  /** This host's name on the page and in /api/hosts. */
  hostName: string;
  /** The other hosts, in the order the page shows them. */
  peers: Peer[];
  /** Built web app served at `/` in embedded mode; null when there is none. */
  webRoot: string | null;
  /** The operator's services.json, served in place of the built one (embedded mode). */
  servicesFile: ServicesFile | null;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** Addresses whose X-Forwarded-For is believed (nginx in front). */
  trustProxy: string[];
  metrics: {
    /** Sampling period while anyone polls or streams. */
    intervalMs: number;
    /** The sampler sleeps after this long without a poll or a stream. */
    idleAfterMs: number;
    /** Root of the proc filesystem to read (the host's with `pid: host`). */
    procPath: string;
    /** os-release file describing the host (mount the host's read-only in a container). */
    osReleasePath: string;
    /** Explicit disks; null = every real filesystem found in the mount table. */
    diskPaths: DiskPath[] | null;
    /** Interface names (exact or prefix with `*`) left out of network figures. */
    netExclude: string[];
  };
  stream: {
    maxClients: number;
    /** Streams one visitor network (an IPv4 address, an IPv6 /48) may hold at once. */
    maxPerNetwork: number;
    heartbeatMs: number;
  };
  /** Each upstream source's settings by name; null where it is not configured. */
  sources: SourcesSettings;
  upstream: UpstreamTimeouts;
}

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Default interfaces left out: loopback and container plumbing. */
export const DEFAULT_NET_EXCLUDE = [
  'lo',
  'veth*',
  'docker*',
  'br-*',
  'virbr*',
  'cni*',
  'flannel*',
  'cali*',
  'ifb*',
];

/** `HOST_NAME`: a display name, so letters, digits and a few separators. */
function hostName(env: Env): string {
  const raw = read(env, 'HOST_NAME') ?? os.hostname();
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,62}$/u.test(raw)) {
    throw new ConfigError(
      `HOST_NAME=${JSON.stringify(raw)}: expected up to 63 letters, digits, spaces, ".", "_" or "-"`,
    );
  }
  return raw;
}

/** `PEERS=kscloud1=http://100.123.4.5:8000,samurai=http://100.74.1.2:8000`. */
function peers(env: Env, self: string): Peer[] {
  const raw = read(env, 'PEERS');
  if (raw === undefined) return [];
  const expected = `PEERS=${JSON.stringify(raw)}: expected comma-separated NAME=URL pairs (e.g. kscloud1=http://100.123.4.5:8000)`;
  const list = raw.split(',').map((entry) => {
    const [name, url] = entry.split(/=(.*)/s, 2).map((part) => part.trim());
    if (!name || !url || !/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,62}$/u.test(name))
      throw new ConfigError(expected);
    const base = httpBaseUrl(url, `PEERS (${name})`);
    // The peer's portal answers /api/metrics below this URL: a path would ask something else
    // (`/api/hosts` would have a peer ask its own peers).
    if (new URL(base).pathname !== '/') {
      throw new ConfigError(
        `PEERS (${name})=${JSON.stringify(url)}: expected the peer's address and port only (e.g. http://100.123.4.5:8000), no path`,
      );
    }
    return { name, url: base };
  });
  const names = new Set([self]);
  for (const peer of list) {
    if (names.has(peer.name)) {
      throw new ConfigError(
        `PEERS: expected each name once, and not this host's own HOST_NAME (${JSON.stringify(peer.name)})`,
      );
    }
    names.add(peer.name);
  }
  if (list.length > 8) throw new ConfigError('PEERS: expected at most 8 peers');
  return list;
}

function diskPaths(env: Env): DiskPath[] | null {
  const raw = read(env, 'DISK_PATHS');
  if (raw === undefined) return null;
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const disks = entries.map((entry) => {
    // `/=/host/disks/root` reports the filesystem that holds /host/disks/root (an empty
    // directory on the host's root, in compose) as "/".
    const [mount, where = mount] = entry.split('=', 2).map((part) => part.trim());
    if (!mount?.startsWith('/') || !where?.startsWith('/')) {
      throw new ConfigError(
        `DISK_PATHS=${JSON.stringify(raw)}: expected comma-separated absolute paths, each optionally MOUNT=PATH`,
      );
    }
    return { mount, path: where };
  });
  if (disks.length === 0) throw new ConfigError('DISK_PATHS: expected at least one absolute path');
  return disks;
}

function nameList(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const names = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (names.some((item) => !/^[A-Za-z0-9_.:@-]+\*?$/.test(item))) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)}: expected comma-separated interface names, * allowed at the end`,
    );
  }
  return names;
}

/** `web/dist` beside the api package, whether running from src (tests) or dist (production). */
function defaultWebRoot(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidate = path.resolve(here, '..', '..', 'web', 'dist');
  return existsSync(path.join(candidate, 'index.html')) ? candidate : null;
}

function webRoot(env: Env): string | null {
  const raw = read(env, 'WEB_ROOT');
  if (raw === undefined) return defaultWebRoot();
  if (raw === 'off') return null;
  const resolved = path.resolve(raw);
  if (!existsSync(path.join(resolved, 'index.html'))) {
    throw new ConfigError(
      `WEB_ROOT=${JSON.stringify(raw)}: expected a folder holding a built index.html (or "off")`,
    );
  }
  return resolved;
}

/**
 * SERVICES_FILE: a regular file of at most 1 MiB, read here once; its content is checked by
 * the page, which says what is wrong. Config holds the loaded file, which re-reads on change.
 */
function servicesFile(env: Env): ServicesFile | null {
  const raw = read(env, 'SERVICES_FILE');
  if (raw === undefined) return null;
  try {
    return ServicesFile.load(path.resolve(raw));
  } catch (error) {
    const reason = error instanceof ServicesFileError ? error.message : 'it cannot be read';
    throw new ConfigError(
      `SERVICES_FILE=${JSON.stringify(raw)}: expected a readable regular file of at most 1 MiB; ${reason}`,
    );
  }
}

export function loadConfig(env: Env = process.env): Config {
  const sources = Object.fromEntries(
    SOURCES.map((source) => [source.name, source.settings(env)]),
  ) as SourcesSettings;
  const self = hostName(env);

  return {
    hosts: listenAddresses(read(env, 'HOST')),
    port: integer(env, 'PORT', 8000, 1, 65535),
    hostName: self,
    peers: peers(env, self),
    webRoot: webRoot(env),
    servicesFile: servicesFile(env),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf(
      env,
      'LOG_FORMAT',
      ['json', 'pretty'] as const,
      process.stdout.isTTY ? 'pretty' : 'json',
    ),
    trustProxy: trustProxy(env),
    metrics: {
      intervalMs: seconds(env, 'METRICS_INTERVAL_S', 2, 0.5, 60) * 1000,
      idleAfterMs: seconds(env, 'METRICS_IDLE_AFTER_S', 30, 1, 3600) * 1000,
      procPath: read(env, 'PROC_PATH') ?? '/proc',
      osReleasePath: read(env, 'OS_RELEASE_PATH') ?? '/etc/os-release',
      diskPaths: diskPaths(env),
      netExclude: nameList(env, 'NET_EXCLUDE', DEFAULT_NET_EXCLUDE),
    },
    stream: {
      maxClients: integer(env, 'STREAM_MAX_CLIENTS', 1000, 1, 100000),
      maxPerNetwork: integer(env, 'STREAM_MAX_PER_NETWORK', 20, 1, 100000),
      heartbeatMs: seconds(env, 'STREAM_HEARTBEAT_S', 15, 1, 300) * 1000,
    },
    sources,
    upstream: {
      timeoutMs: seconds(env, 'UPSTREAM_TIMEOUT_S', 5, 0.1, 30) * 1000,
      maxBodyBytes: integer(
        env,
        'UPSTREAM_MAX_BODY_BYTES',
        2 * 1024 * 1024,
        1024,
        64 * 1024 * 1024,
      ),
    },
  };
}
