/**
 * Upstream text is data of unknown size: a 500 KB monitor name or a 300 KB weather location
 * would otherwise travel to every page and run off its panel. Every string an upstream (or a
 * peer) hands us is cut to a sane length, and every list to a sane count, in one place, before
 * anything is cached.
 *
 * Bidi controls are removed in the same pass. An explicit override or isolate (U+202A–U+202E,
 * U+2066–U+2069) left open by one field runs on into whatever the page draws after it: a
 * peer's `os` of "\u202e\u2066" turned "109 processes" into "901 sessecorp". They are
 * stripped rather than balanced: these fields are labels (names, mounts, authors, places), and
 * right-to-left text in a label shows correctly without them, by the implicit rules of the
 * Unicode bidi algorithm; balancing would have to copy that algorithm's pairing rules (a PDF
 * inside an isolate is ignored, depth overflows at 125, …) exactly to be safe, and a string
 * that still carries controls stays dangerous in every place without the page's `<bdi>`
 * isolation (logs, terminals, Conky, jq). The page isolates each field as well (second line).
 */

/** Names, messages, places: longer than anything a panel can show. */
export const TEXT_CHARS = 300;
/** Links: long enough for any real commit or repository URL. */
export const URL_CHARS = 2048;
/** Lists: monitors, commits, disks, interfaces, cores. */
export const LIST_ITEMS = 1024;

/** Embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** C0 and C1 controls (newlines among them): a message or a log field is one line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text without bidi controls: no field can leave an override or an isolate open. */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

const isUrlKey = (key: string): boolean => key === 'url' || key.endsWith('_url');

export function capString(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = text.slice(0, max - 1);
  // Never end on half of a surrogate pair (an emoji cut in two).
  const last = kept.charCodeAt(kept.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) kept = kept.slice(0, -1);
  return `${kept}…`;
}

/**
 * `value` with every string and list within the caps (keys named *url get more). Lists and
 * objects are capped in place and returned: they come fresh from a parse or a fetch, nobody
 * else holds them yet, and a peer's answer of a few hundred fields is walked once, not
 * copied. A string, which cannot change, comes back capped.
 */
export function capText<T>(value: T, key = ''): T {
  if (typeof value === 'string') {
    return capString(stripBidi(value), isUrlKey(key) ? URL_CHARS : TEXT_CHARS) as T;
  }
  if (Array.isArray(value)) {
    if (value.length > LIST_ITEMS) value.length = LIST_ITEMS;
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const capped = capText(item, key);
      if (capped !== item) value[index] = capped;
    }
    return value;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    // An own `__proto__` (JSON.parse makes one) is assigned as the data property it is.
    for (const name of Object.keys(record)) {
      const item = record[name];
      const capped = capText(item, name);
      if (capped !== item) record[name] = capped;
    }
    return value;
  }
  return value;
}

/** Outside text in an error message or a log field: at most this many characters. */
export const MESSAGE_CHARS = 300;

/**
 * Text made fit for one line of a label, a message or a log field: no bidi controls, no
 * C0 or C1 controls (each becomes a space), at most `max` characters. This host's own
 * labels pass here where they are read — a mount point, an interface name, a file system
 * type, the OS name, the hostname — since any of them is text a user chose, to the byte,
 * and reaches every page, every peer and the log like an upstream's.
 */
export function labelText(text: string, max = TEXT_CHARS): string {
  return capString(stripBidi(text).replace(CONTROLS, ' '), max);
}

/**
 * Text from outside (an upstream's header, a peer's answer, a visitor's path) made fit for an
 * error message or a log field: one line, no bidi controls, at most `max` characters. Every
 * such string passes here before it joins a message, so a 15 KB header never reaches every
 * `/api/hosts` answer, every `hosts` event and the log.
 */
export function messageText(text: string, max = MESSAGE_CHARS): string {
  return labelText(text, max);
}
