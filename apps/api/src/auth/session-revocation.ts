/** Ending or updating every session of one user, in whichever session store the app runs on (the box office's user changes). */
import type { Role } from '@tessera/domain';

export interface SessionRevocation {
  /** Ends every live session of the user except `exceptSid` (the caller's own); answers how many ended. */
  endSessionsOf(userId: string, exceptSid?: string): Promise<number>;
  /** Rewrites the roles kept in every live session of the user. */
  setRolesOf(userId: string, roles: Role[]): Promise<void>;
}

export const SESSION_REVOCATION = Symbol('SessionRevocation');
