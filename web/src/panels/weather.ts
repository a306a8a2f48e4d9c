/** Current conditions at the server's configured location, beside the service cards. */
import { isRecord } from '../api/guards.js';
import type { Weather } from '../api/types.js';
import { definePanel } from './panel.js';

export const isWeather = (value: unknown): value is Weather =>
  isRecord(value) &&
  (value.configured === false ||
    (value.configured === true &&
      typeof value.temperature_c === 'number' &&
      typeof value.condition === 'string'));

export const weatherPanel = definePanel({
  name: 'weather',
  path: '/api/weather',
  guard: isWeather,
  // The API keeps an answer 15 min (WEATHER_TTL_S 900).
  pollMs: 600_000,
  freshForMs: 30 * 60_000,
  element: 'kite-weather',
  slot: 'aside',
});
