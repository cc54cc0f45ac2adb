/**
 * A FerretDB server (MongoDB wire protocol, SQLite backend) for one test file: a fresh temp dir, a
 * free loopback port, stopped by the test. `npm test` builds the binary into .tools/ and passes its
 * path in FERRETDB_BIN; without it the suites that need it are skipped and counted as skipped.
 * An outage test kills it and starts it again on the same data and port (`kill`, `start`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FERRETDB_BIN = process.env.FERRETDB_BIN ?? join(__dirname, '..', '..', '.tools', 'bin', 'ferretdb');
export const ferretDbAvailable = existsSync(FERRETDB_BIN);
/** Appended to the name of a suite that needs FerretDB, so that a skipped run says why. */
export const FERRETDB_NOT_RUN = ferretDbAvailable ? '' : ' (NOT RUN: no FerretDB binary; it is built with Go by `npm test`, docs/ferretdb.md)';

export interface FerretDb {
  /** mongodb://127.0.0.1:port/ (add a database name). */
  url: string;
  port: number;
  /** The running server's process id (benchmarks read its CPU time from /proc); changes with `start`. */
  readonly pid: number;
  /** Kills the server (SIGKILL: no goodbye to its clients), keeping its data; resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same data and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  stop(): Promise<void>;
}

export interface FerretDbOptions {
  /** FerretDB's --log-level (default error); at debug it logs every command it gets. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Where the log goes (default: kept in memory, shown only if the server fails to start). */
  onLog?: (chunk: string) => void;
  /** host:port for FerretDB's debug HTTP handlers (pprof at /debug/pprof/); default FERRETDB_DEBUG_ADDR, else none. */
  debugAddr?: string;
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

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
}

/** Spawns FerretDB on `dir` and `port`; resolves once it accepts connections. */
async function launch(dir: string, port: number, options: FerretDbOptions): Promise<Running> {
  const child: ChildProcess = spawn(
    FERRETDB_BIN,
    [
      '--handler=sqlite', `--sqlite-url=file:${dir}/`, `--state-dir=${dir}`, `--listen-addr=127.0.0.1:${port}`,
      `--debug-addr=${options.debugAddr ?? process.env.FERRETDB_DEBUG_ADDR ?? '-'}`, '--telemetry=disable', `--log-level=${options.logLevel ?? 'error'}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (options.onLog) options.onLog(d.toString());
    else stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  while (!(await accepting(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`FerretDB did not start on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, exited };
}

export async function startFerretDb(options: FerretDbOptions = {}): Promise<FerretDb> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-ferretdb-'));
  const port = await freePort();
  let running: Running | undefined = await launch(dir, port, options);
  let pid = running.child.pid!;
  const end = async (signal: NodeJS.Signals) => {
    const current = running;
    running = undefined;
    if (!current) return;
    current.child.kill(signal);
    // Never wait forever on a server that does not stop (FerretDB can hang: docs/ferretdb.md).
    const hard = setTimeout(() => current.child.kill('SIGKILL'), 5000);
    await current.exited;
    clearTimeout(hard);
  };
  return {
    url: `mongodb://127.0.0.1:${port}/`,
    port,
    get pid() {
      return pid;
    },
    kill: () => end('SIGKILL'),
    async start() {
      if (running) throw new Error('FerretDB is already running');
      running = await launch(dir, port, options);
      pid = running.child.pid!;
    },
    async stop() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
