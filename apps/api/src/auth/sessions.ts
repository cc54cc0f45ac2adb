/**
 * Server-side sessions on Fastify: @fastify/session over @fastify/cookie, stored where they always
 * were (SQLite beside the events, MongoDB in production), holding passport's record of the user.
 *
 * - The cookie keeps express-session's format (`s:` + id + HMAC, the same HMAC), so sessions
 *   started before the move to Fastify stay logged in.
 * - Sessions last 8 hours and roll: the expiry is pushed forward, and the cookie sent again, at most
 *   once a minute per session (a write on every request cost more than the request).
 * - A cookie's HMAC is checked once per process and remembered (RememberingSigner): a session
 *   command paid two HMACs per request for the same few hundred cookies.
 * - `request.user` is the session's user, read from the session on every request (passport's
 *   `session()` middleware did the same with an extra deserialisation step).
 */
import fastifyCookie, { Signer } from '@fastify/cookie';
import fastifySession, { type FastifySessionOptions, type SessionStore } from '@fastify/session';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HttpRequest } from '../http/http';
import type { SessionUser } from '../users/user-accounts';

/** The session cookie's name (the grid shortcut keys answers by it). */
export const SESSION_COOKIE = 'tessera.sid';
export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
/**
 * A cookie the web app can read (not HttpOnly, no secret in it): present while the browser holds a
 * logged-in session, with the session cookie's expiry. The app asks GET /api/me/ only when it is
 * there, so an anonymous visitor's browser never logs the 401 that /api/me/ rightly answers them.
 */
export const LOGGED_IN_HINT_COOKIE = 'tessera.user';
/** A session's expiry is written again at most this often. */
export const RENEW_AFTER_MS = 60_000;
/** Cookies whose HMAC is remembered, per process; past it the memory starts again. */
const MAX_REMEMBERED = 50_000;

interface Unsigned {
  valid: boolean;
  renew: boolean;
  value: string | null;
}

/** @fastify/cookie's Signer, remembering what it computed: a cookie is checked once, not on every request. */
export class RememberingSigner {
  private readonly signer: Signer;
  private readonly signed = new Map<string, string>();
  private readonly unsigned = new Map<string, Unsigned>();

  constructor(secret: string) {
    this.signer = new Signer(secret, 'sha256');
  }

  sign(value: string): string {
    return remembered(this.signed, value, () => this.signer.sign(value));
  }

  unsign(input: string): Unsigned {
    return remembered(this.unsigned, input, () => this.signer.unsign(input));
  }
}

function remembered<T>(memory: Map<string, T>, key: string, compute: () => T): T {
  let value = memory.get(key);
  if (value === undefined) {
    value = compute();
    if (memory.size >= MAX_REMEMBERED) memory.clear();
    memory.set(key, value);
  }
  return value;
}

export interface SessionOptions {
  store: SessionStore;
  secret: string;
  /** Cookies marked Secure (HTTPS only). */
  secure: boolean;
}

/** Registers cookies and sessions on the app, then the hook that puts the session's user on the request and rolls its expiry. */
export async function useSessions(app: NestFastifyApplication, { store, secret, secure }: SessionOptions): Promise<void> {
  await app.register(fastifyCookie);
  const options: FastifySessionOptions = {
    secret: new RememberingSigner(secret),
    cookieName: SESSION_COOKIE,
    cookiePrefix: 's:',
    store,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_MAX_AGE_MS, path: '/' },
  };
  await app.register(fastifySession, options);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.decorateRequest('user', null);
  fastify.decorateRequest('sessionRenewed', false);
  fastify.addHook('onRequest', (request, _reply, done) => {
    const session = request.session;
    request.user = session?.passport?.user ?? null;
    // A stored session (a user's, or an anonymous one holding a CSRF token) rolls: marking it
    // modified makes @fastify/session save it, with an expiry 8 hours from now, and send the cookie again.
    if (request.user || session?.csrf) {
      const now = Date.now();
      if (now - (session.renewedAt ?? 0) >= RENEW_AFTER_MS) {
        session.renewedAt = now;
        request.sessionRenewed = true;
      }
    }
    done();
  });
  // The logged-in hint follows the session as the request left it (a login or logout included).
  const hint = { httpOnly: false, sameSite: 'lax' as const, secure, path: '/' };
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // A request refused before the cookies were read (a bad request line, an unknown method) has none.
    if (request.cookies === undefined) return done(null, payload);
    const present = request.cookies[LOGGED_IN_HINT_COOKIE] !== undefined;
    if (request.user && (!present || request.sessionRenewed)) reply.setCookie(LOGGED_IN_HINT_COOKIE, '1', { ...hint, maxAge: SESSION_MAX_AGE_MS / 1000 });
    else if (!request.user && present) reply.clearCookie(LOGGED_IN_HINT_COOKIE, hint);
    done(null, payload);
  });
}

/** Logs `user` in on a new session (a new id: no fixation), as passport's logIn does. */
export async function logIn(request: HttpRequest, user: SessionUser): Promise<void> {
  await request.session.regenerate();
  request.session.passport = { user };
  request.user = user;
}

/** Ends the session server-side and starts a new, empty one. */
export async function logOut(request: HttpRequest): Promise<void> {
  await request.session.regenerate();
  request.user = null;
}
