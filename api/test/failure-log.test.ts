/**
 * An upstream or a peer that stays down is logged once per change, not once per refresh: one
 * warning when it starts failing, one more only when the error's code changes, and one info
 * line when it works again (how long, how many refreshes). Real sources against the fake
 * upstreams on loopback; the sources read a hand-moved clock.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Peers } from '../src/peers/index.js';
import { UpstreamSource } from '../src/sources/runtime.js';
import { weather } from '../src/sources/weather/index.js';
import type { WeatherData } from '../src/sources/weather/wttr.js';
import { startFakePeer, startFakeWttr, type FakePeer, type FakeWttr } from '../../fakes/index.js';
import { testConfig } from './helpers/app.js';

interface LogLine {
  level: number;
  msg: string;
  source?: string;
  code?: string;
  kind?: string;
  status?: number;
  failing_s?: number;
  failures?: number;
}

const WARN = 40;
const INFO = 30;
const MINUTE = 60_000;

let now = Date.UTC(2026, 10, 26, 21);
let lines: LogLine[] = [];
const log = pino(
  { level: 'debug' },
  new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as LogLine);
      done();
    },
  }),
);

/** The lines at `level` about `source`. */
const at = (level: number, source: string) =>
  lines.filter((line) => line.level === level && line.source === source);

/** Refreshes `times` times, the clock a minute further each time. */
async function refreshes<Value>(source: UpstreamSource<Value>, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    now += MINUTE;
    await source.cache.refresh();
  }
}

beforeEach(() => {
  lines = [];
});

describe('an upstream source', () => {
  let wttr: FakeWttr;
  let source: UpstreamSource<WeatherData>;

  beforeAll(async () => {
    wttr = await startFakeWttr();
    const settings = weather.settings({ WEATHER_LOCATION: 'Heideck', WTTR_URL: wttr.url });
    if (!settings) throw new Error('weather has no settings');
    source = new UpstreamSource(weather, settings, {
      kind: 'source',
      upstream: { timeoutMs: 2000, maxBodyBytes: 1024 * 1024 },
      log,
      now: () => now,
    });
  });
  afterAll(async () => {
    await source.close();
    await wttr.close();
  });

  it('warns once while it keeps failing, then says once that it works again', async () => {
    await refreshes(source, 1);
    await wttr.setFault('500');
    await refreshes(source, 5);
    expect(source.cache.failuresTotal).toBeGreaterThanOrEqual(5);

    const warnings = at(WARN, 'wttr.in');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'upstream_bad_status',
      kind: 'bad_status',
      status: 500,
    });
    expect(warnings[0]?.msg).toMatch(/; serving the last good answer$/);
    expect(at(INFO, 'wttr.in')).toEqual([]);

    await wttr.setFault(null);
    await refreshes(source, 2);
    expect(at(WARN, 'wttr.in')).toHaveLength(1);
    const recovered = at(INFO, 'wttr.in');
    expect(recovered).toHaveLength(1);
    // Failing from the first failed refresh to the successful one: five minutes.
    expect(recovered[0]).toMatchObject({ failing_s: 300, failures: 5 });
    expect(recovered[0]?.msg).toBe('works again after 300 s and 5 failed refreshes');
  });

  it('warns again when the error code changes, and not when it stays', async () => {
    await wttr.setFault('500');
    await refreshes(source, 2);
    await wttr.setFault('html');
    await refreshes(source, 3);

    expect(at(WARN, 'wttr.in').map((line) => line.code)).toEqual([
      'upstream_bad_status',
      'upstream_invalid',
    ]);
    await wttr.setFault(null);
    await refreshes(source, 1);
    expect(at(INFO, 'wttr.in')).toMatchObject([{ failures: 5 }]);
  });
});

describe('a peer', () => {
  let fake: FakePeer;
  let peers: Peers;

  beforeAll(async () => {
    fake = await startFakePeer('kscloud1');
    peers = new Peers(testConfig({ PEERS: `kscloud1=${fake.url}` }), log, () => now);
  });
  afterAll(async () => {
    await Promise.all(peers.list.map((peer) => peer.close()));
    await fake.close();
  });

  it('that stays down is one warning, and one info line when it answers again', async () => {
    const [peer] = peers.list;
    if (!peer) throw new Error('no peer');
    await fake.setFault('500');
    await refreshes(peer, 4);
    expect(at(WARN, 'peer kscloud1')).toMatchObject([{ code: 'upstream_bad_status' }]);

    await fake.setFault(null);
    await refreshes(peer, 1);
    expect(at(WARN, 'peer kscloud1')).toHaveLength(1);
    expect(at(INFO, 'peer kscloud1')).toMatchObject([{ failing_s: 240, failures: 4 }]);
  });
});
