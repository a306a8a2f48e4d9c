#!/usr/bin/env node
// Prints the one closing line CI reads, from one or more vitest JSON reports:
//   tests: N passed, N failed[, N skipped]
// Each report is one run (the whole suite, then the clock-shifted ones); the line sums them.
// A missing or unreadable report (the run crashed before reporting) counts as a failure.
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
if (files.length === 0) files.push('.artifacts/vitest-report.json');

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.log(`no test report at ${file}: ${error.message}`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTests ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A test file can fail with no failed test of its own: it did not load, or a hook failed
  // (a beforeAll that throws leaves its tests reported as skipped, an afterAll that throws
  // leaves them passed). Each such file is one failure, named so the log says where.
  const brokenFiles = (report.testResults ?? []).filter(
    (suite) =>
      suite.status === 'failed' &&
      !(suite.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
  for (const suite of brokenFiles) {
    const why = (suite.message ?? '').split('\n')[0] || 'a hook failed (see the log above)';
    console.log(`failed outside any test: ${suite.name}: ${why}`);
  }
  failed += brokenFiles.length;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
