/** `/api/history`: the last few minutes of every host's figures, for the sparklines. */
import { Type, type Static } from 'typebox';
import { Timestamp } from './common.js';

/** The longest span the API keeps, in seconds (HISTORY_SPAN_S in history/). */
const MAX_SPAN_S = 300;

const Figure = (schema: { minimum: number; maximum?: number }, description: string) =>
  Type.Union([Type.Number(schema), Type.Null()], { description });

export const HistoryPoint = Type.Object(
  {
    sampled_at: Timestamp,
    cpu_percent: Figure({ minimum: 0, maximum: 100 }, 'as cpu.percent; null in a gap'),
    memory_percent: Figure({ minimum: 0, maximum: 100 }, 'as memory.percent; null in a gap'),
    rx_bytes_per_s: Figure({ minimum: 0 }, 'as network.rx_bytes_per_s; null in a gap'),
    tx_bytes_per_s: Figure({ minimum: 0 }, 'as network.tx_bytes_per_s; null in a gap'),
  },
  {
    additionalProperties: false,
    description:
      'one reading, dated by the host; a point whose figures are all null is a gap: ' +
      'nothing was measured between the points either side of it (draw no line across)',
  },
);

export const HostHistory = Type.Object(
  {
    name: Type.String({ description: 'as in /api/hosts' }),
    self: Type.Boolean({ description: 'true for the host that answered (it comes first)' }),
    points: Type.Array(HistoryPoint, { description: 'oldest first' }),
  },
  { additionalProperties: false },
);

export const History = Type.Object(
  {
    interval_s: Type.Number({ exclusiveMinimum: 0, description: 'METRICS_INTERVAL_S' }),
    span_s: Type.Integer({ minimum: 1, maximum: MAX_SPAN_S, description: 'as asked' }),
    gap_after_s: Type.Number({
      exclusiveMinimum: 0,
      description: 'readings further apart than this have a gap between them',
    }),
    hosts: Type.Array(HostHistory, {
      minItems: 1,
      description: 'this host first, then PEERS in order',
    }),
  },
  { additionalProperties: false },
);

export const HistoryQuery = Type.Object(
  {
    span_s: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_SPAN_S,
        description: `seconds of history wanted, 1–${MAX_SPAN_S} (default ${MAX_SPAN_S})`,
      }),
    ),
  },
  { additionalProperties: false },
);

export type HistoryPoint = Static<typeof HistoryPoint>;
export type HostHistory = Static<typeof HostHistory>;
export type History = Static<typeof History>;
