/** Reading untrusted JSON: what upstream parsers need before they trust a shape. */

export type JsonObject = Record<string, unknown>;

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a string, else "". */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
