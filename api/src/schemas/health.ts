import { Type, type Static } from 'typebox';

export const Health = Type.Object(
  {
    ok: Type.Literal(true),
    version: Type.String(),
    uptime_s: Type.Number({ description: 'seconds since this API process started' }),
    host: Type.String({ description: 'hostname of the host that answered' }),
  },
  { additionalProperties: false },
);
export type Health = Static<typeof Health>;
