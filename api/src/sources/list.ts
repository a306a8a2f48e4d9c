/**
 * The one list of upstream sources. It drives the settings, the caches, the routes, the
 * stream and the health report; a new source is a folder and a line here.
 */
import { activity } from './activity/index.js';
import { status } from './status/index.js';
import { weather } from './weather/index.js';

export const SOURCES = [weather, activity, status] as const;

type Listed = (typeof SOURCES)[number];

export type SourceName = Listed['name'];

/** Each source's settings by name; null where it is not configured. */
export type SourcesSettings = {
  [D in Listed as D['name']]: ReturnType<D['settings']>;
};
