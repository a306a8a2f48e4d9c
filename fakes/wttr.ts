/**
 * A fake wttr.in: `GET /<location>?format=j1` answers the recorded real j1 document
 * byte-for-byte with the Go server's headers. The `unknown-location` fault (and any
 * location listed in `unknownLocations`) gives the real failure: the 50-byte plain-text
 * "Unknown location; please try …" with status 200 and a JSON content type.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { FakeServer, type FakeUpstream, type FaultMode } from './server.js';

const contract = (name: string) => fileURLToPath(new URL(`./contracts/${name}`, import.meta.url));

/** The recorded document for Heideck, Bavaria (observed 2026-04-03 22:37 local, 20:37 UTC). */
export const WTTR_SAMPLE: Buffer = readFileSync(contract('wttr-j1-sample.json'));
export const WTTR_UNKNOWN_LOCATION: Buffer = readFileSync(
  contract('wttr-j1-error-unknown-location.txt'),
);

export const FAKE_WEATHER_LOCATION = 'Heideck';

export interface FakeWttrOptions {
  /** Locations answered with the "Unknown location" text. */
  unknownLocations?: string[];
  /** Serve another j1 document instead of the recorded sample. */
  body?: Buffer | string;
}

export interface FakeWttr extends FakeUpstream {
  /** Locations asked for, in order (decoded; '' for a request without one). */
  readonly locations: string[];
  /** Replaces the j1 document served from now on. */
  setBody(body: Buffer | string): void;
}

export async function startFakeWttr(options: FakeWttrOptions = {}): Promise<FakeWttr> {
  const unknown = new Set(options.unknownLocations ?? []);
  const locations: string[] = [];
  let body: Buffer | string = options.body ?? WTTR_SAMPLE;

  const handler = (
    _req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    fault: FaultMode | null,
  ) => {
    const location = decodeURIComponent(url.pathname.slice(1)).replace(/\+/g, ' ');
    locations.push(location);
    if (fault === 'unknown-location' || unknown.has(location)) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(WTTR_UNKNOWN_LOCATION.length),
        'access-control-allow-origin': '*',
      });
      res.end(WTTR_UNKNOWN_LOCATION);
      return;
    }
    if (url.searchParams.get('format') !== 'j1') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${location || 'Heideck'}: ⛅️ +9°C\n`);
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'public, max-age=600',
      'access-control-allow-origin': '*',
    });
    res.end(body);
  };

  const server = new FakeServer(handler);
  await server.listen();
  return Object.assign(server, {
    locations,
    setBody(next: Buffer | string) {
      body = next;
    },
  });
}
