/** What the stats panel says about a host as a whole: one word, and the version it runs. */
import type { HostEntry } from '../api/types.js';
import type { HostFigures } from './host-figures.js';

/**
 * `live`: fresh figures; `stale`: answered, but the figures are old; `connecting`: a peer
 * not asked yet; `down`: unreachable; `incompatible`: it answers, in a form this version
 * cannot read; `unreadable`: figures came, but none of them can be read.
 */
export type HostState = 'live' | 'stale' | 'connecting' | 'down' | 'incompatible' | 'unreadable';

/** The API's word for a peer it has not had an answer from yet (it is being asked). */
const PEER_PENDING = 'peer_pending';
/** The API's word for a peer whose answer failed the check (another version). */
const PEER_INCOMPATIBLE = 'peer_incompatible';

export function hostState(host: HostEntry, figures: HostFigures | null): HostState {
  const code = typeof host.error?.code === 'string' ? host.error.code : null;
  if (code === PEER_INCOMPATIBLE) return 'incompatible';
  if (!host.reachable) return !host.metrics && code === PEER_PENDING ? 'connecting' : 'down';
  if (host.metrics && !figures) return 'unreadable';
  return host.stale ? 'stale' : 'live';
}

const WORDS: Record<HostState, string> = {
  live: 'live',
  stale: 'stale',
  connecting: 'connecting',
  down: 'unreachable',
  incompatible: 'incompatible',
  unreadable: 'unreadable',
};

export function stateWord(state: HostState): string {
  return WORDS[state];
}

/** Whether the host needs a look: the status line names it. */
export function isHostProblem(state: HostState): boolean {
  return state === 'down' || state === 'incompatible' || state === 'unreadable';
}

const MAX_VERSION = 40;

/** The portal version a host runs: its `/api/hosts` entry's, else its own metrics'. */
export function hostVersion(host: HostEntry, figures: HostFigures | null): string | null {
  const listed = (host as { version?: unknown }).version;
  const version = typeof listed === 'string' && listed ? listed : figures?.version;
  return version ? version.slice(0, MAX_VERSION) : null;
}
