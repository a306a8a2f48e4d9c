#!/usr/bin/env node
// Prints the one closing line CI reads, from vitest's JSON report:
//   tests: N passed, N failed[, N skipped]
// A missing or unreadable report (the run crashed before reporting) counts as a failure.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.artifacts/vitest-report.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`no test report at ${file}: ${error.message}`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTests ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A suite file that failed to load reports no tests but is a failure all the same.
const brokenSuites = (report.testResults ?? []).filter(
  (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0,
).length;
const failedTotal = failed + brokenSuites;
console.log(
  `tests: ${passed} passed, ${failedTotal} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(failedTotal > 0 || passed === 0 ? 1 : 0);
