/**
 * The demo as a module: the fake Forgejo, wttr.in and Uptime Kuma with rich sample data, and
 * the production entrypoint (`node api/dist/server.js`) pointed at them. `pnpm demo` and
 * `pnpm screenshot` both start it from here.
 *
 *   const demo = await startDemo({ port: 8000 });
 *   await demo.stopApi();   // the page goes offline; the fakes stay up
 *   await demo.startApi();  // and comes back
 *   await demo.close();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakes, WTTR_SAMPLE, type FakeUpstream, type Fakes } from '../../fakes/index.js';
import { stopChild } from './child.js';
import { startDemoPeer } from './demo-peer.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type StaleSource = 'activity' | 'status' | 'none';

export interface DemoOptions {
  /** Where the API listens on 127.0.0.1. */
  port: number;
  /** Which source the demo breaks, so its panel turns stale (default none). */
  stale?: StaleSource;
  /** No upstreams configured at all: the page as the Quick start shows it. */
  bare?: boolean;
  /** More environment for the API (e.g. METRICS_INTERVAL_S). */
  env?: Record<string, string>;
  /** The API's own log lines: on the console, or dropped. */
  apiOutput?: 'inherit' | 'ignore';
  /** Called when the API exits without being asked to (killed from outside, crashed). */
  onApiExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  /**
   * Mend the broken source and break it again by turns, this often (ms; default never), so
   * the page shows its panel going stale and coming back. Restarting the API starts over.
   */
  flipEveryMs?: number;
  /**
   * Called when the broken source starts failing (true) or answers again (false) by turns;
   * not when `startApi` breaks it.
   */
  onSourceChange?: (failing: boolean, source: { name: string; panel: string }) => void;
}

export interface Demo {
  url: string;
  /** The fake upstreams; null in a bare demo. */
  fakes: Fakes | null;
  /** The API's process id while it runs, else null. */
  apiPid(): number | null;
  /** Stops the API (the fakes stay up), so the page's offline state can be shown. */
  stopApi(): Promise<void>;
  /**
   * Starts the API again on the same port, with the broken source mended until the API has
   * its answer, then broken again: the page gets the same stale panel as at the start,
   * never an empty one. Resolves once every source has been asked.
   */
  startApi(): Promise<void>;
  /** The fake that answers 500 on purpose (null with stale: none, or in a bare demo). */
  broken: { name: string; panel: string } | null;
  close(): Promise<void>;
}

/** Short enough that the broken source turns stale while you watch. */
export const STALE_TTL_S = 10;
const SOURCE_SETTINGS = /^(FORGEJO_|WEATHER_LOCATION$|WTTR_URL$|UPTIME_KUMA_|PEERS$)/;
/** How often the weather sample's observation time is moved up to the present. */
const WEATHER_REFRESH_MS = 10 * 60_000;

/** Builds api/ and web/ when their output is missing (the first run after a clone). */
export function buildIfMissing(log: (line: string) => void = console.log): void {
  for (const [pkg, built] of [
    ['api', 'api/dist/server.js'],
    ['web', 'web/dist/index.html'],
  ] as const) {
    if (existsSync(path.join(repoRoot, built))) continue;
    log(`demo: building ${pkg}/ (first run)…`);
    const result = spawnSync('pnpm', ['--filter', `@kitestacks/${pkg}`, 'run', 'build'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error(`building ${pkg}/ failed; see the output above`);
  }
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const stale = options.stale ?? 'none';
  const url = `http://127.0.0.1:${options.port}`;
  const fakes = options.bare ? null : await startFakes({ dataset: 'rich' });
  // The lab's second host, a small VPS with figures that move and disks of its own, so the
  // page shows both hosts on one page as it does in the lab.
  const peer = options.bare ? null : await startDemoPeer();
  let weatherTimer: ReturnType<typeof setInterval> | null = null;
  if (fakes) {
    // The recorded sample is months old; observed "just now" is what a live station says.
    const freshen = () => fakes.wttr.setBody(wttrSampleObservedAt(Date.now() - 7 * 60_000));
    freshen();
    weatherTimer = setInterval(freshen, WEATHER_REFRESH_MS);
    weatherTimer.unref();
  }
  const env: Record<string, string> = {
    ...baseEnv(options.bare ?? false),
    HOST: '127.0.0.1',
    PORT: String(options.port),
    ...(fakes?.env ?? {}),
    ...(peer ? { HOST_NAME: 'monk', PEERS: `kscloud1=${peer.url}` } : {}),
    ACTIVITY_TTL_S: stale === 'activity' ? String(STALE_TTL_S) : '60',
    STATUS_TTL_S: stale === 'status' ? String(STALE_TTL_S) : '30',
    // Only errors: the stale source the demo breaks on purpose would log a warning by design.
    LOG_LEVEL: process.env.LOG_LEVEL || 'error',
    ...options.env,
  };
  const broken = brokenFake(fakes, stale);

  let api: ChildProcess | null = null;
  let stopping = false;
  let flipTimer: ReturnType<typeof setInterval> | null = null;

  /** Breaks (or mends) the chosen source; `say` tells onSourceChange. */
  async function setFailing(failing: boolean, say: boolean): Promise<void> {
    if (!broken || (broken.fake.fault === '500') === failing) return;
    await broken.fake.setFault(failing ? '500' : null);
    if (say) options.onSourceChange?.(failing, { name: broken.name, panel: broken.panel });
  }

  function startFlipping(): void {
    if (flipTimer) clearInterval(flipTimer);
    if (!broken || !options.flipEveryMs) return;
    const flip = () => void setFailing(broken.fake.fault !== '500', true);
    flipTimer = setInterval(flip, options.flipEveryMs);
    flipTimer.unref();
  }

  async function launchApi(): Promise<void> {
    if (api && api.exitCode === null && api.signalCode === null) return;
    stopping = false;
    const child = spawn(process.execPath, [path.join(repoRoot, 'api/dist/server.js')], {
      cwd: repoRoot,
      stdio: options.apiOutput === 'ignore' ? 'ignore' : 'inherit',
      env,
    });
    api = child;
    child.on('exit', (code, signal) => {
      if (!stopping && api === child) options.onApiExit?.(code, signal);
    });
    await waitForHealth(url, child);
  }

  async function stopApi(): Promise<void> {
    if (!api) return;
    stopping = true;
    await stopChild(api, 'SIGTERM', 5_000);
  }

  async function startApi(): Promise<void> {
    // Warm every source while the fakes are healthy, then break the chosen one.
    await broken?.fake.setFault(null);
    await launchApi();
    await Promise.all(
      ['/api/weather', '/api/activity', '/api/status'].map((p) => fetch(`${url}${p}`)),
    );
    await setFailing(true, false);
    startFlipping();
  }

  try {
    await startApi();
  } catch (error) {
    await stopApi();
    await fakes?.close();
    await peer?.close();
    throw error;
  }

  return {
    url,
    fakes,
    apiPid: () =>
      api && api.exitCode === null && api.signalCode === null ? (api.pid ?? null) : null,
    stopApi,
    startApi,
    broken: broken ? { name: broken.name, panel: broken.panel } : null,
    async close() {
      if (weatherTimer) clearInterval(weatherTimer);
      if (flipTimer) clearInterval(flipTimer);
      await stopApi();
      await fakes?.close();
      await peer?.close();
    },
  };
}

/** The fake the demo breaks so that its panel turns stale. */
function brokenFake(
  fakes: Fakes | null,
  stale: StaleSource,
): { fake: FakeUpstream; name: string; panel: string } | null {
  if (!fakes || stale === 'none') return null;
  return stale === 'activity'
    ? { fake: fakes.forgejo, name: 'Forgejo', panel: 'commits' }
    : { fake: fakes.kuma, name: 'Uptime Kuma', panel: 'service status' };
}

/** The shell's environment; a bare demo drops every source setting so that none leaks in. */
function baseEnv(bare: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !(bare && SOURCE_SETTINGS.test(name))) env[name] = value;
  }
  return env;
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the portal API exited (${child.exitCode ?? child.signalCode}) at start`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the portal did not answer /api/health within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The recorded wttr.in sample with its observation moved to `whenMs`, both fields agreeing
 * as wttr.in writes them: `observation_time` is the UTC clock on a 12-hour dial, and
 * `localObsDateTime` the place's own date and time (the sample's UTC offset is kept).
 */
export function wttrSampleObservedAt(whenMs: number): string {
  const document = JSON.parse(WTTR_SAMPLE.toString('utf8')) as {
    current_condition: { observation_time: string; localObsDateTime: string }[];
  };
  const current = document.current_condition[0];
  if (!current) throw new Error('the wttr.in sample has no current_condition');
  const offsetMs = sampleOffsetMs(current.observation_time, current.localObsDateTime);
  const minute = Math.floor(whenMs / 60_000) * 60_000;
  current.observation_time = clock12(new Date(minute));
  const local = new Date(minute + offsetMs);
  current.localObsDateTime = `${local.toISOString().slice(0, 10)} ${clock12(local)}`;
  return JSON.stringify(document);
}

/** "08:37 PM" from a Date's UTC fields. */
function clock12(date: Date): string {
  const hours = date.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  return `${String(h12).padStart(2, '0')}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** Minutes of the day from "08:37 PM". */
function minutesOf(clock: string): number {
  const match = /^(\d{1,2}):(\d{2})\s*(AM|PM)$/i.exec(clock.trim());
  if (!match) throw new Error(`not a 12-hour clock: ${clock}`);
  const hours = (Number(match[1]) % 12) + (match[3]?.toUpperCase() === 'PM' ? 12 : 0);
  return hours * 60 + Number(match[2]);
}

/** The place's UTC offset, from the sample's two clocks (within −12 h … +14 h). */
function sampleOffsetMs(utcClock: string, localDateTime: string): number {
  const localClock = localDateTime.trim().split(/\s+/).slice(1).join(' ');
  let offset = minutesOf(localClock) - minutesOf(utcClock);
  if (offset > 14 * 60) offset -= 24 * 60;
  if (offset < -12 * 60) offset += 24 * 60;
  return offset * 60_000;
}
