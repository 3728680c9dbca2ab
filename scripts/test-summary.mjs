// Prints vitest's totals as one plain line ("tests: N passed, N failed, N skipped")
// from the JSON report `npm test` writes, so any CI reading closing lines sees them.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.berth/test-results.json';
try {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
} catch (err) {
  console.log(`tests: no results in ${file} (${err.message})`);
}
