// Adds up the jest JSON reports of every project and tier into one closing line: "tests: N passed, N failed, N skipped".
// Each failure is named above it, with the head of its message: CI keeps only the tail of a run's output, and a count
// alone (ingest.int, 3 failed, 2026-11-30) could not say which tests failed or why.
const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const MESSAGE_LINES = 8;
const SHOWN_FAILURES = 20;

const dir = process.argv[2];
const reports = readdirSync(dir).filter((file) => file.endsWith('.json'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const head = (text) =>
  text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !/node_modules\/jest-|\(<anonymous>\)/.test(line))
    .slice(0, MESSAGE_LINES)
    .map((line) => `      ${line.trim()}`)
    .join('\n');

for (const file of reports) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  totals.skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults ?? []) {
    const where = relative(process.cwd(), suite.name);
    const failed = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of failed) failures.push(`  ✕ ${where} › ${test.fullName}\n${head(test.failureMessages.join('\n'))}`);
    if (failed.length === 0 && suite.status === 'failed') failures.push(`  ✕ ${where} (the suite did not run)\n${head(suite.message ?? '')}`);
  }
  const suiteFailures = report.numRuntimeErrorTestSuites ?? 0;
  if (report.numTotalTests + suiteFailures === 0) continue;
  console.log(
    `  ${file.replace(/\.json$/, '').padEnd(28)} ${report.numPassedTests} passed, ` +
      `${report.numFailedTests + suiteFailures} failed, ${report.numPendingTests} skipped`,
  );
}
if (failures.length > 0) {
  console.log(`failed (${failures.length}${failures.length > SHOWN_FAILURES ? `, the first ${SHOWN_FAILURES} shown` : ''}):`);
  console.log(failures.slice(0, SHOWN_FAILURES).join('\n'));
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
