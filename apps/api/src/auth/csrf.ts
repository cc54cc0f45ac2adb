/**
 * CSRF double-submit (csrf-csrf): the token is bound to the session id with an HMAC, sent to the
 * browser in the script-readable cookie XSRF-TOKEN, and must come back in X-XSRF-TOKEN on every
 * unsafe method, login included. Angular's HttpClient does this by itself.
 */
import { doubleCsrf } from 'csrf-csrf';
import type { HttpReply, HttpRequest } from '../http/http';
import type { Config } from '../config/config';
import { problemBody } from '../http/problem';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Csrf {
  /** Issues a token for the current session and sets the cookie; the session is saved so its id sticks. */
  issue(req: HttpRequest, res: HttpReply): string;
  /** True when the request may go on; otherwise it has answered 403 `csrf_failed`. */
  check(req: HttpRequest, res: HttpReply): boolean;
}

export function csrf(config: Config, secure: boolean): Csrf {
  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => config.sessionSecret,
    getSessionIdentifier: (req) => (req as unknown as HttpRequest).session.sessionId,
    cookieName: CSRF_COOKIE,
    cookieOptions: { httpOnly: false, sameSite: 'lax', secure, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const token = req.headers['x-xsrf-token'];
      return typeof token === 'string' ? token : undefined;
    },
  });
  return {
    issue(req, res) {
      req.session.csrf = true;
      return generateCsrfToken(req as never, res as never, { overwrite: true });
    },
    check(req, res) {
      if (!UNSAFE.has(req.method) || validateRequest(req as never)) return true;
      res
        .status(403)
        .type('application/problem+json')
        .send(JSON.stringify(problemBody('csrf_failed', 'The CSRF token is missing or stale. Fetch /api/csrf/ and send its token in the X-XSRF-TOKEN header.')));
      return false;
    },
  };
}

