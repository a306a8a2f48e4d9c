/**
 * The source definitions among what `list.ts` exports, and the types the list implies.
 * Their order is the order of the names they are exported under (a module namespace is
 * sorted), so health, Prometheus and the stream list them alike on every start.
 */
import { isSourceDefinition, type SourceDefinition } from './definition.js';
import * as listed from './list.js';

type Exported = (typeof listed)[keyof typeof listed];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any settings, value and query
type Listed = Extract<Exported, SourceDefinition<string, any, any, any>>;

export const SOURCES: readonly Listed[] = Object.values(listed).filter(
  isSourceDefinition,
) as Listed[];

export type SourceName = Listed['name'];

/** Each source's settings by name; null where it is not configured. */
export type SourcesSettings = {
  [D in Listed as D['name']]: ReturnType<D['settings']>;
};
