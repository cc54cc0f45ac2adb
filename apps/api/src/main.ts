/** Starts the API (and serves the web app) with the configuration from the environment. */
import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp({ config });
  await app.listen(config.port, config.host);
  console.log(`Tessera listening on http://localhost:${config.port} (data in ${config.dataDir})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `configuration: ${error.message}` : error);
  process.exit(1);
});
