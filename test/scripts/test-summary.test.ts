/**
 * scripts/test-summary.mjs, the closing line CI prints: its counts and its exit code from
 * vitest JSON reports shaped as vitest writes them (a beforeAll that throws leaves its
 * tests "skipped" in a failed file; an afterAll that throws leaves them "passed").
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/portal-process.js';

const script = path.join(repoRoot, 'scripts', 'test-summary.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'test-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Status = 'passed' | 'failed' | 'skipped';
interface File {
  name: string;
  status: 'passed' | 'failed';
  message?: string;
  tests: Status[];
}

/** A report as vitest's json reporter writes it, for the given files. */
function report(files: File[]) {
  const all = files.flatMap((file) => file.tests);
  return {
    numPassedTests: all.filter((status) => status === 'passed').length,
    numFailedTests: all.filter((status) => status === 'failed').length,
    numPendingTests: all.filter((status) => status === 'skipped').length,
    numTodoTests: 0,
    testResults: files.map((file) => ({
      name: file.name,
      status: file.status,
      message: file.message ?? '',
      assertionResults: file.tests.map((status, index) => ({ title: `t${index}`, status })),
    })),
  };
}

function summarize(content: unknown): Promise<{ code: number; lines: string[] }> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  if (content !== undefined) writeFileSync(file, JSON.stringify(content));
  return new Promise((resolve) => {
    execFile(process.execPath, [script, file], (error, stdout) => {
      resolve({ code: error ? Number(error.code) : 0, lines: stdout.trim().split('\n') });
    });
  });
}

describe('the closing tests: line', () => {
  it('counts passed and skipped tests and exits 0 when nothing failed', async () => {
    const { code, lines } = await summarize(
      report([{ name: 'a.test.ts', status: 'passed', tests: ['passed', 'passed', 'skipped'] }]),
    );
    expect(lines.at(-1)).toBe('tests: 2 passed, 0 failed, 1 skipped');
    expect(code).toBe(0);
  });

  it('counts a file whose beforeAll failed as a failure, not as skipped tests alone', async () => {
    const { code, lines } = await summarize(
      report([
        { name: 'ok.test.ts', status: 'passed', tests: ['passed'] },
        { name: 'setup.test.ts', status: 'failed', tests: ['skipped', 'skipped'] },
      ]),
    );
    expect(lines.at(-1)).toBe('tests: 1 passed, 1 failed, 2 skipped');
    expect(lines).toContain(
      'failed outside any test: setup.test.ts: a hook failed (see the log above)',
    );
    expect(code).toBe(1);
  });

  it('counts a file that failed to load, and one whose afterAll failed', async () => {
    const { code, lines } = await summarize(
      report([
        { name: 'load.test.ts', status: 'failed', message: 'Cannot find module', tests: [] },
        {
          name: 'teardown.test.ts',
          status: 'failed',
          message: 'teardown broke',
          tests: ['passed'],
        },
      ]),
    );
    expect(lines.at(-1)).toBe('tests: 1 passed, 2 failed');
    expect(code).toBe(1);
  });

  it('does not count a file twice when its own tests failed', async () => {
    const { lines } = await summarize(
      report([{ name: 'a.test.ts', status: 'failed', tests: ['failed', 'passed'] }]),
    );
    expect(lines.at(-1)).toBe('tests: 1 passed, 1 failed');
  });

  it('fails when the report is missing, or when nothing passed', async () => {
    const missing = await summarize(undefined);
    expect(missing.lines.at(-1)).toBe('tests: 0 passed, 1 failed');
    expect(missing.code).toBe(1);
    const empty = await summarize(report([]));
    expect(empty.lines.at(-1)).toBe('tests: 0 passed, 0 failed');
    expect(empty.code).toBe(1);
  });
});
