/**
 * Drill: hostile requests against every endpoint of a real API process. Whatever arrives —
 * odd methods, mangled paths and queries, junk headers and bodies, bytes that are not HTTP
 * at all — the answer is never a 5xx, every error under /api/ carries the JSON envelope,
 * nothing from the request is reflected into a response header, and the process is
 * healthy afterwards. Seeded: a failure prints DRILL_SEED to reproduce it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakes, type Fakes } from '../../fakes/index.js';
import { startPortal, type PortalProcess } from '../support/portal-process.js';
import { ENDPOINTS, fuzzCases, INJECTED_HEADER, type FuzzCase } from './support/fuzz-cases.js';
import { drillSeed, Prng } from '../../fakes/prng.js';
import { rawRequest, type RawResponse } from '../support/raw-http.js';

const SEED = drillSeed(20261126);
const CASES = 600;
const CONCURRENCY = 8;

let fakes: Fakes;
let portal: PortalProcess;

beforeAll(async () => {
  fakes = await startFakes();
  portal = await startPortal({ env: { ...fakes.env, LOG_LEVEL: 'info' } });
});

afterAll(async () => {
  await portal?.stop();
  await fakes?.close();
});

/** What is wrong with one answer, or null when it is fine. */
function judge(sent: FuzzCase, response: RawResponse | null): string | null {
  // Closing on bytes that are not HTTP is a fair answer; to a valid request it is not.
  if (response === null) return sent.malformed ? null : 'connection closed without an answer';
  if (response.status >= 500)
    return `status ${response.status}: ${response.body.toString('utf8').slice(0, 200)}`;
  if (
    response.headers.some(([name]) => name === INJECTED_HEADER) ||
    /x-drill-injected\s*:/i.test(response.head)
  ) {
    return `request text reflected into the response head:\n${response.head}`;
  }
  const underApi = sent.path.startsWith('/api/') || sent.path === '/api';
  if (underApi && response.status >= 400 && sent.method !== 'HEAD') {
    const type = response.header('content-type') ?? '';
    if (!type.startsWith('application/json'))
      return `status ${response.status} with content-type "${type}"`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body.toString('utf8'));
    } catch {
      return `status ${response.status} with a body that is not JSON: ${response.body.toString('utf8').slice(0, 200)}`;
    }
    const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
    if (
      typeof error?.code !== 'string' ||
      typeof error.message !== 'string' ||
      Object.keys(parsed as object).length !== 1
    ) {
      return `status ${response.status} without the error envelope: ${JSON.stringify(parsed).slice(0, 200)}`;
    }
    if (/\bat .+\.(?:js|ts):\d+/.test(error.message))
      return `stack trace in the message: ${error.message.slice(0, 200)}`;
  }
  return null;
}

describe('fuzzed requests', () => {
  it(`never gets a 5xx, a bare error or an injected header (seed ${SEED}, ${CASES} cases)`, async () => {
    const cases = fuzzCases(new Prng(SEED), CASES);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let sent = cases[next++]; sent; sent = cases[next++]) {
        let problem: string | null;
        try {
          const response = await rawRequest(portal.port, sent.bytes, {
            head: sent.method === 'HEAD',
            endAfterWrite: sent.malformed,
            timeoutMs: 15_000,
          });
          problem = judge(sent, response);
        } catch (error) {
          problem = (error as Error).message;
        }
        if (problem) failures.push(`#${sent.id} ${sent.summary}\n    → ${problem}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures, `DRILL_SEED=${SEED}: ${failures.length} bad answers`).toEqual([]);
  });

  it('leaves the process healthy and without an unhandled error in its log', async () => {
    expect(portal.child.exitCode).toBeNull();
    for (const path of ENDPOINTS.filter((endpoint) => endpoint !== '/api/stream')) {
      const response = await fetch(portal.url + path);
      expect(response.status, path).toBeLessThan(500);
      await response.arrayBuffer();
    }
    const health = await fetch(`${portal.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const errors = portal
      .output()
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);
  });
});
