/**
 * The schema check a peer's answer must pass before it reaches the page: the very schema this
 * portal serves its own `/api/metrics` with. Fields a newer peer adds are dropped rather than
 * refused, and a field an older peer lacks gets its old meaning, so hosts can be upgraded one
 * at a time. Numbers must be finite: `1e999` parses to Infinity, which no page can draw and
 * no serializer can write back as JSON.
 */
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import { isRecord } from '../json.js';
import { Metrics } from '../schemas/metrics.js';

export function compileMetricsCheck(): { check: (value: unknown) => string | null } {
  // `strict: false` tolerates TypeBox's extra keywords; it would also let NaN and Infinity
  // pass as numbers, so `strictNumbers` turns that check back on.
  const ajv = new Ajv({
    removeAdditional: 'all',
    allErrors: false,
    strict: false,
    strictNumbers: true,
  });
  (formats as unknown as (ajv: Ajv) => void)(ajv);
  const validate = ajv.compile(Metrics);
  return {
    /** null when `value` is metrics (now stripped of unknown fields), else what is wrong. */
    check(value) {
      // A peer from before `stale` existed says nothing of it: its figures were live.
      if (isRecord(value) && !('stale' in value)) value.stale = false;
      if (validate(value)) return null;
      const first = validate.errors?.[0];
      return first
        ? `${first.instancePath || 'the answer'} ${first.message ?? 'is invalid'}`
        : 'invalid';
    },
  };
}
