/** `/api/weather`: current conditions at the server's configured location (wttr.in). */
import { Type, type Static } from 'typebox';
import { upstreamReport } from '../report-schema.js';
import { NotConfigured, Timestamp } from '../../schemas/common.js';

export const WeatherReport = upstreamReport('wttr.in', {
  location: Type.String({ description: 'the place wttr.in resolved, e.g. "Heideck, Germany"' }),
  temperature_c: Type.Number(),
  temperature_f: Type.Number(),
  feels_like_c: Type.Number(),
  feels_like_f: Type.Number(),
  condition: Type.String({ description: 'e.g. "Light snow"' }),
  code: Type.Integer({ description: 'World Weather Online condition code, e.g. 326' }),
  humidity_percent: Type.Number({ minimum: 0, maximum: 100 }),
  wind_kph: Type.Number({ minimum: 0 }),
  wind_dir: Type.String({ description: '16-point compass, e.g. "NW"' }),
  observed_at: Type.Union([Timestamp, Type.Null()], {
    description: 'when the station observed it; null when wttr.in gave no readable time',
  }),
});

export const Weather = Type.Union([WeatherReport, NotConfigured]);

export type WeatherReport = Static<typeof WeatherReport>;
export type Weather = Static<typeof Weather>;
