/**
 * Suites that need a system binary (nginx, Chromium) or a Docker engine call these. On a
 * developer's machine without it the suite is skipped with the reason printed; in CI
 * (CI=true), where `.ci/run` installs nginx and Chromium, a missing binary is a failure.
 */
import { accessSync, constants } from 'node:fs';
import { execFileSync } from 'node:child_process';

export interface Requirement {
  ok: boolean;
  reason: string;
}

export function binary(
  name: string,
  candidates: string[],
  debianPackage = name,
): Requirement & { path: string } {
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return { ok: true, reason: '', path: candidate };
    } catch {
      // try the next place
    }
  }
  try {
    const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    if (found) return { ok: true, reason: '', path: found };
  } catch {
    // not on PATH
  }
  return {
    ok: false,
    reason: `${name} is not installed (apt-get install ${debianPackage})`,
    path: '',
  };
}

export const nginxBinary = () => binary('nginx', ['/usr/sbin/nginx']);
export const chromiumBinary = () => binary('chromium', ['/usr/bin/chromium']);
export const promtoolBinary = () => binary('promtool', ['/usr/bin/promtool'], 'prometheus');
export const prometheusBinary = () => binary('prometheus', ['/usr/bin/prometheus']);
export const conkyBinary = () => binary('conky', ['/usr/bin/conky'], 'conky-cli');
export const jqBinary = () => binary('jq', ['/usr/bin/jq']);
export const curlBinary = () => binary('curl', ['/usr/bin/curl']);

/** The first requirement that is not met, or ok when all are. */
export function allOf(...requirements: Requirement[]): Requirement {
  return requirements.find((requirement) => !requirement.ok) ?? { ok: true, reason: '' };
}

/**
 * Returns true when the suite can run; otherwise prints why it is skipped, or throws in CI
 * for requirements CI is meant to have.
 */
export function canRun(
  suite: string,
  requirement: Requirement,
  { requiredInCi = true } = {},
): boolean {
  if (requirement.ok) return true;
  if (requiredInCi && process.env.CI === 'true') {
    throw new Error(`${suite}: ${requirement.reason}; CI must install it`);
  }
  console.warn(`[skipped] ${suite}: ${requirement.reason}`);
  return false;
}
