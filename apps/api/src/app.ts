/**
 * Builds the whole API (used by main.ts and by the HTTP tests, which pass their own clock and data
 * dir): HTTP middleware in order, the Nest app, the read models caught up, demo data, recovery.
 * Answers nothing until the read models hold all history and unfinished reservations are settled.
 */
import { Logger, type LoggerService } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import passport from 'passport';
import { AppModule } from './app.module';
import { csrf } from './auth/csrf';
import { SESSION_COOKIE } from './auth/session.serializer';
import { CLOCK, systemClock, type Clock } from './clock/clock.port';
import type { Config } from './config/config';
import { seedDemoData } from './demo/demo-data';
import { EVENT_STORE, type EventStore } from './event-store/event-store.port';
import { SqliteSessionStore } from './event-store/sqlite/sqlite-session-store';
import { openEventStore, openReadStore } from './infrastructure.module';
import { answerClientErrors } from './http/client-error';
import { middlewareChain, under } from './http/middleware-chain';
import { problemBody } from './http/problem';
import { ProblemFilter } from './http/problem.filter';
import { validationPipe } from './http/validation';
import { serveApiReference } from './openapi/openapi';
import { ReadModels } from './projections/read-models';
import { ReservationRecovery } from './reservations/recovery/reservation-recovery';
import { GridShortcut } from './seats/seat-grid/grid-shortcut';
import type { MongoReadStore } from './read-store/mongodb/mongodb-read-store';
import type { ReadStore } from './read-store/read-store.port';

export interface CreateAppOptions {
  config: Config;
  clock?: Clock;
  /** Sweeper and recovery timers; tests turn them off and call them with their own clock. */
  timers?: boolean;
  logger?: LoggerService | false;
}

const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;

export async function createApp({ config, clock = systemClock, timers = true, logger }: CreateAppOptions): Promise<NestExpressApplication> {
  const secure = config.cookieSecure;
  const csrfProtection = csrf(config, secure);
  const [events, reads] = await openStores(config);
  const sessions = await sessionStore(config, reads).catch(async (error: unknown) => {
    await Promise.all([events.close(), reads.close()]);
    throw error;
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, clock, events, reads, csrf: csrfProtection, timers }), {
    bodyParser: false,
    logger: logger ?? ['log', 'warn', 'error'],
  });
  app.enableShutdownHooks();
  answerClientErrors(app.getHttpServer());
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  app.set('etag', false); // the seat grid sets its own ETag; nothing else is cached
  // The default policy (script-src 'self', no inline scripts) is one the Angular build runs under;
  // upgrade-insecure-requests only where the site itself is served over HTTPS.
  const securityHeaders = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: secure ? [] : null } } });
  // Reads can be long (lists, the audit log, static files); the answers to commands are a few
  // hundred bytes, under compression's threshold: they skip its per-request wrapping.
  const compress = compression();
  // Every request goes through these in this order, as one layer of the router (middleware-chain.ts).
  app.use(
    middlewareChain(
      securityHeaders,
      originFormOnly,
      (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? compress(req, res, next) : next()),
      cookieParser(),
      session({
        store: sessions,
        secret: config.sessionSecret,
        name: SESSION_COOKIE,
        resave: false,
        saveUninitialized: false,
        rolling: true,
        cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_MAX_AGE_MS },
      }),
      passport.session(),
      express.json({ limit: '64kb', type: ['application/json', 'application/*+json'] }),
      under('/api', csrfProtection.middleware),
    ),
  );
  // Refusals of the body parser (and the session store's failures), which leave the chain as errors.
  app.use(bodyErrors);
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(validationPipe());
  serveApiReference(app, { sessionCookie: SESSION_COOKIE, maxSeatsPerUser: config.maxSeatsPerUser });
  serveWebApp(app, config.webRoot);

  await app.init();
  answerGridReadsFirst(app, app.get(GridShortcut), headersSetBy(securityHeaders));
  await app.get(ReadModels).start();
  if (config.demoData) {
    const position = await seedDemoData(app.get<EventStore>(EVENT_STORE), app.get(CommandBus), app.get<Clock>(CLOCK));
    await app.get(ReadModels).caughtUpWith(position);
  }
  await app.get(ReservationRecovery).recover(0);
  return app;
}

/**
 * Seat-grid reads whose answer is still the caller's copy are answered before Express and Nest
 * (grid-shortcut.ts, docs/performance.md); every other request goes to Express as before.
 */
function answerGridReadsFirst(app: NestExpressApplication, shortcut: GridShortcut, securityHeaders: readonly string[]): void {
  type Listener = (req: IncomingMessage, res: ServerResponse) => void;
  const server: Server = app.getHttpServer();
  const expressApp = app.getHttpAdapter().getInstance() as Listener;
  // Only Express is put behind the shortcut; other listeners (graceful-shutdown.ts) still see every request, first.
  const listeners = server.listeners('request') as Listener[];
  if (!listeners.includes(expressApp)) throw new Error('the HTTP server does not hand requests to Express directly: the grid shortcut cannot be put in front of it');
  server.removeAllListeners('request');
  for (const listener of listeners) {
    server.on('request', listener !== expressApp ? listener : (req: IncomingMessage, res: ServerResponse) => shortcut.answer(req, res, securityHeaders) || expressApp(req, res));
  }
}

/**
 * The headers a middleware sets on every answer, recorded once, as name, value, name, value...
 * helmet's depend on its options only (no directive here is a function of the request), so the
 * answers given ahead of Express carry exactly those of the full path without running helmet's
 * thirteen middleware again for each.
 */
function headersSetBy(middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): string[] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  let done = false;
  middleware({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, recorder as unknown as ServerResponse, () => (done = true));
  if (!done) throw new Error('the security headers middleware did not finish at once: its headers cannot be recorded for the grid shortcut');
  return [...headers].flat();
}

/** Opens both stores at once; if one fails, closes the other and throws the failure (StoreUnavailable naming the store and URL). */
async function openStores(config: Config) {
  const [events, reads] = await Promise.allSettled([openEventStore(config), openReadStore(config)]);
  if (events.status === 'fulfilled' && reads.status === 'fulfilled') return [events.value, reads.value] as const;
  if (events.status === 'fulfilled') await events.value.close();
  if (reads.status === 'fulfilled') await reads.value.close();
  throw events.status === 'rejected' ? events.reason : (reads as PromiseRejectedResult).reason;
}

/** Sessions live beside the read models: SQLite in DATA_DIR for the embedded stores, MongoDB (on the read store's connection) in production. */
async function sessionStore(config: Config, reads: ReadStore): Promise<session.Store> {
  if (config.readStore === 'mongodb') {
    const { mongoSessionStore } = await import('./read-store/mongodb/mongodb-session-store'); // loaded only when used (infrastructure.module.ts)
    return mongoSessionStore((reads as MongoReadStore).driverClient, SESSION_MAX_AGE_MS / 1000);
  }
  return new SqliteSessionStore(join(config.dataDir, 'sessions.sqlite'));
}

/**
 * The Angular build, from the same origin: its files as they are, and index.html for every other
 * GET that is not an API call (the app's own routes, such as /events/{id}).
 */
function serveWebApp(app: NestExpressApplication, webRoot: string): void {
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(webRoot, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || req.path === '/api') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

/**
 * A request target without a path (`*`, the asterisk form) is refused before the session
 * middleware, which only handles paths under its cookie's path ("/") and would leave passport
 * without a session (a 500 the fuzz found with `GET *`). Absolute URLs have a path and go on.
 */
function originFormOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/')) return next();
  const message = 'The request target must be a path starting with "/".';
  res.status(400).type('application/problem+json').send(JSON.stringify(problemBody('validation_failed', message, { errors: [{ field: 'path', message }] })));
}

/** What body-parser's refusals mean to the sender, by its error type; anything else is malformed JSON. */
const BODY_REFUSALS: Record<string, string> = {
  'charset.unsupported': 'The request body\'s charset is not supported; send JSON in UTF-8.',
  'encoding.unsupported': 'The request body\'s Content-Encoding is not supported; send it as is, gzip, deflate or br.',
  'request.aborted': 'The request body did not arrive in full.',
  'request.size.invalid': 'The request body is not as long as its Content-Length says.',
};

/**
 * Malformed JSON and oversized bodies, which Express rejects before Nest sees the request. body-parser
 * gives every refusal a `type`; an error without one comes from the middleware before it (the session
 * store could not be reached: StoreUnavailable) and is no fault of the body, so it goes on to Nest's
 * exception filter (503 `unavailable`), where it used to be answered 400 "not valid JSON".
 */
function bodyErrors(error: { type?: string; status?: number } | undefined, _req: Request, res: Response, next: NextFunction): void {
  if (!error) return next();
  if (typeof error.type !== 'string') return next(error);
  const tooLarge = error.type === 'entity.too.large';
  const message = BODY_REFUSALS[error.type ?? ''] ?? 'The request body is not valid JSON.';
  const body = tooLarge
    ? problemBody('payload_too_large', 'The request body is too large (at most 64 KB).')
    : problemBody('validation_failed', message, { errors: [{ field: 'body', message }] });
  res.status(tooLarge ? 413 : 400).type('application/problem+json').send(JSON.stringify(body));
}

export const logger = new Logger('Tessera');
