/**
 * This host's own readings: where they come from (`/proc` and sysfs on Linux,
 * systeminformation elsewhere), and the sampler that reads them on an interval while anyone
 * looks and serialises each snapshot once. Named for what it does, not for "host", which
 * every part of a multi-host portal could claim; the other hosts are `peers/`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { LinuxHostSource } from './linux-source.js';
import { SystemInformationSource } from './si-source.js';
import type { HostSource } from './source.js';

export { serializeMetrics } from './serialize-metrics.js';
export { MetricsSampler, type SamplerCheck, type SamplerState, type Snapshot } from './sampler.js';
export { namedHostSource, type HostSource } from './source.js';

/** /proc where the host has one (Linux), systeminformation everywhere else. */
export function createHostSource(metrics: Config['metrics']): HostSource {
  if (existsSync(path.join(metrics.procPath, 'stat'))) return new LinuxHostSource(metrics);
  return new SystemInformationSource(metrics.netExclude);
}
