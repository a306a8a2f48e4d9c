/**
 * The Forgejo crawl against the fake Forgejo (a real server on loopback): the exact N
 * newest commits across many repositories, what it costs in requests, and how refusals
 * are reported. MockAgent covers statuses the fake does not produce on its own.
 */
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crawlNewestCommits, MAX_PAGES } from '../src/sources/activity/forgejo.js';
import { HttpClient } from '../src/sources/http/client.js';
import { UpstreamError } from '../src/sources/http/upstream-error.js';
import {
  FAKE_FORGEJO_TOKEN,
  startFakeForgejo,
  type FakeForgejo,
  type FakeForgejoOptions,
} from '../../fakes/index.js';

const started: FakeForgejo[] = [];
const clients: HttpClient[] = [];

async function fake(options: FakeForgejoOptions = {}): Promise<FakeForgejo> {
  const server = await startFakeForgejo(options);
  started.push(server);
  return server;
}

function client(
  baseUrl: string,
  token: string | null = FAKE_FORGEJO_TOKEN,
  timeoutMs = 3000,
): HttpClient {
  const http = new HttpClient({
    upstream: 'Forgejo',
    baseUrl,
    timeoutMs,
    maxBodyBytes: 2 * 1024 * 1024,
    ...(token ? { headers: { authorization: `token ${token}` } } : {}),
  });
  clients.push(http);
  return http;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

/** Repositories a correct crawl must ask for: every non-empty one updated at or after the N-th newest commit. */
function needed(forgejo: FakeForgejo, n: number, withToken = true): number {
  const newest = forgejo.newestCommits(n, { withToken });
  const threshold = newest.length >= n ? Date.parse(newest[n - 1]?.date ?? '') : -Infinity;
  return forgejo.data.repos.filter(
    (repo) => (withToken || !repo.private) && !repo.empty && repo.updatedMs >= threshold,
  ).length;
}

describe('crawlNewestCommits', () => {
  let rich: FakeForgejo;
  beforeAll(async () => {
    rich = await fake({ dataset: 'rich' });
  });

  it.each([1, 10, 50])(
    'finds exactly the %i newest commits across every repository',
    async (want) => {
      const commits = await crawlNewestCommits(client(rich.url), { want });
      const expected = rich.newestCommits(want);
      expect(commits.map((c) => [c.repo, c.sha, c.date, c.author, c.message])).toEqual(
        expected.map((c) => [c.repo, c.sha, c.date, c.author, c.message]),
      );
      // Newest first, dates in UTC.
      const dates = commits.map((c) => c.date);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(dates.every((d) => d.endsWith('Z'))).toBe(true);
    },
  );

  it('includes private repositories only with the token, sent as an Authorization header', async () => {
    const privateRepos = new Set(
      rich.data.repos.filter((r) => r.private).map((r) => `${r.owner}/${r.name}`),
    );
    rich.requests.reset();
    const withToken = await crawlNewestCommits(client(rich.url), { want: 50 });
    expect(withToken.some((c) => privateRepos.has(c.repo))).toBe(true);
    expect(
      rich.requests.records.every((r) => r.authorization === `token ${FAKE_FORGEJO_TOKEN}`),
    ).toBe(true);
    expect(
      rich.requests.records.every((r) => !('token' in r.query) && !('access_token' in r.query)),
    ).toBe(true);

    const anonymous = await crawlNewestCommits(client(rich.url, null), { want: 50 });
    expect(anonymous.some((c) => privateRepos.has(c.repo))).toBe(false);
    expect(anonymous.map((c) => c.sha)).toEqual(
      rich.newestCommits(50, { withToken: false }).map((c) => c.sha),
    );
  });

  it('asks only what the answer needs: one search page and the repositories that can matter', async () => {
    rich.requests.reset();
    await crawlNewestCommits(client(rich.url), { want: 50 });
    const searches = rich.requests.count('/api/v1/repos/search');
    const commitCalls = rich.requests.total - searches;
    const must = needed(rich, 50);
    expect(searches).toBe(1);
    // At most the workers already in flight when the stop condition became true (3) on top.
    expect(commitCalls).toBeGreaterThanOrEqual(must);
    expect(commitCalls).toBeLessThanOrEqual(must + 3);
    expect(commitCalls).toBeLessThan(rich.data.repos.length - 5);
    // The flagged-empty repository is never asked; commit lists come without diffs.
    const empty = rich.data.repos.find((r) => r.empty);
    expect(rich.requests.count(`/api/v1/repos/${empty?.owner}/${empty?.name}/`)).toBe(0);
    for (const record of rich.requests.records.filter((r) => r.path.endsWith('/commits'))) {
      expect(record.query).toMatchObject({ stat: 'false', verification: 'false', files: 'false' });
    }
    const search = rich.requests.records.find((r) => r.path === '/api/v1/repos/search');
    expect(search?.query).toMatchObject({ sort: 'updated', order: 'desc' });
  });

  it('treats 409 as an empty repository, not a failure', async () => {
    const basic = await fake({ dataset: 'basic' });
    const unflagged = basic.data.repos.find((r) => !r.empty && r.commits.length === 0);
    expect(unflagged).toBeDefined();
    // Asking for more than exists makes every repository matter, the 409 one included.
    const all = basic.data.repos.reduce((sum, r) => sum + r.commits.length, 0);
    const commits = await crawlNewestCommits(client(basic.url), { want: all + 10 });
    expect(
      basic.requests.count(`/api/v1/repos/${unflagged?.owner}/${unflagged?.name}/commits`),
    ).toBe(1);
    expect(commits.map((c) => c.sha)).toEqual(basic.newestCommits(all + 10).map((c) => c.sha));
    expect(commits).toHaveLength(all);
  });

  it('never has more than four requests in flight', async () => {
    const slow = await fake({ dataset: 'rich', latencyMs: 40 });
    await crawlNewestCommits(client(slow.url), { want: 50 });
    expect(slow.requests.maxInFlight).toBeGreaterThan(1);
    expect(slow.requests.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('pages through repositories and commits when the server clamps limit lower', async () => {
    const clamped = await fake({ dataset: 'rich', maxResponseItems: 7 });
    const commits = await crawlNewestCommits(client(clamped.url), { want: 50 });
    expect(commits.map((c) => c.sha)).toEqual(clamped.newestCommits(50).map((c) => c.sha));
    expect(clamped.requests.count('/api/v1/repos/search')).toBeGreaterThan(1);
  });

  it('works under a sub-path (Forgejo behind /git)', async () => {
    const prefixed = await fake({ dataset: 'basic', prefix: '/git' });
    expect(prefixed.url.endsWith('/git')).toBe(true);
    const commits = await crawlNewestCommits(client(prefixed.url), { want: 5 });
    expect(commits.map((c) => c.sha)).toEqual(prefixed.newestCommits(5).map((c) => c.sha));
    expect(commits[0]?.url).toMatch(new RegExp(`^${prefixed.url}/.+/commit/[0-9a-f]{40}$`));
  });

  it('uses the git author name when the e-mail matches no account (author null)', async () => {
    const commits = await crawlNewestCommits(client(rich.url), { want: 50 });
    const logins = new Set(rich.data.users.map((u) => u.login));
    const strangers = commits.filter((c) => !logins.has(c.author));
    expect(strangers.length).toBeGreaterThan(0);
    expect(strangers.every((c) => ['Jo Contributor', 'Renovate'].includes(c.author))).toBe(true);
  });

  it('reports an unknown token as a clear 401 error that does not contain the token', async () => {
    const error = await crawlNewestCommits(client(rich.url, 'not-the-right-token-123'), {
      want: 5,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    const upstream = error as UpstreamError;
    expect(upstream.kind).toBe('unauthorized');
    expect(upstream.statusCode).toBe(502);
    expect(upstream.message).toMatch(/token/);
    expect(JSON.stringify({ message: upstream.message, detail: upstream.detail })).not.toContain(
      'not-the-right-token-123',
    );
  });
});

describe('crawlNewestCommits with a mocked network', () => {
  let agent: MockAgent;
  const origin = 'http://forgejo.test';

  beforeAll(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });

  afterAll(async () => {
    await agent.close();
  });

  const mocked = () =>
    new HttpClient({
      upstream: 'Forgejo',
      baseUrl: origin,
      timeoutMs: 1000,
      maxBodyBytes: 65536,
      dispatcher: agent,
    });

  it.each([
    [403, 'forbidden', /read:repository/],
    [404, 'not_found', /FORGEJO_URL/],
    [500, 'bad_status', /HTTP 500/],
  ])('maps a %i from the search to %s', async (status, kind, message) => {
    agent
      .get(origin)
      .intercept({ path: (p) => p.startsWith('/api/v1/repos/search') })
      .reply(
        status,
        { message: 'nope', url: `${origin}/api/swagger` },
        { headers: { 'content-type': 'application/json' } },
      );
    const error = (await crawlNewestCommits(mocked(), { want: 5 }).catch(
      (e: unknown) => e,
    )) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('converts offset dates to UTC and keeps only the first line of the message', async () => {
    const repo = {
      name: 'homelab',
      full_name: 'kenpat/homelab',
      owner: { login: 'kenpat' },
      html_url: `${origin}/kenpat/homelab`,
      updated_at: '2025-05-01T15:00:00+02:00',
      empty: false,
    };
    agent
      .get(origin)
      .intercept({ path: (p) => p.startsWith('/api/v1/repos/search') })
      .reply(
        200,
        { ok: true, data: [repo] },
        { headers: { 'content-type': 'application/json', 'x-total-count': '1' } },
      );
    agent
      .get(origin)
      .intercept({ path: (p) => p.startsWith('/api/v1/repos/kenpat/homelab/commits') })
      .reply(
        200,
        [
          {
            sha: 'a'.repeat(40),
            html_url: `${origin}/kenpat/homelab/commit/${'a'.repeat(40)}`,
            author: null,
            commit: {
              message: '  Fix the tunnel  \n\nLong body',
              author: { name: 'Jo', email: 'jo@example.org', date: '2025-05-01T14:03:11+02:00' },
            },
          },
        ],
        { headers: { 'content-type': 'application/json', 'x-total-count': '1' } },
      );
    const [commit] = await crawlNewestCommits(mocked(), { want: 5 });
    expect(commit).toEqual({
      repo: 'kenpat/homelab',
      repo_url: `${origin}/kenpat/homelab`,
      sha: 'a'.repeat(40),
      message: 'Fix the tunnel',
      author: 'Jo',
      date: '2025-05-01T12:03:11.000Z',
      url: `${origin}/kenpat/homelab/commit/${'a'.repeat(40)}`,
    });
  });
});

describe('crawlNewestCommits against a server that always says more follows', () => {
  let agent: MockAgent;
  const origin = 'http://endless.test';
  let asked = 0;

  beforeAll(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const page = (p: string) => Number(/[?&]page=(\d+)/.exec(p)?.[1] ?? '1');
    // Every search page lists one new repository and swears another page follows; every
    // commit page holds one old commit and says the same, through both headers.
    agent
      .get(origin)
      .intercept({ path: (p) => p.startsWith('/api/v1/repos/search') })
      .reply(
        200,
        (options) => {
          asked += 1;
          const n = page(String(options.path));
          return {
            ok: true,
            data: [
              {
                name: `repo${n}`,
                full_name: `kenpat/repo${n}`,
                owner: { login: 'kenpat' },
                html_url: `${origin}/kenpat/repo${n}`,
                updated_at: '2025-05-01T15:00:00Z',
                empty: false,
              },
            ],
          };
        },
        { headers: { 'content-type': 'application/json', 'x-hasmore': 'true' } },
      )
      .persist();
    agent
      .get(origin)
      .intercept({ path: (p) => p.includes('/commits') })
      .reply(
        200,
        (options) => {
          asked += 1;
          const n = page(String(options.path));
          const sha = n.toString(16).padStart(40, '0');
          return [
            {
              sha,
              html_url: `${origin}/c/${sha}`,
              author: null,
              commit: { message: 'x', author: { name: 'Jo', date: '2025-05-01T12:00:00Z' } },
            },
          ];
        },
        {
          headers: {
            'content-type': 'application/json',
            link: '<http://elsewhere/?page=2>; rel="next"',
          },
        },
      )
      .persist();
  });

  afterAll(async () => {
    await agent.close();
  });

  it('stops after the page cap, says so once, and answers with what it gathered', async () => {
    const capped: string[] = [];
    const http = new HttpClient({
      upstream: 'Forgejo',
      baseUrl: origin,
      timeoutMs: 5000,
      maxBodyBytes: 65536,
      dispatcher: agent,
    });
    const commits = await crawlNewestCommits(http, {
      want: 50,
      concurrency: 1,
      onPageCap: (listing) => capped.push(listing),
    });
    // At most MAX_PAGES search pages, each with one repository of at most MAX_PAGES pages.
    expect(asked).toBeLessThanOrEqual(MAX_PAGES + MAX_PAGES * MAX_PAGES);
    expect(commits.length).toBeGreaterThan(0);
    expect(new Set(commits.map((c) => `${c.repo}@${c.sha}`)).size).toBe(commits.length);
    expect(capped).toContain('repository search');
    expect(capped.filter((listing) => listing === 'repository search')).toHaveLength(1);
  });
});
