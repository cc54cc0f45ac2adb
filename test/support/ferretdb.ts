/**
 * A FerretDB server (MongoDB wire protocol, SQLite backend) for one test file: a fresh temp dir, a
 * free loopback port, stopped by the test. `npm test` builds the binary into .tools/ and passes its
 * path in FERRETDB_BIN; without it the suites that need it are skipped and counted as skipped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FERRETDB_BIN = process.env.FERRETDB_BIN ?? join(__dirname, '..', '..', '.tools', 'bin', 'ferretdb');
export const ferretDbAvailable = existsSync(FERRETDB_BIN);

export interface FerretDb {
  /** mongodb://127.0.0.1:port/ (add a database name). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const accepting = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

export async function startFerretDb(): Promise<FerretDb> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-ferretdb-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    FERRETDB_BIN,
    ['--handler=sqlite', `--sqlite-url=file:${dir}/`, `--state-dir=${dir}`, `--listen-addr=127.0.0.1:${port}`, '--debug-addr=-', '--telemetry=disable', '--log-level=error'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  while (!(await accepting(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`FerretDB did not start on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `mongodb://127.0.0.1:${port}/`,
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
