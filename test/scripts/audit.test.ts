/**
 * scripts/audit.sh (`pnpm audit:prod`): a clean audit passes, advisories fail, and an audit
 * endpoint that cannot be used is said plainly, with an exit status of its own, never a pass.
 * A stand-in `pnpm` on PATH answers as the real one does in each case.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/portal-process.js';

const script = path.join(repoRoot, 'scripts', 'audit.sh');
const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-script-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the script with a `pnpm` whose `audit` prints `output` and exits with `status`. */
function audit(output: string, status: number) {
  const bin = mkdtempSync(path.join(dir, 'bin-'));
  const fake = path.join(bin, 'pnpm');
  writeFileSync(
    fake,
    `#!/bin/sh\nif [ "$1" = config ]; then echo https://registry.example/; exit 0; fi\n` +
      `cat <<'OUT'\n${output}\nOUT\nexit ${status}\n`,
  );
  chmodSync(fake, 0o755);
  return spawnSync('bash', [script], {
    env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
  });
}

describe('pnpm audit:prod', () => {
  it('passes with no known advisory, naming the date and the registry', () => {
    const result = audit('No known vulnerabilities found', 0);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /audit: no known advisories for the production dependencies \(\d{4}-\d\d-\d\d, https:\/\/registry\.example\/\)/,
    );
  });

  it('fails when advisories are found', () => {
    const result = audit('1 vulnerabilities found\nSeverity: 1 high', 1);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('audit: advisories found');
  });

  it.each([
    ' ERR_PNPM_AUDIT_BAD_RESPONSE  The audit endpoint (at https://registry.example/-/npm/v1/security/audits/quick) responded with 405: ',
    ' ERR_PNPM_META_FETCH_FAIL  GET https://registry.example/: request to https://registry.example/ failed, reason: getaddrinfo EAI_AGAIN registry.example',
  ])('says plainly that it could not check: %s', (output) => {
    const result = audit(output, 1);
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('audit: COULD NOT CHECK');
    expect(result.stdout).toContain('which is not a pass');
  });
});
