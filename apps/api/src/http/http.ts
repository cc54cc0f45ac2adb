/**
 * The HTTP platform's request and reply as the rest of the API sees them (Fastify, through Nest's
 * FastifyAdapter: docs/performance.md "The HTTP platform"), and what the session keeps.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser } from '../users/user-accounts';

export type HttpRequest = FastifyRequest;
export type HttpReply = FastifyReply;

declare module 'fastify' {
  interface FastifyRequest {
    /** The session's user (auth/sessions.ts), or null for an anonymous caller. */
    user: SessionUser | null;
    /** The session's expiry was pushed forward by this request (auth/sessions.ts). */
    sessionRenewed: boolean;
  }

  /** What a session keeps: passport's record of the user, as express-session kept it, so sessions stored before the move still work. */
  interface Session {
    passport?: { user?: SessionUser };
    /** Set when a CSRF token was issued, so that an anonymous session is saved and its id stays stable. */
    csrf?: boolean;
    /** When the session's expiry was last pushed forward (ms since the epoch): rolling, at most once a minute. */
    renewedAt?: number;
  }
}
