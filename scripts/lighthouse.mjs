// `npm run lighthouse`: Lighthouse (12.2.3, the npm package) on the seat-map page of the two big
// events, against the built app on the embedded stores, in Debian's Chromium: a 100 x 100
// simple-form event and a 10,000-seat layout event (20 blocks of 20 rows of 25, three categories,
// aisles, wheelchair places). Each page with the mobile preset (Lighthouse's default: a mid-range
// phone, 4x slower CPU, slow 4G) and the desktop one; prints the performance score, total blocking
// time, largest contentful paint and time to interactive of each, and the median of RUNS runs.
//
// Targets (issue 15): mobile 90 or more with total blocking time under 200 ms on both events,
// desktop 100. The exit code is 1 when a target is missed (LIGHTHOUSE_ENFORCE=false: report only).
//
//   npm run build && npm run lighthouse     (LIGHTHOUSE_RUNS=3, CHROMIUM=/usr/bin/chromium)
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { login, scheduleArena, scheduleBigEvent, startProduct } from './bench-lib.mjs';
import { ROOT } from './lib.mjs';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const ENFORCE = process.env.LIGHTHOUSE_ENFORCE !== 'false';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TARGETS = { mobile: { score: 90, tbt: 200 }, desktop: { score: 100, tbt: Infinity } };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Lighthouse 12.2.3 with Chromium 156 sometimes finds no navigation start or first paint in its
 * trace (NO_NAVSTART, NO_FCP, NO_LCP) for a page that did paint: such a run is run again, at most twice.
 */
async function audit(url, preset, port) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await auditOnce(url, preset, port);
    } catch (error) {
      if (attempt >= 3 || !/NO_NAVSTART|NO_FCP|NO_LCP/.test(String(error))) throw error;
      console.log(`  (${preset} run on ${url}: ${/NO_NAVSTART|NO_FCP|NO_LCP/.exec(String(error))?.[0]}, running it again)`);
    }
  }
}

async function auditOnce(url, preset, port) {
  const flags = { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] };
  const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  const { categories, audits, runtimeError, runWarnings } = result.lhr;
  if (runtimeError || audits['total-blocking-time'].numericValue === undefined) {
    const reason = runtimeError?.code ?? audits['total-blocking-time'].errorMessage;
    throw new Error(`lighthouse could not measure ${url} (${preset}): ${reason} ${runWarnings?.join(' ') ?? ''}`);
  }
  return {
    score: Math.round(categories.performance.score * 100),
    tbt: audits['total-blocking-time'].numericValue,
    lcp: audits['largest-contentful-paint'].numericValue,
    tti: audits.interactive.numericValue,
    cls: audits['cumulative-layout-shift'].numericValue,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-lighthouse-'));
  const server = await startProduct(dir);
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage'] });
  const missed = [];
  const report = [];
  try {
    const admin = await login(server.url, 'admin', 'admin123');
    const events = { '100 x 100 rows': await scheduleBigEvent(admin, 'Big Hall'), '10,000-seat layout': await scheduleArena(admin) };
    console.log(`lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, ${RUNS} runs each, ${CHROMIUM}`);
    console.log('event               preset   score   TBT ms   LCP ms   TTI ms   CLS     (median; runs: score/TBT)');
    for (const [name, id] of Object.entries(events)) {
      for (const preset of ['mobile', 'desktop']) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await audit(`${server.url}/events/${id}`, preset, chrome.port));
        const m = Object.fromEntries(['score', 'tbt', 'lcp', 'tti', 'cls'].map((k) => [k, median(runs.map((r) => r[k]))]));
        report.push({ event: name, preset, ...m, runs });
        console.log(
          `${name.padEnd(20)}${preset.padEnd(9)}${String(m.score).padStart(5)}${m.tbt.toFixed(0).padStart(9)}${m.lcp.toFixed(0).padStart(9)}${m.tti.toFixed(0).padStart(9)}${m.cls.toFixed(3).padStart(8)}     ${runs.map((r) => `${r.score}/${r.tbt.toFixed(0)}`).join(' ')}`,
        );
        const target = TARGETS[preset];
        if (m.score < target.score || m.tbt >= target.tbt) missed.push(`${name} ${preset}: score ${m.score} (target ${target.score}), TBT ${m.tbt.toFixed(0)} ms (target < ${target.tbt})`);
      }
    }
  } finally {
    await chrome.kill();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  writeFileSync(join(ROOT, 'test-output', 'lighthouse.json'), JSON.stringify(report, null, 2));
  if (missed.length) {
    console.log(`lighthouse: targets missed:\n  ${missed.join('\n  ')}`);
    if (ENFORCE) process.exitCode = 1;
  } else console.log('lighthouse: every target met');
}

await main();
