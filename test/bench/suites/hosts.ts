/**
 * Both hosts on one page, with two fake peer portals configured. /api/hosts answered from
 * what the peers last said costs about what /api/health costs (interleaved, same load), and
 * the peers are asked no more than the design allows: once per sampling interval each
 * while anyone watches — under a crowd of pollers as with one open stream — and not at all
 * once nobody does.
 */
import { openSse } from '../../drills/support/sse.js';
import { sleep, type BenchContext, type Suite } from '../lib/context.js';
import { countsSince, PEER_NAMES, startBenchPeers, waitForPeersReachable } from '../lib/peers.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { fmt, goal, info, type Row } from '../lib/report.js';
import { interleave, load } from '../lib/wrk.js';
import { describeLoad } from './metrics.js';

const CONNECTIONS = 32;
const GOAL_RATIO = 0.8;
/** The portal's defaults, set explicitly so the goals below match them. */
const INTERVAL_S = 2;
const IDLE_AFTER_S = 30;
/**
 * Requests a peer may receive in a window beyond one per interval: the ask made the moment
 * watching starts (before the first interval has passed) and one early retry.
 */
const ALLOWANCE = 2;

/** Each peer's requests in a window, per minute, held to one per interval plus the allowance. */
function peerTraffic(label: string, requests: number[], wallS: number): Row {
  const allowed = Math.floor(wallS / INTERVAL_S) + ALLOWANCE;
  const perMinute = requests.map((count) => (count * 60) / wallS);
  const each = PEER_NAMES.map(
    (name, index) => `${name} ${Math.round(perMinute[index] ?? 0)}/min (${requests[index]})`,
  );
  return goal(
    `Peer requests while watched: ${label}`,
    `${each.join(', ')} in ${Math.round(wallS)} s`,
    `≤ ${60 / INTERVAL_S}/min per peer (1 per ${INTERVAL_S} s interval, +${ALLOWANCE} per window)`,
    requests.every((count) => count <= allowed),
  );
}

export const hostsSuite: Suite = {
  id: 'hosts',
  about: `/api/hosts with two peers vs /api/health; peer requests while watched and while not`,
  async run(ctx: BenchContext): Promise<Row[]> {
    const peers = await startBenchPeers(ctx);
    const portal = await startMeasuredPortal(ctx, {
      ...peers.env,
      METRICS_INTERVAL_S: String(INTERVAL_S),
      METRICS_IDLE_AFTER_S: String(IDLE_AFTER_S),
    });
    // One poll starts the watching; the load below keeps it going.
    await (await fetch(`${portal.url}/api/hosts`)).arrayBuffer();
    await waitForPeersReachable(portal.url);
    const target = (path: string) => ({
      url: portal.url + path,
      connections: CONNECTIONS,
      threads: ctx.threads,
    });

    ctx.log('hosts: warming up');
    for (const path of ['/api/health', '/api/hosts']) await load({ ...target(path), durationS: 2 });
    ctx.log(
      `hosts: /api/health and /api/hosts in turn, ${CONNECTIONS} connections, ${ctx.durationS} s each`,
    );
    const loadBefore = peers.counts();
    const loadStart = performance.now();
    const { health, hosts } = await interleave(
      { health: target('/api/health'), hosts: target('/api/hosts') },
      ctx.durationS,
    );
    // /api/hosts runs last in each round: the last poll is no later than this.
    const lastPollAt = performance.now();
    const underLoad = countsSince(loadBefore, peers.counts());
    const loadWallS = (lastPollAt - loadStart) / 1000;

    const windowS = ctx.idleWindowS;
    ctx.log(`hosts: ${windowS} s with one open stream and no polls`);
    const stream = await openSse(`${portal.url}/api/stream`);
    ctx.own({ stop: async () => stream.close() });
    if (stream.status !== 200) throw new Error(`/api/stream answered ${stream.status}`);
    const streamBefore = peers.counts();
    const streamStart = performance.now();
    await sleep(windowS * 1000);
    const withStream = countsSince(streamBefore, peers.counts());
    const streamWallS = (performance.now() - streamStart) / 1000;
    const streamEnded = stream.ended;
    stream.close();

    // Nobody watches once the stream is closed and the last poll's idle window is over; one
    // interval more lets a peer call already under way land before counting starts.
    const quietAt = Math.max(performance.now(), lastPollAt + IDLE_AFTER_S * 1000);
    await sleep(quietAt + INTERVAL_S * 1000 - performance.now());
    ctx.log(`hosts: ${windowS} s with nobody watching`);
    const quietBefore = peers.counts();
    await sleep(windowS * 1000);
    const unwatched = countsSince(quietBefore, peers.counts());

    const ratio = hosts.rps / health.rps;
    const clean = hosts.socketErrors + hosts.statusErrors === 0;
    const unwatchedTotal = unwatched.reduce((sum, count) => sum + count, 0);
    const streamRow = peerTraffic('1 open stream, no polls', withStream, streamWallS);
    return [
      info(`/api/health, ${CONNECTIONS} conn (two peers configured)`, describeLoad(health)),
      info(`/api/hosts, two peers, ${CONNECTIONS} conn`, describeLoad(hosts)),
      goal(
        `/api/hosts, two peers: ratio to /api/health`,
        fmt.ratio(ratio),
        `≥ ${GOAL_RATIO}×, no errors`,
        ratio >= GOAL_RATIO && clean,
      ),
      peerTraffic(`${CONNECTIONS} conn polling /api/hosts`, underLoad, loadWallS),
      streamEnded
        ? { ...streamRow, figure: `${streamRow.figure} · the stream ended early`, verdict: 'FAIL' }
        : streamRow,
      goal(
        `Peer requests while nobody watched, ${windowS} s after the idle window`,
        PEER_NAMES.map((name, index) => `${name} ${unwatched[index]}`).join(', '),
        '0',
        unwatchedTotal === 0,
      ),
    ];
  },
};
