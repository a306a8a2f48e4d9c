/**
 * The API's public contract. The web app imports these as types only; the routes use
 * them as response schemas, so the contract is enforced and serialised by one source.
 */
export * from './common.js';
export * from './health.js';
export * from './metrics.js';
// One line per source: each source's schema lives in its own folder.
export * from '../sources/weather/schema.js';
export * from '../sources/activity/schema.js';
export * from '../sources/status/schema.js';
export * from './hosts.js';
export * from './history.js';
