/** What a user stream (`user-{userId}`) can be asked to do. */
import type { Role, UserRegistered } from './user.events';

/** Registration or an admin creating a user; the password arrives already hashed (the domain never sees it). */
export interface RegisterUser {
  type: 'RegisterUser';
  data: Omit<UserRegistered['data'], 'registeredAt'>;
}

/**
 * The box office changes an account. `actorId` is the admin's own id: an admin may not disable
 * themselves nor drop their own admin role (nobody could undo it from the app). Only the fields
 * given change; the password arrives hashed.
 */
export interface ChangeUser {
  type: 'ChangeUser';
  data: { userId: string; actorId: string; roles?: Role[]; disabled?: boolean; passwordHash?: string };
}

export type UserCommand = RegisterUser | ChangeUser;
