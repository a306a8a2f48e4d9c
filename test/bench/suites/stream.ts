/**
 * 500 live streams on one API process: the memory they add, the CPU one sample tick costs
 * with all of them attached (one serialisation, 500 writes), and proof that every client
 * is served — each one receives fresh metrics events during the window.
 */
import { openMany, type SseClient } from '../../drills/support/sse.js';
import { sleep, type BenchContext, type Suite } from '../lib/context.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { MIB } from '../lib/proc.js';
import { fmt, goal, info, type Row } from '../lib/report.js';

const CLIENTS = 500;
const GOAL_RSS_ADDED = 100 * MIB;
const INTERVAL_S = 2;
/** Enough ticks for the per-tick CPU to rise above the 10 ms clock-tick resolution. */
const WINDOW_S = 20;

export const streamSuite: Suite = {
  id: 'stream',
  about: `${CLIENTS} SSE clients: RSS added, CPU per sample tick, every client served`,
  async run(ctx: BenchContext): Promise<Row[]> {
    const portal = await startMeasuredPortal(ctx, {
      STREAM_MAX_CLIENTS: String(CLIENTS + 100),
      METRICS_INTERVAL_S: String(INTERVAL_S),
    });
    // Wake the sampler and let it settle, so the baseline is a process already sampling.
    await (await fetch(`${portal.url}/api/metrics`)).arrayBuffer();
    await sleep(3_000);
    const rssBefore = portal.rss();

    ctx.log(`stream: opening ${CLIENTS} streams`);
    const clients: SseClient[] = await openMany(`${portal.url}/api/stream`, CLIENTS);
    ctx.own({ stop: async () => clients.forEach((client) => client.close()) });
    const refused = clients.filter((client) => client.status !== 200).length;

    // Let the connection burst settle (JIT, buffers) before the measured window.
    await sleep(2 * INTERVAL_S * 1000);
    ctx.log(`stream: measuring ${WINDOW_S} s with ${CLIENTS} streams open`);
    const before = clients.map((client) => client.count('metrics'));
    const cpu0 = portal.cpu();
    // RSS moves with garbage collection: the peak over the window is the honest "added".
    let rssPeak = portal.rss();
    for (let second = 0; second < WINDOW_S; second++) {
      await sleep(1000);
      rssPeak = Math.max(rssPeak, portal.rss());
    }
    const cpuS = portal.cpu() - cpu0;
    const received = clients.map((client, index) => client.count('metrics') - (before[index] ?? 0));

    const ticks = Math.max(...received);
    const served = received.filter((count) => count >= 1 && count >= ticks - 1).length;
    const ended = clients.filter((client) => client.ended).length;
    const rssAdded = rssPeak - rssBefore;
    return [
      goal(
        `${CLIENTS} SSE clients: RSS added (peak)`,
        `${fmt.mib(rssAdded)} (${fmt.mib(rssBefore)} → ${fmt.mib(rssPeak)})`,
        `≤ ${fmt.mib(GOAL_RSS_ADDED)}`,
        rssAdded <= GOAL_RSS_ADDED,
      ),
      info(
        `${CLIENTS} SSE clients: API CPU per sample tick`,
        ticks > 0
          ? `${fmt.ms((cpuS * 1000) / ticks)} (${Math.round(cpuS * 1000)} ms over ${ticks} ticks of ${INTERVAL_S} s)`
          : 'no tick seen',
      ),
      goal(
        `${CLIENTS} SSE clients: served`,
        `${served}/${CLIENTS} got every tick in ${WINDOW_S} s` +
          (refused ? ` · ${refused} refused` : '') +
          (ended ? ` · ${ended} dropped` : ''),
        'all',
        served === CLIENTS && refused === 0 && ended === 0,
      ),
    ];
  },
};
