/** The session keeps the user's id, name and roles; never anything the body could forge. */
import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import type { SessionUser } from '../users/user-accounts';

/** The session cookie's name (app.ts sets express-session up with it; the grid shortcut keys answers by it). */
export const SESSION_COOKIE = 'tessera.sid';

@Injectable()
export class SessionSerializer extends PassportSerializer {
  serializeUser(user: SessionUser, done: (err: Error | null, user: SessionUser) => void): void {
    done(null, { id: user.id, username: user.username, roles: user.roles });
  }

  deserializeUser(payload: SessionUser, done: (err: Error | null, user: SessionUser) => void): void {
    done(null, payload);
  }
}
