/** `/api/status`: service status from an Uptime Kuma public status page. */
import { Type, type Static } from 'typebox';
import { upstreamReport } from '../report-schema.js';
import { NotConfigured, Timestamp } from '../../schemas/common.js';

/** `unknown`: a monitor with no heartbeat yet (never checked, or a push that never came). */
export const MonitorState = Type.Union([
  Type.Literal('up'),
  Type.Literal('down'),
  Type.Literal('pending'),
  Type.Literal('maintenance'),
  Type.Literal('unknown'),
]);

export const Monitor = Type.Object(
  {
    name: Type.String(),
    status: MonitorState,
    uptime_24h_percent: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
    ping_ms: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    checked_at: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);

export const StatusReport = upstreamReport('Uptime Kuma', {
  monitors: Type.Array(Monitor, { description: 'in the status page order' }),
});

export const Status = Type.Union([StatusReport, NotConfigured]);

export type MonitorState = Static<typeof MonitorState>;
export type Monitor = Static<typeof Monitor>;
export type StatusReport = Static<typeof StatusReport>;
export type Status = Static<typeof Status>;
