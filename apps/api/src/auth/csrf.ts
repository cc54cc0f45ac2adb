/**
 * CSRF double-submit (csrf-csrf): the token is bound to the session id with an HMAC, sent to the
 * browser in the script-readable cookie XSRF-TOKEN, and must come back in X-XSRF-TOKEN on every
 * unsafe method, login included. Angular's HttpClient does this by itself.
 */
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config/config';
import { problemBody } from '../http/problem';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Csrf {
  /** Issues a token for the current session and sets the cookie; the session is saved so its id sticks. */
  issue(req: Request, res: Response): string;
  middleware(req: Request, res: Response, next: NextFunction): void;
}

export function csrf(config: Config, secure: boolean): Csrf {
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => config.sessionSecret,
    getSessionIdentifier: (req) => req.sessionID,
    cookieName: CSRF_COOKIE,
    cookieOptions: { httpOnly: false, sameSite: 'lax', secure, path: '/' },
    getCsrfTokenFromRequest: (req) => req.header(CSRF_HEADER),
  });
  return {
    issue(req, res) {
      req.session.csrf = true;
      return generateCsrfToken(req, res, { overwrite: true });
    },
    middleware(req, res, next) {
      if (!UNSAFE.has(req.method) || validateRequest(req)) return next();
      res
        .status(403)
        .type('application/problem+json')
        .send(JSON.stringify(problemBody('csrf_failed', 'The CSRF token is missing or stale. Fetch /api/csrf/ and send its token in the X-XSRF-TOKEN header.')));
    },
  };
}

declare module 'express-session' {
  interface SessionData {
    /** Set when a CSRF token was issued, so that an anonymous session is saved and its id stays stable. */
    csrf?: boolean;
  }
}
