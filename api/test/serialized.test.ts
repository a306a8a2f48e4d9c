import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { Cached } from '../src/cache.js';
import { cachedSerializer } from '../src/serialized.js';

const Schema = Type.Object(
  { items: Type.Array(Type.Integer()), stale: Type.Boolean() },
  { additionalProperties: false },
);

describe('cachedSerializer', () => {
  it('builds each variant once per cache entry and rebuilds when the entry changes', () => {
    let builds = 0;
    const serialize = cachedSerializer(Schema, (entry: Cached<number[]>, limit: number) => {
      builds++;
      return {
        items: entry.value.slice(0, limit),
        stale: entry.stale,
        extra: 'dropped by the schema',
      };
    });
    const first: Cached<number[]> = { value: [1, 2, 3], fetchedAt: 1, stale: false };

    expect(serialize(first, 2)).toBe('{"items":[1,2],"stale":false}');
    expect(serialize({ ...first }, 2)).toBe('{"items":[1,2],"stale":false}');
    expect(builds).toBe(1);
    expect(serialize(first, 3)).toBe('{"items":[1,2,3],"stale":false}');
    expect(builds).toBe(2);

    // The same value turning stale is a new answer.
    expect(serialize({ ...first, stale: true }, 2)).toBe('{"items":[1,2],"stale":true}');
    expect(builds).toBe(3);

    // A new crawl is a new answer for every variant.
    const second: Cached<number[]> = { value: [9, 8], fetchedAt: 2, stale: false };
    expect(serialize(second, 2)).toBe('{"items":[9,8],"stale":false}');
    expect(builds).toBe(4);
  });
});
