/**
 * The environment, parsed and validated once at boot into one typed object.
 *
 * Code reads `Config`, never `process.env`. A value that does not parse throws a
 * `ConfigError` whose message is one line naming the variable and what was expected;
 * `server.ts` prints that line and exits non-zero.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

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

export interface Config {
  host: string;
  port: number;
  /** Built web app served at `/` in embedded mode; null when there is none. */
  webRoot: string | null;
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
    heartbeatMs: number;
  };
  weather: { location: string; baseUrl: string; ttlS: number } | null;
  forgejo: { baseUrl: string; token: string | null; ttlS: number } | null;
  kuma: { baseUrl: string; slug: string; ttlS: number } | null;
  upstream: UpstreamTimeouts;
}

type Env = Record<string, string | undefined>;

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

function read(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`,
    );
  }
  return Number(raw);
}

function seconds(env: Env, name: string, fallbackS: number, minS: number, maxS: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallbackS;
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) < minS || Number(raw) > maxS) {
    throw new ConfigError(
      `${name}=${JSON.stringify(raw)}: expected a number of seconds from ${minS} to ${maxS}`,
    );
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)}: expected one of ${choices.join(', ')}`);
  }
  return raw as T;
}

/** An http(s) base URL; a path prefix is kept (Forgejo under a sub-path), a trailing slash dropped. */
function baseUrl(env: Env, name: string): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name}=${JSON.stringify(raw)}: expected an http:// or https:// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name}=${JSON.stringify(raw)}: expected an http:// or https:// URL`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${name}: expected a base URL without credentials, query or fragment`);
  }
  return url.href.replace(/\/+$/, '');
}

function listenHost(env: Env): string {
  const raw = read(env, 'HOST') ?? '127.0.0.1';
  const hostname = /^[A-Za-z0-9.-]+$/;
  if (isIP(raw) === 0 && !hostname.test(raw)) {
    throw new ConfigError(`HOST=${JSON.stringify(raw)}: expected an IP address or a host name`);
  }
  return raw;
}

function diskPaths(env: Env): DiskPath[] | null {
  const raw = read(env, 'DISK_PATHS');
  if (raw === undefined) return null;
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const disks = entries.map((entry) => {
    // `/=/hostfs` reports the host's root, mounted read-only at /hostfs, as "/".
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

function trustProxy(env: Env): string[] {
  const raw = read(env, 'TRUST_PROXY') ?? '127.0.0.1,::1';
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    const [address, bits] = item.split('/', 2);
    if (!address || isIP(address) === 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      throw new ConfigError(
        `TRUST_PROXY=${JSON.stringify(raw)}: expected comma-separated IP addresses or CIDR ranges`,
      );
    }
  }
  return items;
}

function token(env: Env): string | null {
  const inline = read(env, 'FORGEJO_TOKEN');
  const file = read(env, 'FORGEJO_TOKEN_FILE');
  if (inline && file)
    throw new ConfigError('FORGEJO_TOKEN and FORGEJO_TOKEN_FILE: expected only one of them');
  if (!file) return inline ?? null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    throw new ConfigError(
      `FORGEJO_TOKEN_FILE=${JSON.stringify(file)}: expected a readable file holding the token`,
    );
  }
  if (!text || /\s/.test(text)) {
    throw new ConfigError(
      `FORGEJO_TOKEN_FILE=${JSON.stringify(file)}: expected one token with no spaces`,
    );
  }
  return text;
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

export function loadConfig(env: Env = process.env): Config {
  const weatherLocation = read(env, 'WEATHER_LOCATION');
  const wttrUrl = baseUrl(env, 'WTTR_URL') ?? 'https://wttr.in';
  const forgejoUrl = baseUrl(env, 'FORGEJO_URL');
  const forgejoToken = token(env);
  const kumaUrl = baseUrl(env, 'UPTIME_KUMA_URL');
  const kumaSlug = read(env, 'UPTIME_KUMA_SLUG');
  if ((kumaUrl === undefined) !== (kumaSlug === undefined)) {
    throw new ConfigError('UPTIME_KUMA_URL and UPTIME_KUMA_SLUG: expected both or neither');
  }
  if (kumaSlug !== undefined && !/^[A-Za-z0-9_-]+$/.test(kumaSlug)) {
    throw new ConfigError(
      `UPTIME_KUMA_SLUG=${JSON.stringify(kumaSlug)}: expected letters, digits, - and _`,
    );
  }
  if (weatherLocation !== undefined && weatherLocation.length > 100) {
    throw new ConfigError('WEATHER_LOCATION: expected at most 100 characters');
  }

  return {
    host: listenHost(env),
    port: integer(env, 'PORT', 8000, 1, 65535),
    webRoot: webRoot(env),
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
      heartbeatMs: seconds(env, 'STREAM_HEARTBEAT_S', 15, 1, 300) * 1000,
    },
    weather: weatherLocation
      ? {
          location: weatherLocation,
          baseUrl: wttrUrl,
          ttlS: seconds(env, 'WEATHER_TTL_S', 900, 600, 86400),
        }
      : null,
    forgejo: forgejoUrl
      ? {
          baseUrl: forgejoUrl,
          token: forgejoToken,
          ttlS: seconds(env, 'ACTIVITY_TTL_S', 60, 5, 86400),
        }
      : null,
    kuma:
      kumaUrl && kumaSlug
        ? { baseUrl: kumaUrl, slug: kumaSlug, ttlS: seconds(env, 'STATUS_TTL_S', 30, 5, 86400) }
        : null,
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
