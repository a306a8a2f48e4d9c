/**
 * A cold /api/activity against a fake Forgejo holding well over a hundred repositories:
 * how many upstream requests the crawl used, against the fewest that can prove the answer
 * (repositories listed most recently updated first; one page of commits per repository
 * visited; stop at the first repository updated before the N-th newest commit found).
 */
import {
  FAKE_FORGEJO_TOKEN,
  forgejoData,
  startFakeForgejo,
  type ForgejoData,
} from '../../../fakes/index.js';
import type { BenchContext, Suite } from '../lib/context.js';
import { startMeasuredPortal } from '../lib/portal.js';
import { goal, info, type Row } from '../lib/report.js';

const COPIES = 3;
/** What the portal's cache holds whatever `limit` asks for (api/src/sources/forgejo.ts MAX_COMMITS). */
const CRAWL_DEPTH = 50;
const PAGE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The rich demo data three times over, each copy a few days older, so copies interleave. */
function manyRepos(nowMs: number): ForgejoData {
  const base = forgejoData({ dataset: 'rich', nowMs });
  const repos = Array.from({ length: COPIES }, (_, copy) =>
    base.repos.map((repo) => ({
      ...repo,
      id: repo.id + copy * base.repos.length,
      name: copy === 0 ? repo.name : `${repo.name}-${copy}`,
      createdMs: repo.createdMs - copy * 5 * DAY_MS,
      updatedMs: repo.updatedMs - copy * 5 * DAY_MS,
      commits: repo.commits.map((commit) => ({
        ...commit,
        sha: (copy.toString(16) + commit.sha).slice(0, 40),
        timeMs: commit.timeMs - copy * 5 * DAY_MS,
      })),
    })),
  ).flat();
  repos.sort((a, b) => b.updatedMs - a.updatedMs);
  return { users: base.users, repos };
}

/** The fewest requests a crawler that knows only what it has fetched needs to prove the answer. */
function minimumRequests(data: ForgejoData, want: number): number {
  const times: number[] = [];
  let requests = 0;
  for (const [index, repo] of data.repos.entries()) {
    if (index % PAGE === 0) requests++; // the search page that lists this repository
    times.sort((a, b) => b - a);
    const nth = times[want - 1];
    if (nth !== undefined && repo.updatedMs < nth) break;
    if (repo.empty) continue; // flagged empty in the listing: nothing to ask
    requests++; // one page of commits (a page holds up to 50, all the answer can use)
    times.push(...repo.commits.map((commit) => commit.timeMs));
  }
  return requests;
}

export const crawlSuite: Suite = {
  id: 'crawl',
  about: 'cold /api/activity over 100+ fake Forgejo repositories: upstream requests vs the minimum',
  async run(ctx: BenchContext): Promise<Row[]> {
    const data = manyRepos(Date.now());
    const forgejo = await startFakeForgejo({ data, token: FAKE_FORGEJO_TOKEN });
    ctx.own({ stop: () => forgejo.close() });
    const portal = await startMeasuredPortal(ctx, {
      FORGEJO_URL: forgejo.url,
      FORGEJO_TOKEN: FAKE_FORGEJO_TOKEN,
    });

    ctx.log(`crawl: cold /api/activity?limit=10 over ${data.repos.length} repositories`);
    const response = await fetch(`${portal.url}/api/activity?limit=10`);
    const body = (await response.json()) as { commits?: { sha: string }[] };
    const expected = forgejo.newestCommits(10).map((commit) => commit.sha);
    const correct =
      response.ok &&
      JSON.stringify(body.commits?.map((commit) => commit.sha)) === JSON.stringify(expected);

    const used = forgejo.requests.total;
    const byPath = forgejo.requests.byPath();
    const search = byPath['/api/v1/repos/search'] ?? 0;
    const minimum = minimumRequests(data, CRAWL_DEPTH);
    return [
      goal(
        `Cold activity crawl, ${data.repos.length} repos: answer`,
        correct ? 'the 10 newest commits, exactly' : `wrong answer (${response.status})`,
        'exact',
        correct,
      ),
      info(
        `Cold activity crawl, ${data.repos.length} repos: upstream requests`,
        `${used} (${search} repo listing${search === 1 ? '' : 's'}, ${used - search} others) vs minimum ${minimum} for the ${CRAWL_DEPTH} newest`,
      ),
      info(
        `Cold activity crawl: naive cost (every repo)`,
        `${Math.ceil(data.repos.length / PAGE) + data.repos.length} requests`,
      ),
    ];
  },
};
