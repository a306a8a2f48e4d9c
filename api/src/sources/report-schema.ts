/**
 * The envelope every upstream source's answer shares: `configured: true`, the source's own
 * fields, when they were fetched, and whether they are the last good answer of a failing
 * upstream. Only the TypeBox sources use this; production loads their frozen JSON.
 */
import { Type, type TProperties } from 'typebox';
import { Timestamp } from '../schemas/common.js';

export function upstreamReport<Properties extends TProperties>(
  upstream: string,
  properties: Properties,
) {
  return Type.Object(
    {
      configured: Type.Literal(true),
      ...properties,
      fetched_at: Timestamp,
      stale: Type.Boolean({
        description: `true: ${upstream} is failing and this is the last good answer`,
      }),
    },
    { additionalProperties: false },
  );
}
