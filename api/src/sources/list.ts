/**
 * The one list of upstream sources: a new source is its folder and one line here. Each
 * folder's index exports its definition (gathered by `listed.ts` for the settings, caches,
 * routes, stream and health report) and its schema (the contract `schemas/index.ts` serves
 * to the page's types), so the line carries both.
 */
export * from './weather/index.js';
export * from './activity/index.js';
export * from './status/index.js';
export * from './incidents/index.js';
