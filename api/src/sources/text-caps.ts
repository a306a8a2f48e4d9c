/**
 * Upstream text is data of unknown size: a 500 KB monitor name or a 300 KB weather location
 * would otherwise travel to every page and run off its panel. Every string an upstream (or a
 * peer) hands us is cut to a sane length, and every list to a sane count, in one place, before
 * anything is cached.
 */

/** Names, messages, places: longer than anything a panel can show. */
export const TEXT_CHARS = 300;
/** Links: long enough for any real commit or repository URL. */
export const URL_CHARS = 2048;
/** Lists: monitors, commits, disks, interfaces, cores. */
export const LIST_ITEMS = 1024;

const isUrlKey = (key: string): boolean => key === 'url' || key.endsWith('_url');

function capString(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = text.slice(0, max - 1);
  // Never end on half of a surrogate pair (an emoji cut in two).
  const last = kept.charCodeAt(kept.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/** A copy of `value` with every string and list within the caps (keys named *url get more). */
export function capText<T>(value: T, key = ''): T {
  if (typeof value === 'string') {
    return capString(value, isUrlKey(key) ? URL_CHARS : TEXT_CHARS) as T;
  }
  if (Array.isArray(value)) {
    return value.slice(0, LIST_ITEMS).map((item: unknown) => capText(item, key)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) copy[name] = capText(item, name);
    return copy as T;
  }
  return value;
}
