// Prints Vitest's JSON results as one plain closing line: "vitest: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('vitest: 0 passed, 1 failed');
  console.error(`no results in ${file}: Vitest did not finish`);
  process.exit(1);
}
const skipped = results.numPendingTests + results.numTodoTests;
const failed = results.numFailedTests + (results.numFailedTestSuites ?? 0);
console.log(`vitest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || results.numPassedTests === 0 ? 1 : 0);
