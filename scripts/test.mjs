// `npm test`: every suite (domain, projections, API units, HTTP, concurrency, fault injection, web,
// browser), then one closing line `N passed, N failed, N skipped` totalling all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WEB_DIR, buildApi, buildWeb, ensureFerretDb, ensureInstalled } from './lib.mjs';

const OUT = join(ROOT, 'test-output');
mkdirSync(OUT, { recursive: true });

ensureInstalled();
buildApi({ force: true });
buildWeb();
// The MongoDB adapter is tested over the wire against FerretDB where Go can build it.
const ferretdb = ensureFerretDb();
if (ferretdb) process.env.FERRETDB_BIN = ferretdb;

const suites = [{ name: 'api, libs and cross-cutting suites', config: 'jest.config.js' }];
if (existsSync(join(WEB_DIR, 'jest.config.js'))) suites.push({ name: 'web app', config: 'apps/web/jest.config.js' });
if (existsSync(join(ROOT, 'test', 'browser', 'jest.config.js'))) suites.push({ name: 'browser end-to-end', config: 'test/browser/jest.config.js' });

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedRuns = 0;
for (const [i, suite] of suites.entries()) {
  const report = join(OUT, `jest-${i}.json`);
  console.log(`\n=== ${suite.name} ===`);
  const started = Date.now();
  const result = spawnSync('npx', ['jest', '-c', suite.config, '--json', `--outputFile=${report}`, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(report)) {
    console.error(`${suite.name}: Jest wrote no report (exit ${result.status})`);
    failedRuns++;
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
  // A suite that failed to run (syntax error, crash in beforeAll) counts as a failure even with no failed test.
  if (result.status !== 0 || r.numRuntimeErrorTestSuites > 0) failedRuns++;
  console.log(`${suite.name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const line = `${totals.passed} passed, ${totals.failed + (failedRuns && !totals.failed ? failedRuns : 0)} failed, ${totals.skipped} skipped`;
writeFileSync(join(OUT, 'summary.txt'), `${line}\n`);
console.log(`\n${line}`);
process.exit(failedRuns || totals.failed ? 1 : 0);
