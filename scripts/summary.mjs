// Prints a test runner's JSON results as one plain closing line: "<runner>: N passed, N failed, N skipped".
// Reads Vitest's JSON reporter output, or Playwright's (second argument "playwright").
import { readFileSync } from 'node:fs';

const [file, runner = 'vitest'] = process.argv.slice(2);
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log(`${runner}: 0 passed, 1 failed`);
  console.error(`no results in ${file}: ${runner} did not finish`);
  process.exit(1);
}
let passed;
let failed;
let skipped;
if (runner === 'playwright') {
  const s = results.stats ?? {};
  passed = (s.expected ?? 0) + (s.flaky ?? 0);
  failed = (s.unexpected ?? 0) + (results.errors?.length ?? 0);
  skipped = s.skipped ?? 0;
} else {
  passed = results.numPassedTests;
  // A file that failed with no failed test in it (it did not load, or a hook failed) counts once; a failed test
  // counts once, not again for its file and its describe blocks (numFailedTestSuites counts all three).
  const filesFailedOutsideTests = (results.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  failed = results.numFailedTests + filesFailedOutsideTests;
  skipped = results.numPendingTests + results.numTodoTests;
  // Tests that passed only when run again after their keyring's daemon died (e2e/fixtures/keyring-retry.ts; the words
  // are keyring.ts's DAEMON_DIED): named, so that a rise in gnome-keyring's aborts is seen; not those tagged as
  // killing their daemon on purpose (e2e/fixtures/keyring.test.ts).
  const again = (results.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => test.status === 'passed' && !(test.tags ?? []).includes('kills-its-daemon'))
      .filter((test) => (test.failureMessages ?? []).some((m) => m.includes("the test keyring's gnome-keyring-daemon died under this test")))
      .map((test) => test.fullName ?? test.title),
  );
  if (again.length > 0) console.log(`${runner}: ${again.length} passed when run again after the test keyring's daemon died: ${again.join('; ')}`);
}
console.log(`${runner}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
