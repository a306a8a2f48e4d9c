/**
 * The newest commits across every repository a Forgejo token can see, exactly, for as few
 * requests as the answer needs.
 *
 * Repositories come from `/repos/search?sort=updated&order=desc`, most recently updated
 * first, so once N commits are known, a repository last updated before the N-th newest of
 * them cannot change the answer, and neither can any after it: the crawl stops there.
 * Commits come from `/repos/{owner}/{repo}/commits` with the diff, verification and file
 * lists switched off. At most `concurrency` requests are in flight at once.
 *
 * Contract details handled here: the token travels only in `Authorization: token …`;
 * `limit` is silently clamped by the server (50 by default), so paging follows the counts
 * actually returned plus `X-Total-Count`/`Link` (whose absolute URLs are never followed:
 * they are built from Forgejo's ROOT_URL, which may name another host); 409 means an empty
 * repository; the top-level `author` is null when the e-mail matches no account, so the
 * git author name stands in; dates carry their original offset and are returned in UTC.
 */
import { isRecord, str } from '../../json.js';
import type { HttpClient, UpstreamResponse } from '../http/client.js';
import type { UpstreamError } from '../http/upstream-error.js';

export interface ActivityCommit {
  repo: string;
  repo_url: string;
  sha: string;
  message: string;
  author: string;
  date: string;
  url: string;
}

/** Forgejo's default `[api] MAX_RESPONSE_ITEMS`: one crawl this deep serves every `limit`. */
export const MAX_COMMITS = 50;
const MESSAGE_CHARS = 300;
/**
 * Pages asked of one listing before the crawl stops trusting "there is more". A real Forgejo
 * needs one page of commits per repository (fewer than ten where it clamps `limit`) and a
 * page of search results per 50 repositories; a server that always says "more" would
 * otherwise be asked forever.
 */
export const MAX_PAGES = 10;

interface RepoRef {
  owner: string;
  name: string;
  fullName: string;
  htmlUrl: string;
  updatedMs: number;
  empty: boolean;
}

interface Found extends ActivityCommit {
  timeMs: number;
}

export interface CrawlOptions {
  /** How many newest commits to find (the cache asks for `MAX_COMMITS`). */
  want?: number;
  concurrency?: number;
  /** One deadline for the whole crawl. */
  signal?: AbortSignal;
  /** Told when a listing hit `MAX_PAGES` and the answer is built from what was gathered. */
  onPageCap?: (listing: string) => void;
}

const httpUrl = (value: string): boolean => /^https?:\/\//i.test(value);

/** Maps Forgejo's refusals to messages that say what to fix, never echoing the token. */
function refusal(client: HttpClient, response: UpstreamResponse): UpstreamError {
  switch (response.status) {
    case 401:
      return client.failure(
        'unauthorized',
        'Forgejo rejected the configured token (401): it is unknown or revoked',
        response,
      );
    case 403:
      return client.failure(
        'forbidden',
        'Forgejo refused access (403): the token lacks the read:repository scope, or the instance requires sign-in',
        response,
      );
    case 404:
      return client.failure(
        'not_found',
        'Forgejo has no API at the configured URL (404): check FORGEJO_URL',
        response,
      );
    default:
      return client.badStatus(response);
  }
}

function repoRef(raw: unknown): RepoRef | null {
  if (!isRecord(raw)) return null;
  const owner = isRecord(raw.owner) ? str(raw.owner.login) || str(raw.owner.username) : '';
  const name = str(raw.name);
  const updatedMs = Date.parse(str(raw.updated_at));
  if (!owner || !name || !Number.isFinite(updatedMs)) return null;
  return {
    owner,
    name,
    fullName: str(raw.full_name) || `${owner}/${name}`,
    htmlUrl: str(raw.html_url),
    updatedMs,
    empty: raw.empty === true,
  };
}

function commitOf(repo: RepoRef, raw: unknown): Found | null {
  if (!isRecord(raw) || !isRecord(raw.commit)) return null;
  const sha = str(raw.sha);
  const gitAuthor = isRecord(raw.commit.author) ? raw.commit.author : {};
  const timeMs = Date.parse(str(gitAuthor.date));
  if (!/^[0-9a-f]{7,64}$/i.test(sha) || !Number.isFinite(timeMs)) return null;
  const user = isRecord(raw.author) ? str(raw.author.login) : '';
  const htmlUrl = str(raw.html_url);
  const firstLine = (str(raw.commit.message).split('\n', 1)[0] ?? '').trim();
  return {
    repo: repo.fullName,
    repo_url: repo.htmlUrl,
    sha,
    message:
      firstLine.length > MESSAGE_CHARS ? `${firstLine.slice(0, MESSAGE_CHARS - 1)}…` : firstLine,
    author: user || str(gitAuthor.name).trim() || str(gitAuthor.email),
    date: new Date(timeMs).toISOString(),
    url: httpUrl(htmlUrl) ? htmlUrl : `${repo.htmlUrl}/commit/${sha}`,
    timeMs,
  };
}

function header(response: UpstreamResponse, name: string): string {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** Whether the server says another page follows this one. */
function hasNextPage(response: UpstreamResponse, page: number, received: number): boolean {
  if (received === 0) return false;
  if (/rel="next"/.test(header(response, 'link'))) return true;
  if (header(response, 'x-hasmore') === 'true') return true;
  const total = Number(header(response, 'x-total-count'));
  return Number.isFinite(total) && page * received < total;
}

export async function crawlNewestCommits(
  client: HttpClient,
  options: CrawlOptions = {},
): Promise<ActivityCommit[]> {
  const want = options.want ?? MAX_COMMITS;
  const concurrency = options.concurrency ?? 4;
  const signal = options.signal ?? client.deadline();
  const found: Found[] = [];
  // A server that repeats itself across pages must not list a commit or a repository twice.
  const seenCommits = new Set<string>();
  const seenRepos = new Set<string>();

  /** The N-th newest commit time so far; older repositories cannot change the answer. */
  const threshold = () =>
    found.length >= want ? (found[want - 1]?.timeMs ?? -Infinity) : -Infinity;
  const add = (commits: Found[]) => {
    for (const commit of commits) {
      const key = `${commit.repo}@${commit.sha}`;
      if (seenCommits.has(key)) continue;
      seenCommits.add(key);
      found.push(commit);
    }
    found.sort(
      (a, b) => b.timeMs - a.timeMs || a.repo.localeCompare(b.repo) || a.sha.localeCompare(b.sha),
    );
    found.length = Math.min(found.length, want);
  };

  const commitsOf = async (repo: RepoRef): Promise<void> => {
    let mine = 0;
    for (let page = 1; ; page += 1) {
      const query = `limit=${want}&page=${page}&stat=false&verification=false&files=false`;
      const path = `/api/v1/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}/commits?${query}`;
      const response = await client.get(path, signal);
      // 409: an empty repository. 404: gone or hidden since the search listed it.
      if (response.status === 409 || response.status === 404) return;
      if (response.status !== 200) throw refusal(client, response);
      const body = client.json(response);
      if (!Array.isArray(body))
        throw client.invalid(response, 'a commit list that is not an array');
      const commits = body.map((raw) => commitOf(repo, raw)).filter((c): c is Found => c !== null);
      add(commits);
      mine += commits.length;
      const oldest = commits.at(-1)?.timeMs ?? -Infinity;
      // A repository's commits come newest first: past `want` of its own, none can count.
      if (!hasNextPage(response, page, body.length) || oldest < threshold() || mine >= want) return;
      if (page >= MAX_PAGES) return options.onPageCap?.(`commits of ${repo.fullName}`);
    }
  };

  for (let page = 1; ; page += 1) {
    const query = `sort=updated&order=desc&limit=${MAX_COMMITS}&page=${page}`;
    const response = await client.get(`/api/v1/repos/search?${query}`, signal);
    if (response.status !== 200) throw refusal(client, response);
    const body = client.json(response);
    if (!isRecord(body) || !Array.isArray(body.data))
      throw client.invalid(response, 'a search result without data');
    if (body.ok === false) throw client.invalid(response, 'a failed search');
    const repos = body.data
      .map(repoRef)
      .filter((repo): repo is RepoRef => repo !== null && !seenRepos.has(repo.fullName));
    for (const repo of repos) seenRepos.add(repo.fullName);

    let next = 0;
    let stop = false;
    let failed = false;
    const worker = async () => {
      while (!stop && !failed && next < repos.length) {
        const repo = repos[next++];
        if (!repo) return;
        if (repo.updatedMs < threshold()) {
          stop = true;
          return;
        }
        try {
          if (!repo.empty) await commitsOf(repo);
        } catch (error) {
          // One failure spoils the exact answer: the other workers stop asking.
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, repos.length) }, worker));
    if (stop || !hasNextPage(response, page, body.data.length)) break;
    if (page >= MAX_PAGES) {
      options.onPageCap?.('repository search');
      break;
    }
  }

  return found.map(({ timeMs: _timeMs, ...commit }) => commit);
}
