/**
 * The API's public contract. The web app imports these as types only; the routes use
 * them as response schemas, so the contract is enforced and serialised by one source.
 */
export * from './common.js';
export * from './health.js';
export * from './metrics.js';
export * from './weather.js';
export * from './activity.js';
export * from './status.js';
