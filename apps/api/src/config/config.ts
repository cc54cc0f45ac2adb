/**
 * Configuration from the environment (api.md, "Configuration"). Read once at start-up; a bad value
 * stops the process with one line that names the variable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  eventStore: 'embedded' | 'eventstoredb';
  eventStoreUrl: string;
  readStore: 'embedded' | 'mongodb';
  /** api: HTTP, commands, sweeper; projector: projections only; all: both (the embedded default). */
  processRole: 'all' | 'api' | 'projector';
  mongodbUrl: string;
  seatLockSeconds: number;
  /** A lock given more time never runs past this long after it was taken (api.md, HOLD_MAX_SECONDS). */
  holdMaxSeconds: number;
  maxSeatsPerUser: number;
  sessionSecret: string;
  demoData: boolean;
  registration: 'open' | 'closed';
  loginMaxFailures: number;
  /** Failed logins from one client address (an IPv6 /64) within 15 minutes before every login from it answers 429. */
  loginMaxFailuresPerAddress: number;
  /** Locks and unlocks one user may send per second, and per minute, before 429 (docs/security.md). */
  lockRatePerSecond: number;
  lockRatePerMinute: number;
  /** RATE_LIMIT_DISABLED=true: no lock/unlock rate and no per-address login limit (benchmarks only; LOGIN_MAX_FAILURES stays). */
  rateLimitsDisabled: boolean;
  production: boolean;
  /** Cookies marked Secure (HTTPS only). Default: on in production. COOKIE_SECURE=false for plain-HTTP setups such as the compose demo. */
  cookieSecure: boolean;
  /** Fastify's `trustProxy` (TRUST_PROXY): hops of reverse proxies to trust for the client address and protocol. */
  trustProxy: number;
  /** Where the Angular production build is, if it was built. */
  webRoot: string;
  /** METRICS_TOKEN: when set, `GET /metrics` needs it as a bearer token (api.md "Operations"). */
  metricsToken: string | undefined;
  /** METRICS=false turns the counters off on the hot path (the bench's A/B; docs/observability.md). */
  metrics: boolean;
  /** LOG_LEVEL: pino's level; `info` writes one line per request. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: JSON lines (the default in production) or readable text (elsewhere). */
  logFormat: 'json' | 'pretty';
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the OpenTelemetry collector's base URL (OTLP/HTTP); traces are off without it. */
  otlpEndpoint: string | undefined;
}

export const CONFIG = Symbol('Config');

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const eventStore = oneOf(env, 'EVENT_STORE', ['embedded', 'eventstoredb'] as const, 'embedded');
  const readStore = oneOf(env, 'READ_STORE', ['embedded', 'mongodb'] as const, 'embedded');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    eventStore,
    eventStoreUrl: env.EVENTSTORE_URL ?? 'esdb://localhost:2113?tls=false',
    readStore,
    processRole: oneOf(env, 'PROCESS_ROLE', ['all', 'api', 'projector'] as const, 'all'),
    mongodbUrl: env.MONGODB_URL ?? 'mongodb://localhost:27017/seats',
    seatLockSeconds: int(env, 'SEAT_LOCK_SECONDS', 300, 1, 86_400),
    holdMaxSeconds: int(env, 'HOLD_MAX_SECONDS', 900, 1, 86_400),
    maxSeatsPerUser: int(env, 'MAX_SEATS_PER_USER', 10, 1, 1000),
    sessionSecret: sessionSecret(env, dataDir, production),
    demoData: bool(env, 'DEMO_DATA', eventStore === 'embedded' && readStore === 'embedded'),
    registration: oneOf(env, 'REGISTRATION', ['open', 'closed'] as const, 'open'),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginMaxFailuresPerAddress: int(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 50, 1, 1_000_000),
    lockRatePerSecond: int(env, 'LOCK_RATE_PER_SECOND', 20, 1, 1_000_000),
    lockRatePerMinute: int(env, 'LOCK_RATE_PER_MINUTE', 300, 1, 1_000_000),
    rateLimitsDisabled: bool(env, 'RATE_LIMIT_DISABLED', false),
    production,
    cookieSecure: bool(env, 'COOKIE_SECURE', production),
    trustProxy: int(env, 'TRUST_PROXY', 0, 0, 10),
    webRoot: resolve(env.WEB_ROOT ?? join(repositoryRoot(), 'apps', 'web', 'dist', 'browser')),
    metricsToken: env.METRICS_TOKEN || undefined,
    metrics: bool(env, 'METRICS', true),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const, production ? 'json' : 'pretty'),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
  };
}

/** The folder holding apps/ (from the sources under ts-jest, or from dist/ when built). */
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'apps', 'web')) && existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** Generated once and kept beside the embedded stores, so that sessions survive a restart. */
function sessionSecret(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (production) throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production');
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
