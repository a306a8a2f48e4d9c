/** `/api/hosts`: this host and its peers, each with its latest metrics. */
import { Type, type Static } from 'typebox';
import { ErrorEnvelope, Timestamp } from './common.js';
import { Metrics } from './metrics.js';

export const HostEntry = Type.Object(
  {
    name: Type.String({ description: 'HOST_NAME of that host' }),
    self: Type.Boolean({ description: 'true for the host that answered (it comes first)' }),
    reachable: Type.Boolean({ description: 'the latest call to this peer succeeded' }),
    metrics: Type.Union([Metrics, Type.Null()], {
      description: 'as /api/metrics; a peer that stopped answering keeps its last good figures',
    }),
    fetched_at: Type.Union([Timestamp, Type.Null()], {
      description: 'when these figures were sampled (this host) or fetched (a peer)',
    }),
    stale: Type.Boolean({ description: 'the figures are older than a few sampling intervals' }),
    error: Type.Optional(ErrorEnvelope.properties.error),
    version: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description:
          "that host's portal version: this host's own, a peer's from its latest answer (even one that failed the check); null when unknown",
      }),
    ),
  },
  { additionalProperties: false },
);

export const Hosts = Type.Object(
  {
    hosts: Type.Array(HostEntry, {
      minItems: 1,
      description: 'this host first, then PEERS in order',
    }),
  },
  { additionalProperties: false },
);

export type HostEntry = Static<typeof HostEntry>;
export type Hosts = Static<typeof Hosts>;
