// Shared steps of `npm start`, `npm test` and `npm run bench`: install what is missing, build what is stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const API_MAIN = join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js');
export const WEB_DIR = join(ROOT, 'apps', 'web');
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
