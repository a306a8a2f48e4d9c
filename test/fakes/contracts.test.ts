/**
 * The fakes must not drift from the real upstreams: the fake Forgejo's payloads are
 * validated against the recorded OpenAPI subset (with unknown fields forbidden, so the fake
 * cannot invent any), and the wttr.in and Uptime Kuma fakes serve the recorded documents.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakes, type Fakes } from '../../fakes/index.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;
const spec = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../fakes/contracts/forgejo-openapi-subset.json', import.meta.url)),
    'utf8',
  ),
) as {
  definitions: Record<string, Json>;
  responses: Record<string, Json>;
  paths: Record<string, Json>;
};

/**
 * Go pointers that the runtime notes say arrive as JSON null (the speed flags, commit
 * e-mails without an account); Swagger 2.0 cannot say so itself.
 */
const NULLABLE: Record<string, string[]> = {
  Commit: ['author', 'committer', 'stats', 'files'],
  RepoCommit: ['verification'],
  PayloadCommitVerification: ['signer'],
};

function strictDefinitions(): Record<string, Json> {
  const definitions = structuredClone(spec.definitions);
  for (const [name, definition] of Object.entries(definitions)) {
    const properties = definition.properties as Record<string, Json> | undefined;
    if (!properties) continue;
    definition.additionalProperties = false;
    for (const field of NULLABLE[name] ?? []) {
      properties[field] = { anyOf: [properties[field], { type: 'null' }] };
    }
  }
  return definitions;
}

function responseValidator(ajv: Ajv, path: string, status: string): ValidateFunction {
  const operation = (spec.paths[path] as { get: { responses: Record<string, { $ref: string }> } })
    .get;
  const ref = operation.responses[status]?.$ref;
  if (!ref) throw new Error(`${path} declares no ${status} response`);
  const response = spec.responses[ref.replace('#/responses/', '')] as { schema: Json };
  const schema = JSON.parse(
    JSON.stringify(response.schema).replaceAll('#/definitions/', 'forgejo#/definitions/'),
  );
  return ajv.compile(schema);
}

function expectValid(validate: ValidateFunction, body: unknown): void {
  const ok = validate(body);
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
  expect(ok).toBe(true);
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the fake data lacks a case this test needs');
  return value;
}

let fakes: Fakes;
let ajv: Ajv;
let auth: Record<string, string>;

beforeAll(async () => {
  fakes = await startFakes({ dataset: 'rich' });
  auth = { authorization: `token ${fakes.forgejo.token}` };
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'forgejo', definitions: strictDefinitions() });
});

afterAll(async () => {
  await fakes?.close();
});

const api = (path: string) => `${fakes.forgejo.url}/api/v1${path}`;

describe('fake Forgejo against the OpenAPI subset', () => {
  it('/repos/search pages follow the schema, clamp limit to 50 and send X-Total-Count and Link', async () => {
    const validate = responseValidator(ajv, '/repos/search', '200');
    const res = await fetch(api('/repos/search?sort=updated&order=desc&limit=100'), {
      headers: auth,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; data: { updated_at: string }[] };
    expectValid(validate, body);
    const total = Number(res.headers.get('x-total-count'));
    expect(total).toBe(fakes.forgejo.data.repos.length);
    expect(body.data.length).toBe(Math.min(50, total));
    const times = body.data.map((repo) => Date.parse(repo.updated_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const small = await fetch(api('/repos/search?sort=updated&order=desc&limit=7&page=2'), {
      headers: auth,
    });
    expectValid(validate, await small.json());
    expect(small.headers.get('link')).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/api\/v1\/repos\/search\?limit=7&order=desc&page=3&sort=updated>; rel="next",<[^>]+>; rel="last",<[^>]+page=1[^>]*>; rel="first",<[^>]+>; rel="prev"$/,
    );
  });

  it('anonymous callers see public repositories only; private ones need the token', async () => {
    const anonymous = (await (await fetch(api('/repos/search?limit=50'))).json()) as {
      data: { private: boolean }[];
    };
    expect(anonymous.data.some((repo) => repo.private)).toBe(false);
    const withToken = (await (
      await fetch(api('/repos/search?limit=50'), { headers: auth })
    ).json()) as {
      data: { private: boolean }[];
    };
    expect(withToken.data.some((repo) => repo.private)).toBe(true);
  });

  it('commit lists follow the schema with the speed flags on and off', async () => {
    const validate = responseValidator(ajv, '/repos/{owner}/{repo}/commits', '200');
    const repo = must(fakes.forgejo.data.repos.find((r) => r.commits.length > 3));
    const path = `/repos/${repo.owner}/${repo.name}/commits`;
    const fast = await fetch(api(`${path}?limit=3&stat=false&verification=false&files=false`), {
      headers: auth,
    });
    expect(fast.status).toBe(200);
    const commits = (await fast.json()) as {
      stats: unknown;
      files: unknown;
      commit: { verification: unknown };
    }[];
    expectValid(validate, commits);
    expect(commits).toHaveLength(3);
    expect(
      commits.every((c) => c.stats === null && c.files === null && c.commit.verification === null),
    ).toBe(true);
    for (const header of [
      'x-total-count',
      'x-page',
      'x-perpage',
      'x-total',
      'x-pagecount',
      'x-hasmore',
    ]) {
      expect(fast.headers.get(header), header).not.toBeNull();
    }
    expect(fast.headers.get('link')).toContain('rel="next"');

    const full = await fetch(api(`${path}?limit=2`), { headers: auth });
    expectValid(validate, await full.json());
  });

  it('has commits whose e-mail matches no user (author null) and dates with offsets', async () => {
    const validate = responseValidator(ajv, '/repos/{owner}/{repo}/commits', '200');
    let nullAuthors = 0;
    const offsets = new Set<string>();
    for (const repo of fakes.forgejo.data.repos.filter((r) => r.commits.length > 0).slice(0, 12)) {
      const res = await fetch(
        api(
          `/repos/${repo.owner}/${repo.name}/commits?limit=50&stat=false&verification=false&files=false`,
        ),
        { headers: auth },
      );
      const commits = (await res.json()) as {
        author: unknown;
        commit: { author: { date: string } };
      }[];
      expectValid(validate, commits);
      nullAuthors += commits.filter((c) => c.author === null).length;
      for (const c of commits) offsets.add(c.commit.author.date.slice(19));
    }
    expect(nullAuthors).toBeGreaterThan(0);
    expect([...offsets].some((offset) => /^[+-]\d\d:\d\d$/.test(offset))).toBe(true);
  });

  it('answers the documented errors: 409 empty, 404 unknown, 401 bad token, 422 bad sort', async () => {
    const empty = must(fakes.forgejo.data.repos.find((r) => r.commits.length === 0));
    const conflict = await fetch(api(`/repos/${empty.owner}/${empty.name}/commits`), {
      headers: auth,
    });
    expect(conflict.status).toBe(409);
    expectValid(
      responseValidator(ajv, '/repos/{owner}/{repo}/commits', '409'),
      await conflict.json(),
    );

    const missing = await fetch(api('/repos/nobody/nothing/commits'), { headers: auth });
    expect(missing.status).toBe(404);
    expectValid(
      responseValidator(ajv, '/repos/{owner}/{repo}/commits', '404'),
      await missing.json(),
    );

    const bad = await fetch(api('/repos/search'), { headers: { authorization: 'token 0000' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ message: 'user does not exist [uid: 0, name: ]' });

    const unsorted = await fetch(api('/repos/search?sort=bogus'), { headers: auth });
    expect(unsorted.status).toBe(422);
    expectValid(responseValidator(ajv, '/repos/search', '422'), await unsorted.json());
  });

  it('the validator itself rejects invented fields and wrong types', () => {
    const validate = responseValidator(ajv, '/repos/search', '200');
    expect(validate({ ok: true, data: [{ id: 1, name: 'x' }] })).toBe(true);
    expect(validate({ ok: true, data: [{ id: 1, name: 'x', invented: true }] })).toBe(false);
    expect(validate({ ok: true, data: [{ id: '1' }] })).toBe(false);
  });

  it('/version and /settings/api follow the schema', async () => {
    expectValid(
      responseValidator(ajv, '/version', '200'),
      await (await fetch(api('/version'))).json(),
    );
    const settings = await (await fetch(api('/settings/api'))).json();
    expectValid(responseValidator(ajv, '/settings/api', '200'), settings);
    expect(settings).toMatchObject({ max_response_items: 50, default_paging_num: 30 });
  });
});

describe('fake wttr.in and Uptime Kuma serve the recorded documents', () => {
  it('wttr.in j1 is the recorded sample, byte for byte', async () => {
    const res = await fetch(`${fakes.wttr.url}/Heideck?format=j1`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'bdd8a6e8a632c7249730ed1b77cd41b9c2e6ec87cdc027e250f38f1f07e01410',
    );
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('wttr.in unknown location is 200, JSON content type, plain-text body', async () => {
    await fakes.wttr.setFault('unknown-location');
    try {
      const res = await fetch(`${fakes.wttr.url}/Nowhere?format=j1`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.text()).toBe('Unknown location; please try ~-82.1081821,34.37824');
    } finally {
      await fakes.wttr.setFault(null);
    }
  });

  it('Uptime Kuma basic data is the contract files; unknown slugs answer as the real versions do', async () => {
    const { startFakeKuma, KUMA_HEARTBEAT, KUMA_STATUS_PAGE_V1 } =
      await import('../../fakes/kuma.js');
    const v1 = await startFakeKuma({ version: '1.23' });
    try {
      expect(await (await fetch(`${v1.url}/api/status-page/homelab`)).text()).toBe(
        KUMA_STATUS_PAGE_V1,
      );
      expect(await (await fetch(`${v1.url}/api/status-page/heartbeat/homelab`)).text()).toBe(
        KUMA_HEARTBEAT,
      );
      const unknownBeats = await fetch(`${v1.url}/api/status-page/heartbeat/nope`);
      expect(await unknownBeats.json()).toEqual({ heartbeatList: {}, uptimeList: {} });
      const hang = await fetch(`${v1.url}/api/status-page/nope`, {
        signal: AbortSignal.timeout(300),
      }).then(
        () => 'answered',
        (error: Error) => error.name,
      );
      expect(hang).toBe('TimeoutError');
    } finally {
      await v1.close();
    }
    const v2 = await fetch(`${fakes.kuma.url}/api/status-page/nope`);
    expect(v2.status).toBe(404);
    expect(await v2.json()).toEqual({ status: 'fail', msg: 'Status Page Not Found' });
  });

  it('Uptime Kuma pins incidents as a list on 2.x and as one (or null) on 1.23', async () => {
    const { startFakeKuma } = await import('../../fakes/kuma.js');
    const pinned = [
      {
        title: 'New',
        content: 'a',
        style: 'danger',
        createdDate: '2026-08-21 10:00:00',
        lastUpdatedDate: null,
      },
      {
        title: 'Old',
        content: 'b',
        style: 'info',
        createdDate: '2026-08-20 10:00:00',
        lastUpdatedDate: null,
      },
    ];
    const page = async (url: string) =>
      (await (await fetch(`${url}/api/status-page/homelab`)).json()) as Record<string, unknown>;
    const v2 = await startFakeKuma({ version: '2', incidents: pinned });
    const v1 = await startFakeKuma({ version: '1.23' });
    try {
      const listed = await page(v2.url);
      expect(listed.incidents).toMatchObject([
        { title: 'New', pin: true, active: true },
        { title: 'Old' },
      ]);
      expect(listed).not.toHaveProperty('incident');
      v1.setIncidents(pinned);
      const single = await page(v1.url);
      expect(single.incident).toMatchObject({ title: 'New', style: 'danger', pin: 1 });
      expect(single).not.toHaveProperty('incidents');
      v1.setIncidents([]);
      expect((await page(v1.url)).incident).toBeNull();
    } finally {
      await Promise.all([v1.close(), v2.close()]);
    }
  });
});
