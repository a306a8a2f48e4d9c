/** What the upstream client lets reach the log: a body redacted first, then cut. */
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../src/sources/http/client.js';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const client = new HttpClient({
  upstream: 'Forgejo',
  baseUrl: 'http://forgejo.test',
  timeoutMs: 1000,
  maxBodyBytes: 1024,
  headers: { authorization: `token ${TOKEN}` },
});

describe('HttpClient.logBody', () => {
  // The log keeps 200 characters: put the token everywhere from well before the cut to past it.
  const offsets = Array.from({ length: 260 - 120 + 1 }, (_, i) => 120 + i);

  it.each(offsets)('never logs any part of a token that starts at offset %i', (offset) => {
    const body = `${'m'.repeat(offset)}${TOKEN} trailing text`;
    for (const form of [body, Buffer.from(body)]) {
      const logged = client.logBody(form);
      expect(logged.length).toBeLessThanOrEqual(200);
      // No run of 6 or more of the token's characters survives anywhere.
      for (let start = 0; start + 6 <= TOKEN.length; start += 1) {
        expect(logged).not.toContain(TOKEN.slice(start, start + 6));
      }
    }
  });

  it('keeps a body without secrets as it was, up to the cut', () => {
    expect(client.logBody('{"message":"token is invalid"}')).toBe('{"message":"token is invalid"}');
    expect(client.logBody('é'.repeat(500))).toBe('é'.repeat(200));
  });
});
