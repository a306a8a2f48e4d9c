/**
 * How old the figures are when a poller gets them, at the rhythms real clients use: a
 * Conky widget every second, scripts every 45 s and every 2 minutes — both longer than
 * the default 30 s idle window, so the sampler has gone to sleep before each of their
 * polls. Each rhythm gets its own API process (default settings), so one poller's demand
 * cannot keep another's sampler awake; the three run side by side.
 *
 * Age = the wall clock when the answer arrived − its `sampled_at` (same machine, same
 * clock). The promise is METRICS_INTERVAL_S plus the reading time; the goal allows 0.5 s.
 */
import { sleep, type BenchContext, type Suite } from '../lib/context.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { fmt, goal, info, type Row } from '../lib/report.js';

/** The defaults the processes run with (not set, so the real defaults apply). */
const INTERVAL_S = 2;
const IDLE_AFTER_S = 30;
const GOAL_AGE_S = INTERVAL_S + 0.5;
const GOAL_WAKE_MS = 500;

const POLLERS = [
  { everyS: 1, polls: 120 },
  { everyS: 45, polls: 6 },
  { everyS: 120, polls: 3 },
] as const;

interface Poll {
  ageS: number;
  waitMs: number;
  stale: boolean;
  /** The sampler had slept since the previous poll (the period exceeds the idle window). */
  afterSleep: boolean;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const seconds = (value: number) => `${value.toFixed(2)} s`;

async function runPoller(url: string, everyS: number, polls: number): Promise<Poll[]> {
  const results: Poll[] = [];
  const t0 = performance.now();
  for (let index = 0; index < polls; index++) {
    await sleep(Math.max(0, t0 + index * everyS * 1000 - performance.now()));
    const askedAt = performance.now();
    const response = await fetch(`${url}/api/metrics`);
    const body = (await response.json()) as { sampled_at: string; stale: boolean };
    const receivedAt = Date.now();
    if (!response.ok) throw new Error(`/api/metrics answered ${response.status}`);
    results.push({
      ageS: (receivedAt - Date.parse(body.sampled_at)) / 1000,
      waitMs: performance.now() - askedAt,
      stale: body.stale,
      afterSleep: index > 0 && everyS > IDLE_AFTER_S,
    });
  }
  return results;
}

export const freshnessSuite: Suite = {
  id: 'freshness',
  about: 'age of sampled_at for pollers every 1 s, 45 s and 120 s; wait of a poll after a sleep',
  async run(ctx: BenchContext): Promise<Row[]> {
    const portals = await Promise.all(
      POLLERS.map(() => startMeasuredPortal(ctx, { WEB_ROOT: 'off' })),
    );
    const longest = Math.max(...POLLERS.map((p) => (p.polls - 1) * p.everyS));
    ctx.log(`freshness: three pollers side by side, about ${longest} s`);
    const runs = await Promise.all(
      POLLERS.map((poller, index) =>
        runPoller(portals[index]?.url ?? '', poller.everyS, poller.polls),
      ),
    );

    const rows: Row[] = [];
    POLLERS.forEach((poller, index) => {
      const polls = runs[index] ?? [];
      const ages = polls.map((poll) => poll.ageS);
      const stale = polls.filter((poll) => poll.stale).length;
      const worst = Math.max(...ages);
      rows.push(
        goal(
          `sampled_at age, polled every ${poller.everyS} s (${polls.length} polls)`,
          `max ${seconds(worst)} · median ${seconds(median(ages))}${stale ? ` · ${stale} stale` : ''}`,
          `≤ ${seconds(GOAL_AGE_S)} (METRICS_INTERVAL_S + 0.5 s)`,
          worst <= GOAL_AGE_S && stale === 0,
        ),
      );
    });

    const woken = runs.flat().filter((poll) => poll.afterSleep);
    const waits = woken.map((poll) => poll.waitMs);
    rows.push(
      goal(
        `first poll after a sleep: wait (${woken.length} polls)`,
        `max ${fmt.ms(Math.max(...waits))} · median ${fmt.ms(median(waits))}`,
        `≤ ${GOAL_WAKE_MS} ms`,
        Math.max(...waits) <= GOAL_WAKE_MS,
      ),
    );
    const awake = (runs[0] ?? []).slice(1).map((poll) => poll.waitMs);
    rows.push(info('poll while awake (1 s poller): wait', `median ${fmt.ms(median(awake))}`));
    return rows;
  },
};
