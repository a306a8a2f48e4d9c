/**
 * Light checks on the API's answers before they reach a panel: enough to tell "this is the
 * answer we asked for" from a proxy's error page or an older API, not a full validation
 * (the API validates its own output against its schemas). A declared panel's guard sits in
 * its declaration (panels/).
 */
import type { Hosts, Status } from './types.js';

type Check<T> = (value: unknown) => value is T;

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `/api/hosts`: a list of hosts, each at least an object. Each entry is read on its own
 * (`readHostEntry` in hosts-view.ts), so one host's odd fields never cost the others.
 */
export const isHosts: Check<Hosts> = (value): value is Hosts =>
  isRecord(value) && Array.isArray(value.hosts);

export const isStatus: Check<Status> = (value): value is Status =>
  isRecord(value) &&
  (value.configured === false || (value.configured === true && Array.isArray(value.monitors)));

/** Only http: and https: URLs may become links; anything else (javascript:, data:) is text. */
export function safeHref(raw: unknown, base?: string): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  try {
    const url = base === undefined ? new URL(raw) : new URL(raw, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
