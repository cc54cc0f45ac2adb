/**
 * The projector process (PROCESS_ROLE=projector): keeps the shared read models (MongoDB) up to
 * date from the event store's subscription, and nothing else. API instances with PROCESS_ROLE=api
 * read those models. Several projectors are safe (every write is guarded by position), one is enough.
 * Answers GET /health on PORT for the orchestrator, and GET /metrics for Prometheus (METRICS_TOKEN as the API). Stops gracefully on SIGTERM: stops the
 * subscription after the batch in hand, whose documents and checkpoint are written, then closes.
 */
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config/config';
import { StoreUnavailable } from './event-store/event-store.port';
import { openEventStore, openReadStore } from './infrastructure.module';
import { ProjectionRunner, projectionLagMs } from './projections/projection-runner';
import { Logger } from '@nestjs/common';
import { createLogger, NestLogger } from './observability/logger';
import { answerMetrics } from './observability/metrics-endpoint';
import { setScrapeSources, startMetrics, storesUpOf } from './observability/metrics';
import { flushTraces, startTracing } from './observability/tracing';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.readStore === 'embedded') throw new ConfigError('READ_STORE=mongodb is required for a separate projector (the embedded read store lives inside each API process)');
  const [events, reads] = await Promise.all([openEventStore(config), openReadStore(config)]);
  const log = createLogger(config);
  Logger.overrideLogger(new NestLogger(log)); // the runner's warnings, in the same lines
  startMetrics('projector', config.metrics);
  startTracing(config.otlpEndpoint, 'projector');
  setScrapeSources({ projectionLagMs: () => projectionLagMs(events, reads), storesUp: storesUpOf(events, reads) });
  const runner = new ProjectionRunner(events, reads);
  await runner.start();
  const health = createServer((req, res) => {
    if (req.url?.split('?', 1)[0] === '/metrics') {
      void answerMetrics(req.headers.authorization, config.metricsToken).then(({ status, headers, body }) => res.writeHead(status, headers).end(body));
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ status: 'ok', role: 'projector', caughtUp: runner.caughtUp, projectionLagMs: runner.lagMs }));
  });
  health.listen(config.port, config.host, () => log.child({}, { level: 'info' }).info(`Tessera projector running; health and metrics on port ${config.port}`));
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      health.close();
      await runner.stop();
      await Promise.all([reads.close(), events.close()]);
      await flushTraces();
      process.exit(0);
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`configuration: ${error.message}`);
  else if (error instanceof StoreUnavailable) console.error(`cannot start: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
