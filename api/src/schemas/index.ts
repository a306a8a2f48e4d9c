/**
 * The API's public contract. The web app imports these as types only; the routes use
 * them as response schemas, so the contract is enforced and serialised by one source.
 */
export * from './common.js';
export * from './health.js';
export * from './metrics.js';
// Each source's schema lives in its own folder and arrives through the one list.
export * from '../sources/list.js';
export * from './hosts.js';
export * from './history.js';
