/** `/api/incidents`: the incidents pinned on the Uptime Kuma status page, newest first. */
import { Type, type Static } from 'typebox';
import { upstreamReport } from '../report-schema.js';
import { Timestamp } from '../../schemas/common.js';

/** Kuma's incident styles; anything else it may send is shown as `info`. */
export const IncidentStyle = Type.Union([
  Type.Literal('info'),
  Type.Literal('warning'),
  Type.Literal('danger'),
  Type.Literal('primary'),
  Type.Literal('light'),
  Type.Literal('dark'),
]);

export const Incident = Type.Object(
  {
    title: Type.String(),
    content: Type.String({ description: 'Markdown as Kuma keeps it; show it as text' }),
    style: IncidentStyle,
    created_at: Type.Union([Timestamp, Type.Null()]),
    updated_at: Type.Union([Timestamp, Type.Null()], { description: 'null: never edited' }),
  },
  { additionalProperties: false },
);

export const IncidentsReport = upstreamReport('Uptime Kuma', {
  incidents: Type.Array(Incident, { description: 'newest first; empty when none is pinned' }),
});

export const IncidentsNotConfigured = Type.Object(
  { configured: Type.Literal(false), incidents: Type.Array(Incident, { maxItems: 0 }) },
  { additionalProperties: false },
);

export const Incidents = Type.Union([IncidentsReport, IncidentsNotConfigured]);

export type IncidentStyle = Static<typeof IncidentStyle>;
export type Incident = Static<typeof Incident>;
export type IncidentsReport = Static<typeof IncidentsReport>;
export type IncidentsNotConfigured = Static<typeof IncidentsNotConfigured>;
export type Incidents = Static<typeof Incidents>;
