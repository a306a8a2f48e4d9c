/** `/api/health`: liveness, plus the state of every part so a monitor can watch one. */
import { Type, type Static } from 'typebox';
import { ErrorEnvelope } from './common.js';

const Age = Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
  description: 'seconds since the last good reading or answer; null before the first',
});

export const SamplerCheck = Type.Object(
  {
    state: Type.Union([Type.Literal('ok'), Type.Literal('asleep'), Type.Literal('failing')], {
      description: 'asleep: nobody polls, so the host is not being read (normal)',
    }),
    age_s: Age,
  },
  { additionalProperties: false },
);

export const PartCheck = Type.Object(
  {
    state: Type.Union(
      [Type.Literal('ok'), Type.Literal('stale'), Type.Literal('failing'), Type.Literal('unknown')],
      {
        description:
          'of the latest call: ok; stale (it failed, the last good answer is served); failing (it failed, nothing to serve); unknown (not asked yet)',
      },
    ),
    age_s: Age,
  },
  { additionalProperties: false },
);

export const Health = Type.Object(
  {
    ok: Type.Boolean({ description: 'false (with 503) only while the sampler is failing' }),
    error: Type.Optional(ErrorEnvelope.properties.error),
    version: Type.String(),
    uptime_s: Type.Number({
      description: "seconds since this API process started (the host's uptime is in /api/metrics)",
    }),
    host: Type.String({ description: 'hostname of the host that answered' }),
    checks: Type.Object(
      {
        sampler: SamplerCheck,
        sources: Type.Record(Type.String(), PartCheck, {
          description: 'each configured upstream source by its name (the stream event name)',
        }),
        peers: Type.Record(Type.String(), PartCheck, { description: 'each peer by its name' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SamplerCheck = Static<typeof SamplerCheck>;
export type PartCheck = Static<typeof PartCheck>;
export type Health = Static<typeof Health>;
