/** `/api/activity`: the newest commits across every repository the Forgejo token can see. */
import { Type, type Static } from 'typebox';
import { upstreamReport } from '../report-schema.js';
import { Timestamp } from '../../schemas/common.js';

export const ActivityQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) },
  { additionalProperties: false },
);

export const Commit = Type.Object(
  {
    repo: Type.String({ description: 'owner/name' }),
    repo_url: Type.String(),
    sha: Type.String({ description: 'full commit id' }),
    message: Type.String({ description: 'first line of the message' }),
    author: Type.String({
      description: 'Forgejo login, or the git author name without an account',
    }),
    date: Timestamp,
    url: Type.String({ description: 'the commit page on Forgejo' }),
  },
  { additionalProperties: false },
);

export const ActivityReport = upstreamReport('Forgejo', {
  commits: Type.Array(Commit, { maxItems: 50, description: 'newest first' }),
});

export const ActivityNotConfigured = Type.Object(
  { configured: Type.Literal(false), commits: Type.Array(Commit, { maxItems: 0 }) },
  { additionalProperties: false },
);

export const Activity = Type.Union([ActivityReport, ActivityNotConfigured]);

export type ActivityQuery = Static<typeof ActivityQuery>;
export type Commit = Static<typeof Commit>;
export type ActivityReport = Static<typeof ActivityReport>;
export type ActivityNotConfigured = Static<typeof ActivityNotConfigured>;
export type Activity = Static<typeof Activity>;
