/**
 * What the API costs when nobody (or almost nobody) is looking: CPU over a window with no
 * client at all, then over the same window polled once a second like a Conky widget;
 * RSS at rest. A fresh process in the production shape — the API alone behind nginx (no
 * web root), with weather, Forgejo and Uptime Kuma configured (the fakes) and each asked
 * once so their HTTP clients are loaded — measured before any load has run.
 *
 * Then, once that process is stopped, a second fresh one configured the same way plus two
 * peers (fake peer portals): watched once (one /api/hosts poll, until both peers answered),
 * then left alone past the idle window, and measured over the same no-client window — with
 * the requests its peers received meanwhile, which must be none. One after the other, so
 * neither start-up competes with the other's measurement.
 */
import { startFakes, type Fakes } from '../../../fakes/index.js';
import { sleep, type BenchContext, type Suite } from '../lib/context.js';
import { countsSince, startBenchPeers, waitForPeersReachable } from '../lib/peers.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { cpuShareDuring, MIB } from '../lib/proc.js';
import { fmt, goal, type Row } from '../lib/report.js';

const GOAL_IDLE_SHARE = 0.002;
const GOAL_POLLED_SHARE = 0.01;
const GOAL_RSS_IDLE = 80 * MIB;
/**
 * Start-up leaves work behind for a while: V8 shrinks the heap with a full collection some
 * seconds after the allocation burst of loading (about 15 s in, ~100 ms of CPU, RSS down
 * by ~20 MiB). Idle means after that, so measuring starts this long after the process.
 */
const SETTLE_S = 20;
/** The portal's defaults, set explicitly so the wait for nobody watching matches them. */
const INTERVAL_S = 2;
const IDLE_AFTER_S = 30;
const SOURCES = ['/api/weather', '/api/activity', '/api/status'];

async function warm(url: string): Promise<void> {
  for (const path of SOURCES) {
    const response = await fetch(url + path);
    if (!response.ok) throw new Error(`${path} answered ${response.status} while warming up`);
    await response.arrayBuffer();
  }
}

/** The second process: two peers configured, watched once, then nobody watching. */
async function idleWithPeers(
  ctx: BenchContext,
  fakes: Fakes,
): Promise<{ share: number; cpuS: number; wallS: number; peerRequests: number }> {
  const peers = await startBenchPeers(ctx);
  const portal = await startMeasuredPortal(ctx, {
    ...fakes.env,
    ...peers.env,
    WEB_ROOT: 'off',
    METRICS_INTERVAL_S: String(INTERVAL_S),
    METRICS_IDLE_AFTER_S: String(IDLE_AFTER_S),
  });
  await warm(portal.url);
  // Watched once: the peers are asked and their HTTP clients loaded, as the sources' are.
  await (await fetch(`${portal.url}/api/hosts`)).arrayBuffer();
  const polledAt = performance.now();
  await waitForPeersReachable(portal.url);
  // Nobody watches once the poll's idle window is over; then the work that watching left
  // behind (the heap shrinking after the sampler's allocations) gets the same settling time
  // as start-up's.
  ctx.log(`idle: two peers configured, waiting out the idle window and ${SETTLE_S} s more`);
  await sleep(Math.max(0, polledAt + (IDLE_AFTER_S + SETTLE_S) * 1000 - performance.now()));

  ctx.log(`idle: two peers configured, ${ctx.idleWindowS} s with no client`);
  const before = peers.counts();
  const idle = await cpuShareDuring(portal.cpu, () => sleep(ctx.idleWindowS * 1000));
  const peerRequests = countsSince(before, peers.counts()).reduce((sum, count) => sum + count, 0);
  return { ...idle, peerRequests };
}

export const idleSuite: Suite = {
  id: 'idle',
  about:
    'API CPU with no clients (also with two peers configured), polled once a second; RSS at rest',
  async run(ctx: BenchContext): Promise<Row[]> {
    const fakes = await startFakes();
    ctx.own({ stop: () => fakes.close() });
    const portal = await startMeasuredPortal(ctx, { ...fakes.env, WEB_ROOT: 'off' });
    await warm(portal.url);
    const windowS = ctx.idleWindowS;
    ctx.log(`idle: letting start-up settle for ${SETTLE_S} s`);
    await sleep(SETTLE_S * 1000);
    const rss = portal.rss();

    ctx.log(`idle: ${windowS} s with no client`);
    const idle = await cpuShareDuring(portal.cpu, () => sleep(windowS * 1000));

    ctx.log(`idle: ${windowS} s polled once a second`);
    let failures = 0;
    const polled = await cpuShareDuring(portal.cpu, async () => {
      const t0 = performance.now();
      for (let second = 0; second < windowS; second++) {
        const response = await fetch(`${portal.url}/api/metrics`).catch(() => null);
        if (!response?.ok) failures++;
        await response?.arrayBuffer();
        await sleep(Math.max(0, t0 + (second + 1) * 1000 - performance.now()));
      }
    });

    // Stopped before the next one starts, so its start-up competes with nothing measured.
    await portal.portal.stop();
    const peered = await idleWithPeers(ctx, fakes);

    const cpu = (share: { share: number; cpuS: number; wallS: number }) =>
      `${fmt.percent(share.share)} of a core (${Math.round(share.cpuS * 1000)} ms CPU in ${Math.round(share.wallS)} s)`;
    return [
      goal(
        `API CPU idle, no clients, ${windowS} s`,
        cpu(idle),
        `≤ ${fmt.percent(GOAL_IDLE_SHARE)}`,
        idle.share <= GOAL_IDLE_SHARE,
      ),
      goal(
        `API CPU idle, two peers configured, nobody watching, ${windowS} s`,
        `${cpu(peered)} · ${peered.peerRequests} peer requests`,
        `≤ ${fmt.percent(GOAL_IDLE_SHARE)}, 0 peer requests`,
        peered.share <= GOAL_IDLE_SHARE && peered.peerRequests === 0,
      ),
      goal(
        `API CPU polled once a second, ${windowS} s`,
        cpu(polled) + (failures ? ` · ${failures} failed polls` : ''),
        `≤ ${fmt.percent(GOAL_POLLED_SHARE)}`,
        polled.share <= GOAL_POLLED_SHARE && failures === 0,
      ),
      goal(
        `API RSS idle, ${SETTLE_S} s after start`,
        fmt.mib(rss),
        `≤ ${fmt.mib(GOAL_RSS_IDLE)}`,
        rss <= GOAL_RSS_IDLE,
      ),
    ];
  },
};
