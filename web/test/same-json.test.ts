import { describe, expect, it } from 'vitest';
import { sameJson } from '../src/controllers/same-json.js';
import { incidents, metrics } from './fixtures.js';

describe('sameJson', () => {
  it('finds two parses of the same answer equal', () => {
    const text = JSON.stringify(metrics());
    expect(sameJson(JSON.parse(text), JSON.parse(text))).toBe(true);
    expect(sameJson(incidents(), incidents())).toBe(true);
  });

  it('tells apart a change anywhere, however deep', () => {
    const changed = metrics();
    changed.network.interfaces = [
      { name: 'wlp1s0', rx_bytes_per_s: 1537, tx_bytes_per_s: 2 * 1024 ** 2 },
    ];
    expect(sameJson(metrics(), changed)).toBe(false);
    expect(sameJson(metrics(), metrics({ sampledAt: '2026-11-26T21:00:02.000Z' }))).toBe(false);
  });

  it('tells apart values JSON writes differently: kinds, lengths, missing and extra keys', () => {
    const pairs: [unknown, unknown][] = [
      [0, '0'],
      [null, {}],
      [[], {}],
      [{}, []],
      [
        [1, 2],
        [1, 2, 3],
      ],
      [{ a: 1 }, { a: 1, b: 2 }],
      [
        { a: 1, b: 2 },
        { a: 1, c: 2 },
      ],
      [{ a: null }, {}],
    ];
    for (const [a, b] of pairs) {
      expect(sameJson(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(false);
      expect(sameJson(b, a), `${JSON.stringify(b)} vs ${JSON.stringify(a)}`).toBe(false);
    }
  });

  it('does not care about key order, as two parses of equal data need not share it', () => {
    expect(sameJson({ a: 1, b: [true, null] }, { b: [true, null], a: 1 })).toBe(true);
  });
});
