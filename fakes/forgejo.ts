/**
 * A fake Forgejo v11 API, following the OpenAPI subset and runtime notes in
 * `contracts/forgejo-openapi-subset.json`: header token auth (401 for an unknown token on
 * every route), `/repos/search` with `sort`/`order`, `page`/`limit` clamped to 50,
 * `X-Total-Count` and `Link` headers, `/repos/{owner}/{repo}/commits` with the speed flags
 * (null `stats`, `files` and `commit.verification` when off), 409 for empty repositories,
 * `author: null` for e-mails without an account, and dates with their original offsets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  forgejoData,
  withOffset,
  type FakeCommit,
  type FakeRepo,
  type FakeUser,
  type ForgejoData,
  type ForgejoDataOptions,
} from './forgejo-data.js';
import { FakeServer, sendJson, type FakeUpstream, type FaultMode } from './server.js';

export const FAKE_FORGEJO_TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d';

/** Forgejo instances write repository times in the server's zone. */
const SERVER_OFFSET_MIN = 60;
const MAX_RESPONSE_ITEMS = 50;
const DEFAULT_PAGING_NUM = 30;
const COMMITS_RANGE_SIZE = 50;

export interface FakeForgejoOptions extends ForgejoDataOptions {
  /** The token that unlocks private repositories; null accepts no token at all. */
  token?: string | null;
  /** Serve under a sub-path, e.g. `/git` (the base URL then ends with it). */
  prefix?: string;
  /** Replace the generated data entirely. */
  data?: ForgejoData;
  /** `[api] MAX_RESPONSE_ITEMS`: larger `limit`s are silently clamped to it (default 50). */
  maxResponseItems?: number;
  /** Answer each request after this many milliseconds (to observe concurrency). */
  latencyMs?: number;
}

export interface FakeForgejo extends FakeUpstream {
  readonly token: string | null;
  readonly data: ForgejoData;
  /**
   * What a correct client must answer: the `n` newest commits across every repository the
   * caller can see (private ones only with the token), newest first.
   */
  newestCommits(n: number, options?: { withToken?: boolean }): ExpectedCommit[];
}

export interface ExpectedCommit {
  repo: string;
  sha: string;
  message: string;
  author: string;
  date: string;
}

type Caller = { kind: 'anonymous' } | { kind: 'user' } | { kind: 'invalid' };

function caller(req: IncomingMessage, url: URL, token: string | null): Caller {
  const header = req.headers.authorization;
  // v11 still honours the deprecated query forms; a client must not rely on them.
  const queryToken = url.searchParams.get('token') ?? url.searchParams.get('access_token');
  const presented = header ? /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1] : queryToken;
  if (presented === undefined || presented === null) {
    return header ? { kind: 'invalid' } : { kind: 'anonymous' };
  }
  return token !== null && presented === token ? { kind: 'user' } : { kind: 'invalid' };
}

function pageParams(url: URL, max: number): { page: number; limit: number } {
  const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1);
  const raw = Number.parseInt(url.searchParams.get('limit') ?? '0', 10) || 0;
  const limit = raw <= 0 ? DEFAULT_PAGING_NUM : Math.min(raw, max);
  return { page, limit };
}

/** `Link` as Forgejo builds it: absolute URLs, next/last/first/prev, joined by a bare comma. */
function linkHeader(
  base: string,
  url: URL,
  page: number,
  limit: number,
  total: number,
): string | null {
  const pages = Math.ceil(total / limit);
  if (pages <= 1) return null;
  const at = (n: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(n));
    params.sort();
    return `<${base}/api/v1${url.pathname.slice('/api/v1'.length)}?${params}>`;
  };
  const links: string[] = [];
  if (page < pages) links.push(`${at(page + 1)}; rel="next"`, `${at(pages)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`, `${at(page - 1)}; rel="prev"`);
  return links.join(',');
}

export async function startFakeForgejo(options: FakeForgejoOptions = {}): Promise<FakeForgejo> {
  const data = options.data ?? forgejoData(options);
  const token = options.token === undefined ? FAKE_FORGEJO_TOKEN : options.token;
  const users = new Map(data.users.map((user) => [user.login, user]));
  const admin = data.users[0];
  if (!admin) throw new Error('the fake Forgejo needs at least one user');
  let base = '';

  const apiError = (message: string) => ({ message, url: `${base}/api/swagger` });

  const userJson = (user: FakeUser) => ({
    id: user.id,
    login: user.login,
    login_name: '',
    source_id: 0,
    full_name: user.full_name,
    email: user.email,
    avatar_url: `${base}/avatars/${user.id}`,
    html_url: `${base}/${user.login}`,
    language: 'en-US',
    is_admin: user.login === 'kenpat',
    last_login: withOffset(Date.UTC(2026, 0, 1), SERVER_OFFSET_MIN),
    created: withOffset(Date.UTC(2024, 0, 1), SERVER_OFFSET_MIN),
    restricted: false,
    active: true,
    prohibit_login: false,
    location: '',
    pronouns: '',
    website: '',
    description: '',
    visibility: 'public',
    followers_count: 0,
    following_count: 0,
    starred_repos_count: 0,
  });

  const repoJson = (repo: FakeRepo) => {
    const owner = users.get(repo.owner) ?? admin;
    const html = `${base}/${repo.owner}/${repo.name}`;
    return {
      id: repo.id,
      owner: userJson(owner),
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      description: repo.description,
      empty: repo.empty,
      private: repo.private,
      fork: false,
      template: false,
      mirror: false,
      size: 120 + repo.commits.length * 3,
      language: 'TypeScript',
      languages_url: `${base}/api/v1/repos/${repo.owner}/${repo.name}/languages`,
      html_url: html,
      url: `${base}/api/v1/repos/${repo.owner}/${repo.name}`,
      link: '',
      ssh_url: `git@git.kitestacks.com:${repo.owner}/${repo.name}.git`,
      clone_url: `${html}.git`,
      original_url: '',
      website: '',
      stars_count: repo.id % 4,
      forks_count: 0,
      watchers_count: 1,
      open_issues_count: repo.id % 3,
      open_pr_counter: 0,
      release_counter: 0,
      default_branch: 'main',
      archived: false,
      created_at: withOffset(repo.createdMs, SERVER_OFFSET_MIN),
      updated_at: withOffset(repo.updatedMs, SERVER_OFFSET_MIN),
      archived_at: '1970-01-01T01:00:00+01:00',
      permissions: { admin: true, push: true, pull: true },
      has_issues: true,
      internal_tracker: {
        enable_time_tracker: true,
        allow_only_contributors_to_track_time: true,
        enable_issue_dependencies: true,
      },
      has_wiki: false,
      globally_editable_wiki: false,
      has_pull_requests: true,
      has_projects: true,
      has_releases: true,
      has_packages: true,
      has_actions: true,
      ignore_whitespace_conflicts: false,
      allow_fast_forward_only_merge: true,
      allow_merge_commits: true,
      allow_rebase: true,
      allow_rebase_explicit: true,
      allow_squash_merge: true,
      allow_rebase_update: true,
      default_delete_branch_after_merge: false,
      default_merge_style: 'merge',
      default_update_style: 'merge',
      default_allow_maintainer_edit: false,
      avatar_url: '',
      internal: false,
      mirror_interval: '',
      object_format_name: 'sha1',
      mirror_updated: '0001-01-01T00:00:00Z',
      topics: ['homelab'],
      wiki_branch: 'main',
    };
  };

  const commitJson = (
    repo: FakeRepo,
    commit: FakeCommit,
    parent: FakeCommit | undefined,
    flags: Flags,
  ) => {
    const api = `${base}/api/v1/repos/${repo.owner}/${repo.name}/git/commits`;
    const date = withOffset(commit.timeMs, commit.offsetMin);
    const user = commit.login ? users.get(commit.login) : undefined;
    const person = { name: commit.authorName, email: commit.authorEmail, date };
    return {
      url: `${api}/${commit.sha}`,
      sha: commit.sha,
      created: date,
      html_url: `${base}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
      commit: {
        url: `${api}/${commit.sha}`,
        author: person,
        committer: person,
        message: commit.message,
        tree: {
          url: `${api}/${commit.sha}/tree`,
          sha: commit.sha.split('').reverse().join(''),
          created: date,
        },
        verification: flags.verification
          ? {
              verified: false,
              reason: 'gpg.error.not_signed_commit',
              signature: '',
              signer: null,
              payload: '',
            }
          : null,
      },
      author: user ? userJson(user) : null,
      committer: user ? userJson(user) : null,
      parents: parent ? [{ url: `${api}/${parent.sha}`, sha: parent.sha, created: date }] : [],
      files: flags.files ? [{ filename: 'README.md', status: 'modified' }] : null,
      stats: flags.stat ? { total: 3, additions: 2, deletions: 1 } : null,
    };
  };

  const visibleRepos = (who: Caller) =>
    data.repos.filter((repo) => who.kind === 'user' || !repo.private);

  const maxItems = options.maxResponseItems ?? MAX_RESPONSE_ITEMS;

  const handler = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    fault: FaultMode | null,
  ) => {
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const who = caller(req, url, token);
    if (fault === 'bad-token' || who.kind === 'invalid') {
      return sendJson(res, 401, apiError('user does not exist [uid: 0, name: ]'));
    }
    const path = url.pathname;
    if (path === '/api/v1/version') return sendJson(res, 200, { version: '11.0.1+gitea-1.22.0' });
    if (path === '/api/v1/settings/api') {
      return sendJson(res, 200, {
        max_response_items: maxItems,
        default_paging_num: DEFAULT_PAGING_NUM,
        default_git_trees_per_page: 1000,
        default_max_blob_size: 10485760,
      });
    }
    if (path === '/api/v1/user') {
      if (who.kind !== 'user') return sendJson(res, 401, apiError('token is required'));
      return sendJson(res, 200, userJson(admin));
    }
    if (path === '/api/v1/repos/search') return search(res, url, who);
    const commits = /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/commits$/.exec(path);
    if (commits)
      return listCommits(
        res,
        url,
        who,
        decodeURIComponent(commits[1] ?? ''),
        decodeURIComponent(commits[2] ?? ''),
      );
    return notFound(res);
  };

  const notFound = (res: ServerResponse) =>
    sendJson(res, 404, { ...apiError("The target couldn't be found."), errors: [] });

  const search = (res: ServerResponse, url: URL, who: Caller) => {
    const sort = url.searchParams.get('sort');
    const order = url.searchParams.get('order') ?? 'asc';
    const known = [
      'alpha',
      'created',
      'updated',
      'size',
      'git_size',
      'lfs_size',
      'stars',
      'forks',
      'id',
    ];
    if (sort !== null && !known.includes(sort)) {
      return sendJson(res, 422, apiError(`Invalid sort mode: "${sort}"`));
    }
    if (!['asc', 'desc'].includes(order))
      return sendJson(res, 422, apiError(`Invalid sort order: "${order}"`));
    const repos = [...visibleRepos(who)];
    if (sort === 'updated') repos.sort((a, b) => a.updatedMs - b.updatedMs);
    else if (sort === 'id') repos.sort((a, b) => a.id - b.id);
    else if (sort === 'created') repos.sort((a, b) => a.createdMs - b.createdMs);
    else repos.sort((a, b) => `${a.owner}/${a.name}`.localeCompare(`${b.owner}/${b.name}`));
    if (sort !== null && order === 'desc') repos.reverse();
    const { page, limit } = pageParams(url, maxItems);
    const slice = repos.slice((page - 1) * limit, page * limit);
    const headers: Record<string, string> = { 'x-total-count': String(repos.length) };
    const link = linkHeader(base, url, page, limit, repos.length);
    if (link) headers.link = link;
    return sendJson(res, 200, { ok: true, data: slice.map(repoJson) }, headers);
  };

  const listCommits = (res: ServerResponse, url: URL, who: Caller, owner: string, name: string) => {
    const repo = visibleRepos(who).find((r) => r.owner === owner && r.name === name);
    if (!repo) return notFound(res);
    if (repo.commits.length === 0) return sendJson(res, 409, apiError('Git Repository is empty.'));
    const { page, limit } = pageParams(url, Math.min(maxItems, COMMITS_RANGE_SIZE));
    // Missing speed flags mean true, as on the real server.
    const flag = (key: string) => url.searchParams.get(key) !== 'false';
    const flags = { stat: flag('stat'), verification: flag('verification'), files: flag('files') };
    const start = (page - 1) * limit;
    const slice = repo.commits.slice(start, start + limit);
    const total = repo.commits.length;
    const pageCount = Math.ceil(total / limit);
    const headers: Record<string, string> = {
      'x-total-count': String(total),
      'x-page': String(page),
      'x-perpage': String(limit),
      'x-total': String(total),
      'x-pagecount': String(pageCount),
      'x-hasmore': String(page < pageCount),
    };
    const link = linkHeader(base, url, page, limit, total);
    if (link) headers.link = link;
    const body = slice.map((commit, i) =>
      commitJson(repo, commit, repo.commits[start + i + 1], flags),
    );
    return sendJson(res, 200, body, headers);
  };

  const server = new FakeServer(handler, options.prefix ?? '');
  await server.listen();
  base = server.url;

  return Object.assign(server, {
    token,
    data,
    newestCommits(n: number, { withToken = true } = {}): ExpectedCommit[] {
      return data.repos
        .filter((repo) => withToken || !repo.private)
        .flatMap((repo) =>
          repo.commits.map((commit) => ({
            repo: `${repo.owner}/${repo.name}`,
            sha: commit.sha,
            message: (commit.message.split('\n')[0] ?? '').trim(),
            author: commit.login ?? commit.authorName,
            date: new Date(commit.timeMs).toISOString(),
          })),
        )
        .sort((a, b) => b.date.localeCompare(a.date))
        .slice(0, n);
    },
  });
}

interface Flags {
  stat: boolean;
  verification: boolean;
  files: boolean;
}
