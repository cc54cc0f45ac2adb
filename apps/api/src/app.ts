/**
 * Builds the whole API (used by main.ts and by the HTTP tests, which pass their own clock and data
 * dir): Nest on Fastify (docs/performance.md "The HTTP platform"), the hooks every request passes in
 * order, the read models caught up, demo data, recovery. Answers nothing until the read models hold
 * all history and unfinished reservations are settled.
 */
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { Logger, type LoggerService } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Store as ExpressSessionStore } from 'express-session';
import type { SessionStore } from '@fastify/session';
import { AppModule } from './app.module';
import { csrf, type Csrf } from './auth/csrf';
import type { SessionRevocation } from './auth/session-revocation';
import { SESSION_MAX_AGE_MS, useSessions } from './auth/sessions';
import { CLOCK, systemClock, type Clock } from './clock/clock.port';
import type { Config } from './config/config';
import { seedDemoData } from './demo/demo-data';
import { EVENT_STORE, type EventStore } from './event-store/event-store.port';
import { SqliteSessionStore } from './event-store/sqlite/sqlite-session-store';
import { openEventStore, openReadStore } from './infrastructure.module';
import { answerClientError } from './http/client-error';
import { problemBody } from './http/problem';
import { ProblemFilter } from './http/problem.filter';
import { validationPipe } from './http/validation';
import { serveApiReference } from './openapi/openapi';
import { ReadModels } from './projections/read-models';
import { ReservationRecovery } from './reservations/recovery/reservation-recovery';
import { GridShortcut } from './seats/seat-grid/grid-shortcut';
import type { MongoReadStore } from './read-store/mongodb/mongodb-read-store';
import { READ_STORE, type ReadStore } from './read-store/read-store.port';
import { seatStatus, type SeatDoc } from '@tessera/projections';
import { HttpObserver, requestRecordOf, type RequestRecord } from './observability/http-observer';
import { createLogger, NestLogger, type Logger as ProcessLog } from './observability/logger';
import { answerMetrics } from './observability/metrics-endpoint';
import { setScrapeSources, startMetrics, storesUpOf, type ScrapeSources } from './observability/metrics';
import { startTracing, withSpan } from './observability/tracing';

export interface CreateAppOptions {
  config: Config;
  clock?: Clock;
  /** Sweeper and recovery timers; tests turn them off and call them with their own clock. */
  timers?: boolean;
  /** false: no log at all (the HTTP tests); otherwise Nest's messages and one line per request go to `log`. */
  logger?: LoggerService | false;
  /** The process's logger (main.ts makes it, to log the start too); made from the config when absent. */
  log?: ProcessLog;
}

/** Bodies are JSON of at most 64 KB; a bigger one is 413 payload_too_large. */
const BODY_LIMIT = 64 * 1024;
/**
 * A new event's layout may be bigger: 100,000 seats in rows of 20 with their wheelchair places is
 * about 400 KB of JSON. Only admins reach this route's body (the role guard runs before the body
 * is validated, but Fastify reads it first: the limit is still a bound).
 */
const LAYOUT_BODY_LIMIT = 1024 * 1024;

/** A handler that may answer a request before Fastify sees it (true), or leave it untouched (false). */
type FrontHandler = (req: IncomingMessage, res: ServerResponse, record: RequestRecord) => boolean;

export async function createApp({ config, clock = systemClock, timers = true, logger, log }: CreateAppOptions): Promise<NestFastifyApplication> {
  const secure = config.cookieSecure;
  const requestLog = logger === false ? undefined : (log ?? createLogger(config));
  startMetrics(config.processRole, config.metrics);
  startTracing(config.otlpEndpoint, config.processRole);
  const observer = new HttpObserver(requestLog, config.trustProxy > 0);
  const csrfProtection = csrf(config, secure);
  const [events, reads] = await openStores(config);
  const sessions = await sessionStore(config, reads).catch(async (error: unknown) => {
    await Promise.all([events.close(), reads.close()]);
    throw error;
  });
  // Requests the grid shortcut can answer never reach Fastify (grid-shortcut.ts); set once the app is built.
  const securityHeaders = securityHeadersOf(secure);
  const rawHeaders = Object.entries(securityHeaders).flat();
  let front: FrontHandler = (req, res, record) => pathTarget(req, res, rawHeaders, record);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy || false,
    // api.md: a trailing slash is optional on every path; paths match whatever their case, as they did on Express.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    // graceful-shutdown.ts drains the connections itself; Fastify must neither refuse (503) nor cut them.
    return503OnClosing: false,
    forceCloseConnections: false,
    skipMiddie: true,
    clientErrorHandler: answerClientError,
    // A path that is not valid percent-encoding, refused by the router before Nest has the request.
    frameworkErrors: (error: Error, _request: unknown, reply: import('fastify').FastifyReply) => ProblemFilter.answerFrameworkError(error, reply),
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
      createServer((req, res) => {
        const record = observer.begin(req, res);
        if (!front(req, res, record)) withSpan(record.trace?.context, () => handler(req, res));
      }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, clock, events, reads, sessions, csrf: csrfProtection, timers }), adapter, {
    bodyParser: false,
    logger: logger ?? new NestLogger(requestLog!),
  });
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  parseJsonBodies(fastify);
  // Swagger UI's routes are added before Nest sets Fastify's error handler at init, so an error they
  // throw (its /LICENSE throws a 404) would get Fastify's default answer: they get the ProblemFilter's.
  const problems = new ProblemFilter();
  fastify.addHook('onRoute', (route) => {
    if (route.method === 'POST' && route.url === '/api/admin/events') route.bodyLimit = LAYOUT_BODY_LIMIT;
    if (route.url.startsWith('/api/docs')) route.errorHandler = (error, _request, reply) => problems.answer(error, reply);
  });
  await useSessions(app, { store: sessions as unknown as SessionStore, secret: config.sessionSecret, secure });
  // Every request, in this order: the security headers, the CSRF check (the request target is checked in front).
  fastify.addHook('onRequest', (request, reply, done) => {
    const record = requestRecordOf(request.raw);
    if (record) {
      record.route = request.routeOptions.url;
      record.request = request;
      record.userId = request.user?.id;
      reply.header('X-Request-Id', record.id);
    }
    reply.headers(securityHeaders);
    if (csrfProtection.check(request, reply)) done();
  });
  // Prometheus' scrape (api.md "Operations"), beside the API rather than under /api.
  fastify.get('/metrics', async (request, reply) => {
    const answer = await answerMetrics(request.headers.authorization, config.metricsToken);
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
  // Reads can be long (lists, the audit log, static files); answers under 1 KB (a command's) are left as they are.
  // Request bodies are not decompressed: no client of this API sends one compressed.
  await app.register(fastifyCompress, { threshold: 1024, globalDecompression: false });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(problems);
  app.useGlobalPipes(validationPipe());
  serveApiReference(app, { sessionCookie: 'tessera.sid', maxSeatsPerUser: config.maxSeatsPerUser });
  await serveWebApp(app, fastify, config.webRoot);

  await app.init();
  const shortcut = app.get(GridShortcut);
  front = (req, res, record) => pathTarget(req, res, rawHeaders, record) || shortcut.answer(req, res, rawHeaders, record);
  await app.get(ReadModels).start();
  if (config.demoData) {
    const position = await seedDemoData(app.get<EventStore>(EVENT_STORE), app.get(CommandBus), app.get<Clock>(CLOCK));
    await app.get(ReadModels).caughtUpWith(position);
  }
  await app.get(ReservationRecovery).recover(0);
  setScrapeSources(scrapeSources(app, sessions, clock));
  return app;
}

/**
 * JSON bodies (application/json and application/*+json) with Fastify's parser, which refuses
 * `__proto__` and `constructor.prototype` keys; an empty body is no body. A body of any other type
 * is read (within the limit) and ignored, as Express's JSON parser ignored it: routes that take a
 * body then refuse its absence, routes that take none go on.
 */
function parseJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const json = fastify.getDefaultJsonParser('error', 'error');
  const parse = (request: import('fastify').FastifyRequest, body: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
    if (body.length === 0) done(null, undefined);
    else json(request, body as string, done);
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parse);
  fastify.addContentTypeParser(/^application\/[^;\s]+\+json/i, { parseAs: 'string' }, parse);
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
}

/**
 * helmet's headers (the default policy: script-src 'self', no inline scripts, which the Angular build
 * runs under; upgrade-insecure-requests only where the site itself is served over HTTPS), recorded
 * once: they depend on its options only (no directive here is a function of the request), so every
 * answer carries them without running helmet's thirteen middleware per request.
 */
function securityHeadersOf(secure: boolean): Record<string, string> {
  const middleware = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: secure ? [] : null } } });
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let done = false;
  middleware({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, recorder as unknown as ServerResponse, () => (done = true));
  if (!done) throw new Error('helmet did not finish at once: its headers cannot be recorded');
  return headers;
}

/**
 * The request target, before any route sees it. In absolute form (`POST http://host/api/...`, as
 * sent to a proxy) it is the same request as its path (RFC 9112 3.2.2), as Express took it: the
 * target is rewritten to the path, so routes, the CSRF check and the session cookie's path all see
 * it as they see any other. A target without a path (`*`, the asterisk form) is refused here with
 * 400: no route answers it, the session cookie's path cannot be checked against it, and Fastify's
 * router would otherwise match `GET *` to its catch-all. Answers (true) only that refusal.
 */
function pathTarget(req: IncomingMessage, res: ServerResponse, headers: string[], record: RequestRecord): boolean {
  const url = req.url ?? '';
  if (url.charCodeAt(0) === 47 /* / */) return false;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url);
  if (absolute) {
    req.url = absolute[1].startsWith('/') ? absolute[1] : `/${absolute[1]}`;
    return false;
  }
  const message = 'The request target must be a path starting with "/".';
  const body = JSON.stringify(problemBody('validation_failed', message, { errors: [{ field: 'path', message }] }));
  res.writeHead(400, [...headers, 'X-Request-Id', record.id, 'Content-Type', 'application/problem+json', 'Content-Length', String(Buffer.byteLength(body))]);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/** Opens both stores at once; if one fails, closes the other and throws the failure (StoreUnavailable naming the store and URL). */
async function openStores(config: Config) {
  const [events, reads] = await Promise.allSettled([openEventStore(config), openReadStore(config)]);
  if (events.status === 'fulfilled' && reads.status === 'fulfilled') return [events.value, reads.value] as const;
  if (events.status === 'fulfilled') await events.value.close();
  if (reads.status === 'fulfilled') await reads.value.close();
  throw events.status === 'rejected' ? events.reason : (reads as PromiseRejectedResult).reason;
}

/**
 * Sessions live beside the read models: SQLite in DATA_DIR for the embedded stores, MongoDB (on the
 * read store's connection) in production. The same store ends a user's sessions for the box office
 * (SESSION_REVOCATION, infrastructure.module.ts).
 */
async function sessionStore(config: Config, reads: ReadStore): Promise<ExpressSessionStore & SessionRevocation> {
  if (config.readStore === 'mongodb') {
    const { mongoSessionStore } = await import('./read-store/mongodb/mongodb-session-store'); // loaded only when used (infrastructure.module.ts)
    return mongoSessionStore((reads as MongoReadStore).driverClient, SESSION_MAX_AGE_MS / 1000);
  }
  return new SqliteSessionStore(join(config.dataDir, 'sessions.sqlite'));
}

/**
 * The Angular build, from the same origin: its files as they are (each a route of its own, found at
 * start-up), and index.html for every other GET that is not an API call (the app's own routes, such
 * as /events/{id}).
 */
async function serveWebApp(app: NestFastifyApplication, fastify: FastifyInstance, webRoot: string): Promise<void> {
  const indexFile = join(webRoot, 'index.html');
  if (!existsSync(indexFile)) return;
  await app.register(fastifyStatic, { root: webRoot, index: false, wildcard: false, maxAge: '1h', prefix: '/' });
  const index = readFileSync(indexFile);
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?', 1)[0].toLowerCase();
    if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(index);
  });
}

/** What the scrape reads of this process: the projection's lag, live locks, live sessions, both stores' pings. */
function scrapeSources(app: NestFastifyApplication, sessions: ExpressSessionStore, clock: Clock): ScrapeSources {
  const events = app.get<EventStore>(EVENT_STORE);
  const reads = app.get<ReadStore>(READ_STORE);
  const readModels = app.get(ReadModels);
  return {
    projectionLagMs: () => readModels.lagMs(),
    liveLocks: async () => {
      const now = clock.now();
      return (await reads.findBy<SeatDoc>('seats', 'state', 'locked')).filter((seat) => seatStatus(seat, now) === 'locked').length;
    },
    sessions: () => new Promise<number>((resolve, reject) => sessions.length!((error, length) => (error ? reject(error) : resolve(length ?? 0)))),
    storesUp: storesUpOf(events, reads),
  };
}

export const logger = new Logger('Tessera');
