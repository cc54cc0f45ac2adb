// `npm start`: install what is missing, build what is stale, serve UI + API on http://localhost:3000
// with demo data on the embedded stores (DATA_DIR, default ./data).
import { spawn } from 'node:child_process';
import { API_MAIN, ROOT, apiV8Flags, buildApi, buildWeb, ensureInstalled } from './lib.mjs';

ensureInstalled();
buildApi();
buildWeb();
const server = spawn(process.execPath, ['--enable-source-maps', ...apiV8Flags(), API_MAIN], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
