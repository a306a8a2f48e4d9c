/**
 * Current conditions from wttr.in `?format=j1` (the World Weather Online document).
 *
 * What the real service does that this code handles: every value is a string (numbers
 * too) and may carry trailing spaces; `observation_time` is UTC on a 12-hour clock without
 * a date, the date being in `localObsDateTime` (local time); an unknown location, or an
 * exhausted upstream quota, arrives as `200` with a JSON content type and the plain text
 * "Unknown location; please try …"; an unresolvable location has also come back as 404 with
 * another city's valid document. An empty location means the caller's geo-IP, so the
 * configured location is always sent.
 */
import { isRecord } from '../../json.js';
import type { HttpClient, UpstreamResponse } from '../http/client.js';
import type { UpstreamError } from '../http/upstream-error.js';

export interface WeatherData {
  location: string;
  temperature_c: number;
  temperature_f: number;
  feels_like_c: number;
  feels_like_f: number;
  condition: string;
  code: number;
  humidity_percent: number;
  wind_kph: number;
  wind_dir: string;
  observed_at: string | null;
}

/** `[{"value": "Overcast "}]` → "Overcast". */
function firstValue(list: unknown): string {
  if (!Array.isArray(list) || !isRecord(list[0])) return '';
  const value = list[0].value;
  return typeof value === 'string' ? value.trim() : '';
}

/** "08:37 PM" → minutes after midnight (null when it is not that shape). */
export function clockMinutes(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})\s*([AP]M)$/i.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours < 1 || hours > 12 || minutes > 59) return null;
  const pm = match[3]?.toUpperCase() === 'PM';
  return ((hours % 12) + (pm ? 12 : 0)) * 60 + minutes;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Real UTC offsets run from −12:00 to +14:00. */
const MAX_OFFSET = 14 * 60 * MINUTE;

/**
 * The observation instant in UTC. `observation_time` gives the UTC clock time but no date;
 * `localObsDateTime` gives the local date and time. Near midnight the UTC date differs
 * from the local one, so the UTC date is the one (local date −1, 0 or +1 day) that puts
 * the implied UTC offset within the real range. Offsets from +12 to +14 and from −12 to
 * −10 read the same clock, so the place's longitude (about 15° per hour) breaks that tie
 * when it is known; otherwise the offset closest to zero wins.
 */
export function observedAt(
  observationTime: string,
  localObsDateTime: string,
  longitude?: number,
): string | null {
  const utcMinutes = clockMinutes(observationTime);
  const local = /^(\d{4})-(\d{2})-(\d{2})\s+(.+)$/.exec(localObsDateTime.trim());
  if (utcMinutes === null || !local) return null;
  const localMinutes = clockMinutes(local[4] ?? '');
  if (localMinutes === null) return null;
  const localDay = Date.UTC(Number(local[1]), Number(local[2]) - 1, Number(local[3]));
  if (!Number.isFinite(localDay)) return null;
  const localAsUtc = localDay + localMinutes * MINUTE;
  const expected =
    longitude !== undefined && Number.isFinite(longitude) ? (longitude / 15) * 60 * MINUTE : 0;
  let best: number | null = null;
  for (const shift of [-1, 0, 1]) {
    const candidate = localDay + shift * DAY + utcMinutes * MINUTE;
    const offset = localAsUtc - candidate;
    if (Math.abs(offset) > MAX_OFFSET) continue;
    if (best === null || Math.abs(offset - expected) < Math.abs(localAsUtc - best - expected)) {
      best = candidate;
    }
  }
  return best === null ? null : new Date(best).toISOString();
}

/** Maps a parsed j1 document; throws when the fields the panel needs are missing or not numbers. */
export function mapJ1(document: unknown, configuredLocation: string): WeatherData {
  const current =
    isRecord(document) && Array.isArray(document.current_condition)
      ? document.current_condition[0]
      : null;
  if (!isRecord(current)) throw new Error('no current_condition');
  const number = (key: string): number => {
    const raw = current[key];
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    const value = Number(text);
    if (text === '' || !Number.isFinite(value))
      throw new Error(`current_condition.${key} is not a number`);
    return value;
  };
  const text = (key: string): string => {
    const raw = current[key];
    return typeof raw === 'string' ? raw.trim() : '';
  };
  const area =
    isRecord(document) && Array.isArray(document.nearest_area) ? document.nearest_area[0] : null;
  const longitude =
    isRecord(area) && typeof area.longitude === 'string' ? Number(area.longitude.trim()) : NaN;
  const place = isRecord(area)
    ? [firstValue(area.areaName), firstValue(area.country)].filter(Boolean).join(', ')
    : '';
  return {
    location: place || configuredLocation,
    temperature_c: number('temp_C'),
    temperature_f: number('temp_F'),
    feels_like_c: number('FeelsLikeC'),
    feels_like_f: number('FeelsLikeF'),
    condition: firstValue(current.weatherDesc),
    code: Math.trunc(number('weatherCode')),
    humidity_percent: number('humidity'),
    wind_kph: number('windspeedKmph'),
    wind_dir: text('winddir16Point'),
    observed_at: observedAt(text('observation_time'), text('localObsDateTime'), longitude),
  };
}

/** The path for a location: wttr.in writes spaces as "+". */
export function locationPath(location: string): string {
  return `/${encodeURIComponent(location).replace(/%20/g, '+')}?format=j1`;
}

export async function fetchWeather(client: HttpClient, location: string): Promise<WeatherData> {
  const response = await client.get(locationPath(location));
  // A 404 has carried a valid document for some other city: only 200 counts.
  if (response.status !== 200) throw client.badStatus(response);
  const text = response.body.toString('utf8').trim();
  if (/^unknown location/i.test(text)) throw unknownLocation(client, response);
  const document = client.json(response);
  try {
    return mapJ1(document, location);
  } catch (error) {
    throw client.invalid(response, (error as Error).message);
  }
}

function unknownLocation(client: HttpClient, response: UpstreamResponse): UpstreamError {
  return client.failure(
    'unknown_location',
    'wttr.in does not know the configured location, or has run out of upstream quota',
    response,
  );
}
