// Shared steps of `npm start`, `npm test` and `npm run bench`: install what is missing, build what is stale.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const API_MAIN = join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js');
export const WEB_DIR = join(ROOT, 'apps', 'web');

/**
 * V8's heap settings for an API or projector process (docs/performance.md, "Why RSS passed 400 MB"
 * and "Two fixes from the profile, and V8's heap flags decided"): a 1,024 MB heap limit keeps V8's
 * old-space growing factor at ~1.6 instead of the 4 it takes when Node derives a limit of 2 GB or
 * more from a big machine's RAM (the same build peaked 100 MB higher on a 24 GB host). A bigger young generation
 * (--max-semi-space-size=32) was measured too and left out: it added 60 MB to the grid-read peak
 * and saved no CPU. The Dockerfile sets the same in NODE_OPTIONS. An operator's own NODE_OPTIONS
 * (a bigger limit for a bigger history) wins: a flag it names is not added here.
 */
const API_V8_FLAGS = ['--max-old-space-size=1024'];
export function apiV8Flags(env = process.env) {
  const own = env.NODE_OPTIONS ?? '';
  return API_V8_FLAGS.filter((flag) => !own.includes(flag.slice(0, flag.indexOf('='))));
}
export const WEB_INDEX = join(WEB_DIR, 'dist', 'browser', 'index.html');

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

/** The newest modification time under the given paths (files only, node_modules and dist skipped). */
function newest(paths) {
  let latest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const name of readdirSync(p)) if (!['node_modules', 'dist', '.angular'].includes(name)) walk(join(p, name));
    } else latest = Math.max(latest, s.mtimeMs);
  };
  paths.forEach(walk);
  return latest;
}

const stale = (output, inputs) => !existsSync(output) || statSync(output).mtimeMs < newest(inputs);

export function ensureInstalled() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(ROOT, 'package-lock.json')).mtimeMs) return;
  console.log('Installing dependencies (npm ci; better-sqlite3 compiles from source, about a minute)...');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

export function buildApi({ force = false } = {}) {
  const inputs = ['apps/api/src', 'libs', 'tsconfig.json', 'apps/api/tsconfig.app.json'].map((p) => join(ROOT, p));
  if (!force && !stale(API_MAIN, inputs)) return;
  console.log('Building the API...');
  run('npx', ['nest', 'build', 'api']);
}

export function buildWeb() {
  if (!existsSync(join(WEB_DIR, 'angular.json'))) return;
  if (!stale(WEB_INDEX, [join(WEB_DIR, 'src'), join(WEB_DIR, 'angular.json')])) return;
  console.log('Building the web app...');
  run('timeout', ['900', 'npx', 'ng', 'build', '--configuration', 'production'], { cwd: WEB_DIR });
}

export const FERRETDB_VERSION = 'v1.24.2';
export const FERRETDB_BIN = join(ROOT, '.tools', 'bin', 'ferretdb');

/**
 * FerretDB (a MongoDB-protocol server on SQLite) stands in for MongoDB on machines without Docker
 * (docs/engines.md). Built once with Go into .tools/ (ignored by git); returns its path, or
 * undefined with the reason printed when Go is missing or the build fails.
 */
export function ensureFerretDb() {
  if (existsSync(FERRETDB_BIN) && spawnSync(FERRETDB_BIN, ['--version']).status === 0) return FERRETDB_BIN;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    console.log('FerretDB: not built (Go is not installed); the MongoDB-protocol suites will be reported as skipped.');
    return undefined;
  }
  console.log(`Building FerretDB ${FERRETDB_VERSION} with ${go.stdout.trim()} into .tools/ (once, a few minutes)...`);
  // `go install module@version` gives a binary that panics at start: the module archive lacks
  // build/version/version.txt (FerretDB's own build writes it). So: download the module, copy it,
  // write that file, build from the copy.
  const download = spawnSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { cwd: ROOT, encoding: 'utf8' });
  const moduleDir = download.status === 0 ? JSON.parse(download.stdout).Dir : undefined;
  const src = join(ROOT, '.tools', 'src', 'ferretdb');
  if (moduleDir) {
    rmSync(src, { recursive: true, force: true });
    mkdirSync(dirname(src), { recursive: true });
    cpSync(moduleDir, src, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', src]);
    writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    spawnSync('go', ['build', '-o', FERRETDB_BIN, './cmd/ferretdb'], { cwd: src, stdio: 'inherit' });
  }
  if (!existsSync(FERRETDB_BIN)) {
    console.log('FerretDB: the build failed; the MongoDB-protocol suites will be reported as skipped.');
    return undefined;
  }
  return FERRETDB_BIN;
}
