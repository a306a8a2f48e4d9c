/**
 * The one compiled serialiser of `Metrics`: this host's snapshots, and each peer's figures in
 * `/api/hosts`. Compiling one costs time and memory; a second copy would buy nothing.
 */
import fastJson from 'fast-json-stringify';
import { Metrics } from '../schemas/metrics.js';

export const serializeMetrics = fastJson(Metrics);
