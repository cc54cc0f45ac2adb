/**
 * What an operator alerts on (issue 19, docs/observability.md): Prometheus metrics with prom-client,
 * one registry per process, served at `GET /metrics` (metrics-endpoint.ts) on every process role.
 *
 * The recording functions below are what the hot path calls: each does one map lookup for the
 * labelled child it needs and one increment or observation (a child per label combination is kept,
 * not looked up by prom-client's label hashing per call), and nothing at all with METRICS=false,
 * which is how the bench measures their cost. Values that are a state rather than a count (live
 * locks, sessions, stores up) are read when Prometheus scrapes, from sources the process sets.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();

/** Seconds: a command answers in about a millisecond; a slow store or a long read in seconds. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The read models' projection is one runner with one checkpoint: its series carry this name. */
export const PROJECTION = 'read-models';

let enabled = true;
let started = false;

/** Names the process's role on every series and starts the library's default metrics (memory, GC, event loop), once per process. */
export function startMetrics(role: 'all' | 'api' | 'projector', on = true): void {
  enabled = on;
  registry.setDefaultLabels({ role });
  if (started) return;
  started = true;
  collectDefaultMetrics({ register: registry });
}

const httpRequests = new Histogram({
  name: 'tessera_http_request_duration_seconds',
  help: 'HTTP requests by route template, method and status, and how long each took to answer.',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const commands = new Counter({
  name: 'tessera_commands_total',
  help: 'Commands decided on one stream, by command type and outcome: ok, the refusal\'s problem code, or error.',
  labelNames: ['command', 'outcome'] as const,
  registers: [registry],
});

const concurrencyRetries = new Counter({
  name: 'tessera_concurrency_retries_total',
  help: 'Commands decided again on a fresh read: another writer appended to the stream first, or the cached state was stale.',
  labelNames: ['command'] as const,
  registers: [registry],
});

const appends = new Counter({
  name: 'tessera_event_store_appends_total',
  help: 'Appends to the event store by outcome: ok, wrong_expected_version, unavailable, outcome_unknown or error.',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

const appendDuration = new Histogram({
  name: 'tessera_event_store_append_duration_seconds',
  help: 'How long an append took, durable (fsync or the cluster\'s acknowledgement) when it succeeded.',
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const projectionPosition = new Gauge({
  name: 'tessera_projection_position',
  help: 'Commit position of the last event the read models applied (every projection shares one checkpoint).',
  labelNames: ['projection'] as const,
  registers: [registry],
});

new Gauge({
  name: 'tessera_projection_lag_seconds',
  help: 'How far the read models trail the history when scraped: the age of the oldest event not yet projected; 0 when caught up.',
  labelNames: ['projection'] as const,
  registers: [registry],
  async collect() {
    if (sources.projectionLagMs) this.set({ projection: PROJECTION }, (await sources.projectionLagMs().catch(() => Number.NaN)) / 1000);
  },
});

const projectionEvents = new Counter({
  name: 'tessera_projection_events_total',
  help: 'Events applied to the read models.',
  labelNames: ['projection'] as const,
  registers: [registry],
});

const projectionBatches = new Histogram({
  name: 'tessera_projection_batch_duration_seconds',
  help: 'How long one batch of events took to project and write, checkpoint included.',
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const readYourWritesWaits = new Histogram({
  name: 'tessera_read_your_writes_wait_seconds',
  help: 'How long a request waited for the read models to include its own write before answering.',
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const readYourWritesTimeouts = new Counter({
  name: 'tessera_read_your_writes_timeouts_total',
  help: 'Requests that answered without their write in the read models: the projection was too slow.',
  registers: [registry],
});

/** What the scrape reads from the process: set by the app (or the projector) once its stores are open. */
export interface ScrapeSources {
  projectionLagMs?: () => Promise<number>;
  liveLocks?: () => Promise<number>;
  sessions?: () => Promise<number>;
  storesUp?: () => Promise<{ event: boolean; read: boolean }>;
}

let sources: ScrapeSources = {};

/** The `storesUp` source of a process holding both stores: each answers a ping, or not. */
export function storesUpOf(events: { ping(): Promise<void> }, reads: { ping(): Promise<void> }): () => Promise<{ event: boolean; read: boolean }> {
  const up = (ping: Promise<void>) => ping.then(() => true, () => false);
  return async () => {
    const [event, read] = await Promise.all([up(events.ping()), up(reads.ping())]);
    return { event, read };
  };
}

export function setScrapeSources(next: ScrapeSources): void {
  sources = next;
}

new Gauge({
  name: 'tessera_live_locks',
  help: 'Seat locks alive now, from the read models.',
  registers: [registry],
  async collect() {
    if (sources.liveLocks) this.set(await sources.liveLocks().catch(() => Number.NaN));
  },
});

new Gauge({
  name: 'tessera_sessions',
  help: 'Sessions alive now (not expired, not ended), from the session store.',
  registers: [registry],
  async collect() {
    if (sources.sessions) this.set(await sources.sessions().catch(() => Number.NaN));
  },
});

new Gauge({
  name: 'tessera_store_up',
  help: '1 when the store answers a ping, 0 when it does not.',
  labelNames: ['store'] as const,
  registers: [registry],
  async collect() {
    if (!sources.storesUp) return;
    const up = await sources.storesUp();
    this.set({ store: 'event' }, up.event ? 1 : 0);
    this.set({ store: 'read' }, up.read ? 1 : 0);
  },
});

/** prom-client's children, kept per label combination: a Map lookup instead of hashing the labels on every call. */
function childrenOf<C>(make: (...labels: string[]) => C): (...labels: string[]) => C {
  const children = new Map<string, C>();
  return (...labels) => {
    const key = labels.join('\u0000');
    let child = children.get(key);
    if (child === undefined) children.set(key, (child = make(...labels)));
    return child;
  };
}

const httpChild = childrenOf((route, method, status) => httpRequests.labels(route, method, status));
const commandChild = childrenOf((command, outcome) => commands.labels(command, outcome));
const appendChild = childrenOf((outcome) => appends.labels(outcome));

export function recordRequest(route: string, method: string, status: number, seconds: number): void {
  if (enabled) httpChild(route, method, String(status)).observe(seconds);
}

export function recordCommand(command: string, outcome: string): void {
  if (enabled) commandChild(command, outcome).inc();
}

export function recordConcurrencyRetry(command: string): void {
  if (enabled) concurrencyRetries.labels(command).inc();
}

export function recordAppend(outcome: string, seconds: number): void {
  if (!enabled) return;
  appendChild(outcome).inc();
  if (outcome === 'ok') appendDuration.observe(seconds);
}

export function recordProjectionBatch(events: number, commitPosition: bigint, seconds: number): void {
  projectionEvents.labels(PROJECTION).inc(events);
  projectionPosition.labels(PROJECTION).set(Number(commitPosition));
  projectionBatches.observe(seconds);
}

export function recordReadYourWrites(seconds: number, timedOut: boolean): void {
  if (!enabled) return;
  readYourWritesWaits.observe(seconds);
  if (timedOut) readYourWritesTimeouts.inc();
}
