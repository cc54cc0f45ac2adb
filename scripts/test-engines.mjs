// `npm run test:engines`: the event store and read store contract suites against real EventStoreDB
// and MongoDB servers, named by EVENTSTORE_URL and MONGODB_URL. It starts nothing itself; a suite
// whose URL is unset is reported "not run" and counted as skipped, never as passed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureInstalled } from './lib.mjs';

const suites = [
  { project: 'eventstoredb', variable: 'EVENTSTORE_URL', what: 'event store contract on EventStoreDB' },
  { project: 'mongodb', variable: 'MONGODB_URL', what: 'read store contract on MongoDB' },
];
const run = suites.filter((s) => process.env[s.variable]);
const notRun = suites.filter((s) => !process.env[s.variable]);
for (const s of notRun) console.log(`${s.what}: not run (${s.variable} is not set)`);

let totals = { passed: 0, failed: 0, skipped: notRun.length };
let status = 0;
if (run.length) {
  ensureInstalled();
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  const report = join(ROOT, 'test-output', 'jest-engines.json');
  const result = spawnSync('npx', ['jest', '-c', 'jest.engines.config.js', '--runInBand', '--json', `--outputFile=${report}`, ...run.flatMap((s) => ['--selectProjects', s.project])], { cwd: ROOT, stdio: 'inherit' });
  status = result.status ?? 1;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    totals = { passed: r.numPassedTests, failed: r.numFailedTests, skipped: totals.skipped + r.numPendingTests };
  } else totals.failed++;
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status || (totals.failed ? 1 : 0));
