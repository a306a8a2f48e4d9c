/** Weather: current conditions at the server's own location, from wttr.in `format=j1`. */
import type { Cached } from '../../cache.js';
import { NoQuery } from '../../schemas/common.js';
import { baseUrl, ConfigError, read, seconds } from '../../env.js';
import { defineSource } from '../definition.js';
import { Weather, WeatherReport } from './schema.js';
import { fetchWeather, type WeatherData } from './wttr.js';

export interface WeatherSettings {
  location: string;
  baseUrl: string;
  /** wttr.in refreshes hourly and asks its users to go easy: never below ten minutes. */
  ttlS: number;
}

export const weather = defineSource({
  name: 'weather',
  settings(env): WeatherSettings | null {
    const location = read(env, 'WEATHER_LOCATION');
    const wttrUrl = baseUrl(env, 'WTTR_URL') ?? 'https://wttr.in';
    if (location === undefined) return null;
    if (location.length > 100) {
      throw new ConfigError('WEATHER_LOCATION: expected at most 100 characters');
    }
    return { location, baseUrl: wttrUrl, ttlS: seconds(env, 'WEATHER_TTL_S', 900, 600, 86400) };
  },
  upstream: () => 'wttr.in',
  connection: (settings) => ({ baseUrl: settings.baseUrl }),
  fetch: (http, settings) => fetchWeather(http, settings.location),
  route: {
    path: '/api/weather',
    // Visitors cannot choose what the server fetches: no location parameter.
    querystring: NoQuery,
    response: Weather,
    report: WeatherReport,
    unconfigured: { configured: false },
    payload: (entry: Cached<WeatherData>) => ({
      configured: true,
      ...entry.value,
      fetched_at: new Date(entry.fetchedAt).toISOString(),
      stale: entry.stale,
    }),
    variant: () => 0,
    streamVariant: 0,
  },
});
