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

/** The box office set the user's roles (the whole set, not a difference). */
export interface UserRolesChanged {
  type: 'UserRolesChanged';
  data: { userId: string; roles: Role[]; changedAt: string };
}

/** The account may not log in, its sessions and live locks ended, until it is enabled again. */
export interface UserDisabled {
  type: 'UserDisabled';
  data: { userId: string; disabledAt: string };
}

export interface UserEnabled {
  type: 'UserEnabled';
  data: { userId: string; enabledAt: string };
}

/** A new password, set by the box office; the hash never leaves the server (the audit log redacts it). */
export interface UserPasswordChanged {
  type: 'UserPasswordChanged';
  data: { userId: string; passwordHash: string; changedAt: string };
}

export type UserEvent = UserRegistered | UserRolesChanged | UserDisabled | UserEnabled | UserPasswordChanged;
