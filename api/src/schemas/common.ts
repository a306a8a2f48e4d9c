/** Building blocks shared by every route schema. */
import { Type, type Static } from 'typebox';

/** The one error shape, from the API and from nginx in front of it. */
export const ErrorEnvelope = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'machine-readable, snake_case' }),
        message: Type.String({ description: 'for people; never a stack trace or a secret' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'ErrorEnvelope' },
);
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;

/** A route that takes no query parameters still rejects unknown ones with 400. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/** `/api/stream`'s one parameter: the events a client wants. */
export const StreamQuery = Type.Object(
  {
    events: Type.Optional(
      Type.String({
        description: 'the events wanted, comma-separated (e.g. hosts,weather); absent: every event',
      }),
    ),
  },
  { additionalProperties: false },
);

/** ISO 8601 UTC timestamp, e.g. 2026-11-26T21:00:00.000Z. */
export const Timestamp = Type.String({ format: 'date-time' });

/** Error responses every API route may give. */
export const errorResponses = {
  400: ErrorEnvelope,
  404: ErrorEnvelope,
  405: ErrorEnvelope,
  500: ErrorEnvelope,
  502: ErrorEnvelope,
  503: ErrorEnvelope,
  504: ErrorEnvelope,
} as const;

/** What every upstream-backed answer says when the server has no settings for its source. */
export const NotConfigured = Type.Object(
  { configured: Type.Literal(false) },
  { additionalProperties: false },
);
export type NotConfigured = Static<typeof NotConfigured>;
