import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { LinuxHostSource } from './linux-source.js';
import { SystemInformationSource } from './si-source.js';
import type { HostSource } from './source.js';

export { MetricsSampler, type SamplerCheck, type SamplerState, type Snapshot } from './sampler.js';
export { namedHostSource, type HostSource } from './source.js';

/** /proc where the host has one (Linux), systeminformation everywhere else. */
export function createHostSource(metrics: Config['metrics']): HostSource {
  if (existsSync(path.join(metrics.procPath, 'stat'))) return new LinuxHostSource(metrics);
  return new SystemInformationSource(metrics.netExclude);
}
