/**
 * Answers serialised once and sent many times. The metrics snapshot is serialised once per
 * sample; a cached upstream answer once per cache entry (and per variant, such as the
 * activity `limit`) — so a page load, a Conky poll or a load spike costs a string copy, not
 * a walk over the payload. The serialiser is built from the route's own response schema,
 * so the contract still shapes every byte.
 */
import fastJson from 'fast-json-stringify';
import type { FastifyReply } from 'fastify';
import type { TSchema } from 'typebox';
import type { Cached } from './cache.js';

/** Sends a JSON string as-is; a typed reply (expecting the object) cannot express that. */
export function sendSerialized(reply: unknown, json: string): FastifyReply {
  return (reply as FastifyReply).type('application/json; charset=utf-8').send(json);
}

/**
 * `serialize(entry, variant)` returns the JSON of `build(entry, variant)`, computed once
 * until the cache entry changes (new value, or fresh turning stale).
 */
export function cachedSerializer<T, V extends string | number>(
  schema: TSchema,
  build: (entry: Cached<T>, variant: V) => unknown,
): (entry: Cached<T>, variant: V) => string {
  const serialize = fastJson(schema);
  let value: T | undefined;
  let stale = false;
  const bodies = new Map<V, string>();
  return (entry, variant) => {
    if (entry.value !== value || entry.stale !== stale) {
      bodies.clear();
      value = entry.value;
      stale = entry.stale;
    }
    const known = bodies.get(variant);
    if (known !== undefined) return known;
    const body = String(serialize(build(entry, variant)));
    bodies.set(variant, body);
    return body;
  };
}
