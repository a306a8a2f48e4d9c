/** Activity: the newest commits across every repository a Forgejo token can see. */
import { readFileSync } from 'node:fs';
import { baseUrl, ConfigError, read, seconds, type Env } from '../../env.js';
import { defineSource } from '../definition.js';
import { crawlNewestCommits, MAX_COMMITS, type ActivityCommit } from './forgejo.js';
import { Activity, ActivityQuery, ActivityReport } from './schema.js';

// The folder's schema travels through the list to the API's contract (schemas/index.ts).
export * from './schema.js';

/** What `/api/activity` lists without a `limit`, and what the stream sends. */
export const DEFAULT_ACTIVITY_LIMIT = 10;

export interface ActivitySettings {
  baseUrl: string;
  token: string | null;
  ttlS: number;
}

/** The token inline or from a file (a Docker secret); never both. */
function token(env: Env): string | null {
  const inline = read(env, 'FORGEJO_TOKEN');
  const file = read(env, 'FORGEJO_TOKEN_FILE');
  if (inline && file)
    throw new ConfigError('FORGEJO_TOKEN and FORGEJO_TOKEN_FILE: expected only one of them');
  if (!file) return inline ?? null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    throw new ConfigError(
      `FORGEJO_TOKEN_FILE=${JSON.stringify(file)}: expected a readable file holding the token`,
    );
  }
  if (!text || /\s/.test(text)) {
    throw new ConfigError(
      `FORGEJO_TOKEN_FILE=${JSON.stringify(file)}: expected one token with no spaces`,
    );
  }
  return text;
}

export const activity = defineSource({
  name: 'activity',
  settings(env): ActivitySettings | null {
    const url = baseUrl(env, 'FORGEJO_URL');
    const secret = token(env);
    if (url === undefined) return null;
    return { baseUrl: url, token: secret, ttlS: seconds(env, 'ACTIVITY_TTL_S', 60, 5, 86400) };
  },
  upstream: () => 'Forgejo',
  connection: (settings) => ({
    baseUrl: settings.baseUrl,
    // The header form only: query-string tokens are deprecated in v11 and gone in v12.
    ...(settings.token ? { headers: { authorization: `token ${settings.token}` } } : {}),
  }),
  fetch: (http, _settings, context) =>
    crawlNewestCommits(http, {
      want: MAX_COMMITS,
      concurrency: 4,
      onPageCap: (listing) =>
        context.warnOnce(
          `Forgejo kept saying more pages follow (${listing}); stopped after the page cap and served what was gathered`,
        ),
    }),
  route: {
    path: '/api/activity',
    querystring: ActivityQuery,
    response: Activity,
    report: ActivityReport,
    unconfigured: { commits: [] },
    // One crawl as deep as the largest `limit` serves every limit: a body per limit.
    fields: (commits: ActivityCommit[], limit: number) => ({ commits: commits.slice(0, limit) }),
    variant: (query: { limit: number }) => query.limit,
    streamVariant: DEFAULT_ACTIVITY_LIMIT,
  },
});
