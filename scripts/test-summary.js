// Adds up the jest JSON reports of every project and tier into one closing line: "tests: N passed, N failed, N skipped".
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.argv[2];
const reports = readdirSync(dir).filter((file) => file.endsWith('.json'));
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of reports) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  totals.skipped += report.numPendingTests + report.numTodoTests;
  const suiteFailures = report.numRuntimeErrorTestSuites ?? 0;
  if (report.numTotalTests + suiteFailures === 0) continue;
  console.log(
    `  ${file.replace(/\.json$/, '').padEnd(28)} ${report.numPassedTests} passed, ` +
      `${report.numFailedTests + suiteFailures} failed, ${report.numPendingTests} skipped`,
  );
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
