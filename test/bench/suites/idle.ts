/**
 * What the API costs when nobody (or almost nobody) is looking: CPU over a window with no
 * client at all, then over the same window polled once a second like a Conky widget;
 * RSS at rest. A fresh process in the production shape — the API alone behind nginx (no
 * web root), with weather, Forgejo and Uptime Kuma configured (the fakes) and each asked
 * once so their HTTP clients are loaded — measured before any load has run.
 *
 * Beside it, a second fresh process configured the same way plus two peers (fake peer
 * portals): it is watched once (one /api/hosts poll, until both peers answered), then left
 * alone past the idle window, and its CPU is measured over the same no-client window as
 * the first — along with the requests its peers received meanwhile, which must be none.
 */
import { startFakes } from '../../fakes/index.js';
import { sleep, type BenchContext, type Suite } from '../lib/context.js';
import { countsSince, startBenchPeers, waitForPeersReachable } from '../lib/peers.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { cpuShareDuring, cpuSharesDuring, MIB } from '../lib/proc.js';
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
/** The portal's defaults, set explicitly so the wait below matches them. */
const INTERVAL_S = 2;
const IDLE_AFTER_S = 30;
const SOURCES = ['/api/weather', '/api/activity', '/api/status'];

type Share = { share: number; cpuS: number; wallS: number };

export const idleSuite: Suite = {
  id: 'idle',
  about:
    'API CPU with no clients (also with two peers configured), polled once a second; RSS at rest',
  async run(ctx: BenchContext): Promise<Row[]> {
    const fakes = await startFakes();
    ctx.own({ stop: () => fakes.close() });
    const peers = await startBenchPeers(ctx);
    const env = {
      ...fakes.env,
      WEB_ROOT: 'off',
      METRICS_INTERVAL_S: String(INTERVAL_S),
      METRICS_IDLE_AFTER_S: String(IDLE_AFTER_S),
    };
    const [portal, peered] = await Promise.all([
      startMeasuredPortal(ctx, env),
      startMeasuredPortal(ctx, { ...env, ...peers.env }),
    ]);
    const warm = async (url: string) => {
      for (const path of SOURCES) {
        const response = await fetch(url + path);
        if (!response.ok) throw new Error(`${path} answered ${response.status} while warming up`);
        await response.arrayBuffer();
      }
    };
    await warm(portal.url);
    // The first portal settles from here, exactly as it did alone.
    const settledAt = performance.now() + SETTLE_S * 1000;
    await warm(peered.url);
    // Watched once: the peers are asked and their HTTP clients loaded, as the sources' are.
    await (await fetch(`${peered.url}/api/hosts`)).arrayBuffer();
    const polledAt = performance.now();
    await waitForPeersReachable(peered.url);

    const windowS = ctx.idleWindowS;
    ctx.log(`idle: letting start-up settle for ${SETTLE_S} s`);
    await sleep(Math.max(0, settledAt - performance.now()));
    const rss = portal.rss();
    // Nobody watching means past the poll's idle window, and one more interval for a peer
    // call already under way when it closed.
    const quietAt = polledAt + (IDLE_AFTER_S + INTERVAL_S) * 1000;
    if (quietAt > performance.now()) {
      ctx.log(`idle: waiting out the peered portal's idle window`);
      await sleep(quietAt - performance.now());
    }

    ctx.log(`idle: ${windowS} s with no client (both portals)`);
    const peersBefore = peers.counts();
    const [idle, peeredIdle] = (await cpuSharesDuring([portal.cpu, peered.cpu], () =>
      sleep(windowS * 1000),
    )) as [Share, Share];
    const peerRequests = countsSince(peersBefore, peers.counts()).reduce((a, b) => a + b, 0);

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

    const cpu = (share: Share) =>
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
        `${cpu(peeredIdle)} · ${peerRequests} peer requests`,
        `≤ ${fmt.percent(GOAL_IDLE_SHARE)}, 0 peer requests`,
        peeredIdle.share <= GOAL_IDLE_SHARE && peerRequests === 0,
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
