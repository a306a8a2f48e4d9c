/**
 * `services.json`: the cards, read at run time so the list is edited without a rebuild.
 *
 * ```json
 * { "services": [{ "name": "Grafana", "description": "Dashboards", "url": "https://grafana.example.com",
 *                  "icon": "icons/grafana.svg", "monitor": "Grafana" }] }
 * ```
 * A file that cannot be used at all is an error with a message for the person who edited
 * it; a single bad entry is dropped (or loses its link) and reported, the rest still show.
 */
import { isRecord, safeHref } from './api/guards.js';

export interface Service {
  name: string;
  description: string;
  /** Only http(s) URLs; null when the entry's URL was not one (the card shows no link). */
  href: string | null;
  /** A same-origin image path, or null for the lettered fallback. */
  icon: string | null;
  /** The Uptime Kuma monitor to show; defaults to the service's name. */
  monitor: string;
}

export interface ServiceList {
  services: Service[];
  /** One line per entry that was dropped or changed, for the page to show. */
  problems: string[];
}

export class ServicesFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServicesFileError';
  }
}

const MAX_SERVICES = 100;
/** Unicode's first-strong isolate and its closing pop. */
const FSI = '\u2068';
const PDI = '\u2069';
const MAX_TEXT = 200;

export function parseServices(text: string): ServiceList {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ServicesFileError(`services.json is not valid JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(json) ? json : isRecord(json) ? json.services : undefined;
  if (!Array.isArray(list)) {
    throw new ServicesFileError('services.json must hold {"services": [ … ]}, a list of services');
  }
  const services: Service[] = [];
  const problems: string[] = [];
  list.slice(0, MAX_SERVICES).forEach((entry: unknown, index) => {
    const where = `entry ${index + 1}`;
    if (!isRecord(entry)) return problems.push(`${where} is not an object: skipped`);
    const name = clean(entry.name);
    if (!name) return problems.push(`${where} has no "name": skipped`);
    // The name is the file's text inside a line of ours: isolated, so that right-to-left
    // text in it cannot reorder the rest of the line.
    const named = `${FSI}${name}${PDI}`;
    const href = safeHref(trimmed(entry.url));
    if (entry.url !== undefined && !href)
      problems.push(`${named}: "url" is not an http(s) address: shown without a link`);
    if (entry.url === undefined) problems.push(`${named}: no "url": shown without a link`);
    const icon = localPath(entry.icon);
    if (entry.icon !== undefined && !icon)
      problems.push(`${named}: "icon" must be a path on this site: ignored`);
    services.push({
      name,
      description: clean(entry.description) ?? '',
      href,
      icon,
      monitor: clean(entry.monitor) ?? name,
    });
  });
  if (list.length > MAX_SERVICES)
    problems.push(`only the first ${MAX_SERVICES} services are shown`);
  return { services, problems };

  function clean(value: unknown): string | null {
    return typeof value === 'string' && value.trim() ? value.trim().slice(0, MAX_TEXT) : null;
  }
}

/** A string without the whitespace around it (what a URL parser drops), anything else as is. */
function trimmed(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/**
 * Icons ship with the site: a relative or root path, never another origin or a scheme. The
 * path is checked as the browser will read it: trimmed (" //evil.example" is
 * "//evil.example" to a URL parser), and with no control character inside (the parser drops
 * tabs and newlines anywhere, so "/\t/evil.example" would be "//evil.example" too).
 */
function localPath(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const path = value.trim();
  // eslint-disable-next-line no-control-regex -- a control character is what is refused here
  if (!path || path.length > MAX_TEXT || /[\u0000-\u001f\u007f]/.test(path)) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//') || path.includes('\\'))
    return null;
  return path;
}
