/**
 * Deterministic sample data for the fake Forgejo: users, repositories and their commits.
 *
 * The data carries the awkward cases of the real API on purpose: private repositories,
 * empty ones (flagged `empty`, and one that is not flagged but still answers 409), commit
 * e-mails that match no user (top-level `author` null), dates with assorted UTC offsets,
 * multi-line messages, and repositories whose `updated_at` is later than their last commit.
 */
import { Prng } from './prng.js';

export interface FakeUser {
  id: number;
  login: string;
  full_name: string;
  email: string;
}

export interface FakeCommit {
  sha: string;
  message: string;
  authorName: string;
  authorEmail: string;
  /** Login of the Forgejo user owning `authorEmail`, or null when none does. */
  login: string | null;
  /** The instant, in milliseconds since the epoch. */
  timeMs: number;
  /** The author's UTC offset in minutes, as git records it. */
  offsetMin: number;
}

export interface FakeRepo {
  id: number;
  owner: string;
  name: string;
  description: string;
  private: boolean;
  /** The `empty` flag Forgejo reports; a repo without commits answers 409 either way. */
  empty: boolean;
  createdMs: number;
  updatedMs: number;
  /** Newest first, as `git log` lists them. */
  commits: FakeCommit[];
}

export interface ForgejoData {
  users: FakeUser[];
  repos: FakeRepo[];
}

export type ForgejoDataset = 'basic' | 'rich';

export interface ForgejoDataOptions {
  dataset?: ForgejoDataset;
  /** The newest commit is a little before this instant (default: now). */
  nowMs?: number;
  seed?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const USERS: FakeUser[] = [
  { id: 1, login: 'kenpat', full_name: 'Ken Patel', email: 'ken@kitestacks.com' },
  { id: 2, login: 'mira', full_name: 'Mira Lindqvist', email: 'mira@kitestacks.com' },
  { id: 3, login: 'ci-bot', full_name: 'CI Bot', email: 'ci@kitestacks.com' },
];

/** Authors whose e-mail belongs to no Forgejo account: the API gives `author: null`. */
const STRANGERS = [
  { name: 'Jo Contributor', email: 'jo@example.org' },
  { name: 'Renovate', email: 'bot@renovateapp.com' },
];

const OFFSETS_MIN = [120, 60, 0, -300, 330, -420];

const REPO_NAMES = [
  'homelab-mastery',
  'kitestacks-portal',
  'ansible-roles',
  'dotfiles',
  'grafana-dashboards',
  'nixos-config',
  'backup-scripts',
  'cloudflare-tunnel',
  'authentik-blueprints',
  'docker-compose-stacks',
  'conky-widget',
  'blog',
  'terraform-vps',
  'notes',
  'uptime-checks',
  'wallpapers',
  'zigbee2mqtt-config',
  'kavita-themes',
  'bookstack-exports',
  'osticket-plugins',
  'portainer-templates',
  'open-webui-prompts',
  'karakeep-importer',
  'pihole-lists',
  'wireguard-peers',
  'restic-hooks',
  'systemd-units',
  'caddy-snippets',
  'mqtt-bridge',
  'printer-farm',
  'solar-logger',
  'sensor-hub',
  'home-assistant-config',
  'recipes',
  'cv',
  'advent-of-code',
  'rust-playground',
  'go-experiments',
  'lit-components',
  'fonts',
];

const SUBJECTS = [
  'Fix typo in README',
  'Bump dependencies',
  'Add health check to compose file',
  'Refactor config loading',
  'Tune Grafana panel thresholds',
  'Rotate backup retention to 30 days',
  'Document the tunnel setup',
  'Split the playbook per host',
  'Handle empty responses from the API',
  'Add dark theme tokens',
  'Pin image digests',
  'Drop unused scripts',
  'Move secrets to files',
  'Speed up CI cache',
  'Add restore drill notes',
];

function pick<T>(list: readonly T[], random: () => number): T {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Git and Forgejo keep whole seconds. */
function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function hex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}

function generate(options: Required<ForgejoDataOptions>): ForgejoData {
  // Seeded, so every run builds the same data.
  const prng = new Prng(options.seed);
  const random = () => prng.next();
  const rich = options.dataset === 'rich';
  const repoCount = rich ? 40 : 16;
  const repos: FakeRepo[] = [];
  let latest = options.nowMs - 7 * MINUTE;

  for (let index = 0; index < repoCount; index += 1) {
    const name = REPO_NAMES[index % REPO_NAMES.length] ?? `repo-${index}`;
    const owner = index % 5 === 4 ? 'mira' : 'kenpat';
    // Activity thins out towards older repositories, as on a real instance.
    latest -= Math.floor(random() * (index < 6 ? 5 : 30) * HOUR);
    const commitCount =
      index === 3 || index === 9 ? 0 : 1 + Math.floor(random() * (rich ? 40 : 12));
    const commits: FakeCommit[] = [];
    let time = latest;
    for (let c = 0; c < commitCount; c += 1) {
      const stranger = random() < 0.2 ? pick(STRANGERS, random) : null;
      const user = pick(USERS, random);
      const subject = pick(SUBJECTS, random);
      const body = random() < 0.3 ? `\n\nWhy: keep ${name} tidy.\nRefs #${c + 1}` : '';
      commits.push({
        sha: hex(random, 40),
        message: `${subject}${body}\n`,
        authorName: stranger?.name ?? user.full_name,
        authorEmail: stranger?.email ?? user.email,
        login: stranger ? null : user.login,
        timeMs: seconds(time),
        offsetMin: pick(OFFSETS_MIN, random),
      });
      time -= Math.floor((0.2 + random() * 20) * HOUR);
    }
    const createdMs = (commits.at(-1)?.timeMs ?? latest) - 3 * 24 * HOUR;
    // A push lands after its commit; a settings change can move updated_at later still.
    const pushDelay = Math.floor(random() * 20 * MINUTE) + (index % 7 === 2 ? 2 * HOUR : 0);
    repos.push({
      id: index + 1,
      owner,
      name,
      description: `${name.replace(/-/g, ' ')} for the KiteStacks lab`,
      // A private repository among the most active ones: the token must reveal it.
      private: index === 1 || index % 6 === 5,
      // Index 3 is flagged empty; index 9 has no commits but is not flagged (answers 409).
      empty: index === 3,
      createdMs: seconds(createdMs),
      updatedMs: seconds(latest + pushDelay),
      commits,
    });
  }
  repos.sort((a, b) => b.updatedMs - a.updatedMs);
  return { users: USERS, repos };
}

export function forgejoData(options: ForgejoDataOptions = {}): ForgejoData {
  return generate({
    dataset: options.dataset ?? 'basic',
    nowMs: options.nowMs ?? Date.now(),
    seed: options.seed ?? 20261126,
  });
}

/** An RFC 3339 timestamp in the given UTC offset, as Forgejo writes git dates. */
export function withOffset(timeMs: number, offsetMin: number): string {
  const local = new Date(timeMs + offsetMin * MINUTE).toISOString().slice(0, 19);
  if (offsetMin === 0) return `${local}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
