/** Weather: current conditions at the server's own location, from wttr.in `format=j1`. */
import { baseUrl, ConfigError, read, seconds } from '../../env.js';
import { defineSource } from '../definition.js';
import { Weather, WeatherReport } from './schema.js';
import { fetchWeather, type WeatherData } from './wttr.js';

// The folder's schema travels through the list to the API's contract (schemas/index.ts).
export * from './schema.js';

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
    // No query: visitors cannot choose what the server fetches (no location parameter).
    response: Weather,
    report: WeatherReport,
    fields: (value: WeatherData) => ({ ...value }),
  },
});
