/**
 * The shapes of the API's answers, straight from the API's own schemas. Type-only imports:
 * nothing of the API ends up in the bundle.
 */
export type {
  Activity,
  ActivityReport,
  Commit,
  DiskInfo,
  History,
  HistoryPoint,
  HostEntry,
  Hosts,
  Incident,
  Incidents,
  IncidentsReport,
  IncidentStyle,
  Metrics,
  Monitor,
  MonitorState,
  Status,
  StatusReport,
  Weather,
  WeatherReport,
} from '@kitestacks/api/schemas';
