/**
 * A real Tessera server for a test: the whole app on a fresh temp data dir, listening on
 * 127.0.0.1 on a free port, with a clock the test controls. Stopped by the test.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/app';
import { loadConfig, type Config } from '../../apps/api/src/config/config';
import type { Logger as ProcessLog } from '../../apps/api/src/observability/logger';
import { ExpirySweeper } from '../../apps/api/src/seats/expiry-sweeper/expiry-sweeper';
import { Client } from './client';
import { FakeClock } from './fake-clock';

export interface TestServer {
  url: string;
  app: NestFastifyApplication;
  config: Config;
  clock: FakeClock;
  dataDir: string;
  client(): Client;
  /** Logged-in client for a demo user. */
  as(username: 'alice' | 'bob' | 'admin' | 'auditor'): Promise<Client>;
  /** The demo event's id. */
  eventId(): Promise<string>;
  sweep(): Promise<number>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

const DEMO_PASSWORDS = { alice: 'alice123', bob: 'bob123', admin: 'admin123', auditor: 'auditor123' };

export async function startServer(env: Record<string, string> = {}, options: { clock?: FakeClock; dataDir?: string; log?: ProcessLog } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tessera-test-'));
  const clock = options.clock ?? new FakeClock();
  const config = loadConfig({ DATA_DIR: dataDir, DEMO_DATA: 'true', ...env });
  // No log at all unless the test reads it (`log`: its lines, Nest's and one per request).
  const app = await createApp({ config, clock, timers: false, ...(options.log ? { log: options.log } : { logger: false }) });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let eventId: string | undefined;
  const server: TestServer = {
    url,
    app,
    config,
    clock,
    dataDir,
    client: () => new Client(url),
    as: (username) => new Client(url).login(username, DEMO_PASSWORDS[username]),
    async eventId() {
      eventId ??= (await new Client(url).get('/api/events/')).body.events.find((e: { name: string }) => e.name === 'Concert XYZ').id;
      return eventId!;
    },
    sweep: () => app.get(ExpirySweeper).sweep(),
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
