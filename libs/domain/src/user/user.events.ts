/**
 * Facts recorded in a user's stream (`user-{userId}`). The user id is derived from the
 * lower-cased username, so "the name is free" is one append with expected revision `no_stream`:
 * the store itself makes usernames unique, with no read model in the way.
 */

export type Role = 'user' | 'admin' | 'auditor';
export const ROLES: readonly Role[] = ['user', 'admin', 'auditor'];

export interface UserRegistered {
  type: 'UserRegistered';
  data: {
    userId: string;
    username: string;
    /** scrypt hash with its parameters; never leaves the server (the audit log redacts it). */
    passwordHash: string;
    roles: Role[];
    registeredAt: string;
  };
}

export type UserEvent = UserRegistered;
