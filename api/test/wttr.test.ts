/**
 * wttr.in j1 mapping from the recorded real document, the UTC observation time (around
 * midnight too), and the failures the real service produces, served by the fake.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from '../src/sources/http/client.js';
import { UpstreamError } from '../src/sources/http/upstream-error.js';
import { fetchWeather, locationPath, mapJ1, observedAt } from '../src/sources/weather/wttr.js';
import { startFakeWttr, WTTR_SAMPLE, type FakeWttr } from '../../fakes/index.js';

describe('mapJ1 on the recorded sample', () => {
  it('coerces strings to numbers, trims text and returns UTC', () => {
    const data = mapJ1(JSON.parse(WTTR_SAMPLE.toString('utf8')), 'Heideck');
    expect(data).toEqual({
      location: 'Heideck, Germany',
      temperature_c: 9,
      temperature_f: 48,
      feels_like_c: 8,
      feels_like_f: 46,
      condition: 'Overcast',
      code: 122,
      humidity_percent: 58,
      wind_kph: 8,
      wind_dir: 'SW',
      // Local 22:37 in Bavaria (UTC+2), observation_time "08:37 PM" UTC.
      observed_at: '2026-04-03T20:37:00.000Z',
    });
  });

  it('trims trailing spaces and accepts numbers given as numbers', () => {
    const document = JSON.parse(WTTR_SAMPLE.toString('utf8'));
    document.current_condition[0].weatherDesc = [{ value: 'Clear ' }];
    document.current_condition[0].temp_C = ' -3 ';
    document.current_condition[0].humidity = 80;
    const data = mapJ1(document, 'Heideck');
    expect(data.condition).toBe('Clear');
    expect(data.temperature_c).toBe(-3);
    expect(data.humidity_percent).toBe(80);
  });

  it('refuses a document whose numbers are not numbers', () => {
    const document = JSON.parse(WTTR_SAMPLE.toString('utf8'));
    document.current_condition[0].temp_C = 'warm';
    expect(() => mapJ1(document, 'Heideck')).toThrow(/temp_C/);
    expect(() => mapJ1({}, 'Heideck')).toThrow(/current_condition/);
  });
});

describe('observedAt', () => {
  it.each([
    ['08:37 PM', '2026-04-03 10:37 PM', '2026-04-03T20:37:00.000Z'],
    // East of UTC just after local midnight: the UTC date is the day before.
    ['10:30 PM', '2026-04-04 12:30 AM', '2026-04-03T22:30:00.000Z'],
    // West of UTC late in the evening: the UTC date is the day after.
    ['03:15 AM', '2026-04-03 10:15 PM', '2026-04-04T03:15:00.000Z'],
    // Half-hour zones (India) and the 12 AM edge.
    ['06:40 PM', '2026-04-04 12:10 AM', '2026-04-03T18:40:00.000Z'],
  ])('%s UTC with local %s → %s', (utc, local, expected) => {
    expect(observedAt(utc, local)).toBe(expected);
  });

  it('tells +13:00 from −11:00 (the same clock) by the longitude', () => {
    // Auckland in summer (UTC+13) and Pago Pago (UTC−11) both read midnight at 11:00 UTC.
    expect(observedAt('11:00 AM', '2026-01-04 12:00 AM', 174.8)).toBe('2026-01-03T11:00:00.000Z');
    expect(observedAt('11:00 AM', '2026-01-04 12:00 AM', -170.7)).toBe('2026-01-04T11:00:00.000Z');
    // Honolulu (UTC−10), not the +14:00 that reads the same clock.
    expect(observedAt('10:00 AM', '2026-01-04 12:00 AM', -157.9)).toBe('2026-01-04T10:00:00.000Z');
  });

  it('gives null for times it cannot read', () => {
    expect(observedAt('', '2026-04-03 10:37 PM')).toBeNull();
    expect(observedAt('25:00 PM', '2026-04-03 10:37 PM')).toBeNull();
    expect(observedAt('08:37 PM', 'yesterday')).toBeNull();
  });
});

describe('fetchWeather against the fake wttr.in', () => {
  let wttr: FakeWttr;
  const clients: HttpClient[] = [];
  const client = (timeoutMs = 1000) => {
    const http = new HttpClient({
      upstream: 'wttr.in',
      baseUrl: wttr.url,
      timeoutMs,
      maxBodyBytes: 256 * 1024,
    });
    clients.push(http);
    return http;
  };

  beforeAll(async () => {
    wttr = await startFakeWttr({ unknownLocations: ['Atlantis'] });
  });
  afterEach(async () => {
    await wttr.setFault(null);
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await wttr.close();
  });

  it('always sends the configured location, spaces as +', async () => {
    expect(locationPath('New York')).toBe('/New+York?format=j1');
    expect(locationPath('~Eiffel tower')).toBe('/~Eiffel+tower?format=j1');
    const data = await fetchWeather(client(), 'Heideck');
    expect(data.temperature_c).toBe(9);
    expect(wttr.locations.at(-1)).toBe('Heideck');
    expect(wttr.requests.records.at(-1)?.query).toEqual({ format: 'j1' });
  });

  it('treats 200 "Unknown location" plain text with a JSON content type as an error', async () => {
    const error = (await fetchWeather(client(), 'Atlantis').catch(
      (e: unknown) => e,
    )) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.kind).toBe('unknown_location');
    expect(error.code).toBe('upstream_unknown_location');
    expect(error.statusCode).toBe(502);
  });

  it.each([
    ['html', 'invalid'],
    ['500', 'bad_status'],
    ['garbage', 'invalid'],
    ['huge', 'too_large'],
    ['reset', 'unreachable'],
    ['down', 'unreachable'],
    ['hang', 'timeout'],
  ] as const)('fault %s → %s', async (fault, kind) => {
    await wttr.setFault(fault);
    const error = (await fetchWeather(client(300), 'Heideck').catch(
      (e: unknown) => e,
    )) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.kind).toBe(kind);
    expect(error.statusCode).toBe(kind === 'timeout' ? 504 : 502);
  });

  it('refuses a 20 MB body while it is still arriving', async () => {
    await wttr.setFault('huge');
    const error = await fetchWeather(client(), 'Heideck').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe('too_large');
    // Give the fake a moment to notice the closed socket: the client hung up before the end,
    // rather than reading (and holding) the whole body. How far the socket drained first
    // depends on the machine's load, so that is not asserted.
    await vi.waitFor(() => expect(wttr.hugeRefusedMidway).toBe(true), { timeout: 2_000 });
  });
});
