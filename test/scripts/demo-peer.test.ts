/**
 * The demo's kscloud1 (scripts/lib/demo-peer.ts): an answer the portal accepts, figures that
 * move from one reading to the next as a live host's do, and disks of its own.
 */
import { statfsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMetricsCheck } from '../../api/src/peers/metrics-check.js';
import { vpsMetrics } from '../../scripts/lib/demo-peer.js';

interface Answer {
  host: { uptime_s: number };
  cpu: { percent: number; per_core_percent: number[] };
  memory: { total_bytes: number; used_bytes: number; available_bytes: number; percent: number };
  disks: { mount: string; total_bytes: number; used_bytes: number; free_bytes: number }[];
  network: { rx_bytes_per_s: number; rx_total_bytes: number; tx_total_bytes: number };
}

const START = Date.UTC(2026, 0, 15, 9, 30);
const BOOT = START - 12 * 86_400_000;
/** A reading every 2 s (the sampling interval) for ten minutes. */
const readings = Array.from(
  { length: 300 },
  (_, i) => vpsMetrics(START + i * 2_000, BOOT) as unknown as Answer,
);

describe('demo peer kscloud1', () => {
  it('answers what the portal accepts from a peer, at every moment', () => {
    // The very check the portal applies to a peer's answer.
    const { check } = compileMetricsCheck();
    for (const answer of readings) expect(check(structuredClone(answer))).toBeNull();
  });

  it('moves: CPU, memory and network change between two readings 2 s apart', () => {
    const changes = (pick: (answer: Answer) => number) =>
      readings.slice(1).filter((answer, i) => pick(answer) !== pick(readings[i] as Answer)).length /
      (readings.length - 1);
    expect(changes((a) => a.cpu.percent)).toBeGreaterThan(0.9);
    expect(changes((a) => a.memory.used_bytes)).toBeGreaterThan(0.9);
    expect(changes((a) => a.network.rx_bytes_per_s)).toBeGreaterThan(0.9);
    const cpu = readings.map((a) => a.cpu.percent);
    expect(Math.max(...cpu) - Math.min(...cpu)).toBeGreaterThan(10);
  });

  it('stays plausible: shares within 0–100, parts within their whole, totals only grow', () => {
    readings.forEach((answer, i) => {
      for (const share of [
        answer.cpu.percent,
        ...answer.cpu.per_core_percent,
        answer.memory.percent,
      ]) {
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(100);
      }
      expect(answer.memory.used_bytes + answer.memory.available_bytes).toBe(
        answer.memory.total_bytes,
      );
      for (const disk of answer.disks) {
        expect(disk.used_bytes).toBeLessThanOrEqual(disk.total_bytes);
        expect(disk.used_bytes + disk.free_bytes).toBe(disk.total_bytes);
      }
      const before = readings[i - 1];
      if (!before) return;
      expect(answer.host.uptime_s).toBeGreaterThan(before.host.uptime_s);
      expect(answer.network.rx_total_bytes).toBeGreaterThanOrEqual(before.network.rx_total_bytes);
      expect(answer.network.tx_total_bytes).toBeGreaterThanOrEqual(before.network.tx_total_bytes);
    });
  });

  it('reads the same at the same moment', () => {
    expect(vpsMetrics(START + 61_000, BOOT)).toEqual(vpsMetrics(START + 61_000, BOOT));
  });

  it('has disks of its own, not those of the machine running the demo', () => {
    const root = statfsSync('/');
    const localRootBytes = root.blocks * root.bsize;
    const disks = readings[0]?.disks ?? [];
    expect(disks.length).toBeGreaterThan(0);
    for (const disk of disks) expect(disk.total_bytes).not.toBe(localRootBytes);
  });
});
