/** Every suite, in the order a full run takes them: quiet measurements before heavy ones. */
import type { Suite } from '../lib/context.js';
import { cachedSuite } from './cached.js';
import { crawlSuite } from './crawl.js';
import { freshnessSuite } from './freshness.js';
import { healthSuite } from './health.js';
import { hostsSuite } from './hosts.js';
import { idleSuite } from './idle.js';
import { metricsSuite } from './metrics.js';
import { pageSuite } from './page.js';
import { proxySuite } from './proxy.js';
import { soakSuite } from './soak.js';
import { spikeSuite } from './spike.js';
import { streamSuite } from './stream.js';

export const SUITES: Suite[] = [
  idleSuite,
  healthSuite,
  metricsSuite,
  proxySuite,
  cachedSuite,
  hostsSuite,
  streamSuite,
  soakSuite,
  freshnessSuite,
  crawlSuite,
  pageSuite,
  spikeSuite,
];
