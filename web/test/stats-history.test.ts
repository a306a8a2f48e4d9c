import { describe, expect, it } from 'vitest';
import { StatsHistory } from '../src/components/stats-history.js';
import { metrics } from './fixtures.js';

const T0 = Date.parse('2026-11-26T21:00:00.000Z');
const reading = (seconds: number, cpu = 10) =>
  metrics({ cpu, sampledAt: new Date(T0 + seconds * 1000).toISOString() });

describe('StatsHistory', () => {
  it('keeps one point per reading, dated by the host, whichever way it arrived twice', () => {
    const history = new StatsHistory();
    history.record('monk', reading(0, 1));
    // The stream's greeting, and the same reading inside /api/hosts: already drawn.
    history.record('monk', reading(0, 1));
    history.record('monk', reading(2, 2));
    history.record('monk', reading(0, 1));
    expect(history.samples('monk').map((s) => s.cpu)).toEqual([1, 2]);
    expect(history.samples('monk')[1]?.at).toBe(T0 + 2_000);
  });

  it('keeps about two minutes per host, each host on its own', () => {
    const history = new StatsHistory(120_000);
    for (let s = 0; s <= 300; s += 2) history.record('monk', reading(s));
    history.record('kscloud1', reading(300));
    const monk = history.samples('monk');
    expect(monk).toHaveLength(61);
    expect((monk.at(-1)?.at ?? 0) - (monk[0]?.at ?? 0)).toBe(120_000);
    expect(history.samples('kscloud1')).toHaveLength(1);
    expect(history.samples('samurai')).toEqual([]);
  });

  it('starts afresh when a host clock jumps back, and forgets hosts no longer listed', () => {
    const history = new StatsHistory(120_000);
    history.record('monk', reading(1_000));
    history.record('monk', reading(0, 42));
    expect(history.samples('monk').map((s) => s.cpu)).toEqual([42]);
    history.record('kscloud1', reading(0));
    history.retain(['kscloud1']);
    expect(history.samples('monk')).toEqual([]);
    expect(history.samples('kscloud1')).toHaveLength(1);
  });

  it('ignores a reading without a valid time', () => {
    const history = new StatsHistory();
    history.record('monk', metrics({ sampledAt: 'yesterday' }));
    expect(history.samples('monk')).toEqual([]);
  });
});
