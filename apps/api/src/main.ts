/** Starts the API (and serves the web app) with the configuration from the environment. */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { createLogger } from './observability/logger';
import { ConfigError, loadConfig } from './config/config';
import { StoreUnavailable } from './event-store/event-store.port';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const app = await createApp({ config, log });
  await app.listen(config.port, config.host);
  // Longer than the idle timeout of a load balancer's or browser's kept-alive connections, so the
  // server never closes one just as a request is sent on it.
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const { port } = app.getHttpServer().address() as AddressInfo;
  // Tests that start the server on PORT=0 read the port from this line: written whatever LOG_LEVEL says.
  log.child({}, { level: 'info' }).info(`Tessera listening on http://localhost:${port} (data in ${config.dataDir})`);
}

main().catch((error: unknown) => {
  // One line a person can act on: the variable that is wrong, or the store that cannot be reached.
  if (error instanceof ConfigError) console.error(`configuration: ${error.message}`);
  else if (error instanceof StoreUnavailable) console.error(`cannot start: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
